import { describe, expect, it } from 'vitest'
import { type Comment, CommentError, commentBodyHtml, mentionedName } from '../src/index.js'

describe('mentionedName', () => {
  it('should give the full name when the body starts with it', () => {
    expect(mentionedName('@Henrik Sandmark: tack', 'Henrik Sandmark')).toBe('Henrik Sandmark')
    expect(mentionedName('  @henrik sandmark tack', 'Henrik Sandmark')).toBe('Henrik Sandmark')
  })

  it('should give the first name when the body starts with it and not the full name', () => {
    expect(mentionedName('@Henrik: tack', 'Henrik Sandmark')).toBe('Henrik')
    expect(mentionedName('@HENRIK, tack', 'Henrik Sandmark')).toBe('Henrik')
    expect(mentionedName('@Henrik tack', 'Henrik Sandmark')).toBe('Henrik')
  })

  it('should compare names as inferReplies does (Unicode NFKC, any case)', () => {
    // "Å" composed in the name, decomposed (A + ring) in the body; full-width letters
    expect(mentionedName('@A\u030Asa: hej', '\u00C5sa Berg')).toBe('\u00C5sa')
    expect(mentionedName('@\uFF22\uFF4F: hej', 'Bo Ek')).toBe('Bo')
  })

  it('should give the full name when the body mentions neither, or someone else', () => {
    expect(mentionedName('Tack Henrik!', 'Henrik Sandmark')).toBe('Henrik Sandmark')
    expect(mentionedName('@Henrika: tack', 'Henrik Sandmark')).toBe('Henrik Sandmark')
    expect(mentionedName('@Maria: tack', 'Henrik Sandmark')).toBe('Henrik Sandmark')
    expect(mentionedName('', 'Henrik Sandmark')).toBe('Henrik Sandmark')
  })

  it('should refuse what is not a string', () => {
    expect(() => mentionedName(undefined as unknown as string, 'Bo')).toThrow(
      'Expected `body` and `name` to be strings, got undefined and string',
    )
    expect(() => mentionedName('@Bo', null as unknown as string)).toThrow(TypeError)
  })
})

const reply = (body: string): Comment => ({
  id: 'c2',
  postId: 'p',
  parentId: 'c 1',
  author: { name: 'Bo' },
  createdAt: '2024-01-01T10:00:00Z',
  body,
  status: 'approved',
})

describe('commentBodyHtml', () => {
  it("should link the answered comment's first name to its anchor", () => {
    expect(commentBodyHtml(reply('@Henrik: *tack*'), { id: 'c 1', name: 'Henrik Sandmark' })).toBe(
      '<p><a href="#comment-c-1" class="mention">@Henrik</a>: <em>tack</em></p>',
    )
  })

  it('should render without a link when it answers nobody', () => {
    expect(commentBodyHtml(reply('@Henrik: tack'))).toBe('<p>@Henrik: tack</p>')
  })

  it('should keep the HTML per comment object and render again for another reply name', () => {
    const comment = reply('@Anna: ja')
    const anna = commentBodyHtml(comment, { id: 'a', name: 'Anna' })
    expect(commentBodyHtml(comment, { id: 'a', name: 'Anna' })).toBe(anna)
    // The kept HTML is not given for another `replyTo`, nor for another object with the same body.
    expect(commentBodyHtml(comment, { id: 'b', name: 'Anna' })).toContain('href="#comment-b"')
    expect(commentBodyHtml(comment)).toBe('<p>@Anna: ja</p>')
    expect(commentBodyHtml({ ...comment, body: 'annat' }, { id: 'a', name: 'Anna' })).toBe('<p>annat</p>')
  })

  it("should throw renderCommentHtml's error for a body that is too long, and refuse a non-comment", () => {
    expect(() => commentBodyHtml(reply('x'.repeat(100_001)))).toThrow(CommentError)
    expect(() => commentBodyHtml(null as unknown as Comment)).toThrow(
      'Expected a comment with a `body` (a string)',
    )
  })
})

// The site author's own comments (stored with `byAuthor`) carry a badge with a label for screen readers,
// and what a reader is told about a refused field comes from the catalog by the error's code.
import type { Comment } from '@blogkit/comments'
import { CommentError, checkReservedName, threadComments, validateNewComment } from '@blogkit/comments'
import { describe, expect, it } from 'vitest'
import { commentErrorMessage, readableUrl, renderComments } from '../src/index.js'

const comments: Comment[] = [
  {
    id: 'a',
    postId: 'p',
    author: { name: 'Elin Skarp', url: 'https://skarptlage.example/' },
    createdAt: '2024-01-01T10:00:00Z',
    body: 'Tack!',
    status: 'approved',
    byAuthor: true,
  },
  {
    id: 'b',
    postId: 'p',
    author: { name: 'Åsa' },
    createdAt: '2024-01-02T10:00:00Z',
    body: 'Hej',
    status: 'approved',
  },
]

const render = (lang: string) =>
  renderComments(threadComments(comments), comments, { lang, timeZone: 'UTC', id: 'comments' }).value

describe("the author's badge", () => {
  it('should mark only the author’s comment, labelled in the page language', () => {
    expect(render('sv')).toContain(
      '<h3 class="comment-author"><a href="https://skarptlage.example/" rel="nofollow ugc noopener">Elin Skarp</a> <span class="comment-badge" role="img" aria-label="Kommentar av bloggens författare">Författare</span></h3>',
    )
    expect(render('en')).toContain(
      '<span class="comment-badge" role="img" aria-label="Comment by the blog’s author">Author</span></h3>',
    )
    expect(render('en').match(/comment-badge/g)).toHaveLength(1)
  })
})

describe('commentErrorMessage', () => {
  const errorOf = async (author: Record<string, unknown>) => {
    try {
      const valid = validateNewComment({ postId: 'p', author: { name: 'Åsa', ...author }, body: 'x' })
      await checkReservedName(valid.author.name, { reservedNames: ['Elin Skarp'] })
    } catch (error) {
      if (error instanceof CommentError) return error
    }
    throw new Error('Expected a CommentError')
  }

  it.each([
    [{ url: 'javascript:alert(1)' }, 'url', 'sv', 'Webbplatsen måste vara en webbadress som www.exempel.se'],
    [{ url: 'intranet' }, 'url', 'en', 'This is not a website address: check the name before the first'],
    [{ name: 'Еlin Skarp' }, 'name', 'sv', 'Det är namnet på bloggens författare'],
    [{ name: '\u200B' }, 'name', 'en', 'Your name shows as empty'],
    [{ email: 'nope' }, 'email', 'sv', 'Skriv en e-postadress som namn@exempel.se'],
    [{ name: 'x'.repeat(101) }, 'name', 'sv', 'korta det till högst 100 tecken'],
  ] as const)('%j → %s field, %s: %s', async (author, field, lang, message) => {
    expect(commentErrorMessage(await errorOf(author), field, lang)).toContain(message)
  })

  it('should say "check this field" for a code it has no words for', () => {
    expect(commentErrorMessage({ code: 'something-new' }, 'form', 'sv')).toBe(
      'Kontrollera fältet och skicka formuläret igen.',
    )
  })
})

describe('readableUrl', () => {
  it.each([
    ['https://www.xn--saberg-hua2l.example/', 'www.åsaöberg.example'],
    ['https://xn--saberg-hua2l.example/blogg/%C3%A5r?q=1#a', 'åsaöberg.example/blogg/år?q=1#a'],
    ['http://example.com:8080/a%20b', 'example.com:8080/a b'],
    ['https://example.com/%E0%A4%A', 'example.com/%E0%A4%A'],
    ['not a url', 'not a url'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
  ])('%s → %s', (href, text) => {
    expect(readableUrl(href)).toBe(text)
  })
})

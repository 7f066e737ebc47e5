import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Comment, inferReplies, threadComments } from '../src/index.js'

const seed: Comment[] = JSON.parse(
  readFileSync(new URL('fixtures/seed-thread.json', import.meta.url), 'utf8'),
)

function make(id: string, minute: number, name: string, body: string, extra: Partial<Comment> = {}): Comment {
  return {
    id,
    postId: 'p1',
    author: { name },
    createdAt: new Date(Date.UTC(2021, 9, 30, 20, minute)).toISOString(),
    body,
    status: 'approved',
    ...extra,
  }
}

describe('inferReplies', () => {
  it('should rebuild the seed page thread and split the CommentLuv trailer', () => {
    const result = inferReplies(seed)
    expect(result[1]).toMatchObject({ parentId: 'c1', parentInferred: true })
    expect(result[0]!.body).toBe(
      'Du har förstås rätt i att det bästa resultatet kommer av ett riktigt intresse.',
    )
    expect(result[0]!.author.latestPost).toEqual({ title: 'PageRank ändras idag' })
    expect(result[2]!.parentId).toBeUndefined()
    const threads = threadComments(result).threads
    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.comment.id)])).toEqual([
      ['c1', ['c2']],
      ['c3', []],
      ['c4', []],
    ])
    // The input is not changed.
    expect(seed[1]!.parentId).toBeUndefined()
  })

  it('should pick the nearest earlier comment by that name, never a later one or itself', () => {
    const result = inferReplies([
      make('a', 1, 'Anna Berg', 'först'),
      make('b', 2, 'Anna Berg', 'igen'),
      make('c', 3, 'Olle', '@anna berg: svar'),
      make('d', 4, 'Anna Berg', 'senare'),
      make('e', 5, 'Kim', '@Kim: till mig själv?'),
      make('f', 0, 'Per', '@Olle: före Olle'),
    ])
    expect(result.map((c) => c.parentId)).toEqual([
      undefined,
      undefined,
      'b',
      undefined,
      undefined,
      undefined,
    ])
  })

  it('should use a first name only when one earlier commenter has it', () => {
    const unique = inferReplies([make('a', 1, 'Magnus Ek', 'x'), make('b', 2, 'Eva', '@Magnus: ja')])
    expect(unique[1]!.parentId).toBe('a')
    const ambiguous = inferReplies([
      make('a', 1, 'Magnus Ek', 'x'),
      make('b', 2, 'Magnus Berg', 'y'),
      make('c', 3, 'Eva', '@Magnus: vem?'),
    ])
    expect(ambiguous[2]!.parentId).toBeUndefined()
  })

  it('should compare names case- and Unicode-insensitively', () => {
    // "Åsa" written precomposed and decomposed, and a full-width "Ｏｌｌｅ".
    const result = inferReplies([
      make('a', 1, '\u00c5sa', 'x'),
      make('b', 2, 'Ｏｌｌｅ', 'y'),
      make('c', 3, 'Eva', '@A\u030asa: hej'),
      make('d', 4, 'Eva', '@OLLE, hej'),
    ])
    expect(result.map((c) => c.parentId)).toEqual([undefined, undefined, 'a', 'b'])
  })

  it('should keep an explicit parent and not mix posts', () => {
    const result = inferReplies([
      make('a', 1, 'Anna', 'x'),
      make('b', 2, 'Bo', 'y'),
      make('c', 3, 'Eva', '@Anna: hej', { parentId: 'b' }),
      make('d', 4, 'Eva', '@Anna: hej', { postId: 'p2' }),
    ])
    expect(result[2]).toMatchObject({ parentId: 'b' })
    expect(result[2]!.parentInferred).toBeUndefined()
    expect(result[3]!.parentId).toBeUndefined()
  })

  it('should read English trailers with a linked title, and leave bodies without one alone', () => {
    const [c] = inferReplies([
      make('a', 1, 'Jo', "Nice.\n\n.-= Jo's last blog ..[Hello world](https://jo.example/hello) =-."),
    ])
    expect(c!.body).toBe('Nice.')
    expect(c!.author.latestPost).toEqual({ title: 'Hello world', url: 'https://jo.example/hello' })
    const [d] = inferReplies([make('a', 1, 'Jo', 'Just text .-= not at the end =-. here')])
    expect(d!.body).toBe('Just text .-= not at the end =-. here')
    const [e] = inferReplies([make('a', 1, 'Jo', 'x\n.-= Jo: t =-.')], { splitCommentLuv: false })
    expect(e!.author.latestPost).toBeUndefined()
  })
})

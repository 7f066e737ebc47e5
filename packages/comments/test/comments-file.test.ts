import { describe, expect, it } from 'vitest'
import {
  type Comment,
  CommentError,
  checkComments,
  parseCommentsFile,
  serializeCommentsFile,
  validateNewComment,
} from '../src/index.js'

const file = 'posts/hello.comments.json'

function failure(run: () => unknown): CommentError {
  try {
    run()
  } catch (error) {
    if (error instanceof CommentError) return error
    throw error
  }
  throw new Error('Expected a CommentError')
}

const record = {
  id: 'wp-1',
  postId: 'hello',
  author: { name: 'Maria', url: 'https://maria.example/' },
  createdAt: '2021-10-30T20:15:00.000Z',
  body: 'Hej!',
  status: 'approved',
}

describe('parseCommentsFile', () => {
  it('should read the records as comments, filling in the post id', () => {
    const { postId: _, ...noPost } = record
    const text = JSON.stringify([noPost, { ...record, id: 'wp-2', parentId: 'wp-1', score: 3 }])
    expect(parseCommentsFile(text, { file, postId: 'hello' })).toEqual([
      record,
      { ...record, id: 'wp-2', parentId: 'wp-1', score: 3 },
    ])
    expect(parseCommentsFile('[]', { file })).toEqual([])
    expect(parseCommentsFile(`\uFEFF${JSON.stringify([record])}`, { file })).toEqual([record])
  })

  it('should keep dates as written and purged records as purge left them', () => {
    const purged = { ...record, id: 'wp-3', author: { name: '' }, body: '', status: 'deleted' }
    const text = JSON.stringify([
      { ...record, createdAt: '2021-10-30T22:15:00+02:00' },
      { ...purged, purgedAt: '2022-01-01T00:00:00Z', author: { name: 'Maria' }, body: 'kvar' },
    ])
    const [a, b] = parseCommentsFile(text, { file })
    expect(a!.createdAt).toBe('2021-10-30T22:15:00+02:00')
    expect(b).toEqual({ ...purged, purgedAt: '2022-01-01T00:00:00Z' })
  })

  it('should name the line and column of malformed JSON', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['[\n  {"id": "a",}\n]', `${file}:2:14`, /trailing comma/],
      ['[\n  {"id": "a"}\n', `${file}:3:1`, /`]` was expected/],
      ['[\n  // a note\n]', `${file}:2:3`, /comments are not allowed/],
      ['[\n  {"id": "a" "postId": "b"}\n]', `${file}:2:14`, /`,` was expected/],
      ['[{"id": \'a\'}]', `${file}:1:9`, /unexpected character/],
    ]
    for (const [text, place, reason] of cases) {
      const error = failure(() => parseCommentsFile(text, { file }))
      expect(error.code).toBe('invalid-json')
      expect(error.message).toMatch(new RegExp(`^${place.replace(/\./g, '\\.')}: Not valid JSON: `))
      expect(error.reason).toMatch(reason)
      expect(`${error.file}:${error.line}:${error.column}`).toBe(place)
    }
    const empty = failure(() => parseCommentsFile(' \n', { file }))
    expect(empty.message).toBe(`${file}: The file is empty: write \`[]\` for no comments, or remove the file`)
  })

  it('should want an array', () => {
    const error = failure(() => parseCommentsFile('\n  {"comments": []}', { file }))
    expect(error.code).toBe('invalid-comments-file')
    expect([error.line, error.column]).toEqual([2, 3])
    expect(error.message).toMatch(/^posts\/hello\.comments\.json:2:3: Expected a JSON array of comments/)
  })

  it('should name the record, the field and its place for a wrong type', () => {
    const text = JSON.stringify([record, { ...record, id: 'wp-2', body: 42 }], null, 2)
    const error = failure(() => parseCommentsFile(text, { file }))
    expect(error).toMatchObject({
      code: 'missing-field',
      field: 'comments[1].body',
      file,
      line: 21,
      column: 13,
    })
    expect(error.message).toBe(`${file}:21:13: Expected \`comments[1].body\` to be a string, got \`number\``)
    expect(text.split('\n')[20]!.slice(12)).toBe('42,')
    // A missing field: the place of its record.
    const missing = failure(() => parseCommentsFile(`[\n  {"id": "x"}\n]`, { file }))
    expect(missing).toMatchObject({ field: 'comments[0].author', line: 2, column: 3 })
  })

  it('should reject duplicate ids, naming both records', () => {
    const text = JSON.stringify([record, { ...record, body: 'igen' }], null, 2)
    const error = failure(() => parseCommentsFile(text, { file }))
    expect(error).toMatchObject({ code: 'duplicate-id', field: 'comments[1].id', line: 14, column: 11 })
    expect(error.reason).toBe('`comments[1].id` `wp-1` is the id of `comments[0]` too; ids must be unique')
  })

  it('should reject bad records: other post, status, date, URL, score, not an object', () => {
    const bad: Array<[unknown, string, string]> = [
      [{ ...record, postId: 'other' }, 'comments[0].postId', 'wrong-post'],
      [{ ...record, status: 'visible' }, 'comments[0].status', 'invalid-status'],
      [{ ...record, createdAt: '2021-02-31T10:00:00Z' }, 'comments[0].createdAt', 'invalid-date'],
      [
        { ...record, author: { name: 'M', url: 'javascript:alert(1)' } },
        'comments[0].author.url',
        'unsupported-url-scheme',
      ],
      [{ ...record, author: { name: ' ' } }, 'comments[0].author.name', 'empty-field'],
      [{ ...record, score: '3' }, 'comments[0].score', 'invalid-score'],
      [{ ...record, id: 'a\nb' }, 'comments[0].id', 'control-character'],
      ['text', 'comments[0]', 'invalid-comment'],
    ]
    for (const [value, field, code] of bad) {
      const error = failure(() => parseCommentsFile(JSON.stringify([value]), { file, postId: 'hello' }))
      expect([error.field, error.code]).toEqual([field, code])
      expect(error.message).toMatch(/^posts\/hello\.comments\.json:1:\d+: /)
      expect(error.reason).toContain(field)
    }
  })

  it('should check lengths only when given limits', () => {
    const long = JSON.stringify([{ ...record, body: 'x'.repeat(10_001) }])
    expect(parseCommentsFile(long, { file })).toHaveLength(1)
    const error = failure(() => parseCommentsFile(long, { file, limits: { maxBodyLength: 10_000 } }))
    expect([error.code, error.field]).toEqual(['too-long', 'comments[0].body'])
  })

  it('should work without a file name', () => {
    const error = failure(() => parseCommentsFile('[\n  1,\n]'))
    expect(error.message).toMatch(/^line 3, column 1: Not valid JSON: a comma before a closing bracket/)
    expect(error.file).toBeUndefined()
  })
})

describe('checkComments', () => {
  it('should check parsed records as parseCommentsFile does', () => {
    expect(checkComments([record])).toEqual([record])
    expect(failure(() => checkComments([record, record])).field).toBe('comments[1].id')
  })
})

describe('serializeCommentsFile', () => {
  const reply: Comment = {
    ...(record as Comment),
    id: 'wp-2',
    parentId: 'wp-1',
    author: { name: 'Bo', email: 'bo@example.se' },
    createdAt: '2021-10-31T08:00:00.000Z',
  }

  it('should write what blogkit-import writes: oldest first, fixed keys, two spaces, a final newline', () => {
    // Keys in another order, and out of date order: the bytes are the same.
    const shuffled = {
      status: 'approved',
      body: 'Hej!',
      createdAt: record.createdAt,
      author: record.author,
      postId: 'hello',
      id: 'wp-1',
    }
    const text = serializeCommentsFile([reply, shuffled as Comment])
    expect(text).toBe(
      `${JSON.stringify(
        [
          record,
          {
            id: 'wp-2',
            postId: 'hello',
            parentId: 'wp-1',
            author: { name: 'Bo', email: 'bo@example.se' },
            createdAt: '2021-10-31T08:00:00.000Z',
            body: 'Hej!',
            status: 'approved',
          },
        ],
        null,
        2,
      )}\n`,
    )
    expect(serializeCommentsFile([record as Comment, reply])).toBe(text)
    expect(serializeCommentsFile([])).toBe('[]\n')
  })

  it('should round-trip through parseCommentsFile, every field kept', () => {
    const full: Comment = {
      ...reply,
      id: 'wp-3',
      parentInferred: true,
      author: {
        name: 'Eva',
        url: 'https://eva.example/',
        latestPost: { title: 'Nytt', url: 'https://eva.example/nytt' },
      },
      byAuthor: true,
      score: 2,
    }
    const purged: Comment = {
      ...(record as Comment),
      id: 'wp-0',
      author: { name: '' },
      body: '',
      status: 'deleted',
      purgedAt: '2022-01-01T00:00:00.000Z',
    }
    const comments = [purged, record as Comment, reply, full]
    const text = serializeCommentsFile(comments)
    expect(parseCommentsFile(text, { file })).toEqual(comments)
    expect(serializeCommentsFile(parseCommentsFile(text, { file }))).toBe(text)
    // Parsed records have the file's key order, so equal comments stringify alike (as merges compare them).
    expect(JSON.stringify(parseCommentsFile(text, { file }), null, 2)).toBe(text.trimEnd())
    expect(text.indexOf('"parentInferred"')).toBeLessThan(text.lastIndexOf('"author"'))
  })

  it('should order equal dates by id', () => {
    const b = { ...(record as Comment), id: 'b' }
    const a = { ...(record as Comment), id: 'a' }
    expect(JSON.parse(serializeCommentsFile([b, a])).map((c: Comment) => c.id)).toEqual(['a', 'b'])
  })
})

describe('CommentError', () => {
  it('should have the reason without the place, and the place apart', () => {
    const plain = failure(() => validateNewComment({ postId: 'p', author: { name: 'A' }, body: 1 }))
    expect(plain).toMatchObject({ code: 'missing-field', field: 'body', file: undefined, line: undefined })
    expect(plain.reason).toBe(plain.message)
    const placed = new CommentError('invalid-json', 'Not valid JSON', undefined, {
      file: 'a.json',
      line: 2,
      column: 3,
    })
    expect([placed.message, placed.reason]).toEqual(['a.json:2:3: Not valid JSON', 'Not valid JSON'])
    expect(new CommentError('x', 'r', undefined, { file: 'a.json' }).message).toBe('a.json: r')
  })
})

import { describe, expect, it } from 'vitest'
import { CommentError, checkReservedName, validateNewComment } from '../src/index.js'

const comment = (author: Record<string, unknown>) => ({
  postId: 'p1',
  author: { name: 'Åsa', ...author },
  body: 'Hej!',
})

function failure(run: () => unknown): CommentError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CommentError)
    return error as CommentError
  }
  throw new Error('Expected a CommentError')
}

describe('a website as readers type it', () => {
  it.each([
    ['www.åsaöberg.example', 'https://www.xn--saberg-hua2l.example/'],
    ['åsaöberg.example/blogg', 'https://xn--saberg-hua2l.example/blogg'],
    ['https://www.åsaöberg.example', 'https://www.xn--saberg-hua2l.example/'],
    ['HTTP://Example.COM/Sida', 'http://example.com/Sida'],
    ['www.example.com:8080/a?b=1#c', 'https://www.example.com:8080/a?b=1#c'],
    ['//example.se', 'https://example.se/'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/'],
    ['https://[::1]/', 'https://[::1]/'],
  ])('%s is stored as %s', (typed, stored) => {
    expect(validateNewComment(comment({ url: typed })).author.url).toBe(stored)
  })

  it.each([
    ['javascript:alert(1)', 'unsupported-url-scheme'],
    ['JavaScript:alert(1)', 'unsupported-url-scheme'],
    ['data:text/html,<b>x</b>', 'unsupported-url-scheme'],
    ['ftp://example.com/', 'unsupported-url-scheme'],
    ['mailto:asa@example.se', 'unsupported-url-scheme'],
    ['localhost', 'invalid-url-host'],
    ['localhost:3000', 'invalid-url-host'],
    ['https://intranet/', 'invalid-url-host'],
    ['example..com', 'invalid-url-host'],
    ['-bad-.example.com', 'invalid-url-host'],
    ['example.123', 'invalid-url'],
    ['https://', 'invalid-url'],
    ['exa mple.com', 'invalid-url'],
    ['https://asa:hemligt@example.se/', 'url-credentials'],
  ])('%s is refused with %s, naming author.url', (typed, code) => {
    const error = failure(() => validateNewComment(comment({ url: typed })))
    expect(error.code).toBe(code)
    expect(error.field).toBe('author.url')
    expect(error.reason).toMatch(/; \w/) // says what to do
  })
})

describe('a name', () => {
  it('is NFC without zero-width or bidi characters', () => {
    const decomposed = 'A\u030Asa \u00D6\u200Bberg\u202E\u2066'
    expect(validateNewComment(comment({ name: decomposed })).author.name).toBe('Åsa Öberg')
    expect(validateNewComment(comment({ name: 'Åsa\u200F  \uFEFFÖberg' })).author.name).toBe('Åsa Öberg')
  })

  it.each([
    ['\u200B\u200C\u200D'],
    [' \u2060 \uFEFF '],
    ['\u0301\u0308'],
    ['\u3164\u3164'],
    ['\u2800'],
  ])('that only looks empty (%j) is refused with empty-field', (name) => {
    const error = failure(() => validateNewComment(comment({ name })))
    expect([error.code, error.field]).toEqual(['empty-field', 'author.name'])
  })

  const reservedNames = ['Elin Skarp']
  it.each([
    ['Elin Skarp'],
    ['elin skarp'],
    ['ELIN SKARP'],
    ['\u0415lin Skarp'], // Cyrillic Е
    ['El\u200Bin Skarp'],
    ['Elin  Skarp'],
    ['EIin Skarp'], // capital I for l
    ['Elin Skar\u0440'], // Cyrillic р
    ['Е\u217Cin Skarp'], // small roman numeral fifty for l
  ])('%j is refused as the author name', async (name) => {
    const error = await checkReservedName(name, { reservedNames }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CommentError)
    expect([(error as CommentError).code, (error as CommentError).field]).toEqual([
      'reserved-name',
      'author.name',
    ])
    const other = await checkReservedName(name, { reservedNames, field: 'name' }).catch((e: unknown) => e)
    expect((other as CommentError).field).toBe('name')
  })

  it.each([
    ['Elin Skarpsson'],
    ['Elina Skarp'],
    ['Åsa Öberg'],
    ['Elin'],
  ])('%j is not the author name', async (name) => {
    await expect(checkReservedName(name, { reservedNames })).resolves.toBeUndefined()
  })

  it('without reserved names (or only empty ones), the author name is anyone’s', async () => {
    await expect(checkReservedName('Elin Skarp', { reservedNames: [] })).resolves.toBeUndefined()
    await expect(checkReservedName('\u200B', { reservedNames: ['', ' \u200B'] })).resolves.toBeUndefined()
    expect(validateNewComment(comment({ name: 'Elin Skarp' })).author.name).toBe('Elin Skarp')
  })
})

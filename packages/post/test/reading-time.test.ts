import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'

// Two posts written for this test: Swedish and English prose with the things word counts trip on
// (headings, lists, quotes, links, inline and fenced code, numbers, dashes, contractions, åäö).
const fixtures = fileURLToPath(new URL('fixtures/reading-time/', import.meta.url))

function segmenterCount(text: string, lang: string): number {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' })
  let words = 0
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words++
  return words
}

describe('parsePost', () => {
  it('should count the words of a Swedish post exactly as `Intl.Segmenter` does', async () => {
    const file = 'sv-kommunikation.md'
    const post = await parsePost({ path: file, value: readFileSync(fixtures + file, 'utf8') })
    expect(post.lang).toBe('sv')
    expect(post.readingTime.words).toBeGreaterThan(150)
    expect(post.readingTime.words).toBe(segmenterCount(post.text, 'sv'))
  })

  it('should count the words of an English post exactly as `Intl.Segmenter` does', async () => {
    const file = 'en-release.md'
    const post = await parsePost({ path: file, value: readFileSync(fixtures + file, 'utf8') })
    expect(post.readingTime.words).toBeGreaterThan(150)
    expect(post.readingTime.words).toBe(segmenterCount(post.text, 'en'))
  })

  it('should compute minutes from `wordsPerMinute`, rounding up', async () => {
    const words = Array.from({ length: 450 }, (_, index) => `word${index}`).join(' ')
    const value = `---\ntitle: Words\ndate: 2024-01-01\n---\n\n${words}\n`
    expect((await parsePost(value)).readingTime).toEqual({ words: 450, minutes: 3 })
    expect((await parsePost(value, { wordsPerMinute: 450 })).readingTime).toEqual({ words: 450, minutes: 1 })
    expect((await parsePost('---\ntitle: Empty body\ndate: 2024-01-01\n---\n')).readingTime).toEqual({
      words: 0,
      minutes: 0,
    })
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))

function segmenterCount(text: string, lang: string): number {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' })
  let words = 0
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words++
  return words
}

describe('parsePost', () => {
  it('should count the words of a real Swedish post exactly as `Intl.Segmenter` does', async () => {
    const page = readFileSync(`${shared}seed/000_aeb282e236969cda.txt`, 'utf8')
    const post = await parsePost(page, {
      frontmatter: false,
      defaults: { title: 'Strategisk kommunikation 2.0', date: '2021-10-30', lang: 'sv' },
    })
    expect(post.readingTime.words).toBeGreaterThan(500)
    expect(post.readingTime.words).toBe(segmenterCount(post.text, 'sv'))
  })

  it('should count the words of real English posts exactly as `Intl.Segmenter` does', async () => {
    const dir = `${shared}corpora/tidyverse-blog/posts/`
    const files = readdirSync(dir).sort().slice(0, 15)
    for (const file of files) {
      const post = await parsePost({ path: file, value: readFileSync(dir + file, 'utf8') })
      expect.soft(post.readingTime.words, file).toBe(segmenterCount(post.text, 'en'))
    }
  }, 60_000)

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

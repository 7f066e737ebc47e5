import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SiteError } from '@blogkit/example-site'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, start, tempDir } from './helpers.js'

const post = (title: string, date: string, body = 'Text.') =>
  `---\ntitle: ${title}\ndate: ${date}\n---\n\n${body}\n`

/** A content folder with these files. */
function content(files: Record<string, string>): string {
  const dir = tempDir()
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** The `content` of `<meta property|name="…">` in a page, or undefined. */
const meta = (page: string, name: string) =>
  new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)">`).exec(page)?.[1]

let server: BlogServer

beforeAll(async () => {
  const dir = content({
    'site.json': JSON.stringify({
      title: 'T',
      language: 'sv',
      timeZone: 'Europe/Stockholm',
      liveSite: 'https://live.example/',
      image: { src: '/images/share.png', alt: 'Bloggens logga' },
    }),
    'images/share.png': 'png',
    'images/own.png': 'png',
    'posts/plain.md': post('Utan bild', '2024-03-31T23:30:00Z'),
    'posts/pictured.md': post('Med bild', '2024-01-10T10:00:00Z', '![En röd stapel](/images/own.png)'),
  })
  server = await start({ CONTENT_DIR: dir })
})
afterAll(cleanup)

describe('share images, year archives and where to comment on the live blog', () => {
  it('should give post pages og:image (their own, else the site’s) with its alt text and twitter:card', async () => {
    const c = client(server.url)
    const plain = (await c.get('/posts/plain/')).text
    expect(meta(plain, 'og:image')).toMatch(/^http:\/\/[^/]+\/images\/share\.png$/)
    expect(meta(plain, 'og:image:alt')).toBe('Bloggens logga')
    expect(meta(plain, 'twitter:card')).toBe('summary_large_image')
    const pictured = (await c.get('/posts/pictured/')).text
    expect(meta(pictured, 'og:image')).toMatch(/^http:\/\/[^/]+\/images\/own\.png$/)
    expect(meta(pictured, 'og:image:alt')).toBe('En röd stapel')
  })

  it('should show its own form, not a link to the live blog, although site.json names one', async () => {
    const page = (await client(server.url).get('/posts/plain/')).text
    expect(page).toContain('id="comment-form"')
    expect(page).not.toContain('comment-hint')
    expect(page).not.toContain('live.example')
  })

  it('should list a year’s posts by month in Swedish, months in the site’s time zone', async () => {
    const page = (await client(server.url).get('/archive/2024/')).text
    const months = [...page.matchAll(/<h2 id="month-(\d\d)">([^<]*)<\/h2>/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(months).toEqual(['04 April', '01 Januari'])
    expect(page).toContain('<a href="/posts/plain/">Utan bild</a>')
  })

  it('should refuse to start on a bad site.json `image`, naming the file and the field', async () => {
    const dir = content({
      'site.json': JSON.stringify({ image: { src: '/images/share.png', alt: '' } }),
      'images/share.png': 'png',
      'posts/a.md': post('A', '2024-01-01'),
    })
    const error = await start({ CONTENT_DIR: dir }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SiteError)
    expect((error as SiteError).message).toMatch(
      /site\.json: `image\.alt` should be a non-empty text saying what the image shows, got `""`$/,
    )
  })
})

import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSite, readSiteConfig, renderPostPage, renderTermPage, SiteError } from '../src/index.js'
import { contentDir, writeContent } from './helpers.js'

const post = (title: string, date: string, body = 'Text.', lang?: string) =>
  `---\ntitle: ${title}\ndate: ${date}\n${lang ? `lang: ${lang}\n` : ''}---\n\n${body}\n`

/** The `content` of `<meta property|name="…">` in a page, or undefined. */
const meta = (page: string, name: string) =>
  new RegExp(`<meta (?:property|name)="${name.replaceAll(':', ':')}" content="([^"]*)">`).exec(page)?.[1]

/** The error `readSiteConfig` throws for a site.json, as its one line. */
async function configError(siteJson: unknown, files: Record<string, string> = {}): Promise<string> {
  const dir = await writeContent({ 'site.json': JSON.stringify(siteJson), ...files })
  const error = await readSiteConfig(dir).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(SiteError)
  return (error as SiteError).message.replace(
    path.relative(process.cwd(), path.join(dir, 'site.json')),
    'site.json',
  )
}

describe('year archives', () => {
  it('should list the posts of a year by month, newest first, with month names in the site language', async () => {
    const site = await loadSite({ contentDir, baseUrl: 'https://blog.example/' })
    const year = site.years.find((term) => term.name === '2019')!
    const page = renderTermPage(site, 'year', year)
    const months = [...page.matchAll(/<h2 id="month-(\d\d)">([^<]*)<\/h2>/g)].map((m) => [m[1], m[2]])
    expect(months.length).toBeGreaterThan(1)
    expect(months.map(([number]) => number)).toEqual(
      months
        .map(([number]) => number)
        .sort()
        .reverse(),
    )
    const march = year.posts.find((item) => item.post.slug === 'strategisk-kommunikation-inifran')!
    expect(months).toContainEqual(['03', 'Mars'])
    // Each post under its month, linked, with its date.
    const section = /<section class="archive-month" aria-labelledby="month-03">([\s\S]*?)<\/section>/.exec(
      page,
    )![1]!
    expect(section).toContain(`<a href="${march.path}">${march.post.title}</a>`)
    expect(section).toContain('<time datetime="2019-03-14T20:07:00.000Z">14 mars 2019</time>')
    for (const item of year.posts) expect(page).toContain(`href="${item.path}"`)
    // Tag pages stay one list.
    expect(renderTermPage(site, 'tag', site.tags[0]!)).not.toContain('archive-month')
  })

  it('should put a post in the month of the site time zone, and name months in English on an English site', async () => {
    const dir = await writeContent({
      'site.json': JSON.stringify({ language: 'en', timeZone: 'Europe/Stockholm' }),
      'posts/late.md': post('Late in January', '2024-01-31T23:30:00Z'),
      'posts/early.md': post('Early January', '2024-01-02T10:00:00Z'),
      'posts/december.md': post('December', '2024-12-24T10:00:00Z'),
    })
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://blog.example/' })
    const page = renderTermPage(site, 'year', site.years[0]!)
    const months = [...page.matchAll(/<h2 id="month-(\d\d)">([^<]*)<\/h2>/g)].map((m) => m[2])
    expect(months).toEqual(['December', 'February', 'January'])
    const titles = [...page.matchAll(/<a href="\/posts\/[^"]+">([^<]*)<\/a>/g)].map((m) => m[1])
    expect(titles).toEqual(['December', 'Late in January', 'Early January'])
  })
})

describe('share tags of a post', () => {
  const files = {
    'images/share.png': 'png',
    'images/first.png': 'png',
    'posts/pictured.md': post(
      'Pictured',
      '2024-01-02',
      'Text.\n\n![A red bar](/images/first.png)\n\n![Second](/images/second.png)',
    ),
    'posts/plain.md': post('Plain', '2024-01-03'),
    'posts/inline.md': post('Inline', '2024-01-04', '![Dot](data:image/png;base64,iVBORw0KGgo=)'),
  }

  it('should give og:image with its alt text and a large card from the post’s first image', async () => {
    const dir = await writeContent(files)
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://blog.example/' })
    const page = renderPostPage(site, site.bySlug.get('pictured')!)
    expect(meta(page, 'og:image')).toBe('https://blog.example/images/first.png')
    expect(meta(page, 'og:image:alt')).toBe('A red bar')
    expect(meta(page, 'twitter:card')).toBe('summary_large_image')
    // The Open Graph tags there were stay.
    expect(meta(page, 'og:type')).toBe('article')
    expect(meta(page, 'og:title')).toBe('Pictured')
    expect(meta(page, 'og:url')).toBe('https://blog.example/posts/pictured/')
    expect(meta(page, 'og:description')).toBe('Text.')
    expect(page).toContain('"image":"https://blog.example/images/first.png"')
  })

  it('should give no image and a small card without a post image or a site image', async () => {
    const dir = await writeContent(files)
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://blog.example/' })
    for (const slug of ['plain', 'inline']) {
      const page = renderPostPage(site, site.bySlug.get(slug)!)
      expect(page).not.toContain('og:image')
      expect(meta(page, 'twitter:card')).toBe('summary')
    }
  })

  it('should fall back to site.json `image`, under the site’s base path, with its alt text', async () => {
    const dir = await writeContent({
      ...files,
      'site.json': JSON.stringify({ image: { src: '/images/share.png', alt: 'The blog’s logo' } }),
    })
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://example.com/blog/' })
    for (const slug of ['plain', 'inline']) {
      const page = renderPostPage(site, site.bySlug.get(slug)!)
      expect(meta(page, 'og:image')).toBe('https://example.com/blog/images/share.png')
      expect(meta(page, 'og:image:alt')).toBe('The blog’s logo')
      expect(meta(page, 'twitter:card')).toBe('summary_large_image')
    }
    // A post's own image wins.
    const pictured = renderPostPage(site, site.bySlug.get('pictured')!)
    expect(meta(pictured, 'og:image')).toBe('https://example.com/images/first.png')
    const remote = await writeContent({
      'posts/plain.md': post('Plain', '2024-01-03'),
      'site.json': JSON.stringify({ image: { src: 'https://cdn.example/share.jpg', alt: 'Logo' } }),
    })
    const other = await loadSite({ contentDir: remote, baseUrl: 'https://blog.example/' })
    expect(meta(renderPostPage(other, other.bySlug.get('plain')!), 'og:image')).toBe(
      'https://cdn.example/share.jpg',
    )
  })

  it('should refuse a bad site.json `image` naming the file and the field', async () => {
    expect(await configError({ image: '/images/share.png' })).toBe(
      'site.json: `image` should be `{ "src": "/images/share.png", "alt": "what it shows" }`, got `"/images/share.png"`',
    )
    expect(await configError({ image: { src: '/images/share.png' } })).toBe(
      'site.json: `image.alt` should be a non-empty text saying what the image shows, got `undefined`',
    )
    expect(await configError({ image: { src: '', alt: 'A' } })).toBe(
      'site.json: `image.src` should be an http(s) URL or a path such as `/images/share.png`, got `""`',
    )
    expect(await configError({ image: { src: 'javascript:alert(1)', alt: 'A' } })).toBe(
      'site.json: `image.src` should be an http(s) URL or a path such as `/images/share.png`, got `"javascript:alert(1)"`',
    )
    const missing = await configError({ image: { src: '/images/nope.png', alt: 'A' } })
    expect(missing).toMatch(
      /^site\.json: `image\.src` is `\/images\/nope\.png`, but there is no such file: put it at .*images\/nope\.png or .*static\/images\/nope\.png, or give an http\(s\) URL$/,
    )
    // A file in static/ is at the site's root.
    const dir = await writeContent({
      'static/card.png': 'png',
      'site.json': JSON.stringify({ image: { src: 'card.png', alt: 'A card' } }),
    })
    expect((await readSiteConfig(dir)).image).toEqual({ src: '/card.png', alt: 'A card' })
  })
})

describe('where to comment on a page without a form', () => {
  const content = (siteJson: object) =>
    writeContent({
      'site.json': JSON.stringify({ language: 'sv', ...siteJson }),
      'posts/a.md': post('A', '2024-01-02'),
      'posts/b.md': post('B', '2024-01-03', 'Text.', 'en'),
    })

  it('should link the post on the live blog (site.json `liveSite`) in the post’s language', async () => {
    const dir = await content({ liveSite: 'https://live.example' })
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://static.example/blog/' })
    expect(renderPostPage(site, site.bySlug.get('a')!)).toContain(
      '<p class="comment-hint"><a href="https://live.example/posts/a/#comment-form">Skriv en kommentar på live.example</a></p>',
    )
    expect(renderPostPage(site, site.bySlug.get('b')!)).toContain(
      '<a href="https://live.example/posts/b/#comment-form">Write a comment on live.example</a>',
    )
    // A page with a form of its own (the server's) has no hint.
    expect(renderPostPage(site, site.bySlug.get('a')!, { commentsSlot: '<form></form>' })).not.toContain(
      'comment-hint',
    )
  })

  it('should show the live blog in Unicode and keep its port and path', async () => {
    const dir = await content({ liveSite: 'http://xn--skarptlge-12a.example:3000/live' })
    const site = await loadSite({ contentDir: dir })
    expect(renderPostPage(site, site.bySlug.get('a')!)).toContain(
      '<a href="http://xn--skarptlge-12a.example:3000/live/posts/a/#comment-form">Skriv en kommentar på skarptläge.example:3000</a>',
    )
  })

  it('should say nothing without `liveSite`', async () => {
    const site = await loadSite({ contentDir: await content({}) })
    expect(renderPostPage(site, site.bySlug.get('a')!)).not.toContain('comment-hint')
  })

  it('should refuse a bad `liveSite` naming the file and the field', async () => {
    expect(await configError({ liveSite: 'live.example' })).toBe(
      'site.json: `liveSite` should be the http(s) address of the live blog, such as `https://blog.example/`, got `"live.example"`',
    )
    expect(await configError({ liveSite: 42 })).toBe(
      'site.json: `liveSite` should be the http(s) address of the live blog, such as `https://blog.example/`, got `42`',
    )
    expect(await configError({ liveSite: 'ftp://live.example/' })).toContain('`liveSite` should be')
  })
})

import { describe, expect, it } from 'vitest'
import {
  createCommentFeed,
  createSiteFeed,
  homePageCount,
  loadSite,
  renderHomePage,
  renderNotFoundPage,
  renderPostPage,
  renderSite,
  renderSitemap,
  renderTermPage,
} from '../src/index.js'
import { contentDir, writeContent } from './helpers.js'

const site = await loadSite({ contentDir, baseUrl: 'https://blog.example/' })
const item = site.bySlug.get('strategisk-kommunikation-inifran')!
const page = renderPostPage(site, item)

describe('renderPostPage', () => {
  it('should have the post language, title, description, canonical URL and Open Graph tags', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="sv">/)
    expect(page).toContain('<title>Strategisk kommunikation börjar inifrån – Skarpt läge</title>')
    expect(page).toContain('<meta name="description" content="Varför jag aldrig försöker')
    expect(page).toContain(
      '<link rel="canonical" href="https://blog.example/posts/strategisk-kommunikation-inifran/">',
    )
    expect(page).toContain('<meta property="og:type" content="article">')
  })

  it('should have JSON-LD BlogPosting', () => {
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1]
    expect(JSON.parse(json!)).toMatchObject({
      '@type': 'BlogPosting',
      headline: item.post.title,
      inLanguage: 'sv',
      author: { name: 'Elin Skarp' },
      commentCount: 20,
    })
  })

  it('should have date, author, reading time, table of contents, tags, related posts and neighbours', () => {
    expect(page).toContain('<time datetime="2019-03-14T20:07:00.000Z">14 mars 2019</time>')
    expect(page).toMatch(/\d+ min läsning/)
    expect(page).toContain('<nav class="toc" aria-labelledby="toc-title">')
    expect(page).toContain(`<a href="#${item.post.headings[0]!.id}">`)
    expect(page).toContain('<a href="/tags/sociala-medier/" rel="tag">sociala medier</a>')
    expect(page).toContain('<h2 id="related-title">Relaterade inlägg</h2>')
    expect(page).toMatch(/<span class="related-reason">(Samma taggar|Handlar också om): /)
    expect(page).toContain(`rel="next" href="${item.next!.path}"`)
  })

  it('should show the threaded comments with counts, commenter links and a deleted placeholder', () => {
    expect(page).toContain('<h2 id="comments-title">20 kommentarer</h2>')
    expect(page).toContain(
      '<h3 class="comment-author"><a href="https://sandmark.example/" rel="nofollow ugc noopener">',
    )
    expect(page).toContain('Kommentaren är borttagen.')
    expect(page).not.toContain('Vilket flum')
    expect(page).toContain('<a href="#comment-c-strat-1"')
    expect(page).toContain(
      '<p class="comment-latest">Senaste inlägg: Därför rankar pressrummet sämre än bloggen</p>',
    )
    expect(page).toMatch(/<ol class="comment-replies">\s*<li class="comment" id="comment-c-strat-2">/)
  })

  it('should take live threads, a reply link and a form in the comments slot (the server example)', () => {
    const out = renderPostPage(site, item, {
      threads: { threads: [], total: 0, threadCount: 0, nextCursor: undefined, problems: [] },
      commentsSlot: '<form id="respond"></form>',
    })
    expect(out).toContain('<h2 id="comments-title">Inga kommentarer</h2>')
    expect(out).toContain('<form id="respond"></form>')
    const withReply = renderPostPage(site, item, { replyHref: (comment) => `?reply=${comment.id}#respond` })
    expect(withReply).toContain(
      '<a href="?reply=c-strat-1#respond" aria-label="Svara: Henrik Sandmark">Svara</a>',
    )
  })

  it('should escape titles, names and front matter everywhere', async () => {
    const dir = await writeContent({
      'posts/x.md':
        '---\ntitle: "</title><script>alert(1)</script>"\ndate: 2024-01-02\ntags: ["<b>tag</b>"]\nauthor: "<img src=x onerror=alert(1)>"\n---\n\nBody.\n',
      'posts/x.comments.json': JSON.stringify([
        {
          id: 'c"1',
          author: { name: '<script>alert(2)</script>', url: 'https://evil.example/"><script>' },
          createdAt: '2024-01-03T10:00:00Z',
          body: '<script>alert(3)</script> hi',
          status: 'approved',
        },
      ]),
    })
    const evil = await loadSite({ contentDir: dir })
    const out = renderPostPage(evil, evil.posts[0]!)
    expect(out).not.toMatch(/<script>alert|<img src=x|<b>tag/)
    expect(out).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(out).toContain('id="comment-c&quot;1"')
    expect(renderHomePage(evil)).not.toContain('<script>alert')
  })
})

describe('renderHomePage', () => {
  it('should paginate postsPerPage posts with newer/older links', () => {
    expect(homePageCount(site)).toBe(3)
    const first = renderHomePage(site)
    expect(first.match(/<article class="summary"/g)).toHaveLength(5)
    expect(first).toContain('<a class="pagination-older" rel="next" href="/page/2/">')
    const last = renderHomePage(site, 3)
    expect(last.match(/<article class="summary"/g)).toHaveLength(4)
    expect(last).toContain('rel="prev" href="/page/2/"')
    expect(() => renderHomePage(site, 4)).toThrow(RangeError)
  })

  it('should mark English posts on a Swedish home page with their language', () => {
    expect(renderHomePage(site)).toContain('<article class="summary" lang="en">')
  })
})

describe('archives and 404', () => {
  it('should list the posts of a tag and say what the 404 page is', () => {
    const tag = site.tags.find((term) => term.name === 'sociala medier')!
    const out = renderTermPage(site, 'tag', tag)
    expect(out).toContain('<h1>Inlägg taggade ”sociala medier”</h1>')
    for (const post of tag.posts) expect(out).toContain(`href="${post.path}"`)
    expect(renderNotFoundPage(site)).toContain('<meta name="robots" content="noindex">')
  })
})

describe('feeds and sitemap', () => {
  it('should make the site feed in three formats with comment links', () => {
    const feed = createSiteFeed(site)
    const json = JSON.parse(feed.json())
    expect(json.items).toHaveLength(14)
    expect(json.items[0].url).toBe(site.posts[0]!.url)
    expect(feed.rss()).toContain('<slash:comments>')
    expect(feed.atom()).toContain('rel="replies"')
  })

  it('should make a comment feed per post with approved comments only, newest first', () => {
    const atom = createCommentFeed(site, site.bySlug.get('tillganglig-webbtext')!).atom()
    expect(atom).not.toContain('backlinks')
    const strat = createCommentFeed(site, item).atom()
    expect(strat.match(/<entry/g)).toHaveLength(20)
    expect(strat).not.toContain('Vilket flum')
    expect(strat).toContain('https://blog.example/posts/strategisk-kommunikation-inifran/#comment-c-strat-1')
  })

  it('should list every post in the sitemap and render every file of the site once', () => {
    const sitemap = renderSitemap(site)
    for (const post of site.posts) expect(sitemap).toContain(`<loc>${post.url}</loc>`)
    const paths = [...renderSite(site)].map((file) => file.path)
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/',
        '/page/3/',
        '/404.html',
        '/feed.xml',
        '/atom.xml',
        '/feed.json',
        '/robots.txt',
      ]),
    )
  })
})

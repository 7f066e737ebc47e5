import { readFeed } from '@blogkit/feed/read'
import { describe, expect, it } from 'vitest'
import {
  commentFeedPosts,
  createCommentFeed,
  createSiteFeed,
  loadSite,
  renderHomePage,
  renderPostPage,
  renderSite,
  renderSitemap,
  renderSubscribePage,
  type SitePost,
  subscribeCommentFeedLimit,
} from '../src/index.js'
import { contentDir, writeContent } from './helpers.js'

const site = await loadSite({ contentDir, baseUrl: 'https://blog.example/' })
const item = site.bySlug.get('strategisk-kommunikation-inifran')!
const base = 'https://blog.example/posts/strategisk-kommunikation-inifran'
const page = renderSubscribePage(site)

describe('the subscribe page', () => {
  it('should be a page in the site language that says what a feed reader is', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="sv">/)
    expect(page).toContain('<title>Prenumerera – Skarpt läge</title>')
    expect(page).toContain('<h1>Prenumerera</h1>')
    expect(page).toContain('<p class="lead">En flödesläsare är en app eller webbtjänst som hämtar nya inlägg')
    expect(page).toContain('<link rel="canonical" href="https://blog.example/subscribe/">')
    // The menu marks it as the current page.
    expect(page).toContain('<a href="/subscribe/" aria-current="page">RSS</a>')
  })

  it("should list the site's RSS, Atom and JSON feeds with their types and the URL to copy", () => {
    for (const [url, type, name] of [
      ['https://blog.example/feed.xml', 'application/rss+xml', 'RSS'],
      ['https://blog.example/atom.xml', 'application/atom+xml', 'Atom'],
      ['https://blog.example/feed.json', 'application/feed+json', 'JSON Feed'],
    ]) {
      expect(page).toContain(`<a href="${url}" type="${type}">${name}</a>`)
      expect(page).toContain(`<p class="feed-url"><code>${url}</code></p>`)
    }
  })

  it('should list the comment feeds of the posts with visible comments, the latest comment first', () => {
    const { posts, total } = commentFeedPosts(site)
    const discussed = site.posts.filter((post) => post.comments.some((c) => c.status === 'approved'))
    expect(total).toBe(discussed.length)
    expect(posts).toHaveLength(Math.min(total, subscribeCommentFeedLimit))
    const latest = (post: SitePost) =>
      Math.max(...post.comments.filter((c) => c.status === 'approved').map((c) => Date.parse(c.createdAt)))
    expect(posts.map(latest)).toEqual(posts.map(latest).sort((a, b) => b - a))
    expect(page).toContain(`<a href="${base}/comments.rss" type="application/rss+xml">RSS</a>`)
    expect(page).toContain(`<code>${base}/comments.rss</code>`)
    expect(page).toContain(`<a href="${base}/comments.xml" type="application/atom+xml">Atom</a>`)
    expect(page).toContain(`<a href="${base}/comments.json" type="application/feed+json">JSON Feed</a>`)
    // An English post on the Swedish page is marked as English.
    const english = posts.find((post) => post.post.lang === 'en')!
    expect(page).toContain(`<a href="${english.path}" lang="en">`)
  })

  it('should keep the list of comment feeds to the most recently discussed posts on a big blog', () => {
    const many = Array.from({ length: subscribeCommentFeedLimit + 7 }, (_, i) => ({
      ...item,
      post: { ...item.post, slug: `p-${i}`, title: `Post ${i}` },
      path: `/posts/p-${i}/`,
      comments: item.comments.map((comment) => ({
        ...comment,
        createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      })),
    }))
    const big = { ...site, posts: many }
    const { posts, total } = commentFeedPosts(big)
    expect(total).toBe(subscribeCommentFeedLimit + 7)
    expect(posts).toHaveLength(subscribeCommentFeedLimit)
    expect(posts[0]!.post.title).toBe(`Post ${subscribeCommentFeedLimit + 6}`)
    expect(renderSubscribePage(big)).toContain(
      `Här är de ${subscribeCommentFeedLimit} inlägg som senast fått kommentarer (av ${subscribeCommentFeedLimit + 7} med kommentarer).`,
    )
  })

  it('should be in English for an English site, and say when no post has comments', async () => {
    const dir = await writeContent({
      'site.json': '{ "title": "Notes", "language": "en" }',
      'posts/a.md': '---\ntitle: A & <b>\ndate: 2024-01-02T10:00:00Z\n---\n\nHi.\n',
    })
    const english = renderSubscribePage(await loadSite({ contentDir: dir, baseUrl: 'https://n.example/' }))
    expect(english).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(english).toContain('<h1>Subscribe</h1>')
    expect(english).toContain('A feed reader is an app or web service')
    expect(english).toContain('No post has comments yet.')
    expect(english).toContain('<code>https://n.example/feed.xml</code>')
  })
})

describe('links to the subscribe page and the comment feeds', () => {
  it('should send the header and footer feed links to the subscribe page, not to raw XML', () => {
    const home = renderHomePage(site, 1)
    expect(home).toContain('<li><a href="/subscribe/">RSS</a></li>')
    expect(home).toContain('<a href="/subscribe/">Prenumerera med RSS, Atom eller JSON Feed</a>')
    expect(home).not.toMatch(/<a href="[^"]*(feed\.xml|atom\.xml|feed\.json)"/)
    // The feeds are still discoverable from every page.
    expect(home).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Skarpt läge" href="https://blog.example/feed.xml">',
    )
  })

  it('should give a post page its comment feeds in RSS, Atom and JSON Feed, in the head and by the comments', () => {
    const post = renderPostPage(site, item)
    const title = 'Kommentarer till ”Strategisk kommunikation börjar inifrån”'
    expect(post).toContain(
      `<link rel="alternate" type="application/rss+xml" title="${title}" href="${base}/comments.rss">`,
    )
    expect(post).toContain(
      `<link rel="alternate" type="application/atom+xml" title="${title}" href="${base}/comments.xml">`,
    )
    expect(post).toContain(
      `<link rel="alternate" type="application/feed+json" title="${title}" href="${base}/comments.json">`,
    )
    expect(post).toContain(
      `<p class="comment-feed">Följ kommentarerna i en flödesläsare (<a href="/subscribe/">om flöden</a>): <a href="${base}/comments.rss" type="application/rss+xml">RSS</a>`,
    )
  })

  it('should write each comment feed in three formats with the same comments, linked from the site feed', () => {
    const feed = createCommentFeed(site, item)
    const formats = { rss: feed.rss(), atom: feed.atom(), json: feed.json() }
    const ids = readFeed(formats.atom).items.map((entry) => entry.id)
    expect(ids).toHaveLength(20)
    expect(readFeed(formats.rss).items.map((entry) => entry.id)).toEqual(ids)
    expect(readFeed(formats.json).items.map((entry) => entry.id)).toEqual(ids)
    expect(JSON.parse(formats.json).feed_url).toBe(`${base}/comments.json`)
    expect(formats.rss).toContain(`<atom:link href="${base}/comments.rss" rel="self"`)
    const siteFeed = createSiteFeed(site)
    expect(siteFeed.rss()).toContain(`<wfw:commentRss>${base}/comments.rss</wfw:commentRss>`)
    expect(siteFeed.atom()).toContain(
      `<link rel="replies" type="application/rss+xml" href="${base}/comments.rss"`,
    )
  })

  it('should render the subscribe page and every comment feed, list the page in the sitemap, and no XSLT', () => {
    const files = [...renderSite(site)]
    const paths = files.map((file) => file.path)
    expect(paths).toContain('/subscribe/')
    expect(paths).not.toContain('/feed.xsl')
    for (const post of site.posts) {
      for (const name of ['comments.rss', 'comments.xml', 'comments.json'])
        expect(paths).toContain(`${post.path}${name}`)
    }
    for (const file of files.filter((f) => f.kind === 'feed'))
      expect(file.body).not.toContain('xml-stylesheet')
    expect(renderSitemap(site)).toContain('<loc>https://blog.example/subscribe/</loc>')
  })
})

import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createSiteFeed,
  loadSite,
  renderHomePage,
  renderSite,
  renderSitemap,
  SiteError,
  siteSettled,
} from '../src/index.js'
import { writeContent } from './helpers.js'

const post = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\nText of ${title}.\n`
const shown = (dir: string, file: string) => path.relative(process.cwd(), path.join(dir, file))

async function loadError(contentDir: string): Promise<Error> {
  const error = await loadSite({ contentDir }).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(SiteError)
  return error as Error
}

describe('pages/', () => {
  const files = {
    'site.json': JSON.stringify({ title: 'T', baseUrl: 'https://blog.example/', nav: ['kontakt'] }),
    'posts/2021-04-12-a.md': post('Post A'),
    'pages/om.md': post('Om mig', 'menu: 2\n'),
    'pages/team.md': post('Teamet', 'parent: om\nmenu: 1\n'),
    'pages/kontakt.md': post('Kontakt', 'permalink: /kontakta-mig/\n'),
    'pages/utkast.md': post('Utkast', 'draft: true\n'),
    // As the WordPress import writes them: the parent by its WordPress id.
    'pages/wp-parent.md': post('Tjänster', 'date: 2019-01-02\nwordpress:\n  id: 12\n  type: page\n'),
    'pages/wp-child.md': post(
      'Rådgivning',
      'date: 2019-01-03\nwordpress:\n  id: 13\n  type: page\n  parent: 12\n',
    ),
  }

  it('should render each published page at /:slug/, under its parent or at its permalink', async () => {
    const site = await loadSite({ contentDir: await writeContent(files) })
    expect(site.pages.map((page) => page.path).sort()).toEqual([
      '/kontakta-mig/',
      '/om/',
      '/om/team/',
      '/wp-parent/',
      '/wp-parent/wp-child/',
    ])
    const rendered = new Map([...renderSite(site)].map((file) => [file.path, file.body]))
    const team = rendered.get('/om/team/')!
    expect(team).toContain('<h1 class="post-title">Teamet</h1>')
    expect(team).toContain('<p>Text of Teamet.</p>')
    expect(team).toContain('<a href="/om/">Om mig</a>')
    expect(team).toContain('<link rel="canonical" href="https://blog.example/om/team/">')
    expect(JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(team)![1]!)).toMatchObject(
      {
        '@type': 'WebPage',
        url: 'https://blog.example/om/team/',
      },
    )
    expect(rendered.get('/om/')).toContain(
      '<ul class="page-children"><li><a href="/om/team/">Teamet</a></li></ul>',
    )
    expect(rendered.has('/utkast/')).toBe(false)
    expect(rendered.get('/kontakta-mig/')).toContain('Kontakt')
    const sitemap = renderSitemap(site)
    expect(sitemap).toContain('<loc>https://blog.example/om/team/</loc></url>')
    expect(sitemap).toContain(
      '<url><loc>https://blog.example/wp-parent/wp-child/</loc><lastmod>2019-01-03T00:00:00.000Z</lastmod></url>',
    )
    expect(sitemap).not.toContain('utkast')
    // Pages are not posts: not in the feeds or the post lists.
    expect(createSiteFeed(site).json()).not.toContain('Teamet')
  })

  it('should link the pages with `menu` (in its order) and site.json `nav` from every page', async () => {
    const site = await loadSite({ contentDir: await writeContent(files) })
    const menu = /<ul class="menu">\n(.*?)<li><a href="\/archive\/"/s.exec(renderHomePage(site, 1))![1]
    expect(menu).toBe(
      '<li><a href="/om/team/">Teamet</a></li>\n<li><a href="/om/">Om mig</a></li>\n<li><a href="/kontakta-mig/">Kontakt</a></li>\n',
    )
    const about = [...renderSite(site)].find((file) => file.path === '/om/')!.body
    expect(about).toContain('<li><a href="/om/" aria-current="page">Om mig</a></li>')
  })

  it('should refuse a bad menu, permalink, parent or nav entry, naming the file and field', async () => {
    const bad = async (extra: Record<string, string>, expected: string) => {
      const dir = await writeContent({ ...files, ...extra })
      expect((await loadError(dir)).message).toContain(expected.replace('<dir>', dir))
    }
    await bad({ 'pages/om.md': post('Om', 'menu: yes please\n') }, '`menu` should be `true`')
    await bad({ 'pages/om.md': '---\ntitle: Om\ndate: tomorrow\n---\nText.\n' }, 'pages/om.md:3:7: date:')
    await bad(
      { 'pages/om.md': post('Om', 'permalink: ../etc/\n') },
      'pages/om.md: `permalink` should be a path',
    )
    await bad(
      { 'pages/team.md': post('Team', 'parent: nobody\n') },
      'pages/team.md: `parent` should be the slug',
    )
    await bad({ 'pages/om.md': post('Om', 'parent: team\n') }, 'its `parent` pages lead back to it')
    await bad(
      { 'site.json': JSON.stringify({ nav: ['nobody'] }) },
      'site.json: `nav[0]` names the page `nobody`, but pages/ has no page with that slug',
    )
  })
})

describe('permalink', () => {
  const twoYears = {
    'posts/2001-05-01-la-verite.md': post('La vérité 2001'),
    'posts/2003-07-01-la-verite.md': post('La vérité 2003'),
    'posts/2003-07-02-other.md': post('Other', 'categories: [Essais]\n'),
  }
  const withPattern = (permalink: string) => ({
    'site.json': JSON.stringify({ baseUrl: 'https://blog.example/', permalink }),
  })

  it('should build two posts with one slug under a dated pattern, every link following it', async () => {
    const dir = await writeContent({ ...twoYears, ...withPattern('/:year/:month/:day/:slug/') })
    const site = await loadSite({ contentDir: dir })
    expect(site.posts.map((item) => [item.path, item.id])).toEqual([
      ['/2003/07/02/other/', 'other'],
      ['/2003/07/01/la-verite/', '2003/07/01/la-verite'],
      ['/2001/05/01/la-verite/', 'la-verite'],
    ])
    const rendered = new Map([...renderSite(site)].map((file) => [file.path, file.body]))
    const newer = rendered.get('/2003/07/01/la-verite/')!
    expect(newer).toContain('<link rel="canonical" href="https://blog.example/2003/07/01/la-verite/">')
    expect(newer).toContain('rel="prev" href="/2001/05/01/la-verite/"')
    expect(newer).toContain('rel="next" href="/2003/07/02/other/"')
    expect(newer).toContain('"url":"https://blog.example/2003/07/01/la-verite/"')
    expect(newer).toContain('href="https://blog.example/2003/07/01/la-verite/comments.xml"')
    expect(rendered.has('/2003/07/01/la-verite/comments.xml')).toBe(true)
    expect(rendered.get('/feed.json')).toContain('"url":"https://blog.example/2001/05/01/la-verite/"')
    expect(rendered.get('/sitemap.xml')).toContain('<loc>https://blog.example/2001/05/01/la-verite/</loc>')
    expect(rendered.get('/')).toContain('<a href="/2003/07/01/la-verite/">La vérité 2003</a>')
    expect([...rendered.keys()].some((key) => key.startsWith('/posts/'))).toBe(false)
  })

  it('should rank related posts of two posts with one slug apart, also with the cache', async () => {
    const body = 'La vérité sort de la bouche des enfants, dit le proverbe; les enfants disent la vérité.\n'
    const tagged = Object.fromEntries(
      Object.entries(twoYears).map(([file, text]) => [
        file,
        text.replace('---\n', '---\ntags: [vérité, proverbes]\n').concat(body),
      ]),
    )
    const dir = await writeContent({ ...tagged, ...withPattern('/:year/:month/:day/:slug/') })
    const related = (site: Awaited<ReturnType<typeof loadSite>>) =>
      site.posts.map((item) => [item.id, item.related.map((link) => link.post.id).sort()])
    const plain = related(await loadSite({ contentDir: dir }))
    expect(plain).toContainEqual(['2003/07/01/la-verite', ['la-verite', 'other']])
    const cacheDir = path.join(dir, '.cache')
    for (let run = 0; run < 2; run++) {
      const site = await loadSite({ contentDir: dir, cacheDir })
      await siteSettled(site)
      expect(related(site)).toEqual(plain)
    }
  })

  it('should refuse two posts with one address under /posts/:slug/, naming both files and why', async () => {
    const dir = await writeContent({ ...twoYears, ...withPattern('/posts/:slug/') })
    expect((await loadError(dir)).message).toBe(
      `${shown(dir, 'posts/2001-05-01-la-verite.md')} and ${shown(dir, 'posts/2003-07-01-la-verite.md')} both have the address /posts/la-verite/; give one a \`slug:\` or use a dated permalink pattern in ${shown(dir, 'site.json')} (\`"permalink": "/:year/:month/:day/:slug/"\`)`,
    )
    // The default pattern is /posts/:slug/ too.
    expect((await loadError(await writeContent(twoYears))).message).toContain(
      'both have the address /posts/la-verite/',
    )
  })

  it('should refuse a page and a post, or a post and a page of the site, with one address', async () => {
    const dir = await writeContent({
      ...twoYears,
      ...withPattern('/:slug/'),
      'posts/2003-07-01-la-verite.md': post('La vérité 2003', 'slug: la-verite-2\n'),
      'pages/other.md': post('Other page'),
      'posts/2002-01-01-tags.md': post('Tags'),
    })
    const { message } = await loadError(dir)
    expect(message).toContain(
      `${shown(dir, 'pages/other.md')} and ${shown(dir, 'posts/2003-07-02-other.md')} both have the address /other/; give one a \`slug:\` or a \`permalink:\``,
    )
    expect(message).toContain(
      `${shown(dir, 'posts/2002-01-01-tags.md')} has the address /tags/, which is the site's list of tags: give it another \`slug:\``,
    )
  })

  it('should put posts under their first category with /:category/:slug/ and check it against archives', async () => {
    const dir = await writeContent({ ...twoYears, ...withPattern('/:category/:slug/') })
    // Two posts without a category both land at /la-verite/.
    expect((await loadError(dir)).message).toContain('both have the address /la-verite/')
    const fine = await writeContent({
      ...withPattern('/:category/:slug/'),
      'posts/2003-07-02-other.md': post('Other', 'categories: [Essais, PR]\n'),
    })
    expect((await loadSite({ contentDir: fine })).posts[0]!.path).toBe('/essais/other/')
  })
})

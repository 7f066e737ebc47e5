import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, csrfOf, start, tempDir } from './helpers.js'

const post = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\nText of ${title}.\n`

let server: BlogServer

beforeAll(async () => {
  const dir = tempDir()
  const files: Record<string, string> = {
    'site.json': JSON.stringify({ title: 'T', language: 'en', permalink: '/:year/:month/:day/:slug/' }),
    'posts/2001-05-01-la-verite.md': post('La vérité 2001'),
    'posts/2003-07-01-la-verite.md': post('La vérité 2003'),
    'pages/about.md': post('About me', 'menu: true\n'),
    'pages/team.md': post('The team', 'parent: about\n'),
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  server = await start({ CONTENT_DIR: dir, RATE_LIMIT: '1000', HOLD_AFTER: '1000' })
})
afterAll(cleanup)

describe('a site.json permalink pattern', () => {
  it('should answer each post at its dated address, two posts with one slug too, and 404 at /posts/', async () => {
    const c = client(server.url)
    const older = await c.get('/2001/05/01/la-verite/')
    expect(older.response.status).toBe(200)
    expect(older.text).toContain('<h1 class="post-title">La vérité 2001</h1>')
    expect(older.text).toMatch(/<link rel="canonical" href="http:\/\/[^/]+\/2001\/05\/01\/la-verite\/">/)
    expect(older.text).toContain('rel="next" href="/2003/07/01/la-verite/"')
    const newer = await c.get('/2003/07/01/la-verite/')
    expect(newer.text).toContain('<h1 class="post-title">La vérité 2003</h1>')
    expect((await c.get('/posts/la-verite/')).response.status).toBe(404)
    expect((await c.get('/2003/07/01/la-verite')).response.headers.get('location')).toBe(
      '/2003/07/01/la-verite/',
    )
    expect((await c.get('/2003/07/01/la-verite/comments.xml')).response.status).toBe(200)
    const sitemap = (await c.get('/sitemap.xml')).text
    expect(sitemap).toMatch(/<loc>http:\/\/[^/]+\/2001\/05\/01\/la-verite\/<\/loc>/)
    expect(sitemap).toMatch(/<loc>http:\/\/[^/]+\/about\/team\/<\/loc>/)
  })

  it('should take a comment at the dated address, kept apart from the other post with the slug', async () => {
    const c = client(server.url)
    const { text } = await c.get('/2003/07/01/la-verite/')
    expect(text).toContain('action="/2003/07/01/la-verite/comments#comment-form"')
    const { response } = await c.post('/2003/07/01/la-verite/comments', {
      csrf: csrfOf(text),
      name: 'Testa',
      email: '',
      url: '',
      body: 'A comment on the 2003 post.',
      website: '',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(/^\/2003\/07\/01\/la-verite\/.*#comment-/)
    expect((await c.get('/2003/07/01/la-verite/')).text).toContain('A comment on the 2003 post.')
    expect((await c.get('/2001/05/01/la-verite/')).text).not.toContain('A comment on the 2003 post.')
    expect((await c.post('/posts/la-verite/comments', { body: 'x' })).response.status).toBe(404)
  })

  it('should serve the pages of pages/, linked from the navigation when they say `menu`', async () => {
    const c = client(server.url)
    const about = await c.get('/about/')
    expect(about.response.status).toBe(200)
    expect(about.text).toContain('<h1 class="post-title">About me</h1>')
    expect(about.text).toContain('<li><a href="/about/" aria-current="page">About me</a></li>')
    const team = await c.get('/about/team/')
    expect(team.text).toContain('<a href="/about/">About me</a>')
    expect((await c.get('/')).text).toContain('<li><a href="/about/">About me</a></li>')
    expect((await c.get('/about')).response.headers.get('location')).toBe('/about/')
  })
})

import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pagePath, parsePermalink, postPath, readSiteConfig, SiteError } from '../src/index.js'
import { writeContent } from './helpers.js'

const post = {
  slug: 'sluta-mäta',
  // Note: 23:30 UTC on 31 December is already 1 January in Stockholm.
  date: new Date('2021-12-31T23:30:00Z'),
  categories: ['Sociala medier', 'PR'],
}
const site = (permalink: string, timeZone = 'UTC', root = '/') => ({
  config: { permalink, timeZone },
  urls: { root },
})

describe('postPath', () => {
  it('should make each pattern of the issue', () => {
    expect(postPath(post, site('/posts/:slug/'))).toBe('/posts/sluta-m%C3%A4ta/')
    expect(postPath(post, site('/:year/:month/:day/:slug/'))).toBe('/2021/12/31/sluta-m%C3%A4ta/')
    expect(postPath(post, site('/:year/:month/:slug/'))).toBe('/2021/12/sluta-m%C3%A4ta/')
    expect(postPath(post, site('/:slug/'))).toBe('/sluta-m%C3%A4ta/')
    expect(postPath(post, site('/:category/:slug/'))).toBe('/sociala-medier/sluta-m%C3%A4ta/')
  })

  it("should read the date in the site's time zone", () => {
    expect(postPath(post, site('/:year/:month/:day/:slug/', 'Europe/Stockholm'))).toBe(
      '/2022/01/01/sluta-m%C3%A4ta/',
    )
  })

  it('should put the path under the root of a site in a folder, and leave out an empty :category', () => {
    expect(postPath(post, site('/blog-:year/:slug/', 'UTC', '/sub/'))).toBe('/sub/blog-2021/sluta-m%C3%A4ta/')
    expect(postPath({ ...post, categories: [] }, site('/:category/:slug/'))).toBe('/sluta-m%C3%A4ta/')
  })
})

describe('parsePermalink', () => {
  it.each([
    ['posts/:slug/', 'should start and end with `/`'],
    ['/:year/:slug', 'should start and end with `/`'],
    ['/:year/', 'should have `:slug`'],
    ['/:year/:title/', 'unknown placeholder `:title`'],
    ['/:slug/:slug/', '`:slug` twice'],
    ['/:year//:slug/', 'empty segment'],
    ['/a b/:slug/', 'only letters, digits'],
    [42, 'should be a pattern string'],
  ])('should refuse %j, naming the file and the field', (pattern, why) => {
    let error: unknown
    try {
      parsePermalink(pattern, 'content/site.json')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(SiteError)
    expect((error as Error).message).toMatch(/^content\/site\.json: `permalink` /)
    expect((error as Error).message).toContain(why)
  })

  it('should be checked when site.json is read', async () => {
    const dir = await writeContent({ 'site.json': '{ "permalink": "/:year/:tilte/" }' })
    const error = await readSiteConfig(dir).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SiteError)
    expect((error as Error).message).toContain(
      `${path.relative(process.cwd(), path.join(dir, 'site.json'))}: \`permalink\` has an unknown placeholder \`:tilte\``,
    )
    await writeFile(path.join(dir, 'site.json'), '{ "permalink": "/:year/:month/:day/:slug/" }')
    expect((await readSiteConfig(dir)).permalink).toBe('/:year/:month/:day/:slug/')
    await writeFile(path.join(dir, 'site.json'), '{}')
    expect((await readSiteConfig(dir)).permalink).toBe('/posts/:slug/')
  })
})

describe('pagePath', () => {
  it('should put a page at /:slug/, under its parents, or at its own permalink', () => {
    expect(pagePath({ slug: 'om' }, site('/posts/:slug/'))).toBe('/om/')
    expect(pagePath({ slug: 'team', parents: ['om', 'vi'] }, site('/posts/:slug/', 'UTC', '/sub/'))).toBe(
      '/sub/om/vi/team/',
    )
    expect(pagePath({ slug: 'om', permalink: '/about-me' }, site('/:slug/'))).toBe('/about-me/')
  })
})

import { describe, expect, it } from 'vitest'
import {
  defaultPermalink,
  PostError,
  pagePath,
  parsePermalink,
  permalinkPlaceholders,
  postPath,
  siteTermSlugs,
  termSlug,
  termSlugs,
} from '../src/index.js'

const post = {
  slug: 'sluta-mäta',
  // Note: 23:30 UTC on 31 December is already 1 January in Stockholm.
  date: new Date('2021-12-31T23:30:00Z'),
  categories: ['Sociala medier', 'PR'],
}

describe('postPath', () => {
  it('should make each common pattern, /posts/:slug/ by default', () => {
    expect(defaultPermalink).toBe('/posts/:slug/')
    expect(postPath(post)).toBe('/posts/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink: '/posts/:slug/' })).toBe('/posts/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink: '/:year/:month/:day/:slug/' })).toBe('/2021/12/31/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink: '/:year/:month/:slug/' })).toBe('/2021/12/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink: '/:slug/' })).toBe('/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink: '/:category/:slug/' })).toBe('/sociala-medier/sluta-m%C3%A4ta/')
  })

  it('should read the date in the time zone given, UTC by default', () => {
    const permalink = '/:year/:month/:day/:slug/'
    expect(postPath(post, { permalink, timeZone: 'Europe/Stockholm' })).toBe('/2022/01/01/sluta-m%C3%A4ta/')
    expect(postPath(post, { permalink, timeZone: 'America/New_York' })).toBe('/2021/12/31/sluta-m%C3%A4ta/')
    expect(postPath({ ...post, date: new Date('2021-04-02T10:00:00Z') }, { permalink })).toBe(
      '/2021/04/02/sluta-m%C3%A4ta/',
    )
  })

  it('should put the path under the root of a site in a folder, and leave out an empty :category', () => {
    expect(postPath(post, { permalink: '/blog-:year/:slug/', root: '/sub/' })).toBe(
      '/sub/blog-2021/sluta-m%C3%A4ta/',
    )
    expect(postPath({ ...post, categories: [] }, { permalink: '/:category/:slug/' })).toBe(
      '/sluta-m%C3%A4ta/',
    )
    expect(postPath({ slug: 'a', date: post.date }, { permalink: '/x/:category/:slug/' })).toBe('/x/a/')
  })

  it('should make :category the slug of the category’s archive, also for names slugify cannot make one of', () => {
    expect(termSlug('Sociala medier')).toBe('sociala-medier')
    expect(termSlug('日本語')).toBe(
      postPath({ ...post, categories: ['日本語'] }, { permalink: '/:category/:slug/' }).split('/')[1],
    )
    expect(termSlug('!!!')).toBe('!!!')
  })

  it('should make :category the slug categorySlugs gives (the archives’ termSlugs), termSlug for a name it lacks', () => {
    const categorySlugs = termSlugs(['C', 'C++'])
    const permalink = '/:category/:slug/'
    const of = (categories: string[]) => postPath({ ...post, categories }, { permalink, categorySlugs })
    expect(of(['C'])).toBe('/c/sluta-m%C3%A4ta/')
    expect(of(['C++', 'C'])).toBe('/c-2/sluta-m%C3%A4ta/')
    expect(of(['Sociala medier'])).toBe('/sociala-medier/sluta-m%C3%A4ta/')
    expect(of([])).toBe('/sluta-m%C3%A4ta/')
    // Note: without the map, both are `c` (each name's own termSlug).
    expect(postPath({ ...post, categories: ['C++'] }, { permalink })).toBe('/c/sluta-m%C3%A4ta/')
  })

  it('should refuse a bad pattern with the error of parsePermalink', () => {
    expect(() => postPath(post, { permalink: '/:title/' })).toThrow(PostError)
  })
})

describe('termSlugs', () => {
  it('should give each name its termSlug, a later name whose slug is taken -2, -3, … (the first free)', () => {
    expect([...termSlugs(['C', 'Sociala medier', 'C++', 'c-2', 'c!', '日本語'])]).toEqual([
      ['C', 'c'],
      ['Sociala medier', 'sociala-medier'],
      ['C++', 'c-2'],
      // Note: `c-2` is taken by `C++` already: its own slug gets a number too.
      ['c-2', 'c-2-2'],
      ['c!', 'c-3'],
      ['日本語', termSlug('日本語')],
    ])
  })

  it('should let the order decide which name keeps the bare slug', () => {
    expect(termSlugs(['C++', 'C']).get('C')).toBe('c-2')
    expect(termSlugs(['C', 'C++']).get('C')).toBe('c')
  })

  it('should keep the first slug of a name given twice, and take any iterable', () => {
    expect([...termSlugs(['PR', 'pr', 'PR'])]).toEqual([
      ['PR', 'pr'],
      ['pr', 'pr-2'],
    ])
    expect([...termSlugs(new Set(['PR', 'pr']))]).toEqual([
      ['PR', 'pr'],
      ['pr', 'pr-2'],
    ])
    expect(termSlugs([])).toEqual(new Map())
  })
})

describe('siteTermSlugs', () => {
  const at = (day: string, categories: string[], tags: string[] = []) => ({
    date: new Date(`${day}T12:00:00Z`),
    categories,
    tags,
  })
  const cpp = at('2024-02-01', ['C++', 'C'])
  const make = at('2023-05-01', ['C'], ['Make'])

  it('should number the names of one slug by their oldest published post, then by name', () => {
    // Note: `C++` comes first in the newer post, but `C` has the older post.
    expect([...siteTermSlugs([cpp, make], { by: 'category' })]).toEqual([
      ['C', 'c'],
      ['C++', 'c-2'],
    ])
    // Same date: by name (code points: `C#` before `C++` before `c`).
    const day = [at('2022-01-01', ['c']), at('2022-01-01', ['C++']), at('2022-01-01', ['C#'])]
    expect([...siteTermSlugs(day, { by: 'category' })]).toEqual([
      ['C#', 'c'],
      ['C++', 'c-2'],
      ['c', 'c-3'],
    ])
    expect([...siteTermSlugs([cpp, make], { by: 'tag' })]).toEqual([['Make', 'make']])
    expect(siteTermSlugs([{ date: new Date(0) }], { by: 'category' })).toEqual(new Map())
  })

  it('should put the names only drafts and future posts have after every published one', () => {
    const draft = at('2001-01-01', ['C#', 'C'])
    const slugs = siteTermSlugs([cpp, make], { by: 'category', placed: [draft, cpp, make] })
    // Note: the draft is the oldest post, yet `C#` (only it has) takes no published name's slug.
    expect([...slugs]).toEqual([
      ['C', 'c'],
      ['C++', 'c-2'],
      ['C#', 'c-3'],
    ])
  })

  it('should keep every slug when a newer post with a new name of the same slug is added', () => {
    const before = siteTermSlugs([cpp, make], { by: 'category' })
    const newer = at('2025-03-01', ['C!'])
    const after = siteTermSlugs([newer, cpp, make], { by: 'category' })
    for (const [name, slug] of before) expect(after.get(name)).toBe(slug)
    expect(after.get('C!')).toBe('c-3')
    // An older one does move them: it is the oldest post of its name.
    expect(siteTermSlugs([at('2020-01-01', ['C!']), cpp, make], { by: 'category' }).get('C!')).toBe('c')
  })
})

describe('parsePermalink', () => {
  it('should give the parts of a pattern', () => {
    expect(parsePermalink('/blog-:year/:slug/')).toEqual([
      '/blog-',
      { name: 'year' },
      '/',
      { name: 'slug' },
      '/',
    ])
    expect(permalinkPlaceholders).toEqual(['year', 'month', 'day', 'slug', 'category'])
  })

  it.each([
    ['posts/:slug/', 'should start and end with `/`'],
    ['/:year/:slug', 'should start and end with `/`'],
    ['/:year/', 'should have `:slug`'],
    ['/:year/:title/', 'has an unknown placeholder `:title` (known: :year, :month, :day, :slug, :category)'],
    ['/:slug/:slug/', 'has `:slug` twice'],
    ['/:year//:slug/', 'should not have an empty segment'],
    ['/a b/:slug/', 'has `/a b/`: only letters, digits'],
    ['/:/:slug/', 'has an unknown placeholder `:`'],
    [42, 'should be a pattern string'],
  ])('should refuse %j with invalid-permalink, naming the file and field', (pattern, why) => {
    let error: unknown
    try {
      parsePermalink(pattern, { file: 'content/site.json' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(PostError)
    const problem = error as PostError
    expect(problem.code).toBe('invalid-permalink')
    expect(problem.file).toBe('content/site.json')
    expect(problem.line).toBeUndefined()
    expect(problem.reason).toMatch(/^permalink: /)
    expect(problem.reason).toContain(why)
    expect(problem.reason).toContain(`got \`${JSON.stringify(pattern)}\`; e.g. "/:year/:month/:day/:slug/"`)
    expect(String(problem.messages[0])).toBe(`content/site.json: ${problem.reason}`)
    expect(problem.message).toContain(`content/site.json: ${problem.reason}`)
    // The first line says where: the settings file, not "posts".
    expect(problem.message.split('\n')[0]).toBe('1 problem in content/site.json:')
  })

  it('should name the field given, and no place when there is no file', () => {
    const error = (() => {
      try {
        return parsePermalink(':slug/', { field: '--permalink' })
      } catch (caught) {
        return caught
      }
    })() as PostError
    expect(error.code).toBe('invalid-permalink')
    expect(error.file).toBeUndefined()
    expect(String(error.messages[0])).toBe(
      '--permalink: should start and end with `/`, got `":slug/"`; e.g. "/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:slug/", "/:category/:slug/" or "/posts/:slug/" (the default)',
    )
  })
})

describe('pagePath', () => {
  it('should put a page at /:slug/, under its parents, or at its own permalink', () => {
    expect(pagePath({ slug: 'om' })).toBe('/om/')
    expect(pagePath({ slug: 'team', parents: ['om', 'vi'] }, { root: '/sub/' })).toBe('/sub/om/vi/team/')
    expect(pagePath({ slug: 'kaffe & te' })).toBe('/kaffe%20%26%20te/')
    expect(pagePath({ slug: 'om', permalink: '/about-me' })).toBe('/about-me/')
    expect(pagePath({ slug: 'om', permalink: '//about-me/' }, { root: '/sub/' })).toBe('/sub/about-me/')
    expect(pagePath({ slug: 'om', permalink: '/' }, { root: '/sub/' })).toBe('/sub/')
  })
})

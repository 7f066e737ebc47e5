import { describe, expect, it } from 'vitest'
import { filterPosts, type NestablePage, nestPages, PostError, parsePost } from '../src/index.js'

const page = (slug: string, data: Record<string, unknown> = {}): NestablePage => ({
  slug,
  data,
  path: `${slug}.md`,
})

/** Each page's slug, its parent's slug, its path and menu place. */
function placed(pages: NestablePage[], options?: Parameters<typeof nestPages>[1]) {
  return [...nestPages(pages, options)].map(([p, nest]) => [p.slug, nest.parent?.slug, nest.path, nest.menu])
}

/** The `PostError` nestPages throws, as `[ruleId, message]` pairs. */
function problems(pages: NestablePage[], options?: Parameters<typeof nestPages>[1]): string[][] {
  let caught: unknown
  try {
    nestPages(pages, options)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(PostError)
  return (caught as PostError).messages.map((message) => [message.ruleId!, String(message)])
}

describe('nestPages', () => {
  it('should put a page under the page its `parent` names, at any depth, in the order given', () => {
    const pages = [
      page('team', { parent: 'om' }),
      page('anna', { parent: 'team', menu: 2 }),
      page('om', { menu: true }),
      page('kontakt'),
    ]
    expect(placed(pages)).toEqual([
      ['team', 'om', '/om/team/', undefined],
      ['anna', 'team', '/om/team/anna/', 2],
      ['om', undefined, '/om/', Number.POSITIVE_INFINITY],
      ['kontakt', undefined, '/kontakt/', undefined],
    ])
    expect(nestPages(pages).get(pages[0]!)!.parent).toBe(pages[2])
  })

  it('should follow the import’s `wordpress.parent` id, and leave a page whose parent is left out (a draft) alone', async () => {
    const parse = (path: string, front: string) =>
      parsePost({ path, value: `---\n${front}---\nText.\n` }, { defaults: { date: '2020-01-01' } })
    const parsed = await Promise.all([
      parse('tjanster.md', 'title: Tjänster\nwordpress:\n  id: 12\n'),
      parse('radgivning.md', 'title: Rådgivning\nwordpress:\n  id: 13\n  parent: 12\n'),
      parse('utkast.md', 'title: Utkast\ndraft: true\nwordpress:\n  id: 14\n'),
      parse('under-utkast.md', 'title: Under utkast\nwordpress:\n  id: 15\n  parent: "14"\n'),
    ])
    const published = filterPosts(parsed)
    expect(placed(published)).toEqual([
      ['tjanster', undefined, '/tjanster/', undefined],
      ['radgivning', 'tjanster', '/tjanster/radgivning/', undefined],
      ['under-utkast', undefined, '/under-utkast/', undefined],
    ])
  })

  it('should put a page with a `permalink` there (under `root`), and its children under it', () => {
    const pages = [page('kontakt', { permalink: '/kontakta-mig/' }), page('karta', { parent: 'kontakt' })]
    expect(placed(pages, { root: '/blogg/' })).toEqual([
      ['kontakt', undefined, '/blogg/kontakta-mig/', undefined],
      ['karta', 'kontakt', '/blogg/kontakta-mig/karta/', undefined],
    ])
    expect(placed([page('om', { permalink: '/about', parent: 'x' }), page('x')])[0]).toEqual([
      'om',
      'x',
      '/about/',
      undefined,
    ])
    expect(placed([page('sm\u00f6r')])[0]![2]).toBe('/sm%C3%B6r/')
    expect(placed([page('a', { menu: false })])[0]![3]).toBeUndefined()
  })

  it('should refuse a `parent` that is no page’s slug, naming the file and the field', () => {
    expect(problems([page('team', { parent: 'nobody' }), page('om')])).toEqual([
      ['invalid-parent', 'team.md: `parent` should be the slug of another page, got `"nobody"`'],
    ])
    // A parent left out as a draft is no page either: the front matter names it, so it is a mistake.
    expect(problems([page('team', { parent: 3 })], { file: (p) => `pages/${p.slug}.md` })).toEqual([
      ['invalid-parent', 'pages/team.md: `parent` should be the slug of another page, got `3`'],
    ])
  })

  it('should refuse a page that is its own ancestor, naming the chain once', () => {
    const pages = [
      page('om', { parent: 'team' }),
      page('team', { parent: 'om' }),
      page('under', { parent: 'team' }),
      page('self', { parent: 'self' }),
    ]
    expect(problems(pages)).toEqual([
      ['parent-cycle', 'om.md: its `parent` pages lead back to it (om → team → om): remove one `parent`'],
      ['parent-cycle', 'self.md: its `parent` pages lead back to it (self → self): remove one `parent`'],
    ])
    const wordpress = [
      page('a', { wordpress: { id: 1, parent: 2 } }),
      page('b', { wordpress: { id: 2, parent: 1 } }),
    ]
    expect(problems(wordpress)[0]![0]).toBe('parent-cycle')
  })

  it('should refuse a `permalink` that is not a path from the site root', () => {
    for (const permalink of ['../etc/', 'om/', '/a/../b/', '/a b/', 42, '/a//b/']) {
      expect(problems([page('om', { permalink })])).toEqual([
        [
          'invalid-permalink',
          `om.md: \`permalink\` should be a path from the site root such as "/om-mig/" (letters, digits, \`-\`, \`_\`, \`.\`), got \`${JSON.stringify(permalink)}\``,
        ],
      ])
    }
  })

  it('should refuse a `menu` that is not `true`, `false` or a number, with every problem at once', () => {
    const list = problems([
      page('om', { menu: 'yes please' }),
      page('team', { menu: Number.NaN, parent: 'nobody', permalink: '..' }),
    ])
    expect(list.map(([rule]) => rule)).toEqual([
      'invalid-menu',
      'invalid-parent',
      'invalid-permalink',
      'invalid-menu',
    ])
    expect(list[0]![1]).toBe(
      'om.md: `menu` should be `true` (in the navigation) or a number (its place, smallest first), got `"yes please"`',
    )
    expect(list[3]![1]).toContain('team.md: `menu` should be `true`')
  })

  it('should throw a PostError whose first problem names the file', () => {
    try {
      nestPages([page('team', { parent: 'nobody' })])
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(PostError)
      const postError = error as PostError
      expect(postError.code).toBe('invalid-parent')
      expect(postError.file).toBe('team.md')
      expect(postError.message).toBe(
        '1 problem in posts:\n  team.md: `parent` should be the slug of another page, got `"nobody"`',
      )
    }
  })
})

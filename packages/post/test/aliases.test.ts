import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { locateAliases, PostError, parsePost } from '../src/index.js'
import { loadPosts } from '../src/node.js'
import { problems } from './helpers.js'

const post = (aliases: string) => ({
  path: 'moved.md',
  value: `---\ntitle: Moved\ndate: 2018-11-02\naliases:${aliases}\n---\n\nText.\n`,
})

describe('aliases', () => {
  it('should read old addresses as paths with their query, percent-encoded and without duplicates', async () => {
    const result = await parsePost(
      post(
        '\n  - /2018/11/02/moved/\n  - https://example.com/?p=42\n  - /smörgås/\n  - /2018/11/02/moved/\n  - http://example.com/old.html',
      ),
      { siteUrl: 'https://example.com' },
    )
    expect(result.aliases).toEqual(['/2018/11/02/moved/', '/?p=42', '/sm%C3%B6rg%C3%A5s/', '/old.html'])
  })

  it('should give an empty list when there are none', async () => {
    expect((await parsePost(post(' []'))).aliases).toEqual([])
    expect(
      (await parsePost({ path: 'a.md', value: '---\ntitle: A\ndate: 2020-01-01\n---\n' })).aliases,
    ).toEqual([])
  })

  it('should refuse what is not a list, at the value', async () => {
    expect(await problems(() => parsePost(post(' /old/')))).toEqual([
      'moved.md:4:10: aliases: expected a list of old addresses (`aliases: [/2018/11/02/hello/]`), got "/old/"',
    ])
    expect(await problems(() => parsePost(post('\n  old: /x/')))).toEqual([
      'moved.md:5:3: aliases: expected a list of old addresses (`aliases: [/2018/11/02/hello/]`), got a mapping',
    ])
  })

  it('should refuse an item that is not a string, at the item', async () => {
    expect(await problems(() => parsePost(post('\n  - /ok/\n  - 42\n  - {a: 1}')))).toEqual([
      'moved.md:6:5: aliases[1]: expected an old address (a path such as `/2018/11/02/hello/` or a URL on this site), got number `42`',
      'moved.md:7:5: aliases[2]: expected an old address (a path such as `/2018/11/02/hello/` or a URL on this site), got a mapping',
    ])
  })

  it('should refuse an absolute URL of another host, naming the site and the path to write', async () => {
    const messages = await problems(() =>
      parsePost(post('\n  - https://old.example.org/2018/moved/'), { siteUrl: 'https://example.com' }),
    )
    expect(messages).toEqual([
      'moved.md:5:5: aliases[0]: "https://old.example.org/2018/moved/" is on another host than the site (example.com): an alias is an old address of this site; write its path (`/2018/moved/`)',
    ])
  })

  it('should refuse an absolute URL when the site is not known, and other schemes', async () => {
    expect(await problems(() => parsePost(post('\n  - https://example.com/a/')))).toEqual([
      'moved.md:5:5: aliases[0]: "https://example.com/a/" is an absolute URL and the site\'s address is not known (`siteUrl`): write its path (`/a/`)',
    ])
    expect(
      await problems(() =>
        parsePost(post('\n  - mailto:me@example.com'), { siteUrl: 'https://example.com' }),
      ),
    ).toEqual([
      'moved.md:5:5: aliases[0]: "mailto:me@example.com" is not an http(s) address: write a path such as `/old/`',
    ])
  })

  it('should refuse `..` and `.` segments, also percent-encoded', async () => {
    for (const alias of ['/a/../b/', '/..', '/a/%2e%2E/b/', '/./a/', 'https://example.com/a/../b']) {
      const messages = await problems(() =>
        parsePost(post(`\n  - ${alias}`), { siteUrl: 'https://example.com' }),
      )
      expect(messages, alias).toEqual([
        `moved.md:5:5: aliases[0]: ${JSON.stringify(alias)} has a \`.\` or \`..\` segment: write the address it stands for, without them`,
      ])
    }
    // Dots inside a segment are fine.
    expect((await parsePost(post('\n  - /a/..b/c.html'))).aliases).toEqual(['/a/..b/c.html'])
  })

  it('should refuse relative paths, fragments, spaces and backslashes', async () => {
    expect(
      await problems(() => parsePost(post('\n  - old/\n  - /a/#comment-1\n  - "/a b/"\n  - /a\\b'))),
    ).toEqual([
      'moved.md:5:5: aliases[0]: "old/" is not a path from the site\'s root: start it with `/` (`/old/`)',
      'moved.md:6:5: aliases[1]: "/a/#comment-1" has a `#fragment`, which never reaches the server: leave it out',
      'moved.md:7:5: aliases[2]: "/a b/" holds a space, a backslash or a control character: write the address as the browser shows it (`%20` for a space)',
      'moved.md:8:5: aliases[3]: "/a\\\\b" holds a space, a backslash or a control character: write the address as the browser shows it (`%20` for a space)',
    ])
  })

  it('should give the error code `invalid-alias` and the field', async () => {
    const error = await parsePost(post(' 5')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PostError)
    expect((error as PostError).code).toBe('invalid-alias')
    expect((error as PostError).messages[0]?.ruleId).toBe('invalid-alias')
  })

  it('should keep aliases in the cache', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-aliases-'))
    try {
      await writeFile(path.join(dir, 'moved.md'), post('\n  - /2018/11/02/moved/\n  - /?p=7').value)
      const cache = path.join(dir, '.cache')
      const first = await loadPosts(dir, { cache, ignore: ['.cache/**'] })
      const second = await loadPosts(dir, { cache, ignore: ['.cache/**'] })
      expect(first[0]?.aliases).toEqual(['/2018/11/02/moved/', '/?p=7'])
      expect(second[0]?.aliases).toEqual(['/2018/11/02/moved/', '/?p=7'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  describe('locateAliases', () => {
    it('should give the line and column of each of post.aliases, bad entries and repeats left out as parsePost does', async () => {
      const input = post(
        '\n  - /old/\n  - https://example.com/?p=42\n  - 42\n  - /old\n  - /old/\n  - "/smörgås/"',
      )
      const siteUrl = 'https://example.com'
      // Note: `42` makes parsePost refuse the post; without it the aliases are those located.
      const good = { ...input, value: input.value.replace('  - 42\n', '  - /x/\n') }
      expect((await parsePost(good, { siteUrl })).aliases).toEqual([
        '/old/',
        '/?p=42',
        '/x/',
        '/old',
        '/sm%C3%B6rg%C3%A5s/',
      ])
      expect(await locateAliases(good, { siteUrl })).toEqual([
        { line: 5, column: 5 },
        { line: 6, column: 5 },
        { line: 7, column: 5 },
        { line: 8, column: 5 },
        { line: 10, column: 5 },
      ])
      // The same file as bytes with a byte order mark; an absolute URL without `siteUrl` is not kept.
      const bytes = new TextEncoder().encode(`\ufeff${input.value}`)
      expect(await locateAliases({ path: 'moved.md', value: bytes })).toEqual([
        { line: 5, column: 5 },
        { line: 8, column: 5 },
        { line: 10, column: 5 },
      ])
    })

    it('should find aliases in a flow list and in JSON front matter, and the line of TOML ones', async () => {
      expect(await locateAliases(post(' [/a/, "/b/"]'))).toEqual([
        { line: 4, column: 11 },
        { line: 4, column: 16 },
      ])
      const json =
        '{\n  "title": "A",\n  "date": "2020-01-01",\n  "aliases": [\n    "/a/",\n    "/b/"\n  ]\n}\n\nText.\n'
      expect(await locateAliases(json)).toEqual([
        { line: 5, column: 5 },
        { line: 6, column: 5 },
      ])
      const toml = '+++\ntitle = "A"\ndate = 2020-01-01\naliases = ["/a/", "/b/"]\n+++\n\nText.\n'
      expect(await locateAliases(toml)).toEqual([
        { line: 4, column: 11 },
        { line: 4, column: 11 },
      ])
    })

    it('should give none for a file without aliases or with broken front matter', async () => {
      expect(await locateAliases('---\ntitle: A\n---\n')).toEqual([])
      expect(await locateAliases('---\ntitle: "A\naliases: [/a/]\n---\n')).toEqual([])
      expect(await locateAliases(post(' [/a/]'), { frontmatter: false })).toEqual([])
    })
  })
})

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PostError, parsePost } from '../src/index.js'
import { fixture, problems } from './helpers.js'

describe('parsePost', () => {
  it('should read YAML front matter and the built-in fields', async () => {
    const post = await parsePost(fixture('blog/hello-world.md'))
    expect(post.slug).toBe('hello-world')
    expect(post.id).toBe('hello-world')
    expect(post.title).toBe('Hello, world!')
    expect(post.date.toISOString()).toBe('2024-03-10T00:00:00.000Z')
    expect(post.updated?.toISOString()).toBe('2024-03-12T08:30:00.000Z')
    expect(post.tags).toEqual(['meta', 'Intro'])
    expect(post.categories).toEqual([])
    expect(post.draft).toBe(false)
    expect(post.lang).toBe('en')
    expect(post.description).toBe('The first post of this blog.')
    expect(post.path).toBe('blog/hello-world.md')
    expect(post.html).toBe('<h1 id="hello-world">Hello, world!</h1>\n<p>This is the <em>first</em> post.</p>')
    expect(post.text).toBe('Hello, world!\nThis is the first post.')
    expect(post.data).toEqual({
      title: 'Hello, world!',
      date: '2024-03-10',
      updated: '2024-03-12T09:30:00+01:00',
      tags: ['meta', 'Intro'],
      description: 'The first post of this blog.',
      draft: false,
    })
  })

  it('should take date and slug from a Jekyll-style file name and keep Swedish headings unique', async () => {
    const post = await parsePost(fixture('blog/2021-10-30-strategisk-kommunikation.md'), {
      timeZone: 'Europe/Stockholm',
    })
    expect(post.slug).toBe('strategisk-kommunikation')
    expect(post.date.toISOString()).toBe('2021-10-29T22:00:00.000Z')
    expect(post.lang).toBe('sv')
    expect(post.author).toBe('Anna Svensson')
    expect(post.headings).toEqual([
      { depth: 2, text: 'Målgrupper och kanaler', id: 'målgrupper-och-kanaler' },
      { depth: 2, text: 'Målgrupper och kanaler', id: 'målgrupper-och-kanaler-1' },
    ])
    expect(post.images).toEqual([{ src: '/bilder/kanaler.png', alt: 'Diagram över kanaler' }])
    expect(post.links).toEqual([
      { href: '/om-oss', text: 'om oss', internal: true },
      { href: 'https://www.msb.se/', text: 'Myndigheten', internal: false },
    ])
  })

  it('should make the excerpt from the text before `<!-- more -->` and drop the marker', async () => {
    const post = await parsePost(fixture('blog/2021-10-30-strategisk-kommunikation.md'))
    expect(post.excerpt).toEqual({
      html: '<p>Det här inlägget handlar om hur vi når fram. Vi börjar med läsarna.</p>',
      text: 'Det här inlägget handlar om hur vi når fram. Vi börjar med läsarna.',
    })
    expect(post.html).not.toContain('more')
  })

  it('should use `description` as the excerpt when there is no marker', async () => {
    const post = await parsePost(fixture('blog/hello-world.md'))
    expect(post.excerpt).toEqual({
      html: '<p>The first post of this blog.</p>',
      text: 'The first post of this blog.',
    })
  })

  it('should cut the automatic excerpt at the word budget without cutting markup', async () => {
    const post = await parsePost(
      `---\ntitle: Long\ndate: 2024-01-01\n---\n\n# Long\n\nOne two **three four five** six.\n\nSeven eight nine.\n`,
      { excerptWords: 4 },
    )
    expect(post.excerpt.html).toBe('<p>One two <strong>three four…</strong></p>')
    expect(post.excerpt.text).toBe('One two three four…')
    const whole = await parsePost(
      `---\ntitle: Short\ndate: 2024-01-01\n---\n\nOne two.\n\nThree four.\n\n## Five\n`,
    )
    expect(whole.excerpt.html).toBe('<p>One two.</p>\n<p>Three four.</p>')
  })

  it('should read TOML front matter, with dates in the time zone', async () => {
    const post = await parsePost(fixture('blog/toml-post.md'), { timeZone: 'America/New_York' })
    expect(post.title).toBe('Written in TOML')
    expect(post.date.toISOString()).toBe('2023-05-01T04:00:00.000Z')
    expect(post.tags).toEqual(['toml', 'hugo'])
  })

  it('should read JSON front matter', async () => {
    const post = await parsePost(fixture('blog/json-post.md'))
    expect(post.title).toBe('Written in JSON')
    expect(post.date.toISOString()).toBe('2023-06-01T12:00:00.000Z')
    expect(post.categories).toEqual(['formats'])
    expect(post.html).toBe('<p>Some generators write JSON front matter.</p>')
  })

  it('should keep YAML 1.2 `no`, `on` and `yes` as strings', async () => {
    const post = await parsePost(
      `---\ntitle: Norway\ndate: 2024-01-01\ncountry: no\nswitch: on\nanswer: yes\n---\n`,
    )
    expect(post.data).toMatchObject({ country: 'no', switch: 'on', answer: 'yes' })
  })

  it('should treat a leading `---` as a thematic break with `frontmatter: false`', async () => {
    const post = await parsePost('---\n\n# Title\n', { frontmatter: false, defaults: { date: '2024-01-01' } })
    expect(post.html).toBe('<hr>\n<h1 id="title">Title</h1>')
    expect(post.title).toBe('Title')
    expect(post.slug).toBe('title')
  })

  it('should name the page bundle folder as the slug and mark drafts', async () => {
    const post = await parsePost(fixture('blog/2023/hello/index.md'))
    expect(post.slug).toBe('hello')
    expect(post.draft).toBe(true)
  })

  it('should count words with the rules of `Intl.Segmenter`, for Swedish and CJK text', async () => {
    const swedish = await parsePost(
      `---\ntitle: Ord\ndate: 2024-01-01\nlang: sv\n---\n\nSjuksköterskeutbildningen är lång, men den är värd besväret. Vi ses kl. 10:30!\n`,
    )
    const segmenter = new Intl.Segmenter('sv', { granularity: 'word' })
    const expected = [...segmenter.segment(swedish.text)].filter((segment) => segment.isWordLike).length
    expect(swedish.readingTime.words).toBe(expected)
    expect(swedish.readingTime.words).toBe(13)
    const chinese = await parsePost(
      `---\ntitle: 中文\ndate: 2024-01-01\nlang: zh\n---\n\n我们今天去北京大学参观。\n`,
    )
    expect(chinese.readingTime.words).toBeGreaterThan(3)
    expect(chinese.readingTime.words).toBeLessThan(12)
    expect(chinese.readingTime.minutes).toBe(1)
  })

  it('should pass raw HTML through by default and drop it with `allowDangerousHtml: false`', async () => {
    const input = `---\ntitle: Raw\ndate: 2024-01-01\n---\n\n<div class="note">Hi</div>\n`
    expect((await parsePost(input)).html).toBe('<div class="note">Hi</div>')
    expect((await parsePost(input, { allowDangerousHtml: false })).html).toBe('')
  })

  it('should support GFM: tables, task lists, strikethrough, footnotes, autolinks', async () => {
    const post = await parsePost(
      `---\ntitle: GFM\ndate: 2024-01-01\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n~~gone~~ www.example.com, a note[^1]\n\n[^1]: Note.\n`,
    )
    expect(post.html).toContain('<table>')
    expect(post.html).toContain('<input type="checkbox" checked disabled>')
    expect(post.html).toContain('<del>gone</del>')
    expect(post.html).toContain('<a href="http://www.example.com">www.example.com</a>')
    expect(post.html).toContain('data-footnotes')
    expect(post.headings).toEqual([])
    expect(post.text).not.toContain('Footnotes')
  })

  it('should run the user’s remark and rehype plugins', async () => {
    const post = await parsePost(`---\ntitle: Plugins\ndate: 2024-01-01\n---\n\nHello\n`, {
      remarkPlugins: [
        () => (tree: { children: unknown[] }) => {
          tree.children.push({ type: 'paragraph', children: [{ type: 'text', value: 'from remark' }] })
        },
      ],
      rehypePlugins: [
        () => (tree: { children: Array<{ type: string; properties?: Record<string, unknown> }> }) => {
          for (const node of tree.children)
            if (node.type === 'element') node.properties = { className: ['x'] }
        },
      ],
    })
    expect(post.html).toBe('<p class="x">Hello</p>\n<p class="x">from remark</p>')
  })

  it('should validate front matter with a Standard Schema and type `data`', async () => {
    const schema = z.object({ title: z.string(), date: z.string(), rating: z.number().int().max(5) })
    const post = await parsePost(`---\ntitle: Rated\ndate: 2024-01-01\nrating: 4\n---\n`, { schema })
    const rating: number = post.data.rating
    expect(rating).toBe(4)
    const messages = await problems(() =>
      parsePost(
        { path: 'posts/rated.md', value: `---\ntitle: Rated\ndate: 2024-01-01\nrating: 9\n---\n` },
        { schema },
      ),
    )
    expect(messages).toEqual(['posts/rated.md:4:9: rating: Too big: expected number to be <=5 (got 9)'])
  })

  it('should point schema issues of missing and nested fields at the YAML nodes', async () => {
    const schema = z.object({ cover: z.object({ src: z.string(), alt: z.string() }), series: z.string() })
    const messages = await problems(() =>
      parsePost(
        {
          path: 'nested.md',
          value: `---\ntitle: Nested\ndate: 2024-01-01\ncover:\n  src: a.png\n  alt: 3\n---\n`,
        },
        { schema },
      ),
    )
    expect(messages).toEqual([
      'nested.md:6:8: cover.alt: Invalid input: expected string, received number (got 3)',
      'nested.md:2:1: series: Invalid input: expected string, received undefined',
    ])
  })

  it('should count links to `siteUrl` as internal, and leave footnote links out', async () => {
    const post = await parsePost(
      `---\ntitle: Links\ndate: 2024-01-01\n---\n\n[a](https://blog.example/a) [b](https://other.example/) [c](#top) [d](mailto:x@y.z) [e](../e)[^1]\n\n[^1]: Note.\n`,
      { siteUrl: 'https://blog.example' },
    )
    expect(post.links.map((link) => [link.text, link.internal])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
      ['e', true],
    ])
  })

  it('should keep nested markup whole when the excerpt is cut inside a link', async () => {
    const post = await parsePost(
      `---\ntitle: Cut\ndate: 2024-01-01\n---\n\nOne [two *three four* five](/x) six.\n`,
      { excerptWords: 3 },
    )
    expect(post.excerpt.html).toBe('<p>One <a href="/x">two <em>three…</em></a></p>')
  })

  it('should throw a `TypeError` for bad options', async () => {
    await expect(parsePost('# x', { timeZone: 'Mars/Olympus' })).rejects.toThrow(TypeError)
    await expect(parsePost('# x', { wordsPerMinute: 0 })).rejects.toThrow(
      'Expected `wordsPerMinute` to be a positive number, got `0`',
    )
    await expect(parsePost('# x', { lang: 'not a tag' })).rejects.toThrow(TypeError)
  })
})

describe('PostError', () => {
  it('should give the code, reason and place of the first problem, keeping the message', async () => {
    const error = await parsePost({
      path: 'posts/bad.md',
      value: '---\ntitle: Hej\ndate: 2023-02-30\ndraft: maybe\n---\n\nText\n',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PostError)
    const postError = error as PostError
    expect(postError.messages.map((message) => message.ruleId).sort()).toEqual([
      'invalid-date',
      'invalid-field',
    ])
    const [first] = postError.messages
    expect(postError.code).toBe(first?.ruleId)
    expect(postError.reason).toBe(first?.reason)
    expect(postError.reason).toMatch(/^(?:date|draft): /)
    expect(postError.file).toBe('posts/bad.md')
    expect([postError.line, postError.column]).toEqual([first?.line, first?.column])
    expect(String(first)).toBe(`posts/bad.md:${postError.line}:${postError.column}: ${postError.reason}`)
    expect(postError.message).toBe(
      `2 problems in posts:\n${postError.messages.map((m) => `  ${String(m)}`).join('\n')}`,
    )
  })
})

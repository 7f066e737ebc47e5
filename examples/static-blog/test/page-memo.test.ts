import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadPosts } from '@blogkit/post/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MemoPage, renderTracked } from '../src/page-memo.js'
import { compileShape, Replays, replayReads } from '../src/page-replay.js'
import { postVersions } from './post-versions.js'

/** Whether `page` reads the same from its inputs as the render recorded in `reads` did. */
function readsSame(recorded: MemoPage, now: MemoPage): boolean {
  const { reads } = renderTracked(recorded)
  if (!reads) throw new Error('expected the render to be replayable')
  const shape = compileShape(reads.shape)
  if (!shape) throw new Error('expected a valid shape')
  return replayReads(now, shape) === reads.hash
}

interface Item {
  title: string
  body: string
  tags: string[]
  next?: Item
  previous?: Item
}

const page = (render: (site: { title: string }, item: Item) => string, item: Item): MemoPage => ({
  inputs: [{ title: 'Blog' }, item],
  render,
})

describe('renderTracked and replayReads', () => {
  const titleAndTags = (site: { title: string }, item: Item) =>
    `${site.title}: ${item.title} [${item.tags.join(', ')}]`

  it('should render the page as without tracking', () => {
    const item = { title: 'A <b>', body: 'text', tags: ['x', 'y'] }
    expect(renderTracked(page(titleAndTags, item)).body).toBe('Blog: A <b> [x, y]')
  })

  it('should find the same reads in equal inputs (other objects), and not when a read value changed', () => {
    const before = page(titleAndTags, { title: 'A', body: 'one', tags: ['x'] })
    expect(readsSame(before, page(titleAndTags, { title: 'A', body: 'one', tags: ['x'] }))).toBe(true)
    expect(readsSame(before, page(titleAndTags, { title: 'B', body: 'one', tags: ['x'] }))).toBe(false)
    expect(readsSame(before, page(titleAndTags, { title: 'A', body: 'one', tags: ['x', 'z'] }))).toBe(false)
    expect(readsSame(before, { ...before, inputs: [{ title: 'Other blog' }, before.inputs[1]] })).toBe(false)
  })

  it('should not depend on what the render did not read', () => {
    const before = page(titleAndTags, { title: 'A', body: 'one', tags: ['x'] })
    expect(readsSame(before, page(titleAndTags, { title: 'A', body: 'two', tags: ['x'] }))).toBe(true)
  })

  it('should notice when a branch of the template reads other fields', () => {
    const render = (_site: { title: string }, item: Item) =>
      item.next ? `next: ${item.next.title}` : `body: ${item.body}`
    const alone = { title: 'A', body: 'one', tags: [] }
    const withNext = { title: 'A', body: 'one', tags: [], next: { title: 'B', body: '', tags: [] } }
    expect(readsSame(page(render, alone), page(render, withNext))).toBe(false)
    expect(readsSame(page(render, withNext), page(render, alone))).toBe(false)
    const otherNext = { ...withNext, next: { title: 'C', body: '', tags: [] } }
    expect(readsSame(page(render, withNext), page(render, otherNext))).toBe(false)
  })

  it('should tell an object met again from an equal one (a.next.previous === a)', () => {
    const render = (_site: { title: string }, item: Item) =>
      item.next?.previous === item ? 'linked' : 'not linked'
    const linked: Item = { title: 'A', body: '', tags: [] }
    linked.next = { title: 'B', body: '', tags: [], previous: linked }
    const copy: Item = { title: 'A', body: '', tags: [] }
    copy.next = { title: 'B', body: '', tags: [], previous: { title: 'A', body: '', tags: [] } }
    expect(renderTracked(page(render, linked)).body).toBe('linked')
    expect(readsSame(page(render, linked), page(render, copy))).toBe(false)
  })

  it('should record `in` tests and lists of keys', () => {
    const keys = (_site: unknown, item: Record<string, unknown>) =>
      `${'draft' in item} ${Object.keys(item).join(',')}`
    const before: MemoPage = { inputs: [{}, { a: 1 }], render: keys }
    expect(readsSame(before, { inputs: [{}, { a: 2 }], render: keys })).toBe(true)
    expect(readsSame(before, { inputs: [{}, { a: 1, draft: true }], render: keys })).toBe(false)
    expect(readsSame(before, { inputs: [{}, { b: 1 }], render: keys })).toBe(false)
  })

  it('should give no reads for a render that read a Map (it cannot be replayed)', () => {
    const render = (site: { names: Map<string, string> }) => site.names.get('a') ?? ''
    const result = renderTracked({ inputs: [{ names: new Map([['a', 'A']]) }], render })
    expect(result.body).toBe('A')
    expect(result.reads).toBeUndefined()
  })

  it('should record each key read from an object once, also past the third key', () => {
    const fields = ['a', 'b', 'c', 'd', 'e'] as const
    const render = (_site: unknown, item: Record<string, string>) =>
      [...fields, ...fields].map((field) => item[field]).join()
    const item = { a: '1', b: '2', c: '3', d: '4', e: '5' }
    const { reads } = renderTracked({ inputs: [{}, item], render })
    expect(reads!.shape.split('\n')).toEqual(['-1\t0', '-1\t1', ...fields.map((field) => `1\t${field}`)])
    for (const field of fields)
      expect(
        readsSame({ inputs: [{}, item], render }, { inputs: [{}, { ...item, [field]: '!' }], render }),
      ).toBe(false)
    expect(readsSame({ inputs: [{}, item], render }, { inputs: [{}, { ...item }], render })).toBe(true)
  })

  it('should tell apart values whose texts run together: NUL inside strings, empty strings, marks as text', () => {
    // Note: the reads of a page are hashed as one text; a string is written as it is when it has no NUL,
    // so every value that could look like another sequence of values must still read as different.
    const shown = (value: unknown) =>
      value instanceof Date || Array.isArray(value)
        ? String(value)
        : typeof value === 'object' && value
          ? '{}'
          : value
    const pair = (_site: unknown, item: { a: unknown; b: unknown }) =>
      `${String(shown(item.a))}|${String(item.b)}`
    const pages = [
      { a: 'x\0y', b: 'z' },
      { a: 'x', b: 'y\0z' },
      { a: '', b: 'x' },
      { a: undefined, b: 'x' },
      { a: null, b: 'x' },
      { a: 'null', b: 'x' },
      { a: '\0null', b: 'x' },
      { a: 'undefined:undefined', b: 'x' },
      { a: '\0O', b: 'x' },
      { a: {}, b: 'x' },
      { a: 'date:0', b: 'x' },
      { a: new Date(0), b: 'x' },
      { a: ['x', 'y'], b: 'x' },
      { a: 'x\0y', b: 'x' },
      { a: '\0[2:x\0y]', b: 'x' },
      { a: 1, b: 'x' },
      { a: '1', b: 'x' },
      { a: '\0number:1', b: 'x' },
    ]
    for (const [i, before] of pages.entries())
      for (const [j, now] of pages.entries())
        expect([
          i,
          j,
          readsSame({ inputs: [{}, before], render: pair }, { inputs: [{}, now], render: pair }),
        ]).toEqual([i, j, i === j])
  })

  it('should digest a page that reads many places as the replay does (the reads hashed in chunks)', () => {
    // Note: over 100,000 characters of reads, with non-ASCII titles and a lone surrogate, so that the
    // recorded digest is hashed in several chunks.
    const items = Array.from({ length: 3000 }, (_, n) => ({ title: `Smörgåsbord ✓ ${n} \ud800`, n }))
    const list = (_site: unknown, all: Array<{ title: string; n: number }>) =>
      all.map((item) => `${item.title}${item.n}`).join()
    const before: MemoPage = { inputs: [{}, items], render: list }
    expect(readsSame(before, { inputs: [{}, structuredClone(items)], render: list })).toBe(true)
    for (const at of [0, 1500, 2999]) {
      const changed = structuredClone(items)
      changed[at]!.title = `${changed[at]!.title}!`
      expect(readsSame(before, { inputs: [{}, changed], render: list })).toBe(false)
    }
  })

  it("should replay a shape once for pages of the same inputs (a post's three feeds), per build", () => {
    let reads = 0
    const counted = (title: string): Item => ({
      get title() {
        reads++
        return title
      },
      body: '',
      tags: ['x'],
    })
    const site = { title: 'Blog' }
    const a = counted('A')
    const { reads: recorded } = renderTracked(page(titleAndTags, a))
    const shape = compileShape(recorded!.shape)!
    reads = 0
    const replays = new Replays()
    const feeds = ['rss', 'atom', 'json'].map((): MemoPage => ({ inputs: [site, a], render: titleAndTags }))
    expect(feeds.map((feed) => replays.replay(feed, shape))).toEqual([
      recorded!.hash,
      recorded!.hash,
      recorded!.hash,
    ])
    expect(reads).toBe(1)
    // Other inputs (the next post's feeds) are replayed; so is a build's first page (a new `Replays`).
    const b = counted('B')
    expect(replays.replay({ inputs: [site, b], render: titleAndTags }, shape)).not.toBe(recorded!.hash)
    expect(new Replays().replay(feeds[0]!, shape)).toBe(recorded!.hash)
    expect(reads).toBe(3)
  })

  it('should refuse a damaged shape', () => {
    expect(compileShape('0\tkey')).toBeUndefined()
    expect(compileShape('no tab')).toBeUndefined()
    expect(compileShape('-1\t0\n0\ttitle')).toBeDefined()
    for (const damaged of [
      '',
      '\tk',
      'x\tk',
      '-2\tk',
      '-\tk',
      '-1 \tk',
      '0x1\tk',
      '-1\tk\n1\tq',
      '-1\tk\n12345678901\tq',
    ])
      expect([damaged, compileShape(damaged)]).toEqual([damaged, undefined])
    expect(compileShape('-1\t0\n-1\tk\n')).toBeUndefined()
  })

  it('should compile each kind of read: a get, an `in` test, a post field, the keys, a symbol', () => {
    const shape = compileShape('-1\t0\n0\ttitle\n0\t?next\n0\t#body\n0\t!keys\n0\t@@iterator\n5\t!key\n6\t')
    expect(shape && [...shape.from]).toEqual([-1, 0, 0, 0, 0, 0, 5, 6])
    expect(shape && [...shape.kinds]).toEqual([0, 0, 1, 3, 2, 0, 0, 0])
    expect(shape?.keys).toEqual(['0', 'title', 'next', 'body', '!keys', Symbol.iterator, '!key', ''])
  })

  describe('with posts from loadPosts', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'blogkit-memo-'))
    })
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    it('should read a post title by value and its body as the post file (its digest)', async () => {
      const { first, again, edited } = await postVersions(dir)
      const title = (_site: unknown, item: { post: { title: string } }) => item.post.title
      const html = (_site: unknown, item: { post: { html: string } }) => item.post.html
      const at = (render: MemoPage['render'], post: unknown): MemoPage => ({ inputs: [{}, { post }], render })
      expect(first).not.toBe(again)
      expect(readsSame(at(html, first), at(html, again))).toBe(true)
      expect(readsSame(at(title, first), at(title, edited))).toBe(true)
      expect(readsSame(at(html, first), at(html, edited))).toBe(false)
      // The body of a post from the cache is decoded when first read; replaying does not read it.
      const [cached] = await loadPosts(dir, { cache: path.join(dir, 'cache') })
      const { reads } = renderTracked(at(html, edited))
      replayReads(at(html, cached), compileShape(reads!.shape)!)
      expect('value' in Object.getOwnPropertyDescriptor(cached, 'html')!).toBe(false)
    })
  })
})

import { hash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openRelatedCache, type RelatedCacheOptions, type RelatedLists } from '../src/incremental/index.js'
import { createRelatedIndex, type RelatedDoc, type RelatedPost } from '../src/index.js'
import { readSavedLists, temporaryFolder } from './helpers.js'

// The saved lists read one at a time (src/incremental/saved-lists.ts): `rankLists`, each list's digest and
// ids, and the damaged files found before `rank` answers. What is parsed is seen by watching `JSON.parse`:
// a text holding `"reasons"` is a list (or, before version 9 of the file, every list at once).

let dir: string
temporaryFolder('blogkit-related-lazy-', (made) => {
  dir = made
})

/** 30 posts in six topics of their own words, so that a change in one topic leaves the others' lists. */
function topicPosts(): RelatedDoc[] {
  const topics: Record<string, string[]> = {
    dogs: ['dog', 'leash', 'walk', 'forest', 'puppy', 'bark', 'kennel'],
    bread: ['bread', 'flour', 'yeast', 'oven', 'dough', 'crust', 'bake'],
    sail: ['sail', 'boat', 'wind', 'harbour', 'keel', 'mast', 'anchor'],
    stars: ['star', 'telescope', 'galaxy', 'orbit', 'comet', 'nebula', 'planet'],
    chess: ['chess', 'bishop', 'knight', 'rook', 'pawn', 'gambit', 'endgame'],
    bees: ['bee', 'hive', 'honey', 'pollen', 'queen', 'swarm', 'wax'],
  }
  return Object.entries(topics).flatMap(([topic, words]) =>
    [0, 1, 2, 3, 4].map((n) => ({
      id: `${topic}-${n}`,
      title: `${words[n]} and ${words[n + 1]}`,
      text: words.map((word, i) => `${word} `.repeat(1 + ((i + n) % 4))).join('. '),
      tags: [topic],
      lang: 'en',
    })),
  )
}

/** The posts with `id` rewritten in the words of the bees. */
const moved = (posts: readonly RelatedDoc[], id: string) =>
  posts.map((post) =>
    post.id === id
      ? { ...post, title: 'honey bees', text: 'bee hive honey pollen wax swarm', tags: ['bees'] }
      : post,
  )

const options = (name: string): RelatedCacheOptions => ({
  dir: path.join(dir, name),
  limit: 3,
  neighbourhood: 2,
})

/** The texts of lists that `JSON.parse` parsed while `run` ran. */
async function listsParsedBy<T>(run: () => Promise<T>): Promise<{ value: T; parsed: string[] }> {
  const spy = vi.spyOn(JSON, 'parse')
  try {
    const value = await run()
    const parsed = spy.mock.calls.map(([text]) => text).filter((text) => text.includes('"reasons"'))
    return { value, parsed }
  } finally {
    spy.mockRestore()
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

const all = (lists: RelatedLists) => new Map([...lists.keys()].map((id) => [id, lists.get(id)!]))
const sha1 = (list: readonly RelatedPost[] | undefined) => hash('sha1', JSON.stringify(list), 'base64url')

/** Open the cache, rank with `rankLists`, wait for its saves. */
async function rankLists(
  name: string,
  posts: readonly RelatedDoc[],
  more: Partial<RelatedCacheOptions> = {},
) {
  const cache = await openRelatedCache({ ...options(name), ...more })
  const lists = await cache.rankLists(posts)
  await cache.settled()
  return lists
}

describe('RelatedCache `rankLists`', { timeout: 60_000 }, () => {
  it('should parse no list when nothing changed, and each list once when asked for', async () => {
    const posts = topicPosts()
    const first = await rankLists('unchanged', posts)
    const { value: lists, parsed } = await listsParsedBy(() => rankLists('unchanged', posts))
    expect(parsed).toEqual([])
    expect(lists.size).toBe(posts.length)
    expect([...lists.keys()]).toEqual(posts.map((post) => post.id))
    // Each list parsed when first asked for (a line of its own), and kept.
    const { parsed: one } = await listsParsedBy(async () => [lists.get('dogs-1'), lists.get('dogs-1')])
    expect(one).toHaveLength(1)
    expect(JSON.parse(one[0]!)).toEqual(first.get('dogs-1'))
    expect(lists.get('no-such-post')).toBeUndefined()
    expect(lists.digest('no-such-post')).toBeUndefined()
    expect(lists.ids('no-such-post')).toBeUndefined()
  })

  it('should give the ids and digest of each list without reading it', async () => {
    const posts = topicPosts()
    const ranked = createRelatedIndex(posts).relatedAll({ limit: 3 })
    await rankLists('ids', posts)
    const { value, parsed } = await listsParsedBy(async () => {
      const lists = await rankLists('ids', posts)
      return {
        lists,
        ids: posts.map((post) => lists.ids(post.id)),
        digests: posts.map((post) => lists.digest(post.id)),
      }
    })
    expect(parsed).toEqual([])
    expect(value.ids).toEqual(posts.map((post) => ranked.get(post.id)!.map((hit) => hit.id)))
    // The digest saved is the one of the list's text as `JSON.stringify` gives it.
    expect(value.digests).toEqual(posts.map((post) => sha1(value.lists.get(post.id))))
    const saved = await readSavedLists(path.join(dir, 'ids', 'related-lists.json'))
    for (const [id, list] of Object.entries(saved.results))
      expect(saved.digests[id]).toBe(sha1(list as RelatedPost[]))
    // A line written by `JSON.stringify` is what `JSON.stringify` gives for it parsed: the same digest.
    const lines = (await readFile(path.join(dir, 'ids', 'related-lists.json'), 'utf8')).split('\n').slice(2)
    expect(lines).toHaveLength(posts.length)
    for (const line of lines) expect(JSON.stringify(JSON.parse(line))).toBe(line)
  })

  it('should parse only the old lists it compares when a post changed', async () => {
    const posts = topicPosts()
    const before = await rankLists('one-change', posts)
    const changed = moved(posts, 'dogs-2')
    const { value: lists, parsed } = await listsParsedBy(() => rankLists('one-change', changed))
    // The lists ranked again: the changed post's, those that held it, and its 2 nearest posts' (in the
    // bees' topic now); only those that were saved are parsed, one line each.
    const holders = posts.filter((post) => before.ids(post.id)!.includes('dogs-2')).length
    expect(parsed.length).toBeGreaterThan(0)
    expect(parsed.length).toBeLessThanOrEqual(1 + holders + 2)
    for (const text of parsed) expect(text.startsWith('[')).toBe(true)
    // The same lists as `rank` gives (a cache opened again, nothing changed since).
    expect(all(lists)).toEqual(await (await openRelatedCache(options('one-change'))).rank(changed))
  })

  it('should keep a list digest while the list stays the same, and change it with the list', async () => {
    const posts = topicPosts()
    const before = await rankLists('digests', posts, { rewriteAfter: { changes: 1, lists: 1 } })
    const digests = new Map(posts.map((post) => [post.id, before.digest(post.id)]))
    const changed = moved(posts, 'dogs-2')
    // Through the journal (lists ranked again, read back by v8), then a new process on the same journal.
    const journal = await rankLists('digests', changed, { rewriteAfter: { changes: 1, lists: 1 } })
    const reopened = await rankLists('digests', changed, { rewriteAfter: { changes: 1, lists: 1 } })
    for (const lists of [journal, reopened]) {
      expect(lists.digest('chess-1')).toBe(digests.get('chess-1'))
      expect(lists.digest('stars-4')).toBe(digests.get('stars-4'))
      expect(lists.digest('dogs-2')).not.toBe(digests.get('dogs-2'))
      for (const id of lists.keys()) {
        expect(lists.digest(id)).toBe(sha1(lists.get(id)))
        expect(lists.digest(id) === digests.get(id)).toBe(sha1(lists.get(id)) === sha1(before.get(id)))
      }
    }
    // Ranked afresh: the same digest for the same list.
    const fresh = await rankLists('digests-fresh', changed)
    for (const id of fresh.keys()) {
      expect(fresh.digest(id)).toBe(sha1(fresh.get(id)))
      expect(fresh.digest(id) === reopened.digest(id)).toBe(sha1(fresh.get(id)) === sha1(reopened.get(id)))
    }
  })

  it('should give the lists `rank` gives, both counting as the one rank of a cache', async () => {
    let posts = topicPosts()
    for (const step of ['first', 'journal', 'rewrite', 'nothing']) {
      if (step === 'journal') posts = moved(posts, 'sail-0')
      if (step === 'rewrite') posts = moved(posts, 'chess-3').filter((post) => post.id !== 'stars-1')
      const rewriteAfter = step === 'rewrite' ? { changes: 0 } : { changes: 1, lists: 1 }
      const lists = await rankLists('same-as-rank', posts, { rewriteAfter })
      const other = await openRelatedCache({ ...options('same-as-rank-map'), rewriteAfter })
      expect(all(lists), step).toEqual(await other.rank(posts))
      await other.settled()
    }
    const once = await openRelatedCache(options('same-as-rank'))
    await once.rankLists(posts)
    await expect(once.rank(posts)).rejects.toThrow('Expected one `rank` per `openRelatedCache`')
  })
})

describe('RelatedCache: a new base written from the lists as read', { timeout: 60_000 }, () => {
  it('should write the lists it did not parse from their bytes, and keep rank after rank lazy with `keepOpen`', async () => {
    let posts = topicPosts()
    const file = path.join(dir, 'kept', 'related-lists.json')
    const listLines = async () => {
      const lines = (await readFile(file, 'utf8')).split('\n').slice(2)
      const { ids } = JSON.parse((await readFile(file, 'utf8')).split('\n')[1]!) as { ids: string[] }
      return new Map(ids.map((id, i) => [id, lines[i]!]))
    }
    // The lists saved by another process: read from the file by this one.
    await rankLists('kept', posts)
    const firstLines = await listLines()
    const cache = await openRelatedCache({
      ...options('kept'),
      keepOpen: true,
      rewriteAfter: { changes: 0.05 },
    })
    try {
      await cache.rankLists(posts)
      // One post changed (1 of 30: the journal), then another (2: past 5 %, a new base).
      posts = moved(posts, 'dogs-2')
      await cache.rankLists(posts)
      posts = moved(posts, 'bread-4')
      const stringified = vi.spyOn(JSON, 'stringify')
      const { value: rewritten, parsed } = await listsParsedBy(async () => {
        const lists = await cache.rankLists(posts)
        await cache.settled()
        return lists
      })
      const listsStringified = stringified.mock.calls.filter(
        ([value]) =>
          Array.isArray(value) && (value as unknown[]).some((hit) => (hit as RelatedPost)?.reasons),
      ).length
      stringified.mockRestore()
      expect(parsed.length).toBeLessThan(posts.length / 2)
      expect(listsStringified).toBeLessThan(posts.length / 2)
      const after = await listLines()
      // Untouched lists: the same bytes; the whole file as a fresh rank's lists.
      expect(after.get('chess-1')).toBe(firstLines.get('chess-1'))
      expect(Object.fromEntries(all(rewritten))).toEqual((await readSavedLists(file)).results)
      expect(all(rewritten)).toEqual(await (await openRelatedCache(options('kept'))).rank(posts))
      // The next rank compares with the new base held in memory: nothing changed, nothing parsed.
      const { parsed: none } = await listsParsedBy(() => cache.rankLists(posts))
      expect(none).toEqual([])
      posts = moved(posts, 'stars-0')
      const next = await cache.rankLists(posts)
      expect(all(next)).toEqual(await (await openRelatedCache(options('kept'))).rank(posts))
      expect(next.digest('chess-1')).toBe(rewritten.digest('chess-1'))
    } finally {
      await cache.close()
    }
  })
})

describe('RelatedCache: damaged saved lists found before `rank` answers', { timeout: 60_000 }, () => {
  const damage: Array<[string, (text: string) => string]> = [
    ['truncated inside a list', (text) => text.slice(0, Math.floor(text.length * 0.7))],
    ['the last list cut short', (text) => text.slice(0, -5)],
    [
      'a line missing',
      (text) =>
        text
          .split('\n')
          .filter((_, i) => i !== 7)
          .join('\n'),
    ],
    [
      'a changed score inside one list',
      (text) => {
        const lines = text.split('\n')
        lines[5] = lines[5]!.replace(/"score":(\d)/, (_, digit) => `"score":${(Number(digit) + 1) % 10}`)
        return lines.join('\n')
      },
    ],
  ]
  it.each(damage)('should tell of %s and rank afresh', async (what, change) => {
    const posts = topicPosts()
    const name = `damaged-${what.replaceAll(' ', '-')}`
    const file = path.join(dir, name, 'related-lists.json')
    await rankLists(name, posts)
    const text = await readFile(file, 'utf8')
    const damaged = change(text)
    expect(damaged).not.toBe(text)
    await writeFile(file, damaged)
    const warnings: string[] = []
    const cache = await openRelatedCache({ ...options(name), onWarning: (message) => warnings.push(message) })
    expect(warnings).toEqual([])
    const lists = await cache.rank(posts)
    await cache.settled()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(file)
    expect(warnings[0]).toContain('ranking every post')
    expect(lists).toEqual(createRelatedIndex(posts).relatedAll({ limit: 3 }))
    expect(await readFile(file, 'utf8')).not.toBe(damaged)
  })

  it('should rank afresh, quietly (an upgrade), from saved lists of version 8 (every list on one line)', async () => {
    const posts = topicPosts()
    const file = path.join(dir, 'lists-v8', 'related-lists.json')
    await rankLists('lists-v8', posts)
    const { generation, limit, options: settings, hashes, results } = await readSavedLists(file)
    // As version 8 wrote them, with every list emptied so that reusing them would show.
    const emptied = Object.fromEntries(Object.keys(results).map((id) => [id, []]))
    const header = { version: 8, generation, limit, options: settings }
    await writeFile(file, `${JSON.stringify(header)}\n${JSON.stringify({ hashes, results: emptied })}`)
    const warnings: string[] = []
    const cache = await openRelatedCache({
      ...options('lists-v8'),
      onWarning: (message) => warnings.push(message),
    })
    const lists = await cache.rank(posts)
    await cache.settled()
    expect(warnings).toEqual([])
    expect(lists).toEqual(createRelatedIndex(posts).relatedAll({ limit: 3 }))
    expect((await readSavedLists(file)).version).toBe(9)
  })
})

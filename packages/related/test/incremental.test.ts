import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  openRelatedCache,
  type RankOptions,
  type RelatedCacheOptions,
  relatedDocFrom,
  relatedFields,
} from '../src/incremental/index.js'
import { indexFromFile } from '../src/incremental/index-file.js'
import { type Journal, journalBytes } from '../src/incremental/journal.js'
import { createRelatedIndex, type RelatedDoc, RelatedError, type RelatedPost } from '../src/index.js'
import { fixturePosts, readSavedLists, writeSavedLists } from './helpers.js'

// The incremental ranking of @blogkit/related/incremental: lists and index saved in a folder, a journal
// of the changes since, the index restored in a worker thread (src/incremental/worker.ts, which runs
// built, as dist/worker.js: `npm run build` first, as turbo does).

let dir: string
beforeAll(async () => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url)))
    throw new Error('dist/ is missing: run `npm run build -w @blogkit/related` before the tests')
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-related-incremental-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Every list as ids, rounded scores and reasons. */
const shown = (results: ReadonlyMap<string, readonly RelatedPost[]>) =>
  Object.fromEntries(
    [...results].map(([id, list]) => [
      id,
      list.map((hit) => [hit.id, hit.score.toFixed(4), hit.reasons.tags, hit.reasons.terms]),
    ]),
  )

/** The folder of the cases of one `describe.each` below, and where they restore the index. */
let root: string
let restoreIn: Pick<RelatedCacheOptions, 'workerAbove'> = {}

/** Open the cache in `root/<name>`, rank once, wait for the background save. */
async function rank(
  name: string,
  posts: readonly RelatedDoc[],
  options: Partial<RelatedCacheOptions> = {},
  rankOptions?: RankOptions,
) {
  const cache = await openRelatedCache({ dir: path.join(root, name), limit: 3, ...restoreIn, ...options })
  const results = await cache.rank(posts, rankOptions)
  await cache.settled()
  return results
}

const fresh = (posts: readonly RelatedDoc[]) => createRelatedIndex(posts).relatedAll({ limit: 3 })

// Note: every case twice: a small index (all of these) is restored in the caller's thread by default, and
// in a worker thread with `workerAbove: 0`.
describe.each([
  ['in the calling thread', 'thread', undefined],
  ['in a worker thread', 'worker', 0],
] as const)('openRelatedCache, the index restored %s', { timeout: 60_000 }, (_, folder, workerAbove) => {
  beforeAll(() => {
    root = path.join(dir, folder)
    restoreIn = { workerAbove }
  })

  it('should rank every post afresh the first time, and reuse the lists when nothing changed', async () => {
    const posts = fixturePosts()
    const first = await rank('first', posts)
    expect(shown(first)).toEqual(shown(fresh(posts)))
    const lists = path.join(root, 'first', 'related-lists.json')
    const written = (await stat(lists)).mtimeMs
    expect(shown(await rank('first', posts))).toEqual(shown(first))
    expect((await stat(lists)).mtimeMs).toBe(written)
  })

  it('should give the same lists with the journal as when the index is saved whole each time', async () => {
    let posts = fixturePosts()
    const journalFile = path.join(root, 'journal', 'related-journal.bin')
    const both = async () => {
      const journal = await rank('journal', posts, { rewriteAfter: { changes: 1, lists: 1 } })
      const whole = await rank('whole', posts, { rewriteAfter: { changes: 0 } })
      expect(shown(journal)).toEqual(shown(whole))
      return journal
    }
    const listed = (results: Map<string, readonly RelatedPost[]>) =>
      results.get('hundar-promenad')!.map((hit) => hit.id)
    expect(listed(await both())).not.toContain('dplyr-joins')
    const changes: Array<() => void> = [
      // A post changes so that it enters another post's list.
      () => {
        posts = posts.map((post) =>
          post.id === 'dplyr-joins'
            ? { ...post, tags: ['hundar'], text: `${post.text} Hundar på promenad i skogen, hundar.` }
            : post,
        )
      },
      () => {
        posts = [
          ...posts,
          { id: 'ny-hund', title: 'En ny hund', text: 'Hundar och promenader i skogen.', lang: 'sv' },
        ]
      },
      () => {
        posts = posts.filter((post) => post.id !== 'haus-fenster')
      },
    ]
    for (const change of changes) {
      change()
      await both()
      expect((await stat(journalFile)).size).toBeGreaterThan(0)
    }
    const last = await rank('journal', posts)
    expect(last.has('haus-fenster')).toBe(false)
    expect(listed(last)).toContain('dplyr-joins')

    // Past the limits, the journal is folded into the saved lists and index, and deleted.
    posts = posts.map((post) => (post.id === 'ny-hund' ? { ...post, text: `${post.text} Mer.` } : post))
    const folded = await rank('journal', posts, { rewriteAfter: { changes: 0 } })
    await expect(stat(journalFile)).rejects.toThrow()
    expect(shown(folded)).toEqual(shown(await rank('whole', posts, { rewriteAfter: { changes: 0 } })))
  })

  it('should take what changed from `digest`, without reading the posts', async () => {
    const posts = fixturePosts()
    await rank('digest', posts, {}, { digest: () => 'same' })
    const changed = posts.map((post) => (post.id === 'dplyr-joins' ? { ...post, tags: ['hundar'] } : post))
    // Same digests: the saved lists stand, although a post changed.
    expect(shown(await rank('digest', changed, {}, { digest: () => 'same' }))).toEqual(shown(fresh(posts)))
    // Its digest changed: its list and the lists around it are ranked again.
    const again = await rank(
      'digest',
      changed,
      {},
      { digest: (post) => (post.id === 'dplyr-joins' ? 'new' : 'same') },
    )
    expect(again.get('dplyr-joins')).not.toEqual(fresh(posts).get('dplyr-joins'))
  })

  it('should rank afresh, not fail, when the saved index is damaged or has a format this version cannot read', async () => {
    let posts = fixturePosts()
    const cache = path.join(root, 'format')
    await rank('format', posts)
    const lists = await readSavedLists(path.join(cache, 'related-lists.json'))
    // Saved by an older version of @blogkit/related (`toJSON()` in the file), with the right generation;
    // a snapshot of a future format; a damaged file; a truncated one.
    const index = await readFile(path.join(cache, 'related-index.bin'))
    const unreadable = [
      v8.serialize({ generation: lists.generation, index: createRelatedIndex(posts).toJSON() }),
      v8.serialize({
        generation: lists.generation,
        snapshot: { format: 'blogkit-related-snapshot', version: 999 },
      }),
      Buffer.from('not an index'),
      index.subarray(0, index.length >> 1),
    ]
    for (const [n, bytes] of unreadable.entries()) {
      await writeFile(path.join(cache, 'related-index.bin'), bytes)
      posts = posts.map((post) =>
        post.id === 'dplyr-release' ? { ...post, text: `${post.text} One more paragraph (${n}).` } : post,
      )
      expect(shown(await rank('format', posts))).toEqual(shown(fresh(posts)))
      // The index was saved again, in the format of this version.
      const saved = await readSavedLists(path.join(cache, 'related-lists.json'))
      expect(saved.generation).not.toBe(lists.generation)
      const restored = indexFromFile(await readFile(path.join(cache, 'related-index.bin')), saved.generation)
      expect(shown(restored!.relatedAll({ limit: 3 }))).toEqual(shown(fresh(posts)))
    }
  })

  it('should rank afresh, not post by post, when more than a tenth of the posts changed', async () => {
    let posts = fixturePosts()
    const cache = path.join(root, 'many')
    const generation = async () => (await readSavedLists(path.join(cache, 'related-lists.json'))).generation
    // Note: the journal only (no rewrites), so that a new base shows that every list was ranked afresh.
    const rewriteAfter = { changes: 1, lists: 1 }
    await rank('many', posts, { rewriteAfter })
    const first = await generation()
    // One post of ten: the journal.
    posts = posts.map((post, i) => (i === 0 ? { ...post, text: `${post.text} Mer.` } : post))
    await rank('many', posts, { rewriteAfter })
    expect(await generation()).toBe(first)
    expect(existsSync(path.join(cache, 'related-journal.bin'))).toBe(true)
    // Two of ten: afresh, a new base.
    posts = posts.map((post, i) => (i < 2 ? { ...post, text: `${post.text} Mer igen.` } : post))
    expect(shown(await rank('many', posts, { rewriteAfter }))).toEqual(shown(fresh(posts)))
    expect(await generation()).not.toBe(first)
    expect(existsSync(path.join(cache, 'related-journal.bin'))).toBe(false)
  })

  it('should tell of a damaged or truncated journal and rank afresh, not use half of it', async () => {
    let posts = fixturePosts()
    const cache = path.join(root, 'damaged-journal')
    const journalFile = path.join(cache, 'related-journal.bin')
    const listsFile = path.join(cache, 'related-lists.json')
    const rewriteAfter = { changes: 1, lists: 1 }
    const warnings: string[] = []
    const onWarning = (message: string) => warnings.push(message)
    await rank('damaged-journal', posts, { rewriteAfter, onWarning })
    const edit = (n: number) => {
      posts = posts.map((post) =>
        post.id === 'dplyr-joins' ? { ...post, text: `${post.text} Hundar i skogen (${n}).` } : post,
      )
    }
    edit(0)
    await rank('damaged-journal', posts, { rewriteAfter, onWarning })
    const journal = await readFile(journalFile)
    expect(warnings).toEqual([])
    const damaged = [
      ['truncated', journal.subarray(0, journal.length - 7)],
      ['not a journal', Buffer.from('not a journal at all')],
      ['checksum', Buffer.concat([journal.subarray(0, -1), Buffer.from([journal.at(-1)! ^ 1])])],
    ] as const
    for (const [n, [what, bytes]] of damaged.entries()) {
      const base = (await readSavedLists(listsFile)).generation
      await writeFile(journalFile, bytes)
      edit(n + 1)
      const lists = await rank('damaged-journal', posts, { rewriteAfter, onWarning })
      // Told once, naming the file and what to expect; every list ranked afresh and saved as a new base.
      expect(warnings, what).toHaveLength(n + 1)
      expect(warnings[n]).toContain(journalFile)
      expect(warnings[n]).toContain('ranking every post')
      expect(shown(lists)).toEqual(shown(fresh(posts)))
      expect((await readSavedLists(listsFile)).generation).not.toBe(base)
      expect(existsSync(journalFile)).toBe(false)
      // The cache works on from the new base, without a warning.
      edit(10 + n)
      await rank('damaged-journal', posts, { rewriteAfter, onWarning })
      expect(warnings).toHaveLength(n + 1)
    }
    // Truncated saved lists too.
    const listsText = await readFile(listsFile, 'utf8')
    await writeFile(listsFile, listsText.slice(0, listsText.length >> 1))
    expect(shown(await rank('damaged-journal', posts, { rewriteAfter, onWarning }))).toEqual(
      shown(fresh(posts)),
    )
    expect(warnings.at(-1)).toContain(listsFile)
    // Saved lists cut inside their first line (the settings, read when the cache is opened).
    const count = warnings.length
    const text = await readFile(listsFile, 'utf8')
    await writeFile(listsFile, text.slice(0, text.indexOf('\n') >> 1))
    edit(20)
    expect(shown(await rank('damaged-journal', posts, { rewriteAfter, onWarning }))).toEqual(
      shown(fresh(posts)),
    )
    expect(warnings).toHaveLength(count + 1)
    expect(warnings.at(-1)).toContain(listsFile)
  })

  it('should open the cache without parsing the saved lists, and parse them in the first `rank`', async () => {
    const posts = fixturePosts()
    await rank('lazy-lists', posts)
    const listsFile = path.join(root, 'lazy-lists', 'related-lists.json')
    const saved = await readSavedLists(listsFile)
    // Lists the cache would reuse (nothing changed), and a body that is not JSON: the open does not notice.
    const warnings: string[] = []
    const { hashes, results } = saved
    const text = await readFile(listsFile, 'utf8')
    await writeFile(listsFile, `${text.slice(0, text.indexOf('\n'))}\n{"hashes": not JSON`)
    const cache = await openRelatedCache({
      dir: path.join(root, 'lazy-lists'),
      limit: 3,
      ...restoreIn,
      onWarning: (message) => warnings.push(message),
    })
    expect(warnings).toEqual([])
    // The rank does, tells it, and ranks afresh.
    expect(shown(await cache.rank(posts))).toEqual(shown(fresh(posts)))
    await cache.settled()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(listsFile)
    expect(warnings[0]).toContain('lines missing')
    expect((await readSavedLists(listsFile)).results).toEqual(results)
    expect(Object.keys(hashes).length).toBe(posts.length)
  })

  it('should rank afresh, quietly (an upgrade), from saved lists of version 7 (one line of JSON)', async () => {
    const posts = fixturePosts()
    await rank('lists-v7', posts)
    const listsFile = path.join(root, 'lists-v7', 'related-lists.json')
    const saved = await readSavedLists(listsFile)
    const emptied = Object.fromEntries(Object.keys(saved.results).map((id) => [id, []]))
    // As version 7 wrote them, with every list emptied so that reusing them would show.
    await writeFile(listsFile, JSON.stringify({ ...saved, version: 7, results: emptied }))
    const warnings: string[] = []
    const lists = await rank('lists-v7', posts, { onWarning: (message) => warnings.push(message) })
    expect(warnings).toEqual([])
    expect(shown(lists)).toEqual(shown(fresh(posts)))
    expect((await readSavedLists(listsFile)).version).toBe(9)
  })

  it('should rank afresh, quietly (an upgrade), from a journal written by another version', async () => {
    const posts = fixturePosts()
    const cache = path.join(root, 'other-journal')
    const warnings: string[] = []
    const options = { rewriteAfter: { changes: 1, lists: 1 }, onWarning: (m: string) => warnings.push(m) }
    await rank('other-journal', posts, options)
    const { generation } = await readSavedLists(path.join(cache, 'related-lists.json'))
    // Whole and following the base, but in another version's format (its changes are not read).
    const changed = posts.map((post) =>
      post.id === 'dplyr-joins' ? { ...post, text: `${post.text} Hundar i skogen.` } : post,
    )
    const other = { version: 1, base: generation, changes: [{ posts: [] }], hashes: {}, results: {} }
    await writeFile(path.join(cache, 'related-journal.bin'), journalBytes(other as unknown as Journal))
    const lists = await rank('other-journal', changed, options)
    expect(warnings).toEqual([])
    expect(shown(lists)).toEqual(shown(fresh(changed)))
    expect((await readSavedLists(path.join(cache, 'related-lists.json'))).generation).not.toBe(generation)
  })

  it('should stay whole when two processes rank in the same folder at the same time', async () => {
    const cache = path.join(root, 'two-processes')
    const entry = new URL('../dist/incremental.js', import.meta.url).href
    const base = fixturePosts()
    await rank('two-processes', base)
    const changeA = (posts: RelatedDoc[], n: number) =>
      posts.map((post) =>
        post.id === 'dplyr-joins'
          ? { ...post, tags: ['hundar'], text: `${post.text} Hundar på promenad i skogen (${n}).` }
          : post,
      )
    const changeB = (posts: RelatedDoc[], n: number) => [
      ...posts,
      { id: 'ny-hund', title: 'En ny hund', text: `Hundar och promenader i skogen (${n}).`, lang: 'sv' },
    ]
    // A process that opens the cache, ranks `posts` and exits, printing its warnings.
    const child = (posts: readonly RelatedDoc[]) =>
      new Promise<string>((resolve, reject) => {
        const script = `
          const { openRelatedCache } = await import(${JSON.stringify(entry)})
          const posts = JSON.parse(process.env.POSTS)
          const warnings = []
          const cache = await openRelatedCache({ dir: ${JSON.stringify(cache)}, limit: 3, workerAbove: ${String(restoreIn.workerAbove)}, onWarning: (m) => warnings.push(m) })
          await cache.rank(posts)
          await cache.settled()
          console.log(JSON.stringify(warnings))`
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script],
          { env: { ...process.env, POSTS: JSON.stringify(posts) } },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        )
      })
    let posts = base
    const warnings: string[] = []
    const onWarning = (message: string) => warnings.push(message)
    for (let n = 0; n < 3; n++) {
      // Two builds at once, each with its own change (one of them a rewrite of the whole cache).
      const a = changeA(posts, n)
      const b = changeB(posts, n)
      const outputs = await Promise.all([child(a), child(b)])
      for (const output of outputs) expect(JSON.parse(output)).toEqual([])
      posts = changeB(changeA(posts, n), n)
      const lists = await rank('two-processes', posts, {
        onWarning,
        rewriteAfter: n % 2 === 0 ? { changes: 0 } : undefined,
      })
      expect(warnings).toEqual([])
      // Whichever build wrote last, the next one ranks what changed since: both changes are in.
      expect([...lists.keys()].sort()).toEqual(posts.map((post) => post.id).sort())
      expect(lists.get('hundar-promenad')!.map((hit) => hit.id)).toContain('dplyr-joins')
      expect(lists.get('ny-hund')!.length).toBeGreaterThan(0)
      // The files hold together: the lists come back as they are, and the index is the lists' one.
      expect(shown(await rank('two-processes', posts, { onWarning }))).toEqual(shown(lists))
      const { generation } = await readSavedLists(path.join(cache, 'related-lists.json'))
      expect(indexFromFile(await readFile(path.join(cache, 'related-index.bin')), generation)).toBeDefined()
      posts = base
      await rank('two-processes', posts, { onWarning })
    }
    expect(warnings).toEqual([])
  })

  it('should rank afresh when the saved lists were ranked with other options (another version)', async () => {
    const posts = fixturePosts()
    const listsFile = path.join(root, 'options', 'related-lists.json')
    await rank('options', posts)
    const lists = await readSavedLists(listsFile)
    expect(JSON.parse(lists.options).maxTerms).toBeGreaterThan(0)
    // Lists of an older version (other default options) that would rank differently: marked here by
    // emptying every list, so that reusing them shows.
    const emptied = Object.fromEntries(Object.keys(lists.results).map((id) => [id, []]))
    const older = { ...JSON.parse(lists.options), maxTerms: 7 }
    await writeSavedLists(listsFile, { ...lists, results: emptied })
    // Same options: nothing changed, so the saved lists are what comes back.
    expect([...(await rank('options', posts)).values()].every((list) => list.length === 0)).toBe(true)
    await writeSavedLists(listsFile, { ...lists, results: emptied, options: JSON.stringify(older) })
    expect(shown(await rank('options', posts))).toEqual(shown(fresh(posts)))
    expect((await readSavedLists(listsFile)).options).toBe(lists.options)
    // Another `limit` or other index options rank afresh too.
    expect(shown(await rank('options', posts, { limit: 2 }))).toEqual(
      shown(createRelatedIndex(posts).relatedAll({ limit: 2 })),
    )
  })

  it('should rank again and again with `keepOpen`, the index kept (in its worker or here), as a cache opened each time', async () => {
    let posts = fixturePosts()
    // Note: the journal only (no rewrites), so that a damaged index would be noticed.
    const rewriteAfter = { changes: 1, lists: 1 }
    const kept = await openRelatedCache({
      ...restoreIn,
      dir: path.join(root, 'kept'),
      limit: 3,
      keepOpen: true,
      rewriteAfter,
    })
    try {
      expect(shown(await kept.rank(posts))).toEqual(shown(await rank('reopened', posts, { rewriteAfter })))
      // Saved whole by the first rank, and started from it by the second; then kept in the worker.
      posts = posts.map((post) => (post.id === 'dplyr-joins' ? { ...post, text: `${post.text} Mer.` } : post))
      expect(shown(await kept.rank(posts))).toEqual(shown(await rank('reopened', posts, { rewriteAfter })))
      // Not read again: a damaged index on disk changes nothing (reopened, it would be ranked afresh and
      // the journal deleted).
      const journalFile = path.join(root, 'kept', 'related-journal.bin')
      await writeFile(path.join(root, 'kept', 'related-index.bin'), 'damaged')
      const changes: Array<() => void> = [
        () => {
          posts = posts.map((post) =>
            post.id === 'dplyr-joins'
              ? { ...post, tags: ['hundar'], text: `${post.text} Hundar på promenad i skogen, hundar.` }
              : post,
          )
        },
        () => {
          posts = [
            ...posts,
            { id: 'ny-hund', title: 'En ny hund', text: 'Hundar och promenader i skogen.', lang: 'sv' },
          ]
        },
        () => {
          posts = posts.filter((post) => post.id !== 'haus-fenster')
        },
      ]
      for (const change of changes) {
        change()
        expect(shown(await kept.rank(posts))).toEqual(shown(await rank('reopened', posts, { rewriteAfter })))
        expect((await stat(journalFile)).size).toBeGreaterThan(0)
      }
      expect(shown(await kept.rank(posts))).toEqual(shown(await rank('reopened', posts, { rewriteAfter })))
    } finally {
      await kept.close()
    }
  })

  it('should refuse a second `rank` and a missing folder', async () => {
    const cache = await openRelatedCache({ dir: path.join(root, 'twice') })
    await cache.rank(fixturePosts())
    await expect(cache.rank(fixturePosts())).rejects.toThrow('Expected one `rank` per `openRelatedCache`')
    await cache.close()
    await expect(openRelatedCache({ dir: '' })).rejects.toThrow('Expected `dir` to be a folder path')
  })

  it('should refuse bad options with a RelatedError naming the option, before touching any folder', async () => {
    const refused = async (options: unknown) => {
      const error = await openRelatedCache(options as RelatedCacheOptions).then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(RelatedError)
      const { code, field, message } = error as RelatedError
      return { code, field, message }
    }
    expect(await refused({ dir: '' })).toEqual({
      code: 'invalid-option',
      field: 'dir',
      message: 'Expected `dir` to be a folder path, got ``',
    })
    expect(await refused({ dir: 42 })).toMatchObject({ code: 'invalid-option', field: 'dir' })
    expect(await refused(null)).toMatchObject({ code: 'invalid-option', field: 'options' })
    const bad = path.join(root, 'bad-options')
    expect(await refused({ dir: bad, limit: 0 })).toEqual({
      code: 'invalid-option',
      field: 'limit',
      message: 'Expected `limit` to be a positive integer, got `0`',
    })
    expect(await refused({ dir: bad, neighbourhood: 2.5 })).toMatchObject({ field: 'neighbourhood' })
    expect(await refused({ dir: bad, rewriteAfter: 0.1 })).toMatchObject({ field: 'rewriteAfter' })
    expect(await refused({ dir: bad, rewriteAfter: { changes: Number.NaN } })).toMatchObject({
      code: 'invalid-option',
      field: 'rewriteAfter.changes',
    })
    expect(await refused({ dir: bad, rewriteAfter: { lists: -1 } })).toMatchObject({
      field: 'rewriteAfter.lists',
    })
    expect(await refused({ dir: bad, workerAbove: -1 })).toEqual({
      code: 'invalid-option',
      field: 'workerAbove',
      message: 'Expected `workerAbove` to be a size in bytes (0 or more), got `-1`',
    })
    expect(await refused({ dir: bad, workerAbove: '16MB' })).toMatchObject({ field: 'workerAbove' })
    expect(await refused({ dir: bad, onWarning: 'warn' })).toEqual({
      code: 'invalid-option',
      field: 'onWarning',
      message: 'Expected `onWarning` to be a function taking a message, got `"warn"`',
    })
    expect(existsSync(bad)).toBe(false)
  })

  it('should restore its index from the built package (its worker beside it)', async () => {
    const built = new URL('../dist/incremental.js', import.meta.url)
    const api = (await import(built.href)) as typeof import('../src/incremental/index.js')
    let posts = fixturePosts()
    const options = {
      dir: path.join(root, 'built'),
      limit: 3,
      rewriteAfter: { changes: 1, lists: 1 },
      ...restoreIn,
    }
    await (await api.openRelatedCache(options)).rank(posts)
    posts = posts.map((post) => (post.id === 'dplyr-joins' ? { ...post, tags: ['hundar'] } : post))
    const cache = await api.openRelatedCache(options)
    await cache.rank(posts)
    // Only the worker writes the journal (applied changes, lists ranked again in the thread).
    expect((await stat(path.join(root, 'built', 'related-journal.bin'))).size).toBeGreaterThan(0)
  })
})

describe('relatedDocFrom', () => {
  it('should copy the fields the index reads, and no other', () => {
    const post = {
      ...fixturePosts()[0]!,
      html: '<p>x</p>',
      excerpt: { html: '', text: '' },
      readingTime: { words: 1, minutes: 1 },
      updated: undefined,
    }
    const doc = relatedDocFrom(post)
    expect(Object.keys(doc).sort()).toEqual(
      ['id', 'title', 'text', 'html', 'tags', 'categories', 'date', 'lang'].sort(),
    )
    expect(relatedFields).toContain('draft')
  })
})

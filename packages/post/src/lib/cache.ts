import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { deserialize } from 'node:v8'
import type { PluggableList } from 'unified'
import type { VFileMessage } from 'vfile-message'
import {
  type Entry,
  entryOfNewPost,
  hasTomlDates,
  hasWarnings,
  lengthOf,
  noDisk,
  type PackState,
  partsOf,
  type Row,
  reviveTomlDates,
} from './pack.js'
import { type PackProblem, readPack, writePack } from './pack-store.js'
import type { ResolvedOptions } from './post-parser.js'
import { trustedStat } from './racy-window.js'
import type { Heading, Image, Link, Post } from './types.js'

declare const __BLOGKIT_POST_VERSION__: string | undefined

/** Version baked in at build time (tsup `define`); tests run from source get `dev`. */
const version = typeof __BLOGKIT_POST_VERSION__ === 'string' ? __BLOGKIT_POST_VERSION__ : 'dev'
/**
 * Part of the key: bumped when the same file and options make other posts than before, so that
 * packs of development builds (whose version is always `dev`) are not reused. 2: unsafe URL
 * schemes are removed with `allowDangerousHtml: false`; 3: rows say whether the post had warnings;
 * 4: posts have `aliases`; 5: the pack with a journal (pack-store.ts: its own file name, so that a
 * pack of an earlier version is left to it, not parsed again by each in turn).
 */
const outputRevision = 5

function describePlugins(list: PluggableList | undefined): unknown {
  // Note: plugins are functions; their source text and options stand for them in the key.
  return (list ?? []).map((entry) => {
    const [plugin, ...rest] = Array.isArray(entry) ? entry : [entry]
    return [typeof plugin === 'function' ? `${plugin.name}:${String(plugin)}` : plugin, rest]
  })
}

/**
 * Fingerprint of everything besides the file that changes a post: package version and options.
 * The schema is not in it: cached posts hold the raw front matter, validated on every load.
 */
export function optionsKey(
  settings: ResolvedOptions,
  plugins: { remarkPlugins?: PluggableList | undefined; rehypePlugins?: PluggableList | undefined },
): string {
  const { schema: _schema, ...rest } = settings
  return JSON.stringify([
    version,
    outputRevision,
    rest,
    describePlugins(plugins.remarkPlugins),
    describePlugins(plugins.rehypePlugins),
  ])
}

/** What identifies a file's content without reading it (like git's index). */
export interface FileStat {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
}

/** Hash of a file's bytes. */
export function hashContent(value: Uint8Array): string {
  return createHash('sha256').update(value).digest('base64url')
}

/**
 * A cache of the posts of one directory with one set of options: one pack file holding every
 * post (with its content hash and file stat), and a journal of the posts changed since it was
 * written (pack-store.ts).
 */
export interface PostCache {
  /**
   * Cached post of a file whose size, timestamps and inode are unchanged, and were already old
   * when the pack was written (see `racyWindow` in racy-window.ts).
   */
  byStat: (file: string, stat: FileStat) => Post | undefined
  /**
   * Cached post of a file and the stat it had, without checking the file: for a load told by a watcher
   * that the file did not change since the last load (`changed`).
   */
  unchanged: (file: string) => { post: Post; stat: FileStat } | undefined
  /** Cached post of a file with these exact bytes. */
  byHash: (file: string, hash: string) => Post | undefined
  /** Hash of the file's bytes of a post given out by this cache. */
  hashOf: (post: Post) => string
  /**
   * Keep (or add) a file's post in the pack, with its raw front matter. Without `hash`, the file
   * is unchanged (found by stat). Posts given out by this cache are copied over as bytes.
   */
  keep: (
    file: string,
    stat: FileStat,
    hash: string | undefined,
    post: Post,
    raw: unknown,
    warned?: boolean,
    warnings?: VFileMessage[],
  ) => void
  /** Whether a post given out by this cache had warnings when it was parsed (they are not stored). */
  warned: (post: Post) => boolean
  /**
   * The warnings of a post given out by this cache, when known in this process (a `PostsSession` keeps
   * them with its entries); else they are found again from the file, and noted with `noteWarnings`.
   */
  warningsOf: (post: Post) => VFileMessage[] | undefined
  noteWarnings: (post: Post, warnings: VFileMessage[]) => void
  /**
   * The pack after this load (every kept file's entry, the posts parsed in it encoded), and whether it
   * differs from the one the cache was opened with.
   */
  commit: () => { state: PackState; changed: boolean }
  /** `commit`, and write the pack if anything changed (not for a pack only kept in memory). */
  save: () => Promise<void>
  /** What was wrong with the pack or its journal when it was read (its posts are parsed again). */
  problems: PackProblem[]
}

/** Replace a lazy field by its value (an own, writable data property, as in parsed posts). */
function settle<Value>(target: object, key: string, value: Value): Value {
  // Note: a frozen or sealed post keeps its getter (the value is decoded on every read).
  if (Object.getOwnPropertyDescriptor(target, key)?.configurable !== false)
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  return value
}

/**
 * The warnings of entries, once known in this process: entries outlive a load in a `PostsSession`, whose
 * loads then need not read the files of posts with warnings again to report them.
 */
const knownWarnings = new WeakMap<Entry, VFileMessage[]>()

/** Where a post made from a pack finds its entry (non-enumerable: not a field of the post). */
const entryKey = Symbol('blogkit-post pack entry')

function entryOf(target: object): Entry {
  return (target as { [entryKey]: Entry })[entryKey]
}

function damaged(entry: Entry, error: unknown): never {
  throw new Error(
    `The cache of \`loadPosts\` is damaged (${entry.file}, entry \`${entry.row[0]}\`): delete it and load again`,
    { cause: error },
  )
}

/** Byte offset of part `part` of an entry in its parts. */
function offsetOf(entry: Entry, part: number): number {
  let start = 0
  for (let index = 0; index < part; index++) start += lengthOf(entry.row, index)
  return start
}

/** The entry's parts (read from the pack file when first needed, and checked). */
function bytesOf(entry: Entry): Buffer {
  try {
    return partsOf(entry)
  } catch (error) {
    damaged(entry, error)
  }
}

function readString(entry: Entry, part: number): string {
  const start = offsetOf(entry, part)
  const encoding = entry.row[18] & (1 << part) ? 'utf8' : 'latin1'
  return bytesOf(entry).toString(encoding, start, start + lengthOf(entry.row, part))
}

/**
 * `[headings, images, links]` of a post made from a pack, decoded once per post (not per entry: the
 * entries of a `PostsSession` outlive a load, and each load's posts have their own arrays).
 */
const factsOf = new WeakMap<object, [Heading[], Image[], Link[]]>()

function readFacts(entry: Entry, post: object): [Heading[], Image[], Link[]] {
  let facts = factsOf.get(post)
  if (!facts) {
    try {
      facts = JSON.parse(readString(entry, 4)) as [Heading[], Image[], Link[]]
    } catch (error) {
      damaged(entry, error)
    }
    factsOf.set(post, facts)
  }
  return facts
}

function readData(entry: Entry): Record<string, unknown> {
  const start = offsetOf(entry, 5)
  const bytes = bytesOf(entry)
  try {
    const value = deserialize(bytes.subarray(start, start + lengthOf(entry.row, 5))) as Record<
      string,
      unknown
    >
    return entry.row[18] & hasTomlDates ? (reviveTomlDates(value, entry.TomlDate!) as typeof value) : value
  } catch (error) {
    damaged(entry, error)
  }
}

/**
 * An own, enumerable field decoded from the pack when first read (or replaced when first set),
 * then an ordinary data property, as in parsed posts. Getters and setters are shared by all
 * posts (they find the entry through `entryKey`), so a post costs no closures.
 */
function lazy(key: string, read: (entry: Entry, post: object) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: object) {
      return settle(this, key, read(entryOf(this), this))
    },
    set(this: object, value: unknown) {
      settle(this, key, value)
    },
  }
}

const lazyBody: PropertyDescriptorMap = {
  html: lazy('html', (entry) => readString(entry, 0)),
  text: lazy('text', (entry) => readString(entry, 1)),
  excerpt: lazy('excerpt', (entry) => ({ html: readString(entry, 2), text: readString(entry, 3) })),
  headings: lazy('headings', (entry, post) => readFacts(entry, post)[0]),
}
const lazyRest: PropertyDescriptorMap = {
  images: lazy('images', (entry, post) => readFacts(entry, post)[1]),
  links: lazy('links', (entry, post) => readFacts(entry, post)[2]),
  data: lazy('data', readData),
}

/** Make the post of a pack entry; its big fields are decoded from the pack when first read. */
function postOf(entry: Entry): Post {
  const row = entry.row
  // Note: fields in the order `parsePost` sets them, so that both list alike.
  const post = {
    id: row[6],
    slug: row[6],
    title: row[7],
    date: new Date(row[8]),
    draft: row[10],
    tags: row[11],
    categories: row[12],
    aliases: row[19],
    lang: row[13],
  } as Post
  Object.defineProperties(post, lazyBody)
  post.readingTime = { words: row[16], minutes: row[17] }
  Object.defineProperties(post, lazyRest)
  if (row[9] !== null) post.updated = new Date(row[9])
  if (row[14] !== null) post.author = row[14]
  if (row[15] !== null) post.description = row[15]
  post.path = row[0]
  Object.defineProperty(post, entryKey, { value: entry })
  return post
}

/** The pack file of `dir`'s posts under `options` in `cacheDir`. */
export function packFile(cacheDir: string, dir: string, options: string): string {
  const name = createHash('sha256')
    .update(options)
    .update('\0')
    .update(path.resolve(dir))
    .digest('hex')
    .slice(0, 32)
  return path.join(cacheDir, `posts-${name}.bin`)
}

type Kept =
  | { stat: FileStat; hash: string; entry: Entry }
  | {
      stat: FileStat
      hash: string
      post: Post
      raw: unknown
      warned: boolean | undefined
      warnings?: VFileMessage[] | undefined
    }

/**
 * Open the cache of `dir` (posts directory) with `options` (from `optionsKey`) in `cacheDir`, or in
 * memory only (`cacheDir` undefined). `now` is when the files are about to be stat'ed (tests pass
 * their own). `kept`: the pack as a `PostsSession` kept it after the last load, instead of the file.
 */
export async function openCache(
  cacheDir: string | undefined,
  dir: string,
  options: string,
  now: number = Date.now(),
  kept?: PackState,
): Promise<PostCache> {
  const file = cacheDir === undefined ? path.resolve(dir) : packFile(cacheDir, dir, options)
  let previous = kept
  const problems: PackProblem[] = []
  if (!previous && cacheDir !== undefined) {
    await mkdir(cacheDir, { recursive: true })
    previous = readPack(file, problems)
    for (const entry of previous?.entries.values() ?? []) {
      if (entry.row[18] & hasTomlDates) {
        const { TomlDate } = await import('smol-toml')
        for (const item of previous!.entries.values()) item.TomlDate = TomlDate
        break
      }
    }
  }
  const entries = previous?.entries ?? new Map<string, Entry>()
  const disk = previous?.disk ?? noDisk()
  const checkedAt = previous?.checkedAt ?? Number.NEGATIVE_INFINITY
  // Note: in path order; each value is either an entry of the old pack, or a new post.
  const next = new Map<string, Kept>()
  let changed = previous === undefined
  // Note: one post per entry and load (entries outlive a load in a session; posts are the caller's).
  const posts = new Map<Entry, Post>()

  const postFor = (entry: Entry) => {
    let post = posts.get(entry)
    if (!post) {
      post = postOf(entry)
      posts.set(entry, post)
    }
    return post
  }

  const commit = () => {
    const state: PackState = { file, checkedAt: now, entries: new Map(), disk }
    for (const [name, item] of next) {
      if ('entry' in item) {
        const { entry, stat } = item
        const row = entry.row
        const same =
          row[1] === stat.size && row[2] === stat.mtimeMs && row[3] === stat.ctimeMs && row[4] === stat.ino
        if (same) {
          state.entries.set(name, entry)
          continue
        }
        const copy = row.slice() as Row
        copy[1] = stat.size
        copy[2] = stat.mtimeMs
        copy[3] = stat.ctimeMs
        copy[4] = stat.ino
        const moved = { ...entry, row: copy }
        const warnings = knownWarnings.get(entry)
        if (warnings) knownWarnings.set(moved, warnings)
        state.entries.set(name, moved)
        continue
      }
      const made = entryOfNewPost(name, item, file)
      if (item.warnings) knownWarnings.set(made, item.warnings)
      state.entries.set(name, made)
    }
    return { state, changed: changed || next.size !== entries.size }
  }

  return {
    byStat(name, stat) {
      const entry = entries.get(name)
      if (!entry) return undefined
      const row = entry.row
      if (
        row[1] !== stat.size ||
        row[2] !== stat.mtimeMs ||
        row[3] !== stat.ctimeMs ||
        row[4] !== stat.ino ||
        // Racily clean: changed in the same clock tick as it was stat'ed? Compare the content.
        !trustedStat(stat, checkedAt)
      )
        return undefined
      return postFor(entry)
    },
    unchanged(name) {
      const entry = entries.get(name)
      if (!entry) return undefined
      const row = entry.row
      return { post: postFor(entry), stat: { size: row[1], mtimeMs: row[2], ctimeMs: row[3], ino: row[4] } }
    },
    byHash(name, hash) {
      const entry = entries.get(name)
      return entry && entry.row[5] === hash ? postFor(entry) : undefined
    },
    hashOf(post) {
      return entryOf(post).row[5]
    },
    warned(post) {
      return (entryOf(post).row[18] & hasWarnings) !== 0
    },
    warningsOf(post) {
      return knownWarnings.get(entryOf(post))
    },
    noteWarnings(post, warnings) {
      knownWarnings.set(entryOf(post), warnings)
    },
    keep(name, stat, hash, post, raw, warned, warnings) {
      const entry = entries.get(name)
      if (entry && posts.get(entry) === post) {
        const row = entry.row
        if (
          row[1] !== stat.size ||
          row[2] !== stat.mtimeMs ||
          row[3] !== stat.ctimeMs ||
          row[4] !== stat.ino ||
          // Note: racily clean when this pack was written, old enough now: a pack written by this load
          // vouches for it, so that the next load trusts its stat instead of reading it again (as git
          // writes its index again for racily clean entries).
          (!trustedStat(stat, checkedAt) && trustedStat(stat, now))
        )
          changed = true
        next.set(name, { stat, hash: row[5], entry })
        return
      }
      if (hash === undefined) return
      changed = true
      next.set(name, { stat, hash, post, raw, warned, warnings })
    },
    commit,
    problems,
    async save() {
      const { state, changed } = commit()
      if (changed && cacheDir !== undefined) await writePack(state)
    },
  }
}

import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { PluggableList } from 'unified'
import type { ResolvedOptions } from './post-parser.js'
import type { Heading, Image, Link, Post } from './types.js'

declare const __BLOGKIT_POST_VERSION__: string | undefined

/** Version baked in at build time (tsup `define`); tests run from source get `dev`. */
const version = typeof __BLOGKIT_POST_VERSION__ === 'string' ? __BLOGKIT_POST_VERSION__ : 'dev'
/**
 * Part of the key: bumped when the same file and options make other posts than before, so that
 * packs of development builds (whose version is always `dev`) are not reused. 2: unsafe URL
 * schemes are removed with `allowDangerousHtml: false`; 3: rows say whether the post had warnings;
 * 4: posts have `aliases`.
 */
const outputRevision = 4
/** First bytes of a pack; bumped whenever the layout changes. */
const magic = Buffer.from('BKPOST4\n', 'latin1')

/**
 * Milliseconds before the time a pack's stats were taken within which a file's stat is not
 * trusted. A file changed right after it was stat'ed can keep its size and timestamps when the
 * file system's clock has not ticked yet (Linux stamps files with a clock of a few milliseconds;
 * HFS+ and ext3 keep whole seconds, FAT two), so such files are compared by content (as git does
 * for “racily clean” entries).
 */
export const racyWindow = 2000

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
 * post (with its content hash and file stat), rewritten when anything changed.
 */
export interface PostCache {
  /**
   * Cached post of a file whose size, timestamps and inode are unchanged, and were already old
   * when the pack was written (see `racyWindow`).
   */
  byStat: (file: string, stat: FileStat) => Post | undefined
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
  ) => void
  /** Whether a post given out by this cache had warnings when it was parsed (they are not stored). */
  warned: (post: Post) => boolean
  /** Write the pack if anything changed. */
  save: () => Promise<void>
}

// Pack layout:
//   magic (8 bytes) | u32 header length | header JSON | blob
// The header is `{ checkedAt, rows }`, one row (an array, shorter to read than an object) per
// post with the file's stat and hash, the small fields of the post and the byte lengths of its
// six parts in the blob: html, text, excerpt html, excerpt text, JSON of `[headings, images,
// links]` and `v8.serialize` of the raw front matter (keeps TOML dates). Strings whose characters
// all fit in one byte (almost all HTML) are stored as latin1, others as UTF-8; a bit per part
// says which.
//
// Note: the parts are decoded when a post's field is first read (own getters that replace
// themselves with the value), so a warm load costs reading the file, the header and a few small
// objects per post, not decoding ~2x the size of the Markdown into strings. The pack's bytes stay
// in memory until every post taken from it is gone.
type Row = [
  name: string,
  size: number,
  mtimeMs: number,
  ctimeMs: number,
  ino: number,
  hash: string,
  slug: string,
  title: string,
  date: number,
  updated: number | null,
  draft: boolean,
  tags: string[],
  categories: string[],
  lang: string,
  author: string | null,
  description: string | null,
  words: number,
  minutes: number,
  /** Bit `i` set: part `i` is UTF-8 (else latin1); then `hasTomlDates` and `hasWarnings`. */
  utf8: number,
  aliases: string[],
  ...lengths: number[],
]

const parts = 6
const fixed = 20

interface Entry {
  row: Row
  /** Offset of the entry's parts in the pack. */
  start: number
  /** The pack's bytes. */
  pack: Buffer
  /** The post made from it (once per load). */
  post: Post | undefined
  /** smol-toml's date class, loaded when the pack holds TOML dates. */
  TomlDate?: TomlDateClass | undefined
  /** `[headings, images, links]`, once read. */
  facts?: [Heading[], Image[], Link[]] | undefined
  /** The pack file (for messages). */
  file: string
}

/** Byte length of part `part` of an entry. */
function lengthOf(row: Row, part: number): number {
  return row[fixed + part] as number
}

/** A row whose lengths do not add up or whose fields have the wrong types is damage. */
function validRow(row: unknown): row is Row {
  if (!Array.isArray(row) || row.length !== fixed + parts) return false
  for (let index = fixed; index < row.length; index++) {
    const length = row[index] as unknown
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return false
  }
  return (
    typeof row[0] === 'string' &&
    typeof row[5] === 'string' &&
    typeof row[6] === 'string' &&
    typeof row[8] === 'number' &&
    Array.isArray(row[11]) &&
    Array.isArray(row[12]) &&
    Array.isArray(row[19])
  )
}

function readPack(file: string): { checkedAt: number; entries: Map<string, Entry> } | undefined {
  let pack: Buffer
  let fd: number | undefined
  try {
    // Note: not `readFileSync`, which refuses files over 2 GB (about 100,000 posts).
    fd = openSync(file, 'r')
    pack = Buffer.allocUnsafe(fstatSync(fd).size)
    let done = 0
    while (done < pack.length) {
      const read = readSync(fd, pack, done, Math.min(pack.length - done, 1 << 30), done)
      if (read === 0) return undefined
      done += read
    }
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  try {
    if (pack.length < magic.length + 4 || !pack.subarray(0, magic.length).equals(magic)) return undefined
    const headerLength = pack.readUInt32LE(magic.length)
    let offset = magic.length + 4 + headerLength
    const header = JSON.parse(pack.toString('utf8', magic.length + 4, offset)) as {
      checkedAt: unknown
      rows: unknown
    }
    if (typeof header.checkedAt !== 'number' || !Array.isArray(header.rows)) return undefined
    const entries = new Map<string, Entry>()
    for (const row of header.rows as unknown[]) {
      if (!validRow(row)) return undefined
      entries.set(row[0], { row, start: offset, pack, post: undefined, file })
      for (let index = fixed; index < row.length; index++) offset += row[index] as number
    }
    if (offset !== pack.length) return undefined
    return { checkedAt: header.checkedAt, entries }
  } catch {
    return undefined
  }
}

/** Replace a lazy field by its value (an own, writable data property, as in parsed posts). */
function settle<Value>(target: object, key: string, value: Value): Value {
  // Note: a frozen or sealed post keeps its getter (the value is decoded on every read).
  if (Object.getOwnPropertyDescriptor(target, key)?.configurable !== false)
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  return value
}

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

/** Byte offset of part `part` of an entry. */
function offsetOf(entry: Entry, part: number): number {
  let start = entry.start
  for (let index = 0; index < part; index++) start += lengthOf(entry.row, index)
  return start
}

function readString(entry: Entry, part: number): string {
  const start = offsetOf(entry, part)
  const encoding = entry.row[18] & (1 << part) ? 'utf8' : 'latin1'
  return entry.pack.toString(encoding, start, start + lengthOf(entry.row, part))
}

function readFacts(entry: Entry): [Heading[], Image[], Link[]] {
  if (!entry.facts) {
    try {
      entry.facts = JSON.parse(readString(entry, 4)) as [Heading[], Image[], Link[]]
    } catch (error) {
      damaged(entry, error)
    }
  }
  return entry.facts
}

function readData(entry: Entry): Record<string, unknown> {
  const start = offsetOf(entry, 5)
  try {
    const value = deserialize(entry.pack.subarray(start, start + lengthOf(entry.row, 5))) as Record<
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
function lazy(key: string, read: (entry: Entry) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: object) {
      return settle(this, key, read(entryOf(this)))
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
  headings: lazy('headings', (entry) => readFacts(entry)[0]),
}
const lazyRest: PropertyDescriptorMap = {
  images: lazy('images', (entry) => readFacts(entry)[1]),
  links: lazy('links', (entry) => readFacts(entry)[2]),
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

/** Key of the object standing for a TOML date in stored front matter. */
const tomlDateKey = '\0blogkit-post:TomlDate'
/** Bit of `Row.utf8` saying that the front matter holds TOML dates. */
const hasTomlDates = 1 << parts
/** Bit of `Row.utf8` saying that parsing the file gave warnings (found again from the file when loaded). */
const hasWarnings = 1 << (parts + 1)

type TomlDateClass = typeof import('smol-toml').TomlDate

/**
 * Copy of front matter where smol-toml's `TomlDate`s (local dates and times, offsets) are
 * `{ [tomlDateKey]: iso }`: `v8.serialize` would turn them into plain `Date`s.
 */
function storeTomlDates(value: unknown, found: { any: boolean }): unknown {
  if (value instanceof Date) {
    if (value.constructor.name === 'TomlDate' && value.constructor !== Date) {
      found.any = true
      return { [tomlDateKey]: value.toISOString() }
    }
    return value
  }
  if (Array.isArray(value)) return value.map((item) => storeTomlDates(item, found))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) copy[key] = storeTomlDates(item, found)
    return copy
  }
  return value
}

/** Undo `storeTomlDates`. */
function reviveTomlDates(value: unknown, TomlDate: TomlDateClass): unknown {
  if (Array.isArray(value)) return value.map((item) => reviveTomlDates(item, TomlDate))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>
    if (typeof record[tomlDateKey] === 'string') return new TomlDate(record[tomlDateKey])
    for (const [key, item] of Object.entries(record)) record[key] = reviveTomlDates(item, TomlDate)
  }
  return value
}

/** Latin1 when every character fits in one byte (keeps decoding a copy), else UTF-8. */
const wide = /[^\0-\xff]/

/**
 * Open the cache of `dir` (posts directory) with `options` (from `optionsKey`) in `cacheDir`.
 * `now` is when the files are about to be stat'ed (tests pass their own).
 */
export async function openCache(
  cacheDir: string,
  dir: string,
  options: string,
  now: number = Date.now(),
): Promise<PostCache> {
  await mkdir(cacheDir, { recursive: true })
  const name = createHash('sha256')
    .update(options)
    .update('\0')
    .update(path.resolve(dir))
    .digest('hex')
    .slice(0, 32)
  const file = path.join(cacheDir, `posts-${name}.bin`)
  const previous = readPack(file)
  const entries = previous?.entries ?? new Map<string, Entry>()
  for (const entry of entries.values()) {
    if (entry.row[18] & hasTomlDates) {
      const { TomlDate } = await import('smol-toml')
      for (const item of entries.values()) item.TomlDate = TomlDate
      break
    }
  }
  const trustedBefore = (previous?.checkedAt ?? Number.NEGATIVE_INFINITY) - racyWindow
  // Note: in path order; each value is either a row and parts from the old pack, or a new post.
  const next = new Map<
    string,
    | { stat: FileStat; hash: string; entry: Entry }
    | { stat: FileStat; hash: string; post: Post; raw: unknown; warned: boolean | undefined }
  >()
  let changed = previous === undefined

  const postFor = (entry: Entry) => {
    entry.post ??= postOf(entry)
    return entry.post
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
        Math.max(row[2], row[3]) >= trustedBefore
      )
        return undefined
      return postFor(entry)
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
    keep(name, stat, hash, post, raw, warned) {
      const entry = entries.get(name)
      if (entry && entry.post === post) {
        const row = entry.row
        if (row[1] !== stat.size || row[2] !== stat.mtimeMs || row[3] !== stat.ctimeMs || row[4] !== stat.ino)
          changed = true
        next.set(name, { stat, hash: row[5], entry })
        return
      }
      if (hash === undefined) return
      changed = true
      next.set(name, { stat, hash, post, raw, warned })
    },
    async save() {
      if (!changed && next.size === entries.size) return
      const rows: Row[] = []
      const blobs: Uint8Array[] = []
      for (const [name, item] of next) {
        const { size, mtimeMs, ctimeMs, ino } = item.stat
        if ('entry' in item) {
          const { row, pack, start } = item.entry
          let end = start
          for (let index = 0; index < parts; index++) end += lengthOf(row, index)
          const copy = row.slice() as Row
          copy[0] = name
          copy[1] = size
          copy[2] = mtimeMs
          copy[3] = ctimeMs
          copy[4] = ino
          rows.push(copy)
          blobs.push(pack.subarray(start, end))
          continue
        }
        rows.push(rowOfNewPost(name, item, blobs))
      }
      const header = Buffer.from(JSON.stringify({ checkedAt: now, rows }), 'utf8')
      const headerLength = Buffer.alloc(4)
      headerLength.writeUInt32LE(header.length, 0)
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      try {
        // Note: the blobs of unchanged posts are slices of the old pack in order; joined back into a few
        // ranges and written with one `writev`, the pack (190 MB at 10,000 posts) is never copied whole.
        await writeRanges(temporary, [magic, headerLength, header, ...blobs])
        await rename(temporary, file)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
  }
}

/** The pack row of a newly parsed post; its big fields and front matter go, encoded, to `blobs`. */
function rowOfNewPost(
  name: string,
  item: { stat: FileStat; hash: string; post: Post; raw: unknown; warned: boolean | undefined },
  blobs: Uint8Array[],
): Row {
  const { post, raw } = item
  const { size, mtimeMs, ctimeMs, ino } = item.stat
  const strings = [
    post.html,
    post.text,
    post.excerpt.html,
    post.excerpt.text,
    JSON.stringify([post.headings, post.images, post.links]),
  ]
  let utf8 = 0
  const lengths: number[] = []
  for (const [index, value] of strings.entries()) {
    const encoding = wide.test(value) ? 'utf8' : 'latin1'
    if (encoding === 'utf8') utf8 |= 1 << index
    const bytes = Buffer.from(value, encoding)
    blobs.push(bytes)
    lengths.push(bytes.length)
  }
  const found = { any: false }
  const data = serialize(storeTomlDates(raw, found))
  if (found.any) utf8 |= hasTomlDates
  if (item.warned) utf8 |= hasWarnings
  blobs.push(data)
  lengths.push(data.length)
  return [
    name,
    size,
    mtimeMs,
    ctimeMs,
    ino,
    item.hash,
    post.slug,
    post.title,
    post.date.getTime(),
    post.updated ? post.updated.getTime() : null,
    post.draft,
    post.tags,
    post.categories,
    post.lang,
    post.author ?? null,
    post.description ?? null,
    post.readingTime.words,
    post.readingTime.minutes,
    utf8,
    post.aliases,
    ...lengths,
  ]
}

/** Write buffers to a new file, joining neighbours that are adjacent slices of one buffer. */
async function writeRanges(file: string, buffers: readonly Uint8Array[]): Promise<void> {
  const ranges: Uint8Array[] = []
  for (const buffer of buffers) {
    if (buffer.length === 0) continue
    const last = ranges.at(-1)
    if (last && last.buffer === buffer.buffer && last.byteOffset + last.length === buffer.byteOffset) {
      ranges[ranges.length - 1] = new Uint8Array(last.buffer, last.byteOffset, last.length + buffer.length)
    } else ranges.push(buffer)
  }
  const handle = await open(file, 'w')
  try {
    // Note: `writev` may write less than asked (a short write); go on from where it stopped.
    let index = 0
    while (index < ranges.length) {
      const batch = ranges.slice(index, index + 1024)
      let { bytesWritten } = await handle.writev(batch)
      for (const range of batch) {
        if (bytesWritten >= range.length) {
          bytesWritten -= range.length
          index++
          continue
        }
        ranges[index] = range.subarray(bytesWritten)
        break
      }
    }
  } finally {
    await handle.close()
  }
}

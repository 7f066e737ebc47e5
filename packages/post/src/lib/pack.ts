import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { serialize } from 'node:v8'
import type { FileStat } from './cache.js'
import type { Post } from './types.js'

// The pack file of `loadPosts`'s cache: its layout, reading it, encoding parsed posts and writing it.

/** First bytes of a pack; bumped whenever the layout changes. */
const magic = Buffer.from('BKPOST4\n', 'latin1')

/** The posts of one directory under one set of options, as of the load that stat'ed their files at `checkedAt`. */
export interface PackState {
  /** The pack file (for a pack only kept in memory: the directory of posts, never written). */
  file: string
  /** When the files of `entries` were stat'ed (see `racyWindow`). */
  checkedAt: number
  entries: Map<string, Entry>
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
export type Row = [
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

export const parts = 6
export const fixed = 20

/**
 * One post of a pack: its row and where its parts are. Entries are never changed once made: a load
 * makes new ones for files whose stat changed, and entries outlive a load in a `PostsSession`.
 */
export interface Entry {
  row: Row
  /** Offset of the entry's parts in `pack`. */
  start: number
  /** The bytes holding the parts: the pack file's, or (a post parsed in this process) its own. */
  pack: Buffer
  /** smol-toml's date class, when the front matter holds TOML dates. */
  TomlDate?: TomlDateClass | undefined
  /** The pack file (for messages), or the directory of posts for a pack only kept in memory. */
  file: string
}

/** Byte length of part `part` of an entry. */
export function lengthOf(row: Row, part: number): number {
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

/** The pack in `file`; `undefined` when there is none or it is damaged. */
export function readPack(file: string): PackState | undefined {
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
      entries.set(row[0], { row, start: offset, pack, file })
      for (let index = fixed; index < row.length; index++) offset += row[index] as number
    }
    if (offset !== pack.length) return undefined
    return { file, checkedAt: header.checkedAt, entries }
  } catch {
    return undefined
  }
}

/** Key of the object standing for a TOML date in stored front matter. */
const tomlDateKey = '\0blogkit-post:TomlDate'
/** Bit of `Row.utf8` saying that the front matter holds TOML dates. */
export const hasTomlDates = 1 << parts
/** Bit of `Row.utf8` saying that parsing the file gave warnings (found again from the file when loaded). */
export const hasWarnings = 1 << (parts + 1)

export type TomlDateClass = typeof import('smol-toml').TomlDate

/**
 * Copy of front matter where smol-toml's `TomlDate`s (local dates and times, offsets) are
 * `{ [tomlDateKey]: iso }`: `v8.serialize` would turn them into plain `Date`s.
 */
function storeTomlDates(value: unknown, found: { any: boolean; TomlDate?: TomlDateClass }): unknown {
  if (value instanceof Date) {
    if (value.constructor.name === 'TomlDate' && value.constructor !== Date) {
      found.any = true
      found.TomlDate = value.constructor as TomlDateClass
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
export function reviveTomlDates(value: unknown, TomlDate: TomlDateClass): unknown {
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

/** A newly parsed post as a pack entry of its own (its parts encoded into one buffer). */
export function entryOfNewPost(
  name: string,
  item: { stat: FileStat; hash: string; post: Post; raw: unknown; warned: boolean | undefined },
  file: string,
): Entry {
  const blobs: Uint8Array[] = []
  const found: { any: boolean; TomlDate?: TomlDateClass } = { any: false }
  const row = rowOfNewPost(name, item, blobs, found)
  return { row, start: 0, pack: Buffer.concat(blobs), file, TomlDate: found.TomlDate }
}

/** Write a pack of `state`'s entries to its file (through a temporary file, renamed). */
export async function writePack(state: PackState): Promise<void> {
  const rows: Row[] = []
  const blobs: Uint8Array[] = []
  for (const { row, pack, start } of state.entries.values()) {
    let end = start
    for (let index = 0; index < parts; index++) end += lengthOf(row, index)
    rows.push(row)
    blobs.push(pack.subarray(start, end))
  }
  const header = Buffer.from(JSON.stringify({ checkedAt: state.checkedAt, rows }), 'utf8')
  const headerLength = Buffer.alloc(4)
  headerLength.writeUInt32LE(header.length, 0)
  const temporary = `${state.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    // Note: the folder may have been removed since the cache was opened (a session writes later).
    await mkdir(path.dirname(state.file), { recursive: true })
    // Note: the blobs of unchanged posts are slices of the old pack in order; joined back into a few
    // ranges and written with one `writev`, the pack (190 MB at 10,000 posts) is never copied whole.
    await writeRanges(temporary, [magic, headerLength, header, ...blobs])
    await rename(temporary, state.file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** The pack row of a newly parsed post; its big fields and front matter go, encoded, to `blobs`. */
function rowOfNewPost(
  name: string,
  item: { stat: FileStat; hash: string; post: Post; raw: unknown; warned: boolean | undefined },
  blobs: Uint8Array[],
  found: { any: boolean; TomlDate?: TomlDateClass },
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

import { readSync } from 'node:fs'
import { serialize } from 'node:v8'
import { crc32 } from 'node:zlib'
import type { FileStat } from './cache.js'
import type { Post } from './types.js'

// The entries of `loadPosts`'s cache: their rows, reading their parts, encoding parsed posts. How they
// are kept on disk (the pack file and its journal): pack-store.ts.

/** The posts of one directory under one set of options, as of the load that stat'ed their files at `checkedAt`. */
export interface PackState {
  /** The pack file (for a pack only kept in memory: the directory of posts, never written). */
  file: string
  /** When the files of `entries` were stat'ed (see `racyWindow`). */
  checkedAt: number
  entries: Map<string, Entry>
  /** What the files on disk hold (shared by the states of one pack made by later loads of a session). */
  disk: DiskState
}

/** The pack file and journal as last read or written by this process. */
export interface DiskState {
  /** Random id of the pack file (its journal names it); `undefined`: no pack yet. */
  id: string | undefined
  /** The entries the pack and its journal hold. */
  entries: Map<string, Entry>
  packSize: number
  /** Bytes of the journal (`0`: none, or not this pack's). */
  journalSize: number
  /** `false`: the journal is damaged, so the pack is written whole next time. */
  appendable: boolean
}

/** A new `DiskState` of a pack not on disk yet. */
export function noDisk(): DiskState {
  return { id: undefined, entries: new Map(), packSize: 0, journalSize: 0, appendable: false }
}

// A row per post: the file's stat and hash, the small fields of the post, a CRC-32 of its parts and the
// byte lengths of its six parts: html, text, excerpt html, excerpt text, JSON of `[headings, images,
// links]` and `v8.serialize` of the raw front matter (keeps TOML dates). Strings whose characters all
// fit in one byte (almost all HTML) are stored as latin1, others as UTF-8; a bit per part says which.
//
// Note: the parts are read and decoded when a post's field is first read (own getters that replace
// themselves with the value), so a warm load costs reading the rows and making a few small objects per
// post, not reading and decoding ~2x the size of the Markdown.
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
  /** CRC-32 of the parts, checked when they are read. */
  crc: number,
  ...lengths: number[],
]

export const parts = 6
export const fixed = 21

/** A pack file open for reading (closed once no entry of it is left). */
export interface PackSource {
  fd: number
  file: string
}

/**
 * One post of a pack: its row and where its parts are. Entries are never changed once made: a load
 * makes new ones for files whose stat changed, and entries outlive a load in a `PostsSession`.
 */
export interface Entry {
  row: Row
  /** Offset of the entry's parts in `source`. */
  start: number
  /** Where the parts are: the pack file, or bytes in memory (a journal record, a post parsed in this process). */
  source: Buffer | PackSource
  /** smol-toml's date class, when the front matter holds TOML dates. */
  TomlDate?: TomlDateClass | undefined
  /** The pack file (for messages), or the directory of posts for a pack only kept in memory. */
  file: string
}

/** Byte length of part `part` of an entry. */
export function lengthOf(row: Row, part: number): number {
  return row[fixed + part] as number
}

/** Byte length of all parts of an entry. */
export function entryLength(row: Row): number {
  let length = 0
  for (let index = 0; index < parts; index++) length += row[fixed + index] as number
  return length
}

/** Fill `buffer` from `fd` at `position`; throws when the file ends first. */
export function readAt(fd: number, buffer: Buffer, position: number): void {
  let done = 0
  while (done < buffer.length) {
    // Note: at most 1 GiB a call (a read of more fails on some systems).
    const read = readSync(fd, buffer, done, Math.min(buffer.length - done, 1 << 30), position + done)
    if (read === 0) throw new Error(`unexpected end of file at byte ${position + done}`)
    done += read
  }
}

/** The parts of entries once read and checked (entries are never changed, so neither are their bytes). */
const checked = new WeakMap<Entry, Buffer>()

/** All parts of an entry, read (from a pack file) and checked against its CRC once; throws on damage. */
export function partsOf(entry: Entry): Buffer {
  let bytes = checked.get(entry)
  if (bytes) return bytes
  const length = entryLength(entry.row)
  if (Buffer.isBuffer(entry.source)) bytes = entry.source.subarray(entry.start, entry.start + length)
  else {
    bytes = Buffer.allocUnsafe(length)
    readAt(entry.source.fd, bytes, entry.start)
  }
  if (crc32(bytes) !== entry.row[20]) throw new Error('the parts of the entry fail their checksum')
  checked.set(entry, bytes)
  return bytes
}

/** A row whose lengths do not add up or whose fields have the wrong types is damage. */
export function validRow(row: unknown): row is Row {
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
    Array.isArray(row[19]) &&
    typeof row[20] === 'number'
  )
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
  const bytes = Buffer.concat(blobs)
  row[20] = crc32(bytes)
  return { row, start: 0, source: bytes, file, TomlDate: found.TomlDate }
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
    // Note: the CRC of the parts, set once they are joined (`entryOfNewPost`).
    0,
    ...lengths,
  ]
}

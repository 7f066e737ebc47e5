// The cache's base lists file (`related-lists.json`), read one list at a time. Lines:
//
// 1. `ListsHeader`: the settings the lists were ranked with, their generation, how many lists follow and a
//    SHA-1 of everything after this line (read when the cache is opened: what restoring the index needs);
// 2. `ListsIndex`: each post's digest, and per list, in the order of the lines that follow, its post's id,
//    the list's digest and the ids in it (as positions in that order where they are posts with a list);
// 3. one line per list, `JSON.stringify(list)`.
//
// JSON text holds no raw newline, so the lines are found with `indexOf(10)` without parsing, and a list is
// decoded and parsed only when asked for (13 MB at 10,000 posts: parsing them all is 0.2-0.4 s).
import { hash } from 'node:crypto'
import type { RelatedPost } from '../lib/types.js'
import { readSaved } from './read-whole.js'

/** A post's related lists as a cache's `rankLists` answers them: read from the saved lists when first asked for. */
export interface RelatedLists {
  /** How many posts have a list (every post given to `rankLists`). */
  readonly size: number
  /** The ids of the posts with a list. */
  keys(): IterableIterator<string>
  /** A post's related posts, best first (parsed when first asked for); `undefined` for a post not ranked. */
  get(id: string): readonly RelatedPost[] | undefined
  /** A digest of a post's list (ids, scores, reasons): the same across builds while the list is the same. */
  digest(id: string): string | undefined
  /** The ids in a post's list, best first, without reading the list. */
  ids(id: string): readonly string[] | undefined
}

/** The version of the lists file this package writes; files of another version are ranked afresh quietly. */
const version = 9

/** The saved lists' first line. */
interface ListsHeader {
  version: typeof version
  /** Written with the index too (see related-cache.ts). */
  generation: string
  limit: number
  /** The index options with the package's defaults: another version's defaults rank afresh. */
  options: string
  /** How many list lines follow the second line. */
  lines: number
  /** SHA-1 (base64url) of the bytes after the first line: a damaged or truncated file is found at once. */
  checksum: string
}

/** The saved lists' second line. */
interface ListsIndex {
  /** Each post's digest (as `RankOptions.digest` gave it). */
  hashes: Record<string, string>
  /** The posts with a list, in the order of the list lines. */
  ids: string[]
  /** Each list's digest (`listDigest`), in that order. */
  digests: string[]
  /** The ids in each list: a position in `ids`, or the id itself when it has no list. */
  related: Array<Array<number | string>>
}

/** The digest of a list: the same for a list read from the file, from the journal or ranked now. */
export const listDigest = (list: readonly RelatedPost[]) => textDigest(JSON.stringify(list))
const textDigest = (text: string | Uint8Array) => hash('sha1', text, 'base64url')

/**
 * One post's list: its line in the saved file (`bytes`, `start`, `end`: kept once parsed too, to be
 * written again as it is), the list once parsed (`list`), its digest and ids when known. Shared by every
 * `Lists` copied from the same saved lists, so that a list is parsed once.
 */
interface Entry {
  list?: readonly RelatedPost[] | undefined
  digest?: string | undefined
  ids?: readonly string[] | undefined
  bytes?: Buffer | undefined
  start: number
  end: number
}

/** The lists of a rank, each read from its line when first asked for (see `RelatedLists`). */
export class Lists implements RelatedLists {
  readonly #entries: Map<string, Entry>

  constructor(entries: Map<string, Entry> = new Map()) {
    this.#entries = entries
  }

  /** Lists known already (ranked now). */
  static of(lists: ReadonlyMap<string, readonly RelatedPost[]>): Lists {
    const entries = new Map<string, Entry>()
    for (const [id, list] of lists) entries.set(id, { list, start: 0, end: 0 })
    return new Lists(entries)
  }

  get size(): number {
    return this.#entries.size
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys()
  }

  get(id: string): readonly RelatedPost[] | undefined {
    const entry = this.#entries.get(id)
    if (entry && entry.list === undefined) {
      entry.list = JSON.parse(entry.bytes!.toString('utf8', entry.start, entry.end)) as RelatedPost[]
    }
    return entry?.list
  }

  digest(id: string): string | undefined {
    const entry = this.#entries.get(id)
    if (entry) entry.digest ??= listDigest(entry.list!)
    return entry?.digest
  }

  ids(id: string): readonly string[] | undefined {
    const entry = this.#entries.get(id)
    if (entry) entry.ids ??= entry.list!.map((hit) => hit.id)
    return entry?.ids
  }

  /** A list ranked now (or read from the journal). */
  set(id: string, list: readonly RelatedPost[]): void {
    this.#entries.set(id, { list, start: 0, end: 0 })
  }

  delete(id: string): void {
    this.#entries.delete(id)
  }

  /** Another `Lists` with the same lists (set and deleted apart from this one's; parsed once for both). */
  copy(): Lists {
    return new Lists(new Map(this.#entries))
  }

  /** Every list, parsed: what `rank` answers. */
  toMap(): Map<string, readonly RelatedPost[]> {
    const map = new Map<string, readonly RelatedPost[]>()
    for (const id of this.#entries.keys()) map.set(id, this.get(id)!)
    return map
  }

  /**
   * The bytes of the saved lists file (see the top of this file): a list read from a saved file is written from
   * its bytes as they are (no parse, no stringify: `JSON.stringify` of the parsed line is the line), the
   * others stringified (and their digest kept).
   */
  fileBytes(settings: ListsSettings, hashes: Record<string, string>): Buffer {
    const ids = [...this.#entries.keys()]
    const position = new Map(ids.map((id, i) => [id, i]))
    const index: ListsIndex = { hashes, ids, digests: [], related: [] }
    // Note: the lines that follow each other in a saved file are copied as one run (newlines included):
    // copying 10,000 lines one by one (`Buffer.concat`) took 55-75 ms, a run a few.
    const parts: Array<string | Uint8Array> = []
    let run: { bytes: Buffer; start: number; end: number } | undefined
    const endRun = () => {
      if (run) parts.push(run.bytes.subarray(run.start, run.end))
      run = undefined
    }
    for (const entry of this.#entries.values()) {
      const { bytes, start, end } = entry
      if (bytes && run?.bytes === bytes && run.end + 1 === start) run.end = end
      else if (bytes) {
        endRun()
        run = { bytes, start, end }
      } else {
        endRun()
        const text = JSON.stringify(entry.list)
        entry.digest ??= textDigest(text)
        parts.push(text)
      }
      index.digests.push(entry.digest!)
      entry.ids ??= entry.list!.map((hit) => hit.id)
      index.related.push(entry.ids.map((id) => position.get(id) ?? id))
    }
    endRun()
    // Note: one buffer for the whole file (a second one, 17 MB at 10,000 posts, cost 30 ms of copying and
    // page faults), its header written last, once the checksum of what follows is known (a SHA-1 in
    // base64url is always 27 characters long).
    const header = (checksum: string) => {
      const fields: ListsHeader = { version, ...settings, lines: ids.length, checksum }
      return `${JSON.stringify(fields)}\n`
    }
    const headerLength = Buffer.byteLength(header(textDigest('')))
    const head = JSON.stringify(index)
    let size = headerLength + Buffer.byteLength(head)
    for (const part of parts) size += 1 + (typeof part === 'string' ? Buffer.byteLength(part) : part.length)
    const file = Buffer.allocUnsafe(size)
    let at = headerLength + file.write(head, headerLength)
    for (const part of parts) {
      file[at++] = 10
      if (typeof part === 'string') at += file.write(part, at)
      else {
        file.set(part, at)
        at += part.length
      }
    }
    file.write(header(textDigest(file.subarray(headerLength))), 0)
    return file
  }
}

/** The bytes of the saved lists file. */
export const listsFileBytes = (settings: ListsSettings, hashes: Record<string, string>, lists: Lists) =>
  lists.fileBytes(settings, hashes)

/** What the lists were ranked with, and their generation. */
export type ListsSettings = Pick<ListsHeader, 'generation' | 'limit' | 'options'>

/**
 * The saved lists: their settings, and the rest as read (the bytes after the header, with the header's
 * count of lists and checksum, checked by the first `rank`: `listsBody`) or read (`SavedBody`).
 */
export interface SavedLists extends ListsSettings {
  body: { bytes: Buffer; lines: number; checksum: string } | SavedBody
}

/** The saved lists read: each post's digest, and the lists (each parsed when asked for). */
export interface SavedBody {
  hashes: Record<string, string>
  lists: Lists
}

/**
 * The saved lists in `file` (`ListsHeader`, then the rest left unchecked): `{ lists }`, `{}` when there are
 * none or they are of another version, `{ damaged }` saying what is wrong.
 * Note: the rest (13 MB at 10,000 posts) is checked and indexed by the first `rank` (`listsBody`), so that
 * opening the cache is quick and the index's restore (which needs the header only) can start first.
 */
export async function readLists(file: string): Promise<{ lists?: SavedLists; damaged?: string }> {
  const { bytes, damaged } = await readSaved(file)
  if (bytes === undefined) return damaged === undefined ? {} : { damaged }
  const newline = bytes.indexOf(10)
  let header: Partial<ListsHeader> | null
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline === -1 ? bytes.length : newline))
  } catch (error) {
    return { damaged: `it is not JSON, maybe truncated (${(error as Error).message})` }
  }
  // Note: lists of another version (an upgrade: version 8 was one line of every list, 7 one line in all)
  // are ranked afresh quietly.
  if (header?.version !== version) return {}
  if (newline === -1) return { damaged: 'it is truncated (no lists after its first line)' }
  if (
    typeof header.generation !== 'string' ||
    !Number.isInteger(header.lines) ||
    typeof header.checksum !== 'string'
  )
    return { damaged: 'its first line is not in the form this version writes' }
  const { generation, limit, options, lines, checksum } = header as ListsHeader
  return {
    lists: { generation, limit, options, body: { bytes: bytes.subarray(newline + 1), lines, checksum } },
  }
}

/**
 * The body of saved lists, checked (line count, checksum) and its second line parsed, once: `{ damaged }`
 * saying what is wrong when it cannot be. The lists themselves are parsed when asked for.
 */
export function listsBody(saved: SavedLists): { body?: SavedBody; damaged?: string } {
  if (!('bytes' in saved.body)) return { body: saved.body }
  const { bytes, lines, checksum } = saved.body
  // The list lines' ends (the second line's end first): the lines are counted before the checksum is
  // computed, so that a truncated file is told as such.
  const ends: number[] = []
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) ends.push(at)
  ends.push(bytes.length)
  if (ends.length - 1 !== lines)
    return { damaged: `it is truncated or has lines missing (${ends.length - 1} lists, expected ${lines})` }
  if (textDigest(bytes) !== checksum)
    return { damaged: 'its checksum does not match its content (a changed or truncated list)' }
  let index: Partial<ListsIndex> | null
  try {
    index = JSON.parse(bytes.toString('utf8', 0, ends[0]))
  } catch (error) {
    return { damaged: `it is not JSON (${(error as Error).message})` }
  }
  const { hashes, ids, digests, related } = index ?? {}
  if (
    typeof hashes !== 'object' ||
    hashes === null ||
    !Array.isArray(ids) ||
    !Array.isArray(digests) ||
    !Array.isArray(related) ||
    ids.length !== lines ||
    digests.length !== ids.length ||
    related.length !== ids.length
  )
    return { damaged: 'its lists are not in the form this version writes' }
  const entries = new Map<string, Entry>()
  for (let i = 0; i < ids.length; i++) {
    const start = ends[i]! + 1
    const listIds = related[i]!.map((at) => (typeof at === 'number' ? ids[at]! : at))
    entries.set(ids[i]!, { digest: digests[i], ids: listIds, bytes, start, end: ends[i + 1]! })
  }
  saved.body = { hashes, lists: new Lists(entries) }
  return { body: saved.body }
}

import { randomBytes } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import {
  type DiskState,
  type Entry,
  entryLength,
  type PackSource,
  type PackState,
  type Row,
  readAt,
  validRow,
} from './pack.js'

// The pack on disk: a pack file of every post, and a journal of the loads since it was written.
//
//   pack:    magic (8 bytes) | u32 header length | u32 CRC-32 of the header | header JSON | blob
//   journal: journal magic (8 bytes) | pack id (16 bytes) | records
//   record:  u32 payload length | u32 CRC-32 of the payload | payload
//   payload: u32 header length | header JSON | blob
//
// The pack's header is `{ id, checkedAt, rows }`; a record's `{ checkedAt, rows, removed }`: the entries
// a load made or changed (their parts in the record's blob, in row order) and the files it no longer
// found. A load that parsed a few posts appends one record (a few kilobytes) instead of writing the
// pack again (190 MB at 10,000 posts); when the journal has grown past a quarter of the pack, or is
// damaged, the pack is written whole again (through a temporary file, renamed) and the journal removed.
//
// Only the pack's header is read when it is opened: the parts of its entries are read from the file
// (positional reads, the descriptor kept open while posts of it live) when a field of a post is first
// read. Files are never changed in place: the pack is replaced by a rename, the journal only grows until
// it is removed or replaced, so a descriptor held by a process (or a reader of an older pack) stays
// valid. A journal is bound to its pack by the pack's random id: a journal left over from an older pack
// is ignored. Two processes appending at once each write their record with one `write` to a file opened
// for appending; a record that is torn anyway fails its CRC, and it and the records after it are parsed
// again.

/** First bytes of a pack; bumped whenever the layout changes. */
export const magic = Buffer.from('BKPOST5\n', 'latin1')
const journalMagic = Buffer.from('BKPJRN1\n', 'latin1')
const idLength = 16
const journalHead = journalMagic.length + idLength

/** The journal beside a pack file. */
export function journalOf(file: string): string {
  return `${file.replace(/\.bin$/, '')}.journal`
}

/** Closes the descriptor of a pack once no entry of it is left. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd)
  } catch {
    // Note: already closed (the process is ending).
  }
})

/** A problem found in the files, for the caller's warning. */
export interface PackProblem {
  file: string
  reason: string
}

function readAll(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.allocUnsafe(length)
  readAt(fd, buffer, position)
  return buffer
}

/**
 * The pack in `file` and its journal, or `undefined` when there is none or the pack is damaged (then
 * `problems` says so; a pack of an older layout is not a problem). A damaged journal keeps the records
 * before the damage.
 */
export function readPack(file: string, problems: PackProblem[]): PackState | undefined {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY)
  } catch {
    return undefined
  }
  let kept = false
  try {
    const size = fstatSync(fd).size
    const start = magic.length + 8
    const head = size >= start ? readAll(fd, start, 0) : Buffer.alloc(0)
    if (!head.subarray(0, magic.length).equals(magic)) {
      // Note: another version's pack (same first 6 bytes) is replaced silently; anything else is damage.
      if (!head.subarray(0, 6).equals(magic.subarray(0, 6)))
        problems.push({ file, reason: 'not a pack of parsed posts (damaged or truncated)' })
      return undefined
    }
    const headerLength = head.readUInt32LE(magic.length)
    if (start + headerLength > size) {
      problems.push({ file, reason: 'truncated (its header is cut short)' })
      return undefined
    }
    const headerBytes = readAll(fd, headerLength, start)
    if (crc32(headerBytes) !== head.readUInt32LE(magic.length + 4)) {
      problems.push({ file, reason: 'damaged (its header fails its checksum)' })
      return undefined
    }
    const header = JSON.parse(headerBytes.toString('utf8')) as {
      id: unknown
      checkedAt: unknown
      rows: unknown
    }
    if (
      typeof header.id !== 'string' ||
      typeof header.checkedAt !== 'number' ||
      !Array.isArray(header.rows)
    ) {
      problems.push({ file, reason: 'damaged (its header is not a pack header)' })
      return undefined
    }
    const source: PackSource = { fd, file }
    const entries = new Map<string, Entry>()
    let offset = start + headerLength
    for (const row of header.rows as unknown[]) {
      if (!validRow(row)) {
        problems.push({ file, reason: 'damaged (a row of its header is not valid)' })
        return undefined
      }
      entries.set(row[0], { row, start: offset, source, file })
      offset += entryLength(row)
    }
    if (offset !== size) {
      problems.push({ file, reason: `truncated or damaged (${size} bytes, its header says ${offset})` })
      return undefined
    }
    const state: PackState = {
      file,
      checkedAt: header.checkedAt,
      entries,
      disk: { id: header.id, entries: new Map(entries), packSize: size, journalSize: 0, appendable: true },
    }
    readJournal(state, problems)
    closer.register(source, fd)
    kept = true
    return state
  } catch {
    problems.push({ file, reason: 'damaged (it cannot be read as a pack)' })
    return undefined
  } finally {
    if (!kept) closeSync(fd)
  }
}

/** Apply the records of the pack's journal to `state`, up to the first damaged one. */
function readJournal(state: PackState, problems: PackProblem[]): void {
  const disk = state.disk
  const file = journalOf(state.file)
  let journal: Buffer
  try {
    journal = readFileSync(file)
  } catch {
    return
  }
  if (
    journal.length < journalHead ||
    !journal.subarray(0, journalMagic.length).equals(journalMagic) ||
    journal.toString('latin1', journalMagic.length, journalHead) !== disk.id
  ) {
    // Note: the journal of an older pack (left by a process that stopped between writing the pack and
    // removing it), or a new one cut short while written: none of its records are this pack's.
    return
  }
  let offset = journalHead
  while (offset < journal.length) {
    const problem = applyRecord(state, journal, offset)
    if (typeof problem === 'string') {
      problems.push({
        file,
        reason: `damaged at byte ${offset} (${problem})`,
      })
      disk.appendable = false
      break
    }
    offset = problem
  }
  disk.journalSize = offset
  disk.entries = new Map(state.entries)
}

/** Apply the record at `offset`; returns the offset after it, or what is wrong with it. */
function applyRecord(state: PackState, journal: Buffer, offset: number): number | string {
  if (offset + 8 > journal.length) return 'a record cut short'
  const length = journal.readUInt32LE(offset)
  const end = offset + 8 + length
  if (end > journal.length) return 'a record cut short'
  const payload = journal.subarray(offset + 8, end)
  if (crc32(payload) !== journal.readUInt32LE(offset + 4)) return 'a record fails its checksum'
  try {
    const headerLength = payload.readUInt32LE(0)
    const header = JSON.parse(payload.toString('utf8', 4, 4 + headerLength)) as {
      checkedAt: unknown
      rows: unknown
      removed: unknown
    }
    if (typeof header.checkedAt !== 'number' || !Array.isArray(header.rows) || !Array.isArray(header.removed))
      return 'a record header is not valid'
    let start = 4 + headerLength
    const made: Entry[] = []
    for (const row of header.rows as unknown[]) {
      if (!validRow(row)) return 'a row is not valid'
      made.push({ row, start, source: payload, file: state.file })
      start += entryLength(row)
    }
    if (start !== payload.length) return 'a record whose rows do not fill it'
    for (const name of header.removed as unknown[]) state.entries.delete(String(name))
    for (const entry of made) state.entries.set(entry.row[0], entry)
    state.checkedAt = header.checkedAt
    return end
  } catch {
    return 'a record that cannot be read'
  }
}

/** The journal may grow to this part of the pack's size before the pack is written whole again. */
const journalShare = 4
/** …and to at least this many bytes. */
const journalFloor = 1 << 20

/**
 * Write `state`'s entries: one journal record with what changed since the files were last read or
 * written, or (no pack yet, a damaged or long journal) the whole pack.
 */
export async function writePack(state: PackState): Promise<void> {
  const disk = state.disk
  await mkdir(path.dirname(state.file), { recursive: true })
  if (disk.id !== undefined && disk.appendable) {
    const changed: Entry[] = []
    for (const [name, entry] of state.entries) if (disk.entries.get(name) !== entry) changed.push(entry)
    const removed = [...disk.entries.keys()].filter((name) => !state.entries.has(name))
    let size = 0
    for (const entry of changed) size += entryLength(entry.row)
    if (disk.journalSize + size <= Math.max(journalFloor, disk.packSize / journalShare)) {
      const record = recordOf(state.checkedAt, changed, removed)
      if (await appendRecord(state.file, disk, record)) {
        disk.journalSize = Math.max(disk.journalSize, journalHead) + record.length
        disk.entries = new Map(state.entries)
        return
      }
    }
  }
  await writeWhole(state)
}

/** A journal record of `changed` entries and `removed` files. */
function recordOf(checkedAt: number, changed: readonly Entry[], removed: readonly string[]): Buffer {
  const header = Buffer.from(JSON.stringify({ checkedAt, rows: changed.map((entry) => entry.row), removed }))
  const headerLength = Buffer.alloc(4)
  headerLength.writeUInt32LE(header.length)
  const payload = Buffer.concat([headerLength, header, ...changed.map(bytesOfEntry)])
  const prefix = Buffer.alloc(8)
  prefix.writeUInt32LE(payload.length, 0)
  prefix.writeUInt32LE(crc32(payload), 4)
  return Buffer.concat([prefix, payload])
}

function bytesOfEntry(entry: Entry): Buffer {
  const length = entryLength(entry.row)
  if (Buffer.isBuffer(entry.source)) return entry.source.subarray(entry.start, entry.start + length)
  const bytes = Buffer.allocUnsafe(length)
  readAt(entry.source.fd, bytes, entry.start)
  return bytes
}

/**
 * Append `record` to the journal of the pack `disk` describes; `false` when the journal on disk is not
 * that pack's any more (another process wrote the pack since), so the pack must be written whole.
 */
async function appendRecord(file: string, disk: DiskState, record: Buffer): Promise<boolean> {
  const journal = journalOf(file)
  if (disk.journalSize === 0) {
    // Note: a new journal, whole or not at all (a temporary file renamed).
    const head = Buffer.concat([journalMagic, Buffer.from(disk.id!, 'latin1')])
    await replaceFile(journal, [head, record])
    return true
  }
  let handle: Awaited<ReturnType<typeof open>>
  try {
    // Note: no `O_CREAT`: a journal removed since (the pack written whole by another process) is not
    // made again without its head.
    handle = await open(journal, constants.O_RDWR | constants.O_APPEND)
  } catch {
    return false
  }
  try {
    const head = Buffer.alloc(journalHead)
    const { bytesRead } = await handle.read(head, 0, journalHead, 0)
    if (bytesRead !== journalHead || head.toString('latin1', journalMagic.length) !== disk.id) return false
    // Note: one `write` call, so that records of two processes appending at once do not interleave.
    let done = 0
    while (done < record.length) done += (await handle.write(record, done)).bytesWritten
    return true
  } finally {
    await handle.close()
  }
}

/** Write the pack of `state` whole (a new id), then remove its journal. */
async function writeWhole(state: PackState): Promise<void> {
  const id = randomBytes(idLength / 2).toString('hex')
  const rows: Row[] = []
  for (const entry of state.entries.values()) rows.push(entry.row)
  const header = Buffer.from(JSON.stringify({ id, checkedAt: state.checkedAt, rows }), 'utf8')
  const head = Buffer.alloc(8)
  head.writeUInt32LE(header.length, 0)
  head.writeUInt32LE(crc32(header), 4)
  const size = await replaceFile(state.file, [magic, head, header], state.entries.values())
  await rm(journalOf(state.file), { force: true })
  state.disk.id = id
  state.disk.entries = new Map(state.entries)
  state.disk.packSize = size
  state.disk.journalSize = 0
  state.disk.appendable = true
}

/** Bytes read from a pack file at once when its entries are copied to a new pack. */
const chunk = 32 << 20

/**
 * Write `head` and then the parts of `entries` to a temporary file, and rename it to `file`. Parts of
 * entries that lie one after the other in one source are copied as one range. Returns the size.
 */
async function replaceFile(file: string, head: Buffer[], entries: Iterable<Entry> = []): Promise<number> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  let size = 0
  try {
    const handle = await open(temporary, 'w')
    try {
      const write = async (buffers: Buffer[]) => {
        for (const buffer of buffers) {
          let done = 0
          while (done < buffer.length) done += (await handle.write(buffer, done)).bytesWritten
          size += buffer.length
        }
      }
      await write(head)
      // Note: ranges of one source, joined while they follow each other (the unchanged posts of a pack).
      let range: { source: Entry['source']; start: number; end: number } | undefined
      const flush = async () => {
        if (!range) return
        const { source, start, end } = range
        range = undefined
        if (Buffer.isBuffer(source)) return write([source.subarray(start, end)])
        for (let at = start; at < end; at += chunk) {
          const bytes = Buffer.allocUnsafe(Math.min(chunk, end - at))
          readAt(source.fd, bytes, at)
          await write([bytes])
        }
      }
      for (const entry of entries) {
        const end = entry.start + entryLength(entry.row)
        if (range && range.source === entry.source && range.end === entry.start) range.end = end
        else {
          await flush()
          range = { source: entry.source, start: entry.start, end }
        }
      }
      await flush()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
    return size
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

// The cache's index file (`related-index.bin`): the index's snapshot (lib/snapshot.ts) with the
// generation of the lists it was saved with. Layout: `BKRI`, the lengths of the two JSON texts that
// follow (uint32, little-endian): the typed arrays' kinds and lengths, and the header (the snapshot
// with each typed array replaced by `{ "$array": i }`); then the typed arrays, each at a multiple of 8
// bytes (the vector columns with room to grow after their used values, see snapshot.ts). Restoring it
// reads the file and makes views into it: no decoding of `toJSON()`'s base64 columns, no copying, no
// sorting of the postings again (see BENCHMARKS.md, "Incremental cache"), and no column copied by the
// first changes.
import { indexOver, stateOf } from '../lib/related-index.js'
import { type IndexSnapshot, isSnapshot, restoreSnapshot, snapshotIndex } from '../lib/snapshot.js'
import type { RelatedIndex } from '../lib/types.js'

type Column = Int32Array | Float32Array | Float64Array | Uint8Array
const kinds = { i32: Int32Array, f32: Float32Array, f64: Float64Array, u8: Uint8Array } as const
type Kind = keyof typeof kinds
const kindOf = (array: Column): Kind =>
  array instanceof Int32Array
    ? 'i32'
    : array instanceof Float32Array
      ? 'f32'
      : array instanceof Float64Array
        ? 'f64'
        : 'u8'

const magic = Buffer.from('BKRI')
const prefix = magic.length + 8
const align = (n: number) => Math.ceil(n / 8) * 8

/** The bytes of the index file for `index`, saved with the lists of `generation`. */
export function indexFileBytes(generation: string, index: RelatedIndex): Buffer {
  return snapshotFileBytes(generation, snapshotIndex(stateOf(index)))
}

/** The bytes of the index file holding `snapshot` (internal; tests write other layouts with it). */
export function snapshotFileBytes(generation: string, snapshot: IndexSnapshot): Buffer {
  const arrays: Column[] = []
  const header = JSON.stringify({ generation, snapshot }, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) return { $array: arrays.push(value as Column) - 1 }
    // Note: JSON has no Infinity (`maxTerms: Infinity`).
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) }
    return value
  })
  const columns = Buffer.from(
    JSON.stringify(arrays.map((array) => ({ kind: kindOf(array), length: array.length }))),
  )
  const head = Buffer.from(header)
  let size = align(prefix + columns.length + head.length)
  const offsets = arrays.map((array) => {
    const at = size
    size = align(size + array.byteLength)
    return at
  })
  const bytes = Buffer.alloc(size)
  magic.copy(bytes)
  bytes.writeUInt32LE(columns.length, magic.length)
  bytes.writeUInt32LE(head.length, magic.length + 4)
  columns.copy(bytes, prefix)
  head.copy(bytes, prefix + columns.length)
  arrays.forEach((array, i) => {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offsets[i])
  })
  return bytes
}

/** The typed arrays of the file, as views into `bytes`; `undefined` when they do not fit in it. */
function columnsOf(bytes: Uint8Array, start: number, columns: unknown): Column[] | undefined {
  if (!Array.isArray(columns)) return undefined
  const views: Column[] = []
  let at = start
  for (const column of columns as Array<{ kind: Kind; length: number }>) {
    const Type = kinds[column?.kind]
    const { length } = column
    if (Type === undefined || !Number.isInteger(length) || length < 0) return undefined
    const byteLength = length * Type.BYTES_PER_ELEMENT
    if (at + byteLength > bytes.length) return undefined
    views.push(new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, length))
    at = align(at + byteLength)
  }
  return views
}

/**
 * `value` (parsed JSON) with each `{ "$array": n }` replaced by column `n` and each `{ "$number": "…" }` by
 * its number (NaN, infinities), in place. Note: a walk after `JSON.parse`, not a reviver, which made the
 * parse of a 10,000-post index's 4 MB head 40–90 ms slower (a call per value).
 */
function withColumns(value: unknown, columns: readonly unknown[]): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (typeof item === 'object' && item !== null) value[i] = withColumns(item, columns)
    }
    return value
  }
  const record = value as Record<string, unknown>
  if (typeof record.$array === 'number') return columns[record.$array]
  if (typeof record.$number === 'string') return Number(record.$number)
  for (const key of Object.keys(record)) {
    const item = record[key]
    if (typeof item === 'object' && item !== null) record[key] = withColumns(item, columns)
  }
  return record
}

/**
 * The index saved in `bytes` when it was saved with the lists of `generation` by this version of the
 * package, else `undefined` (another generation, another format, a truncated or damaged file: rank
 * afresh). Note: the index's arrays are views into `bytes`.
 */
export function indexFromFile(bytes: Uint8Array, generation: string | undefined): RelatedIndex | undefined {
  if (generation === undefined || bytes.length < prefix) return undefined
  if (!magic.equals(bytes.subarray(0, magic.length))) return undefined
  // Note: views need their element size's alignment; a buffer from a pool may not start at one.
  if (bytes.byteOffset % 8 !== 0) bytes = new Uint8Array(bytes)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  const columnsLength = view.getUint32(magic.length, true)
  const headLength = view.getUint32(magic.length + 4, true)
  const end = prefix + columnsLength + headLength
  if (end > bytes.length) return undefined
  const text = (from: number, to: number) =>
    Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString()
  try {
    const columns = columnsOf(bytes, align(end), JSON.parse(text(prefix, prefix + columnsLength)))
    if (columns === undefined) return undefined
    const saved = withColumns(JSON.parse(text(prefix + columnsLength, end)), columns) as {
      generation?: unknown
      snapshot?: unknown
    } | null
    if (saved?.generation !== generation || !isSnapshot(saved.snapshot)) return undefined
    return indexOver(restoreSnapshot(saved.snapshot))
  } catch {
    // Note: damaged text or arrays that do not hold together (`restoreSnapshot` checks their lengths).
    return undefined
  }
}

// Compact columns for the saved index: unsigned varints (LEB128) and raw float32, in base64 strings,
// so that `JSON.parse` reads a few long strings instead of millions of numbers.

import { fromBase64, toBase64 } from './base64.js'

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Appends unsigned varints to a growing byte buffer. */
export class VarintWriter {
  #bytes = new Uint8Array(1024)
  #length = 0

  #room(n: number): void {
    if (this.#length + n <= this.#bytes.length) return
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + n))
    grown.set(this.#bytes.subarray(0, this.#length))
    this.#bytes = grown
  }

  /** Write a non-negative integer (at most 2^53). */
  uint(value: number): void {
    this.#room(8)
    let rest = value
    while (rest >= 0x80) {
      this.#bytes[this.#length++] = (rest & 0x7f) | 0x80
      rest = Math.floor(rest / 0x80)
    }
    this.#bytes[this.#length++] = rest
  }

  /** Write ascending non-negative integers as their differences (the first one as is). */
  ascending(values: ArrayLike<number>, start = 0, end = values.length): void {
    let previous = 0
    for (let i = start; i < end; i++) {
      const value = values[i]!
      this.uint(value - previous)
      previous = value
    }
  }

  /** Raw bytes, appended as they are. */
  bytes(bytes: Uint8Array): void {
    this.#room(bytes.length)
    this.#bytes.set(bytes, this.#length)
    this.#length += bytes.length
  }

  toBase64(): string {
    return toBase64(this.#bytes.subarray(0, this.#length))
  }
}

/** A column that does not decode as written; `fromJSON` turns it into a "rebuild the index" error. */
export class ColumnError extends Error {
  /** The part of the saved index at fault (`columns.all`), when known. */
  readonly field: string | undefined

  constructor(message: string, field?: string) {
    super(message)
    this.field = field
  }
}

/** Reads what {@link VarintWriter} wrote. */
export class VarintReader {
  readonly #bytes: Uint8Array
  #at = 0
  readonly #name: string

  constructor(base64: unknown, name: string) {
    if (typeof base64 !== 'string') throw new ColumnError(`\`${name}\` is not a base64 string`, name)
    this.#bytes = decodeBase64(base64, name)
    this.#name = name
  }

  uint(): number {
    const bytes = this.#bytes
    let value = 0
    let shift = 1
    for (;;) {
      if (this.#at >= bytes.length) throw new ColumnError(`\`${this.#name}\` ends early`, this.#name)
      const byte = bytes[this.#at++]!
      value += (byte & 0x7f) * shift
      if (byte < 0x80) return value
      shift *= 0x80
      if (shift > 2 ** 56)
        throw new ColumnError(`\`${this.#name}\` holds a number that is too large`, this.#name)
    }
  }

  /** `count` ascending integers written with `ascending`, each below `limit`, into `out` from `at`. */
  ascending(count: number, limit: number, out: Int32Array, at: number): void {
    let previous = 0
    for (let i = 0; i < count; i++) {
      previous += this.uint()
      if (previous >= limit || (i > 0 && previous === out[at + i - 1])) {
        throw new ColumnError(`\`${this.#name}\` holds an id out of range or out of order`, this.#name)
      }
      out[at + i] = previous
    }
  }

  /** The next `length` raw bytes (a view, not a copy). */
  bytes(length: number): Uint8Array {
    if (this.#at + length > this.#bytes.length)
      throw new ColumnError(`\`${this.#name}\` ends early`, this.#name)
    const view = this.#bytes.subarray(this.#at, this.#at + length)
    this.#at += length
    return view
  }

  /** Whether every byte was read. */
  done(): boolean {
    return this.#at === this.#bytes.length
  }

  /** Throws unless every byte was read. */
  end(): void {
    if (this.#at !== this.#bytes.length)
      throw new ColumnError(`\`${this.#name}\` is longer than expected`, this.#name)
  }
}

function decodeBase64(base64: string, name: string): Uint8Array {
  const bytes = fromBase64(base64)
  if (bytes === undefined) throw new ColumnError(`\`${name}\` is not valid base64`, name)
  return bytes
}

/** Reverse the byte order of each 4-byte value (float32 are saved little-endian). */
function swap32(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i]!
    const b = bytes[i + 1]!
    bytes[i] = bytes[i + 3]!
    bytes[i + 1] = bytes[i + 2]!
    bytes[i + 2] = b
    bytes[i + 3] = a
  }
}

/** float32 values as little-endian bytes in base64 (exact: a float32 survives the round trip). */
export function encodeFloat32(values: Float32Array, start = 0, end = values.length): string {
  const copy = new Uint8Array(values.slice(start, end).buffer)
  if (!littleEndian) swap32(copy)
  return toBase64(copy)
}

/** Read what {@link encodeFloat32} wrote; expects exactly `count` values. */
export function decodeFloat32(base64: unknown, count: number, name: string): Float32Array {
  if (typeof base64 !== 'string') throw new ColumnError(`\`${name}\` is not a base64 string`, name)
  const bytes = decodeBase64(base64, name)
  if (bytes.byteLength !== count * 4)
    throw new ColumnError(`\`${name}\` does not hold ${count} numbers`, name)
  if (!littleEndian) swap32(bytes)
  // Note: copied into a fresh buffer, aligned for float32 whatever the decoder gave.
  const out = new Float32Array(count)
  new Uint8Array(out.buffer).set(bytes)
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(out[i]!))
      throw new ColumnError(`\`${name}\` holds a number that is not finite`, name)
  }
  return out
}

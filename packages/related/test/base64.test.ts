import { describe, expect, it } from 'vitest'
import { fromBase64, portableFromBase64, portableToBase64, toBase64 } from '../src/lib/base64.js'

/** Bytes 0..n-1 of a fixed pseudo-random sequence. */
function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = 12345
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** The bytes as hex (or `undefined`, for a decoder's refusal). */
const hex = (data: Uint8Array | undefined) =>
  data === undefined ? undefined : Buffer.from(data).toString('hex')

describe('base64 of the saved columns', () => {
  const codecs = [
    ['the runtime', toBase64, fromBase64],
    ['plain JavaScript', portableToBase64, portableFromBase64],
  ] as const

  for (const [name, encode, decode] of codecs) {
    it(`should write what Buffer writes and read it back (${name})`, () => {
      for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 64, 1000, 100_003]) {
        const data = bytes(n)
        const text = encode(data)
        expect(text).toBe(Buffer.from(data).toString('base64'))
        // Note: compared as hex text; toEqual walks a 100,003-byte array element by element (0.7 s here,
        // over the 5 s timeout once on a loaded CI machine).
        expect(hex(decode(text))).toBe(hex(data))
        expect(hex(decode(text.replace(/=+$/, '')))).toBe(hex(data))
      }
    })

    it(`should refuse text that is not base64 (${name})`, () => {
      expect(decode('AB$D')).toBeUndefined()
      expect(decode('ABCDé===')).toBeUndefined()
      expect(decode('ABCDE')).toBeUndefined()
    })
  }
})

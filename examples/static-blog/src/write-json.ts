import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Characters of JSON `jsonChunks` joins before it hands them out. */
const chunkSize = 65_536

/**
 * `JSON.stringify(value)` of an object, in pieces of about `chunkSize` characters: each of its arrays and
 * plain objects one element or entry at a time. Joined, the pieces are the same text.
 */
export function* jsonChunks(value: object): Generator<string> {
  let text = ''
  for (const piece of jsonPieces(value)) {
    text += piece
    if (text.length >= chunkSize) {
      yield text
      text = ''
    }
  }
  if (text !== '') yield text
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value)) &&
  !('toJSON' in value)

/** The top level's arrays and plain objects element by element, the values inside them whole. */
function* jsonPieces(value: object): Generator<string> {
  if (!isPlain(value)) {
    yield JSON.stringify(value)
    return
  }
  let separator = '{'
  for (const key of Object.keys(value)) {
    const field = value[key]
    const name = `${separator}${JSON.stringify(key)}:`
    if (Array.isArray(field)) {
      yield name
      yield* arrayPieces(field)
    } else if (isPlain(field)) {
      yield name
      yield* entryPieces(field)
    } else {
      const text = JSON.stringify(field)
      // Note: as JSON.stringify, a field without JSON (undefined, a function) is left out.
      if (text === undefined) continue
      yield `${name}${text}`
    }
    separator = ','
  }
  yield separator === '{' ? '{}' : '}'
}

function* arrayPieces(array: readonly unknown[]): Generator<string> {
  if (array.length === 0) {
    yield '[]'
    return
  }
  for (let index = 0; index < array.length; index++)
    // Note: as JSON.stringify, an element without JSON (undefined, a function) is `null`.
    yield `${index === 0 ? '[' : ','}${JSON.stringify(array[index]) ?? 'null'}`
  yield ']'
}

function* entryPieces(record: Record<string, unknown>): Generator<string> {
  let separator = '{'
  for (const key of Object.keys(record)) {
    const text = JSON.stringify(record[key])
    if (text === undefined) continue
    yield `${separator}${JSON.stringify(key)}:${text}`
    separator = ','
  }
  yield separator === '{' ? '{}' : '}'
}

/** Write a text given in pieces to `file`, never holding all of it as one string. */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(file))
}

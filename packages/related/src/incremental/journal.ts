// The cache's journal file (`related-journal.bin`): the changes since the base lists and index, framed so
// that a damaged or truncated file is told from a missing one: `BKRJ`, the payload's length (uint32,
// little-endian), its SHA-256, then the payload (`v8.serialize`d). A journal that cannot be read is
// reported, and the cache ranks afresh instead of guessing what the builds since the base changed.
import { createHash } from 'node:crypto'
import v8 from 'node:v8'
import type { RelatedPost } from '../lib/types.js'
import { readSaved } from './read-whole.js'
import type { RelatedChanges } from './worker-client.js'

/** The changes since the base. */
export interface Journal {
  version: 2
  /** Generation of the base lists and index it follows. */
  base: string
  /** Each `rank`'s changes to the index, oldest first. */
  changes: RelatedChanges[]
  /** Digests of the posts changed since the base, `null` for posts removed. */
  hashes: Record<string, string | null>
  /** Lists ranked again since the base, `null` for posts removed. */
  results: Record<string, RelatedPost[] | null>
}

const magic = Buffer.from('BKRJ')
const headerLength = magic.length + 4 + 32

const digest = (payload: Uint8Array) => createHash('sha256').update(payload).digest()

/** The bytes of the journal file. */
export function journalBytes(journal: Journal): Buffer {
  const payload = v8.serialize(journal)
  const header = Buffer.alloc(headerLength)
  magic.copy(header)
  header.writeUInt32LE(payload.length, magic.length)
  digest(payload).copy(header, magic.length + 4)
  return Buffer.concat([header, payload])
}

/**
 * The journal in `file`: `{ journal }` when it follows the base `base`; `{}` when there is none or it
 * follows another base (written by a build that another one replaced since: not an error); `{ damaged }`
 * saying what is wrong when the file cannot be read whole; `{ otherVersion: true }` when it is whole but
 * written by another version of the package (an upgrade: its changes cannot be read, not an error).
 */
export async function readJournal(
  file: string,
  base: string,
): Promise<{ journal?: Journal; damaged?: string; otherVersion?: true }> {
  const { bytes, damaged } = await readSaved(file)
  if (bytes === undefined) return damaged === undefined ? {} : { damaged }
  if (bytes.length < headerLength || !bytes.subarray(0, magic.length).equals(magic))
    return { damaged: 'it is not a journal of @blogkit/related (no `BKRJ` header)' }
  const length = bytes.readUInt32LE(magic.length)
  const payload = bytes.subarray(headerLength)
  if (payload.length !== length)
    return {
      damaged: `it is truncated or has extra bytes (${payload.length} bytes of changes, expected ${length})`,
    }
  if (!digest(payload).equals(bytes.subarray(magic.length + 4, headerLength)))
    return { damaged: 'its checksum does not match its content' }
  let journal: Partial<Journal> | undefined
  try {
    journal = v8.deserialize(payload)
  } catch (error) {
    return { damaged: `it cannot be decoded (${(error as Error).message})` }
  }
  if (journal?.version !== 2) return { otherVersion: true }
  if (
    !Array.isArray(journal.changes) ||
    typeof journal.hashes !== 'object' ||
    typeof journal.results !== 'object'
  )
    return { damaged: 'its changes are not in the form this version writes' }
  return journal.base === base ? { journal: journal as Journal } : {}
}

import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { Lists, listsFileBytes } from '../src/incremental/saved-lists.js'
import type { RelatedDoc, RelatedPost } from '../src/index.js'

/** The multilingual fixture posts (English, Swedish, German, French). */
export function fixturePosts(): RelatedDoc[] {
  return JSON.parse(readFileSync(new URL('fixtures/posts.json', import.meta.url), 'utf8')) as RelatedDoc[]
}

/** A temporary folder for the tests of a file: made before them (`made` is told its path), removed after them. */
export function temporaryFolder(prefix: string, made: (dir: string) => void): void {
  let dir: string | undefined
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix))
    made(dir)
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })
}

/**
 * The cache's saved lists file (a header line, an index line, a line per list: see saved-lists.ts) as one
 * object: the header's fields, `hashes`, each list's digest (`digests`, by id) and the lists (`results`).
 */
export async function readSavedLists(file: string) {
  const [header, index, ...lines] = (await readFile(file, 'utf8')).split('\n')
  const { hashes, ids, digests } = JSON.parse(index!) as Record<string, string[]> & { hashes: object }
  return {
    ...JSON.parse(header!),
    hashes,
    digests: Object.fromEntries(ids!.map((id, i) => [id, digests![i]!])),
    results: Object.fromEntries(ids!.map((id, i) => [id, JSON.parse(lines[i]!) as RelatedPost[]])),
  }
}

/** Write the object `readSavedLists` gives back (its settings, `hashes`, `results`) as the saved lists file. */
export async function writeSavedLists(file: string, lists: Record<string, unknown>) {
  const { generation, limit, options, hashes, results } = lists as {
    generation: string
    limit: number
    options: string
    hashes: Record<string, string>
    results: Record<string, RelatedPost[]>
  }
  const saved = Lists.of(new Map(Object.entries(results)))
  await writeFile(file, listsFileBytes({ generation, limit, options }, hashes, saved))
}

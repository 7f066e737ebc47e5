import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { RelatedDoc } from '../src/index.js'

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

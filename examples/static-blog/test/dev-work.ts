import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { DevServerOptions } from '../src/dev/server.js'
import { defaultContentDir } from '../src/paths.js'

/**
 * A temporary folder with a copy of the example's content in `content/`, made before the calling file's
 * tests and removed after them (`work.dir`, set once they start).
 */
export function exampleWork(name: string): { dir: string } {
  const work = { dir: '' }
  beforeAll(async () => {
    work.dir = await mkdtemp(path.join(tmpdir(), `blogkit-${name}-`))
    await cp(defaultContentDir, path.join(work.dir, 'content'), { recursive: true })
  })
  afterAll(async () => {
    if (work.dir) await rm(work.dir, { recursive: true, force: true })
  })
  return work
}

/** A quiet dev server on any free port for the content in `dir/content`, its output and cache beside it. */
export const devOptions = (dir: string): DevServerOptions => ({
  contentDir: path.join(dir, 'content'),
  outDir: path.join(dir, 'out'),
  cacheDir: path.join(dir, 'cache'),
  port: 0,
  workers: 0,
  cwd: dir,
  log: () => undefined,
})

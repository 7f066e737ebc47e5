import { statSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { createSiteSession, type SiteSession } from '@blogkit/example-site'
import { type Manifest, readManifest, recordChunks } from './build-record.js'
import { writeChunks } from './write-json.js'

/**
 * What a process that builds the same site again and again (the dev server) keeps between `buildSite`
 * calls: the parsed posts in memory and the related-posts index open in its worker thread
 * (`createSiteSession`), and the record of the last build, in memory, written to the cache folder a few
 * seconds after a build (`recordDelay`) and when the session is closed, not by every build (at 10,000
 * posts the record is 22 MB of JSON).
 */
export interface BuildSession {
  readonly site: SiteSession
  /** Stop the worker thread kept open and write what is not written yet (the record, the posts' cache). */
  close(): Promise<void>
}

interface RecordState {
  file: string
  manifest: Manifest
  /** The mtime of `file` as this process last wrote or read it (`undefined`: none). */
  mtimeMs: number | undefined
  /** Not written yet. */
  dirty: boolean
}

interface SessionState {
  record: RecordState | undefined
  timer: ReturnType<typeof setTimeout> | undefined
  writing: Promise<void>
  recordDelay: number
}

const states = new WeakMap<BuildSession, SessionState>()

/**
 * A session for `buildSite`'s `session` option; `close()` it when done. `recordDelay`: milliseconds after
 * a build before its record is written (in the background; `close()` writes it too). `prepareEarly`: see
 * `createSiteSession`.
 */
export function createBuildSession(
  options: { recordDelay?: number; prepareEarly?: boolean } = {},
): BuildSession {
  const site = createSiteSession({ prepareEarly: options.prepareEarly })
  const state: SessionState = {
    record: undefined,
    timer: undefined,
    writing: Promise.resolve(),
    recordDelay: options.recordDelay ?? 5000,
  }
  const session: BuildSession = {
    site,
    async close() {
      try {
        await writeRecord(state)
      } finally {
        await site.close()
      }
    },
  }
  states.set(session, state)
  return session
}

const mtimeOf = (file: string) => {
  try {
    return statSync(file).mtimeMs
  } catch {
    return undefined
  }
}

/**
 * The record of the last build into `outDir`: the session's, unless another process wrote the file since
 * this one last wrote or read it.
 */
export async function lastRecord(
  file: string,
  outDir: string,
  session: BuildSession | undefined,
): Promise<Manifest | undefined> {
  const state = session && states.get(session)
  const kept = state?.record
  if (kept && kept.file === file && kept.mtimeMs === mtimeOf(file)) return kept.manifest
  if (state) state.record = undefined
  return readManifest(file, outDir)
}

/**
 * Save the record of a build: written now without a session; with one, kept in memory and written
 * `recordDelay` ms later, in the background.
 */
export async function saveRecord(
  session: BuildSession | undefined,
  file: string,
  manifest: Manifest,
): Promise<void> {
  const state = session && states.get(session)
  if (!state) {
    await mkdir(path.dirname(file), { recursive: true })
    await writeChunks(file, recordChunks(manifest))
    return
  }
  // Note: the record on disk is removed until this one is written: a process that ends without writing it
  // (killed) leaves no record, so that the next build starts afresh, instead of one that says files are
  // as an earlier build left them when a later build changed them.
  if (!(state.record?.file === file && state.record.dirty)) {
    await state.writing
    await rm(file, { force: true })
  }
  state.record = { file, manifest, mtimeMs: undefined, dirty: true }
  if (state.timer) return
  state.timer = setTimeout(() => {
    state.timer = undefined
    // Note: a record that cannot be written is no loss (the next build renders more); close() says why.
    writeRecord(state).catch(() => undefined)
  }, state.recordDelay)
  state.timer.unref?.()
}

/** Write the session's record if it is not written yet (after any write under way). */
function writeRecord(state: SessionState): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer)
    state.timer = undefined
  }
  const run = state.writing.then(async () => {
    const record = state.record
    if (!record?.dirty) return
    record.dirty = false
    const temporary = `${record.file}.${process.pid}.tmp`
    try {
      await mkdir(path.dirname(record.file), { recursive: true })
      await writeChunks(temporary, recordChunks(record.manifest))
      await rename(temporary, record.file)
      // Note: right after the rename, before any other build can look at the file.
      record.mtimeMs = mtimeOf(record.file)
    } catch (error) {
      record.dirty = true
      await rm(temporary, { force: true })
      throw error
    }
  })
  state.writing = run.catch(() => undefined)
  return run
}

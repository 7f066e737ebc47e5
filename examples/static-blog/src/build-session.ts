import { statSync } from 'node:fs'
import { createSiteSession, type SiteSession } from '@blogkit/example-site'
import { type Manifest, readManifest } from './build-record.js'

/**
 * What a process that builds the same site again and again (the dev server) keeps between `buildSite`
 * calls: the related-posts index open in its worker thread (`createSiteSession`), and the record of the
 * last build (not read back from the cache folder unless another process wrote it since).
 */
export interface BuildSession {
  readonly site: SiteSession
  /** The record this process wrote last, with the mtime of its file then. */
  record?: { file: string; mtimeMs: number; manifest: Manifest } | undefined
  /** Stop the worker thread kept open. */
  close(): Promise<void>
}

/** A session for `buildSite`'s `session` option; `close()` it when done. */
export function createBuildSession(): BuildSession {
  const site = createSiteSession()
  return { site, close: () => site.close() }
}

const mtimeOf = (file: string) => {
  try {
    return statSync(file).mtimeMs
  } catch {
    return undefined
  }
}

/** The record of the last build into `outDir`: the session's when its file is still the one written. */
export async function lastRecord(
  file: string,
  outDir: string,
  session: BuildSession | undefined,
): Promise<Manifest | undefined> {
  const kept = session?.record
  if (kept && kept.file === file && kept.mtimeMs === mtimeOf(file)) return kept.manifest
  return readManifest(file, outDir)
}

/** Keep the record just written to `file` in the session. */
export function keepRecord(session: BuildSession | undefined, file: string, manifest: Manifest): void {
  if (!session) return
  const mtimeMs = mtimeOf(file)
  session.record = mtimeMs === undefined ? undefined : { file, mtimeMs, manifest }
}

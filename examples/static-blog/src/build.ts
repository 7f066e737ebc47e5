import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { filePathOf, loadSite, renderSite, type Site } from '@blogkit/example-site'

/** Options of `buildSite`. */
export interface BuildSiteOptions {
  /** Folder with `site.json`, `posts/`, `images/` (or just Markdown posts). */
  contentDir: string
  /** Folder to write the site to; emptied first. */
  outDir: string
  /** Absolute URL the site will be served at. @default site.json `baseUrl` */
  baseUrl?: string | undefined
  /** Include drafts and future posts. @default false */
  drafts?: boolean | undefined
  /** Cache folder for parsed posts; without it every post is parsed on every build. */
  cacheDir?: string | undefined
  /** Worker threads that parse posts. @default 0 */
  workers?: number | undefined
}

/** What `buildSite` did. */
export interface BuildResult {
  site: Site
  /** Files written (pages, feeds, assets; copied folders not counted). */
  files: number
  /** Bytes written. */
  bytes: number
  /** Milliseconds spent loading (parsing, comments, related) and writing. */
  timings: { load: number; write: number }
}

/** Files written at once. */
const concurrency = 32

/**
 * Build the static site: load the content with `loadSite`, render every file with `renderSite`, write
 * them under `outDir` (`/posts/a/` → `posts/a/index.html`), and copy `images/` and `static/`.
 */
export async function buildSite(options: Readonly<BuildSiteOptions>): Promise<BuildResult> {
  const started = performance.now()
  const site = await loadSite({
    contentDir: options.contentDir,
    baseUrl: options.baseUrl,
    drafts: options.drafts,
    cacheDir: options.cacheDir,
    workers: options.workers,
  })
  const loaded = performance.now()
  const outDir = path.resolve(options.outDir)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })

  const made = new Map<string, Promise<unknown>>()
  let files = 0
  let bytes = 0
  const pending = new Set<Promise<void>>()
  const write = async (file: string, body: string) => {
    const dir = path.dirname(file)
    let ready = made.get(dir)
    if (!ready) {
      ready = mkdir(dir, { recursive: true })
      made.set(dir, ready)
    }
    await ready
    await writeFile(file, body)
  }
  for (const file of renderSite(site)) {
    const target = path.join(outDir, filePathOf(file.path, site.urls.root))
    files++
    bytes += Buffer.byteLength(file.body)
    const job: Promise<void> = write(target, file.body).finally(() => pending.delete(job))
    pending.add(job)
    if (pending.size >= concurrency) await Promise.race(pending)
  }
  await Promise.all(pending)
  for (const [from, to] of site.assets) {
    await cp(from, path.join(outDir, to), { recursive: true, force: true })
  }
  return { site, files, bytes, timings: { load: loaded - started, write: performance.now() - loaded } }
}

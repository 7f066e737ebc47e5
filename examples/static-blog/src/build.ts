import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { filePathOf, loadSite, postFingerprint, renderSite, type Site } from '@blogkit/example-site'

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
  /** Empty the output folder and render everything, ignoring the last build's manifest. @default false */
  clean?: boolean | undefined
}

/** What `buildSite` did. */
export interface BuildResult {
  site: Site
  /** Files of the site (pages, feeds, assets; copied folders not counted). */
  files: number
  /** Files rendered (the others were unchanged since the last build). */
  rendered: number
  /** Files written (rendered files whose content changed). */
  written: number
  /** Bytes rendered. */
  bytes: number
  /** Milliseconds spent loading (parsing, comments, related) and writing. */
  timings: { load: number; write: number }
}

/** Files written at once. */
const concurrency = 32

/** Name of the build manifest in the output folder: what each file was made from, for the next build. */
export const manifestName = '.blogkit-build.json'

/** The build manifest: per output file, the fingerprint of its input (posts only) and of its body. */
interface Manifest {
  version: 1
  files: Record<string, { input?: string; output: string }>
}

async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await readFile(path.join(outDir, manifestName), 'utf8')) as Manifest
    return data.version === 1 && typeof data.files === 'object' ? data : undefined
  } catch {
    return undefined
  }
}

const digest = (body: string) => createHash('sha256').update(body).digest('base64url').slice(0, 22)

/**
 * Build the static site: load the content with `loadSite`, render every file with `renderSite`, write
 * them under `outDir` (`/posts/a/` → `posts/a/index.html`), and copy `images/` and `static/`.
 *
 * Incremental: the output folder keeps a manifest (`.blogkit-build.json`). A post whose fingerprint
 * (its content, comments, related posts, neighbours, the settings and the theme) is unchanged is not
 * rendered again, a file whose content is unchanged is not written again, and files no longer part of
 * the site are deleted. Without a manifest (or with `clean`) the folder is emptied first.
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
  const previous = options.clean ? undefined : await readManifest(outDir)
  if (!previous) await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const manifest: Manifest = { version: 1, files: {} }

  const made = new Map<string, Promise<unknown>>()
  let files = 0
  let written = 0
  let rendered = 0
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
  const fingerprints = new Map<string, string>()
  const inputOf = (slug: string | undefined) => {
    if (slug === undefined) return undefined
    let fingerprint = fingerprints.get(slug)
    if (fingerprint === undefined) {
      fingerprint = postFingerprint(site, site.bySlug.get(slug)!)
      fingerprints.set(slug, fingerprint)
    }
    return fingerprint
  }
  // Files of a post whose fingerprint did not change are kept as they are, without rendering.
  const keep = (file: { path: string; slug?: string }) => {
    const relative = filePathOf(file.path, site.urls.root)
    const input = inputOf(file.slug)
    const before = previous?.files[relative]
    if (input === undefined || before?.input !== input) return false
    manifest.files[relative] = before
    files++
    return true
  }
  for (const file of renderSite(site, (file) => !keep(file))) {
    const relative = filePathOf(file.path, site.urls.root)
    const output = digest(file.body)
    const input = inputOf(file.slug)
    manifest.files[relative] = input === undefined ? { output } : { input, output }
    files++
    rendered++
    bytes += Buffer.byteLength(file.body)
    if (previous?.files[relative]?.output === output) continue
    written++
    const job: Promise<void> = write(path.join(outDir, relative), file.body).finally(() =>
      pending.delete(job),
    )
    pending.add(job)
    if (pending.size >= concurrency) await Promise.race(pending)
  }
  await Promise.all(pending)
  if (previous) {
    for (const relative of Object.keys(previous.files)) {
      if (!(relative in manifest.files)) await rm(path.join(outDir, relative), { force: true })
    }
  }
  for (const [from, to] of site.assets) {
    await cp(from, path.join(outDir, to), { recursive: true, force: true })
  }
  await writeFile(path.join(outDir, manifestName), JSON.stringify(manifest))
  return {
    site,
    files,
    rendered,
    written,
    bytes,
    timings: { load: loaded - started, write: performance.now() - loaded },
  }
}

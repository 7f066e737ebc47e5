import { createHash } from 'node:crypto'
import { mkdirSync, type Stats, statSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { filePathOf, loadSite, type Site, type SitePage, sitePages, siteSettled } from '@blogkit/example-site'
import { codeVersion } from './code-version.js'
import { findMissingImages, type MissingImage } from './images.js'
import {
  type CompiledShape,
  compileShape,
  type PageReads,
  postKey,
  renderTracked,
  replayReads,
} from './page-memo.js'

/** Options of `buildSite`. */
export interface BuildSiteOptions {
  /** Folder with `site.json`, `posts/`, `images/` (or just Markdown posts). */
  contentDir: string
  /** Folder to write the site to. Emptied first when there is no record of the last build into it. */
  outDir: string
  /** Absolute URL the site will be served at. @default site.json `baseUrl` */
  baseUrl?: string | undefined
  /** Include drafts and future posts. @default false */
  drafts?: boolean | undefined
  /**
   * Cache folder: parsed posts, the related-posts index, and the record of the last build into each
   * output folder (what makes builds incremental). Without it every post is parsed and every file
   * rendered and written on every build.
   */
  cacheDir?: string | undefined
  /**
   * Worker threads that parse posts. Used when many posts need parsing (a cold build); a rebuild
   * that parses a few changed posts does it on the main thread, which is faster than starting threads.
   * @default 0
   */
  workers?: number | undefined
  /** Empty the output folder and render everything, ignoring the record of the last build. @default false */
  clean?: boolean | undefined
  /**
   * Refuse to build when a post shows a local image that is not in `images/` or `static/`
   * (`BuildError`, nothing written). Without it such images are reported in `missingImages`.
   * @default false
   */
  strict?: boolean | undefined
}

/** What `buildSite` did. */
export interface BuildResult {
  site: Site
  /** Files of the site (pages, feeds, copied images and static files). */
  files: number
  /** Files rendered (the others read the same from their inputs as in the last build). */
  rendered: number
  /** Files written or copied (rendered files whose content changed, changed images). */
  written: number
  /** Files deleted (no longer part of the site). */
  deleted: number
  /** Bytes rendered. */
  bytes: number
  /** Local images shown by posts that are not in the content's `images/` or `static/` folder. */
  missingImages: MissingImage[]
  /** Milliseconds spent loading (parsing, comments, related), rendering and writing, in all. */
  timings: { load: number; write: number; total: number }
}

/** A `strict` build with missing images fails with this, before anything is written. */
export class BuildError extends Error {
  readonly missingImages: MissingImage[]
  constructor(missingImages: MissingImage[]) {
    super(
      missingImages
        .map((image) => `${image.file}:${image.line ?? 1}:${image.column ?? 1}: ${image.reason}`)
        .join('\n'),
    )
    this.name = 'BuildError'
    this.missingImages = missingImages
  }
}

/** Files written at once. */
const concurrency = 32

/**
 * Per output file, as last written: `[content, size, mtime in ms]`, `content` being a digest of the
 * rendered body, or for a copied file the size and mtime of its source; for a rendered file, then what
 * its render read of its inputs (`reads`, a digest of the values, and `shape`, the index of the list of
 * what was read in `shapes`: see page-memo.ts).
 */
type Entry =
  | [content: string, size: number, mtimeMs: number]
  | [content: string, size: number, mtimeMs: number, reads: string, shape: number]

/** The record of the last build into an output folder (kept in the cache folder): what was written. */
interface Manifest {
  version: 4
  outDir: string
  /** `codeVersion` of the build (theme, packages, settings): reads are replayed only under the same. */
  code: string
  /** Lists of what renders read, shared by the files that read the same paths. */
  shapes: string[]
  /** The `src` of each image a post shows, by `postKey` (its file's digest and name). */
  images: Record<string, string[]>
  /**
   * Per folder of the output (`.` for the output folder itself), its mtime in ms after the build: a
   * folder whose mtime is unchanged had no file added, deleted or renamed since.
   */
  folders: Record<string, number>
  files: Record<string, Entry>
}

/** Where the record of builds into `outDir` lives in the cache folder. */
export function manifestPath(cacheDir: string, outDir: string): string {
  const id = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16)
  return path.join(cacheDir, 'builds', `${id}.json`)
}

async function readManifest(file: string, outDir: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Manifest
    // Note: a record that is not one this version wrote is no record (everything is rendered and written).
    return data.version === 4 &&
      data.outDir === outDir &&
      typeof data.code === 'string' &&
      Array.isArray(data.shapes) &&
      typeof data.files === 'object' &&
      data.files !== null
      ? data
      : undefined
  } catch {
    return undefined
  }
}

const digest = (body: string) => createHash('sha1').update(body).digest('base64url')

const statOrUndefined = (file: string): Stats | undefined => {
  try {
    return statSync(file)
  } catch {
    return undefined
  }
}

/** Every file under the asset folders, as `[source, relative output path]`. */
async function assetFiles(site: Site): Promise<Array<[string, string]>> {
  const files: Array<[string, string]> = []
  for (const [from, to] of site.assets) {
    for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue
      const source = path.join(entry.parentPath, entry.name)
      files.push([source, path.posix.join(to, path.relative(from, source).split(path.sep).join('/'))])
    }
  }
  return files
}

/**
 * Build the static site: load the content with `loadSite`, render the files of `renderSite`, write
 * them under `outDir` (`/posts/a/` → `posts/a/index.html`), and copy `images/` and `static/`.
 *
 * Incremental when `cacheDir` is given: the cache folder keeps a record of the last build into
 * `outDir` (a digest of each file's content, and its size and mtime as written). Every file is rendered
 * (from posts the packages' caches kept); one whose content is the recorded one, and which is still on
 * disk as written, is not written again; an image is copied only when it changed; files no longer part
 * of the site are deleted. Without a record (or with `clean`) the folder is emptied first.
 *
 * @throws {BuildError}
 *   With `strict`, when posts show local images that are missing.
 */
export async function buildSite(options: Readonly<BuildSiteOptions>): Promise<BuildResult> {
  const started = performance.now()
  const outDir = path.resolve(options.outDir)
  const manifestFile =
    options.cacheDir === undefined ? undefined : manifestPath(path.resolve(options.cacheDir), outDir)
  const previous = options.clean || !manifestFile ? undefined : await readManifest(manifestFile, outDir)

  const site = await loadSite({
    contentDir: options.contentDir,
    baseUrl: options.baseUrl,
    drafts: options.drafts,
    cacheDir: options.cacheDir,
    workers: options.workers,
  })
  const images: Manifest['images'] = {}
  const missingImages = await findMissingImages(site, (item) => {
    const key = postKey(item.post)
    let srcs = key === undefined ? undefined : previous?.images?.[key]
    if (!Array.isArray(srcs)) srcs = item.post.images.map((image) => image.src)
    if (key !== undefined) images[key] = srcs
    return srcs
  })
  if (options.strict && missingImages.length > 0) throw new BuildError(missingImages)
  const loaded = performance.now()

  if (!previous) await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const code = codeVersion(site)
  const manifest: Manifest = { version: 4, outDir, code, shapes: [], images, folders: {}, files: {} }
  const shapes = new Map<string, number>()
  const shapeOf = (shape: string) => {
    let index = shapes.get(shape)
    if (index === undefined) {
      index = manifest.shapes.push(shape) - 1
      shapes.set(shape, index)
    }
    return index
  }
  // Note: what the last build's renders read is worth replaying only under the same theme and settings.
  const replayable = previous?.code === code ? previous : undefined

  // Note: one synchronous `mkdir` per folder costs a few microseconds; the promise version, queued
  // behind the writes in libuv's thread pool, cost more than the writes themselves (1,000 posts: 0.7 s).
  const made = new Set<string>()
  const ensureDir = (dir: string) => {
    if (made.has(dir)) return
    mkdirSync(dir, { recursive: true })
    made.add(dir)
  }
  let files = 0
  let written = 0
  let rendered = 0
  let bytes = 0
  const pending = new Set<Promise<void>>()
  const schedule = async (job: () => Promise<void>) => {
    const running: Promise<void> = job().finally(() => pending.delete(running))
    pending.add(running)
    if (pending.size >= concurrency) await Promise.race(pending)
  }
  /** Folders whose mtime is the one the last build recorded (no file added, deleted or renamed since). */
  const intact = new Map<string, boolean>()
  const folderIntact = (folder: string) => {
    let known = intact.get(folder)
    if (known === undefined) {
      const recorded = previous?.folders?.[folder]
      known = recorded !== undefined && statOrUndefined(path.join(outDir, folder))?.mtimeMs === recorded
      intact.set(folder, known)
    }
    return known
  }
  /** Folders this build wrote or deleted files in (their mtime is recorded afresh). */
  const touched = new Set<string>()
  /**
   * The last build's entry of a file, when the file is still on disk as that build left it: its folder
   * is as the build left it (the file was not deleted), else the file's size and mtime are.
   * Note: one stat per folder instead of one per file (a post's folder holds its page and three feeds).
   */
  const unchanged = (relative: string): Entry | undefined => {
    const before = previous?.files[relative]
    if (!before) return undefined
    if (folderIntact(path.posix.dirname(relative))) return before
    const stats = statOrUndefined(path.join(outDir, relative))
    return stats && stats.size === before[1] && stats.mtimeMs === before[2] ? before : undefined
  }
  const record = (relative: string, content: string, file: string, reads?: PageReads) => {
    touched.add(path.posix.dirname(relative))
    const stats = statSync(file)
    manifest.files[relative] = reads
      ? [content, stats.size, stats.mtimeMs, reads.hash, shapeOf(reads.shape)]
      : [content, stats.size, stats.mtimeMs]
  }
  /** Whether a page reads the same from its inputs as in the last build (then it renders the same). */
  const compiled = new Map<number, CompiledShape | undefined>()
  const readsSame = (page: SitePage, before: Entry | undefined) => {
    if (!replayable || !before || before.length !== 5) return false
    let shape = compiled.get(before[4])
    if (!compiled.has(before[4])) {
      const text = replayable.shapes[before[4]]
      shape = typeof text === 'string' ? compileShape(text) : undefined
      compiled.set(before[4], shape)
    }
    return shape !== undefined && replayReads(page, shape) === before[3]
  }

  // Images and static files: copied when their size or time changed. They win over rendered files
  // of the same path (a `static/robots.txt` replaces the generated one).
  const assets = await assetFiles(site)
  const fromAssets = new Set(assets.map(([, to]) => to))
  for (const [source, relative] of assets) {
    files++
    const stats = statSync(source)
    const content = `${stats.size}:${stats.mtimeMs}`
    const before = unchanged(relative)
    if (before && before[0] === content) {
      manifest.files[relative] = [before[0], before[1], before[2]]
      continue
    }
    written++
    await schedule(async () => {
      const target = path.join(outDir, relative)
      ensureDir(path.dirname(target))
      await copyFile(source, target)
      record(relative, content, target)
    })
  }

  for (const page of sitePages(site)) {
    const relative = filePathOf(page.path, site.urls.root)
    if (fromAssets.has(relative)) continue
    files++
    if (readsSame(page, replayable?.files[relative])) {
      const before = unchanged(relative)
      if (before && before.length === 5) {
        manifest.files[relative] = [
          before[0],
          before[1],
          before[2],
          before[3],
          shapeOf(replayable!.shapes[before[4]]!),
        ]
        continue
      }
    }
    // Note: without a cache folder there is no record to keep what renders read in.
    const { body, reads } = manifestFile
      ? renderTracked(page)
      : { body: page.render(...(page.inputs as never[])), reads: undefined }
    const content = digest(body)
    rendered++
    bytes += Buffer.byteLength(body)
    const before = unchanged(relative)
    if (before && before[0] === content) {
      manifest.files[relative] = reads
        ? [before[0], before[1], before[2], reads.hash, shapeOf(reads.shape)]
        : [before[0], before[1], before[2]]
      continue
    }
    written++
    await schedule(async () => {
      const target = path.join(outDir, relative)
      ensureDir(path.dirname(target))
      await writeFile(target, body)
      record(relative, content, target, reads)
    })
  }
  await Promise.all(pending)

  // Files of the last build that are no longer part of the site, and the folders they leave empty.
  let deleted = 0
  if (previous) {
    const emptied = new Set<string>()
    for (const relative of Object.keys(previous.files)) {
      if (relative in manifest.files) continue
      await rm(path.join(outDir, relative), { force: true })
      deleted++
      touched.add(path.posix.dirname(relative))
      for (let dir = path.dirname(relative); dir !== '.' && dir !== ''; dir = path.dirname(dir))
        emptied.add(dir)
    }
    // Deepest first, so that a folder emptied by removing its sub-folder goes too.
    for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
      await rmdir(path.join(outDir, dir)).catch(() => undefined)
      touched.add(path.posix.dirname(dir.split(path.sep).join('/')))
    }
  }
  for (const relative of Object.keys(manifest.files)) {
    const folder = path.posix.dirname(relative)
    if (folder in manifest.folders) continue
    const recorded = previous?.folders?.[folder]
    const mtimeMs =
      recorded !== undefined && !touched.has(folder) && folderIntact(folder)
        ? recorded
        : statOrUndefined(path.join(outDir, folder))?.mtimeMs
    if (mtimeMs !== undefined) manifest.folders[folder] = mtimeMs
  }
  if (manifestFile) {
    await mkdir(path.dirname(manifestFile), { recursive: true })
    await writeFile(manifestFile, JSON.stringify(manifest))
  }
  // The related index is saved by a worker thread while the pages were rendered.
  await siteSettled(site)
  const finished = performance.now()
  return {
    site,
    files,
    rendered,
    written,
    deleted,
    bytes,
    missingImages,
    timings: { load: loaded - started, write: finished - loaded, total: finished - started },
  }
}

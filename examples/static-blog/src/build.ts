import { createHash } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import { copyFile, mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { filePathOf, loadSite, type Site, siteSettled } from '@blogkit/example-site'
import { postFileState, statFiles } from '@blogkit/post/node'
import { BuildRecord, type Manifest, manifestPath } from './build-record.js'
import { type BuildSession, lastRecord, saveRecord } from './build-session.js'
import { breather, changedPostsFirst } from './changed-first.js'
import { codeVersion } from './code-version.js'
import { findMissingImages, type MissingImage } from './images.js'
import { renderTracked } from './page-memo.js'
import { addServiceComments, serviceBase } from './service-comments.js'
import { siteRegionNames } from './site-regions.js'

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
  /**
   * Kept between builds of one process (`createBuildSession`: the dev server): the parsed posts and the
   * last build's record stay in memory (written to the cache folder later), the related-posts index open.
   */
  session?: BuildSession | undefined
  /**
   * With `session`, from a watcher of the content folder that saw every change (the dev server's): the
   * absolute paths added, changed or removed since the last build with the session, so that only the
   * named posts and files are stat'ed and read again (example-site `loadSite`'s `changed`).
   */
  changed?: Iterable<string> | undefined
  /**
   * With `changed`: the pages of the changed posts (a post's page and its comment pages) are rendered
   * and written before the rest of the site, and this is called once they are on disk, with the files
   * written so far (as in `BuildResult.changed`), while the rest of the site is still being built (the
   * dev server shows the saved post first). Not called when no post file changed.
   */
  onChangedPosts?: ((changed: readonly string[]) => void) | undefined
  /**
   * A comment service (examples/comment-service) to read each post's approved comments from, shown
   * beside those of the comments files; the post pages get its comment form (`--comments-url`).
   */
  commentsUrl?: string | undefined
}

/** What `buildSite` did. */
export interface BuildResult {
  site: Site
  /** Files of the site (pages, feeds, copied images and static files). */
  files: number
  /** Files rendered (the others read the same from their inputs as in the last build). */
  rendered: number
  /** Pages whose recorded reads were replayed to find whether they read the same as in the last build. */
  replayed: number
  /** Files written or copied (rendered files whose content changed, changed images). */
  written: number
  /** Files deleted (no longer part of the site). */
  deleted: number
  /** The files written, copied or deleted, relative to `outDir` (`/`-separated: `posts/a/index.html`). */
  changed: string[]
  /** Bytes rendered. */
  bytes: number
  /** Local images shown by posts that are not in the content's `images/` or `static/` folder. */
  missingImages: MissingImage[]
  /** Milliseconds spent loading (parsing, comments, related), rendering and writing, in all. */
  timings: { load: number; write: number; total: number }
  /** With `commentsUrl`: comments read from the service, on how many posts, in how many requests and ms. */
  serviceComments?: { comments: number; posts: number; requests: number; ms: number } | undefined
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

export { manifestPath }

/** Files written at once. */
const concurrency = 32

const digest = (body: string) => createHash('sha1').update(body).digest('base64url')

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

/** Output folders from which their stats are made in a thread while the site loads (`statFiles`). */
const foldersInThreadFrom = 4000

/**
 * The mtime of each output folder the last build recorded (`undefined`: not there now), stat'ed in a
 * thread when there are many (10,000 posts: 10,000 folders, 0.1-0.2 s of `statSync` in this thread).
 */
async function statFolders(outDir: string, previous: Manifest): Promise<Map<string, number | undefined>> {
  const folders = Object.keys(previous.folders ?? {})
  if (folders.length < foldersInThreadFrom) return new Map()
  const stats = await statFiles(folders.map((folder) => path.join(outDir, folder)))
  return new Map(folders.map((folder, index) => [folder, stats[index]?.mtimeMs]))
}

/**
 * Build the static site: load the content with `loadSite`, render the files of `sitePages`, write
 * them under `outDir` (`/posts/a/` → `posts/a/index.html`), and copy `images/` and `static/`.
 *
 * Incremental when `cacheDir` is given: the cache folder keeps a record of the last build into
 * `outDir` (per file a digest of its content, its size and mtime as written, and what its render read
 * of its inputs; per folder its mtime). A page whose render reads the same from the new site model
 * (under the same theme, packages and settings) and which is still on disk as written is neither
 * rendered nor written; a rendered file whose content is the recorded one is not written; an image is
 * copied only when it changed; files no longer part of the site are deleted. Without a record (or with
 * `clean`) the folder is emptied first.
 *
 * @throws {BuildError}
 *   With `strict`, when posts show local images that are missing.
 */
export async function buildSite(options: Readonly<BuildSiteOptions>): Promise<BuildResult> {
  const started = performance.now()
  const outDir = path.resolve(options.outDir)
  const manifestFile =
    options.cacheDir === undefined ? undefined : manifestPath(path.resolve(options.cacheDir), outDir)
  let previous: Manifest | undefined
  let folderStats: Promise<Map<string, number | undefined>> | undefined

  const site = await loadSite({
    contentDir: options.contentDir,
    baseUrl: options.baseUrl,
    drafts: options.drafts,
    cacheDir: options.cacheDir,
    workers: options.workers,
    session: options.session?.site,
    changed: options.changed,
    // Note: the record of the last build (22 MB of JSON at 10,000 posts) is read while the related posts
    // are ranked in a worker thread, instead of before the posts are loaded.
    meanwhile: async () => {
      previous =
        options.clean || !manifestFile ? undefined : await lastRecord(manifestFile, outDir, options.session)
      folderStats = previous && statFolders(outDir, previous)
    },
  })
  let serviceComments: BuildResult['serviceComments']
  if (options.commentsUrl !== undefined) {
    const from = performance.now()
    site.config.commentsUrl = serviceBase(options.commentsUrl)
    const read = await addServiceComments(site, site.config.commentsUrl)
    serviceComments = { ...read, ms: performance.now() - from }
  }
  const images: Record<string, string[]> = {}
  const missingImages = await findMissingImages(site, (item) => {
    // Note: by the post file's digest (its bytes: the images it shows), not its name too (a shorter record).
    const key = postFileState(item.post)?.digest
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
  const record = new BuildRecord({
    outDir,
    previous,
    code,
    images,
    folderMtimes: await folderStats,
    // Note: not in a session (the dev server): measured at 10,000 posts, a save's text reached the page
    // 0.15-0.25 s later with them (the rebuild as a whole was faster), and a session's record is in memory.
    regions: manifestFile && !options.session ? () => siteRegionNames(site) : undefined,
  })

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
  const changed: string[] = []
  const pending = new Set<Promise<void>>()
  const schedule = async (job: () => Promise<void>) => {
    const running: Promise<void> = job().finally(() => pending.delete(running))
    pending.add(running)
    if (pending.size >= concurrency) await Promise.race(pending)
  }
  // Images and static files: copied when their size or time changed. They win over rendered files
  // of the same path (a `static/robots.txt` replaces the generated one).
  const assets = await assetFiles(site)
  const fromAssets = new Set(assets.map(([, to]) => to))
  for (const [source, relative] of assets) {
    files++
    const stats = statSync(source)
    const content = `${stats.size}:${stats.mtimeMs}`
    const before = record.unchanged(relative)
    if (before && before[0] === content) {
      record.keep(relative, before)
      continue
    }
    written++
    await schedule(async () => {
      const target = path.join(outDir, relative)
      ensureDir(path.dirname(target))
      await copyFile(source, target)
      record.written(relative, content, target)
      changed.push(relative)
    })
  }

  const order = changedPostsFirst(site, options.onChangedPosts && options.changed)
  let changedPostsShown = order.posts === 0
  const breathe = changedPostsShown ? () => undefined : breather(10)
  for (const page of order.pages) {
    if (!changedPostsShown && !order.first.has(page)) {
      changedPostsShown = true
      await Promise.all(pending)
      options.onChangedPosts?.([...changed])
      // Note: the rest of the site is compared with the record in steps, so that the browser asking for the
      // changed post's page is answered meanwhile.
      await record.compareRegions(breathe)
    }
    const pause = breathe()
    if (pause) await pause
    const relative = filePathOf(page.path, site.urls.root)
    if (fromAssets.has(relative)) continue
    files++
    // Note: a changed post's own pages, shown first, are rendered without asking the record: whether a page
    // is kept replays every region of the site once (0.1-0.2 s at 10,000 posts), which can wait until they
    // are on disk (a rendered page whose content is the recorded one is still not written).
    if (changedPostsShown && record.keepIfSame(page, relative)) continue
    // Note: without a cache folder there is no record to keep what renders read in.
    // Note: a changed post's pages, shown first, are recorded without their regions (the next build replays
    // them on their own, and places their reads then).
    const { body, reads } = manifestFile
      ? renderTracked(page, changedPostsShown ? record.tracker : undefined)
      : { body: page.render(...(page.inputs as never[])), reads: undefined }
    const content = digest(body)
    rendered++
    bytes += Buffer.byteLength(body)
    const before = record.unchanged(relative)
    if (before && before[0] === content) {
      record.keep(relative, before, reads)
      continue
    }
    written++
    await schedule(async () => {
      const target = path.join(outDir, relative)
      ensureDir(path.dirname(target))
      await writeFile(target, body)
      record.written(relative, content, target, reads)
      changed.push(relative)
    })
  }
  await Promise.all(pending)

  const deleted = previous ? await removeLeftovers(previous, record, changed) : 0
  record.recordFolders()
  record.recordRegions()
  if (manifestFile) await saveRecord(options.session, manifestFile, record.next)
  // The related index is saved by a worker thread while the pages were rendered.
  await siteSettled(site)
  const finished = performance.now()
  return {
    site,
    files,
    rendered,
    replayed: record.replayed,
    written,
    deleted,
    changed,
    bytes,
    missingImages,
    timings: { load: loaded - started, write: finished - loaded, total: finished - started },
    ...(serviceComments === undefined ? {} : { serviceComments }),
  }
}

/**
 * Delete the files of the last build (`previous`) that are no longer part of the site, and the folders
 * they leave empty; note them in `record` and `changed`. Gives how many files were deleted.
 */
async function removeLeftovers(previous: Manifest, record: BuildRecord, changed: string[]): Promise<number> {
  const { outDir } = record
  let deleted = 0
  const emptied = new Set<string>()
  for (const relative of previous.files.names()) {
    if (record.next.files.has(relative)) continue
    await rm(path.join(outDir, relative), { force: true })
    deleted++
    record.deleted(relative)
    changed.push(relative)
    for (let dir = path.dirname(relative); dir !== '.' && dir !== ''; dir = path.dirname(dir))
      emptied.add(dir)
  }
  // Deepest first, so that a folder emptied by removing its sub-folder goes too.
  for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
    await rmdir(path.join(outDir, dir)).catch(() => undefined)
    record.deleted(dir.split(path.sep).join('/'))
  }
  return deleted
}

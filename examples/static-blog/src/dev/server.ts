import { randomUUID } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { findPostsDir } from '@blogkit/example-site'
import { type BuildResult, type BuildSiteOptions, buildSite } from '../build.js'
import { createBuildSession } from '../build-session.js'
import { startPreview } from '../preview.js'
import { renderErrorPage } from './error-page.js'
import { type BuildProblem, formatProblem, problemsOf } from './problems.js'
import { createRebuildQueue } from './rebuild-queue.js'
import { eventsPath, injectReloadScript } from './reload-client.js'
import { warmRender } from './warm-up.js'
import { watchFolders } from './watch.js'

/** Options of `startDevServer`: those of `buildSite`, and where to serve. */
export interface DevServerOptions extends Omit<BuildSiteOptions, 'cacheDir' | 'clean'> {
  /** Cache folder (parsed posts, related posts, the record of the last build). */
  cacheDir: string
  /** Show drafts and future-dated posts (marked as drafts on their pages). @default true */
  drafts?: boolean | undefined
  /** Port; `0` picks a free one. @default 4173 */
  port?: number | undefined
  /** @default '127.0.0.1' */
  host?: string | undefined
  /** Milliseconds without a new change before a rebuild starts. @default 10 */
  debounce?: number | undefined
  /** Folders whose changes need a new process (the theme's code): `onRestart` is called instead of a rebuild. */
  restartOn?: readonly string[] | undefined
  /** Called once when a file under `restartOn` changed (after the server closed). */
  onRestart?: ((file: string) => void) | undefined
  /** Lines for the terminal (`console.log`/`console.error` by default). */
  log?: ((line: string, kind: 'info' | 'error') => void) | undefined
  /** Where file names in messages are relative to. @default process.cwd() */
  cwd?: string | undefined
}

/** One build of the dev server: what it wrote, or what stopped it. */
export interface DevBuild {
  /** 1 for the first build, then one more per rebuild. */
  number: number
  /** The changed files that started it (absolute; empty for the first build). */
  trigger: string[]
  result?: BuildResult | undefined
  problems?: BuildProblem[] | undefined
  /** Milliseconds from the start of the build to its end. */
  ms: number
}

/** What `startDevServer` returns. */
export interface DevServer {
  url: string
  /** Resolves when no change is waiting and no build is running. */
  idle(): Promise<void>
  /** Called after each build. */
  onBuild(listener: (build: DevBuild) => void): void
  close(): Promise<void>
}

const defaultLog = (line: string, kind: 'info' | 'error') =>
  kind === 'error' ? console.error(line) : console.log(line)

/** URL path of an output file (`posts/a/index.html` → `/posts/a/`). */
const urlPathOf = (relative: string) => `/${relative.replace(/(^|\/)index\.html$/, '$1')}`

/**
 * Build the site, serve it like `startPreview` (with a reload script added to each HTML page as it is
 * served), watch the content folder, and rebuild in this process after each change: parsed posts,
 * related posts and the build record are found unchanged by `buildSite`'s caches, so only what a change
 * touched is parsed, ranked, rendered and written. Open pages reload when their file was rewritten. A
 * build that fails leaves the last good one on disk and shows its problems instead of the pages.
 */
export async function startDevServer(options: Readonly<DevServerOptions>): Promise<DevServer> {
  const log = options.log ?? defaultLog
  const cwd = options.cwd ?? process.cwd()
  const contentDir = path.resolve(options.contentDir)
  const outDir = path.resolve(options.outDir)
  await mkdir(outDir, { recursive: true })

  const server = randomUUID()
  const clients = new Set<ServerResponse>()
  const listeners: Array<(build: DevBuild) => void> = []
  let number = 0
  let failure: BuildProblem[] | undefined
  const send = (event: string, data: unknown) => {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const client of clients) client.write(message)
  }

  const { server: http, url } = await startPreview({
    dir: outDir,
    port: options.port ?? 4173,
    host: options.host ?? '127.0.0.1',
    transformHtml: (html) => injectReloadScript(html, number, failure !== undefined),
    handle(request, response) {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost')
      if (pathname === eventsPath) {
        response.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache',
          Connection: 'keep-alive',
        })
        response.write(
          `event: hello\ndata: ${JSON.stringify({ server, build: number, failed: !!failure })}\n\n`,
        )
        clients.add(response)
        request.on('close', () => clients.delete(response))
        return true
      }
      // Note: while the build is broken, pages show its problems; styles, images and feeds are served.
      if (failure && (pathname.endsWith('/') || pathname.endsWith('.html'))) {
        const body = injectReloadScript(renderErrorPage(failure), number, true)
        response.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
        response.end(request.method === 'HEAD' ? undefined : body)
        return true
      }
      return false
    },
  })

  // Note: the related index stays open and the build record in memory between builds; its restore starts
  // with the first build (`prepareEarly`), which finds nothing changed on a warm start and so needs none.
  const session = createBuildSession({ prepareEarly: true })
  const buildOptions: BuildSiteOptions = {
    ...options,
    session,
    contentDir,
    outDir,
    baseUrl: options.baseUrl ?? url,
    drafts: options.drafts ?? true,
  }
  const build = async (trigger: ReadonlySet<string>) => {
    const started = performance.now()
    const done: DevBuild = { number: number + 1, trigger: [...trigger], ms: 0 }
    // The pages of a saved post, sent to the browsers before the rest of the site is rebuilt.
    const shown = new Set<string>()
    const showChangedPosts = (written: readonly string[]) => {
      if (failure) return
      for (const file of written) shown.add(urlPathOf(file))
      send('build', { build: number + 1, failed: false, changed: [...shown] })
    }
    try {
      // Note: the watcher's changes, so that only they are stat'ed and read (the first build: all).
      done.result = await buildSite({ ...buildOptions, changed: trigger, onChangedPosts: showChangedPosts })
    } catch (error) {
      done.problems = problemsOf(error, await findPostsDir(contentDir), cwd)
      if (!done.problems) {
        // Note: not the writer's mistake (a bug): the whole error, with its stack, in the terminal.
        log(error instanceof Error ? (error.stack ?? String(error)) : String(error), 'error')
        done.problems = [{ reason: `${String(error)} (a bug of the builder: the terminal has the details)` }]
      }
    }
    done.ms = performance.now() - started
    number = done.number
    failure = done.problems
    const changed = done.result ? done.result.changed.map(urlPathOf).filter((page) => !shown.has(page)) : []
    send('build', { build: number, failed: !!failure, changed })
    if (done.problems) {
      for (const problem of done.problems) log(formatProblem(problem), 'error')
      log(`Not rebuilt (${done.problems.length} to fix); the last good build stays in place.`, 'error')
    } else if (done.result) {
      const { rendered, written, deleted, site, timings } = done.result
      const what = trigger.size === 1 ? path.relative(cwd, [...trigger][0]!) : `${trigger.size} changes`
      const ms = (value: number) => Math.round(value)
      log(
        `${trigger.size === 0 ? 'Built' : `Rebuilt after ${what}`} in ${ms(done.ms)} ms: ${rendered} rendered, ${written} written, ${deleted} deleted ` +
          `(posts ${ms(site.timings.posts)}, comments ${ms(site.timings.comments)}, related ${ms(site.timings.related)}, render and write ${ms(timings.write)} ms)`,
        'info',
      )
    }
    for (const listener of listeners) listener(done)
    return done
  }

  const first = await build(new Set())
  // Note: what the first rebuild after an edit needs and the first build may not have done: the related
  // index restored (at 10,000 posts 1-2 s of a worker thread's time: an edit made before it is done waits
  // for it) and the Markdown engine loaded. Awaited below, before this server says it is ready.
  const ready = session.site.prepare()
  // Note: and a post's page rendered once (into memory), which a warm start's first build did not do.
  const site = first.result?.site
  if (site) setImmediate(() => warmRender(site))
  const queue = createRebuildQueue({
    rebuild: async (changed) => void (await build(changed)),
    debounce: options.debounce,
  })
  const restartOn = (options.restartOn ?? []).map((dir) => path.resolve(dir))
  let restarting = false
  const stopWatching = await watchFolders({
    dirs: [contentDir, ...restartOn],
    ignore: [outDir, path.resolve(options.cacheDir)],
    onChange(file) {
      if (restartOn.some((dir) => file === dir || file.startsWith(dir + path.sep))) {
        if (restarting) return
        restarting = true
        void close().then(() => options.onRestart?.(file))
        return
      }
      queue.changed(file)
    },
  })

  await ready
  const close = async () => {
    await stopWatching()
    await queue.close()
    await session.close()
    for (const client of clients) client.end()
    clients.clear()
    await new Promise<void>((resolve) => {
      http.close(() => resolve())
      http.closeAllConnections()
    })
  }
  return {
    url,
    idle: () => queue.idle(),
    onBuild: (listener) => void listeners.push(listener),
    close,
  }
}

import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDevServer } from './server.js'

/** Options of `runDev`, from the command line (paths resolved). */
export interface DevCommandOptions {
  contentDir: string
  outDir: string
  cacheDir: string
  baseUrl?: string | undefined
  /** A comment service to read comments from (`--comments-url`). */
  commentsUrl?: string | undefined
  port: number
  workers: number
  strict?: boolean | undefined
  /** Where the user is (file names in messages are relative to it). */
  cwd: string
}

/**
 * Signals that stop the dev server after it closed (the build record and posts' cache written): Ctrl+C,
 * `kill`, and the terminal closed (without SIGHUP's handler a record not yet written was lost, and the
 * next start rendered every page again).
 */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Exit code of a dev process whose theme changed: its supervisor starts a new one. */
const restartCode = 75
const childFlag = 'BLOGKIT_DEV_CHILD'

/**
 * The theme's code (templates, styles, messages): the folder of `@blogkit/example-site`'s entry. A change
 * there needs a new process (modules cannot be unloaded, and a compiled CLI bundles them): the dev
 * server then exits with `restartCode` and its supervisor starts it again, compiling first when the
 * command does (browsers reconnect and reload by themselves).
 */
const themeDir = () => path.dirname(fileURLToPath(import.meta.resolve('@blogkit/example-site')))

/**
 * `dev`: the supervisor (the process the user started) runs the dev server in a child process, started
 * again whenever the theme changes; the child builds, serves, watches and rebuilds.
 *
 * @returns The exit code, or -1 while serving.
 */
export async function runDev(options: Readonly<DevCommandOptions>): Promise<number> {
  if (process.env[childFlag] !== '1') return supervise()
  const dev = await startDevServer({
    contentDir: options.contentDir,
    outDir: options.outDir,
    cacheDir: options.cacheDir,
    baseUrl: options.baseUrl,
    commentsUrl: options.commentsUrl,
    port: options.port,
    workers: options.workers,
    strict: options.strict,
    cwd: options.cwd,
    restartOn: [themeDir()],
    onRestart(file) {
      console.log(`${path.relative(options.cwd, file)} changed: restarting with the new theme`)
      process.exit(restartCode)
    },
  })
  // Note: Ctrl+C reaches this process twice (from the terminal and from the supervisor). The handlers are
  // in place before the line that says the server is up.
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void dev.close().then(() => process.exit(0))
  }
  for (const signal of stopSignals) process.on(signal, stop)
  console.log(
    `Serving ${path.relative(options.cwd, options.outDir) || '.'} on ${dev.url} with drafts; watching ${path.relative(options.cwd, options.contentDir) || '.'} (Ctrl+C to stop)`,
  )
  return -1
}

/** Run this command again in a child process, again after each theme change, until it ends otherwise. */
function supervise(): Promise<number> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn> | undefined
    // Note: signals go on to the child, which closes the server; this process ends with it.
    const forward = (signal: NodeJS.Signals) => child?.kill(signal)
    for (const signal of stopSignals) process.on(signal, forward)
    const start = () => {
      child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, [childFlag]: '1' },
      })
      child.on('exit', (code, signal) => {
        if (code === restartCode) return start()
        for (const signal of stopSignals) process.off(signal, forward)
        resolve(code ?? (signal ? 1 : 0))
      })
    }
    start()
  })
}

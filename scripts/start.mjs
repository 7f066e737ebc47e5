#!/usr/bin/env node
// `npm start`: runs the live example blog where readers comment (examples/server-blog) on
// http://localhost:3000 (PORT, DATABASE_PATH, ADMIN_TOKEN: see its README). Should that example be
// missing (a partial checkout), it builds and serves the static example blog instead and says so.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

function npm(args) {
  // Note: npm runs the script through `sh -c`, which does not pass signals on; the child gets its own
  // process group, and a signal here goes to the whole group, so the server itself hears SIGTERM/SIGINT
  // and shuts down cleanly.
  const child = spawn('npm', args, { stdio: 'inherit', detached: true })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      try {
        process.kill(-child.pid, signal)
      } catch {
        child.kill(signal)
      }
    })
  }
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (existsSync(new URL('../examples/server-blog/package.json', import.meta.url))) {
  npm(['start', '-w', 'examples/server-blog'])
} else {
  console.log(
    'The live example blog with comment forms (examples/server-blog) is missing from this checkout.\n' +
      'Serving the static example blog instead (examples/static-blog): comments are shown, not posted.\n',
  )
  const build = spawnSync('npm', ['run', 'build', '-w', 'examples/static-blog'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
  npm(['run', 'preview', '-w', 'examples/static-blog'])
}

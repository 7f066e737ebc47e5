#!/usr/bin/env node
// `npm start`: runs the live example blog where readers comment (examples/server-blog) on
// http://localhost:3000 (PORT, DATABASE_PATH, ADMIN_TOKEN: see its README). Should that example be
// missing (a partial checkout), it builds and serves the static example blog instead and says so.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

function npm(args) {
  const child = spawn('npm', args, { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
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

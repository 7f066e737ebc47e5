#!/usr/bin/env node
import { spawn } from 'node:child_process'
// `npm start`: runs the example blog. Until examples/server-blog exists (issue 8), it says so plainly
// instead of pretending: the packages have just been built by turbo.
import { existsSync } from 'node:fs'

const server = new URL('../examples/server-blog/package.json', import.meta.url)
if (existsSync(server)) {
  const child = spawn('npm', ['start', '-w', 'examples/server-blog'], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(`The @blogkit packages are built (packages/*/dist).

The example blog is not written yet: examples/server-blog will serve it on http://localhost:3000
(see the "Examples" section of README.md). Until then, try a package directly, e.g.:

  node -e "import('@blogkit/post').then(m => console.log(Object.keys(m)))"
`)
}

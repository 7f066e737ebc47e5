// `statFiles` against a `statSync` per file in this thread: the wall time and this (main) thread's CPU
// time of stat'ing every file of a folder, one variant after the other, each run in a new process (so that
// every `statFiles` run pays for starting its thread). Not a test: the figures go to BENCHMARKS.md.
// Needs `npm run build`. The main thread's CPU is read from Linux's /proc (in 10 ms ticks).
//
//   node bench/stat-files.mjs DIR [--rounds 5]
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, child: { type: 'string' } },
})
const [dir] = positionals
if (!dir) {
  console.error('Usage: node bench/stat-files.mjs DIR [--rounds N]')
  process.exit(1)
}

const mainThreadCpu = () => {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

if (values.child) {
  const files = readdirSync(dir).map((file) => path.join(dir, file))
  const { statFiles } = await import('../dist/node.js')
  const cpu = mainThreadCpu()
  const started = performance.now()
  if (values.child === 'thread') await statFiles(files)
  else for (const file of files) statSync(file)
  console.log(
    JSON.stringify({ files: files.length, wall: performance.now() - started, main: mainThreadCpu() - cpu }),
  )
  process.exit(0)
}

const self = fileURLToPath(import.meta.url)
const rows = { statSync: [], statFiles: [] }
console.log(`${dir}, load average ${loadavg()[0].toFixed(1)}`)
for (let round = 0; round < Number(values.rounds); round++)
  for (const [name, child] of [
    ['statSync', 'here'],
    ['statFiles', 'thread'],
  ])
    rows[name].push(
      JSON.parse(execFileSync(process.execPath, [self, dir, '--child', child], { encoding: 'utf8' })),
    )
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
for (const [name, list] of Object.entries(rows))
  console.log(
    `${name}: ${list[0].files} files, wall median ${Math.round(median(list.map((row) => row.wall)))} ms, main thread CPU median ${median(list.map((row) => row.main))} ms (${list.map((row) => row.main).join(', ')})`,
  )
console.log(`load average ${loadavg()[0].toFixed(1)}`)

// Run a script (the compiled CLI) in this process and print, at exit, its main thread's CPU time (Linux:
// /proc, in 10 ms ticks) and the wall time since start, to stderr: work moved to other threads (stat threads,
// the related worker) shows here, not in the process's CPU time. Not a test; the figures go to BENCHMARKS.md.
//
//   node bench/main-cpu.mjs lib/cli.js build --content DIR --out OUT --base-url URL --workers 2 --cache CACHE
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const cpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return [Number(f[11]) * 10, Number(f[12]) * 10]
}
const t0 = performance.now()
process.on('exit', () => {
  const [u, s] = cpu()
  process.stderr.write(
    `main-thread ${u} user ${s} sys ${u + s} total ms, wall ${Math.round(performance.now() - t0)} ms\n`,
  )
})
const cli = process.argv[2]
process.argv.splice(1, 2, cli)
await import(pathToFileURL(cli).href)

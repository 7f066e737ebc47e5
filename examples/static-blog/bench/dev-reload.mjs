// Dev server benchmark (issue 22): time from saving a post's body to the new text in the page, in
// Chromium, with `npm run dev`'s command (the compiled CLI, bin/static-blog.js dev) running on a copy of
// a real blog (--corpus DIR) and on generated posts. Not a test: the figures go to BENCHMARKS.md.
//
//   node bench/dev-reload.mjs [--sizes 10000] [--corpus DIR] [--saves 9] [--keep DIR] [--port 4179]
//                             [--first-save-after MS]
//
// --first-save-after: milliseconds from the server's "Serving" line to the first save (default 0: as
// soon as the page is open; a writer takes longer).
//
// CPU: the CPU time (user + system, all threads) of the dev server's processes from the end of the write
// to the rebuild's log line, from /proc (Linux; 10 ms ticks): the figure to compare on a shared machine.
//
// Each corpus: the dev server builds it (cold, or warm with --keep DIR from an earlier run), Chromium
// opens the middle post, then `--saves` times a paragraph is appended to that post's file and the clock
// runs from the end of the write to the paragraph being in the page (the page reloads by itself after
// the rebuild's server-sent event). Between saves the bench waits for the rebuild to finish its
// background work. Prints each save's time, the server's own rebuild time, then save 1 (the first after
// the server started, which may still wait for what the first build left to the background) apart from
// the medians of the saves after it.
import { spawn } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parsePost } from '@blogkit/post'
import { chromium } from 'playwright-core'
import { corpusLabel, generatedCorpus, realCorpus } from '../../../scripts/bench-corpus.mjs'

const here = path.dirname(new URL(import.meta.url).pathname)
const repoRoot = path.resolve(here, '../../..')
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    corpus: { type: 'string' },
    saves: { type: 'string', default: '9' },
    keep: { type: 'string' },
    // Note: a fixed port, so that a second run with --keep finds its caches (the base URL is the served one).
    port: { type: 'string', default: '4179' },
    'first-save-after': { type: 'string', default: '0' },
  },
})
const work = values.keep ?? mkdtempSync(path.join(tmpdir(), 'blogkit-dev-bench-'))
const saves = Number(values.saves)
/** In the page: note in `window.blogkitShownAt` when a paragraph with `text` is first on screen. */
function watchFor(text) {
  window.blogkitShownAt = undefined
  const shows = () => [...document.querySelectorAll('p')].some((p) => p.textContent.includes(text))
  const observer = new MutationObserver(() => {
    if (!shows()) return
    observer.disconnect()
    requestAnimationFrame(() => {
      window.blogkitShownAt = Date.now()
    })
  })
  observer.observe(document, { childList: true, subtree: true, characterData: true })
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')

/** CPU seconds (user + system) used so far by process `pid` and its descendants (Linux /proc), or NaN. */
function treeCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Note: utime and stime are fields 14 and 15 of the file (11 and 12 after the name), in clock ticks.
    let ticks = Number(fields[11]) + Number(fields[12])
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
      for (const child of children ? children.split(' ') : []) ticks += treeCpu(child) * 100
    }
    return ticks / 100
  } catch {
    return Number.NaN
  }
}

/** Start `npm run dev`'s command; resolves with its URL and a way to wait for its log lines. */
function startDev(contentDir, name) {
  const child = spawn(
    process.execPath,
    [
      path.join(here, '../bin/static-blog.js'),
      'dev',
      '--content',
      contentDir,
      '--out',
      path.join(work, `out-${name}`),
      '--cache',
      path.join(work, `cache-${name}`),
      '--port',
      values.port,
    ],
    { env: { ...process.env, INIT_CWD: repoRoot }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const lines = []
  const waiting = []
  let rest = ''
  child.stdout.on('data', (chunk) => {
    rest += chunk
    const parts = rest.split('\n')
    rest = parts.pop()
    for (const line of parts) {
      lines.push(line)
      for (const wait of [...waiting]) wait()
    }
  })
  let errors = ''
  child.stderr.on('data', (chunk) => {
    errors += chunk
  })
  // Note: one listener for every wait (one per wait would pass Node's 10 listeners at 9 saves).
  const ended = new Promise((_, reject) => {
    child.once('exit', () => reject(new Error(`dev server ended:\n${errors}`)))
  })
  ended.catch(() => undefined)
  /** The first line from `from` on matching `pattern`. */
  const line = (pattern, from = 0) =>
    new Promise((resolve, reject) => {
      ended.catch(reject)
      const check = () => {
        const found = lines.slice(from).find((text) => pattern.test(text))
        if (found !== undefined) {
          waiting.splice(waiting.indexOf(check), 1)
          resolve(found)
        }
      }
      waiting.push(check)
      check()
    })
  return { child, lines, line }
}

const corpora = []
const realPosts = realCorpus(values.corpus, 'the real blog')
if (realPosts) corpora.push([`${corpusLabel(realPosts)} (real posts)`, realPosts])
for (const size of values.sizes.split(',').filter(Boolean).map(Number))
  corpora.push([
    `generated ${size.toLocaleString('en')} posts`,
    generatedCorpus({ posts: size, cacheDir: work, quiet: true }),
  ])

console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${load()}`,
)
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})
try {
  for (const [label, source] of corpora) {
    // Note: a copy, edited by the bench (the corpus may be read-only, and stays as it was).
    const name = corpusLabel(source).replace(/[^\w-]/g, '_')
    const contentDir = path.join(work, `content-${name}`)
    if (!existsSync(contentDir)) cpSync(source, contentDir, { recursive: true })
    const posts = readdirSync(contentDir)
      .filter((file) => file.endsWith('.md'))
      .sort()
    const file = path.join(contentDir, posts[Math.floor(posts.length / 2)])
    const started = performance.now()
    const dev = startDev(contentDir, name)
    try {
      const built = await dev.line(/^Built in/)
      const url = /on (http:\/\/\S+) /.exec(await dev.line(/^Serving/))[1]
      const serving = performance.now()
      console.log(`\n${label}: ${built} (${((performance.now() - started) / 1000).toFixed(1)} s to serving)`)
      const page = await browser.newPage()
      // Note: the post's page, at the default permalink (/posts/<slug>/), its slug as @blogkit/post gives it.
      const parsed = await parsePost({ path: path.basename(file), value: readFileSync(file) })
      const pagePath = parsed.slug
      await page.goto(`${url}posts/${pagePath}/`)
      await page.locator('h1').first().waitFor()
      const times = []
      const server = []
      const cpu = []
      const firstAfter = Number(values['first-save-after'])
      await new Promise((resolve) => setTimeout(resolve, firstAfter - (performance.now() - serving)))
      let firstSaveAt = 0
      for (let save = 0; save < saves; save++) {
        const text = `Dev reload benchmark paragraph ${save} ${Date.now()}.`
        const from = dev.lines.length
        const loadBefore = loadavg()[0]
        const cpuBefore = treeCpu(dev.child.pid)
        // Note: the page notes the wall-clock time of the first frame that shows the text (a mutation
        // observer, then the next animation frame); the locator's polling, 0–100 ms late, only waits for it.
        // A full reload loses the note: then the polled time counts.
        await page.evaluate(watchFor, text)
        appendFileSync(file, `\n\n${text}\n`)
        const savedAt = Date.now()
        const saved = performance.now()
        if (save === 0) firstSaveAt = saved - serving
        await page.locator('p', { hasText: text }).waitFor({ timeout: 120_000 })
        const polled = performance.now() - saved
        const shownAt = await page.evaluate(() => window.blogkitShownAt)
        const shown = typeof shownAt === 'number' ? Math.max(0, shownAt - savedAt) : polled
        const rebuilt = await dev.line(/^Rebuilt after .* in (\d+) ms/, from)
        const used = Math.round((treeCpu(dev.child.pid) - cpuBefore) * 1000)
        const ms = Number(/in (\d+) ms/.exec(rebuilt)[1])
        times.push(shown)
        server.push(ms)
        cpu.push(used)
        console.log(
          `  save ${save + 1}: ${Math.round(shown)} ms to the text in the page (rebuild ${ms} ms, ${used} ms CPU: ${rebuilt.split(': ').at(-1)}; load ${loadBefore.toFixed(1)})`,
        )
        // Note: the rebuild's background work (the related journal, the posts' cache) settles before the next save.
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      console.log(
        `  save 1, the first after start (${Math.round(firstSaveAt)} ms after the "Serving" line): ${Math.round(times[0])} ms save → text in Chromium; rebuild ${server[0]} ms, ${cpu[0]} ms CPU`,
      )
      if (saves > 1) {
        const [later, laterServer, laterCpu] = [times, server, cpu].map((list) => list.slice(1))
        console.log(
          `  saves 2–${saves}: median ${Math.round(median(later))} ms save → text in Chromium (min ${Math.round(Math.min(...later))}, max ${Math.round(Math.max(...later))}); median rebuild ${Math.round(median(laterServer))} ms, ${Math.round(median(laterCpu))} ms CPU (min ${Math.min(...laterCpu)}, max ${Math.max(...laterCpu)})`,
        )
      }
      console.log(`  load average after ${load()}`)
      await page.close()
    } finally {
      dev.child.kill('SIGTERM')
      await new Promise((resolve) => dev.child.once('exit', resolve))
    }
  }
} finally {
  await browser.close()
  if (!values.keep) rmSync(work, { recursive: true, force: true })
}

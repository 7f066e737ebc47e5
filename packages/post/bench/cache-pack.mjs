// The cache pack of `loadPosts({ cache })` (src/lib/cache.ts) against two ways a library would keep the
// same posts: one `v8.serialize` file of a Map (file → stat, hash, post, raw front matter), and cacache
// (one entry per post, its metadata the stat and hash, its data `v8.serialize` of the post and raw front
// matter). All three are filled with the same posts (a cold `loadPosts` of N generated posts,
// scripts/gen-corpus.mjs, seed 1); then a warm load is timed: open the cache, find each file's post by
// its stat and read the small fields a list page uses (`list`), then also every big field (`all`).
// Variants alternate, each run in the same process. cache.ts is bundled from its TypeScript source into
// .bench-cache/modules/ (git-ignored); `loadPosts` (the cold load that makes the posts) comes from dist/.
//   npm run build -w @blogkit/post && node bench/cache-pack.mjs [posts=3000] [runs=5]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import cacache from 'cacache'
import { build } from 'esbuild'
import { loadPosts } from '../dist/node.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')
const [count = 3000, runs = 5] = process.argv.slice(2).map(Number)
const version = (name) =>
  JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'))).version

const cacheFile = path.join(root, '.bench-cache', 'modules', 'cache.mjs')
await build({
  entryPoints: [path.join(root, 'src/lib/cache.ts')],
  outfile: cacheFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'error',
})
const { openCache, hashContent, racyWindow } = await import(pathToFileURL(cacheFile).href)

const work = mkdtempSync(path.join(tmpdir(), 'blogkit-cache-'))
const dir = path.join(work, 'posts')
execFileSync(
  process.execPath,
  [path.join(root, '../../scripts/gen-corpus.mjs'), String(count), dir, '--no-manifest'],
  {
    stdio: 'ignore',
  },
)
const names = readdirSync(dir)
  .filter((name) => name.endsWith('.md'))
  .sort()
const statOf = (name) => {
  const { size, mtimeMs, ctimeMs, ino } = statSync(path.join(dir, name))
  return { size, mtimeMs, ctimeMs, ino }
}
const posts = await loadPosts(dir, { workers: 2 })
const byPath = new Map(posts.map((post) => [post.path, post]))
// Note: the files were just written; stat them as trusted (older than the pack by more than `racyWindow`).
const later = Date.now() + racyWindow + 1000

// Fill the three caches with the same posts.
const packDir = path.join(work, 'pack')
{
  const cache = await openCache(packDir, dir, 'bench', later)
  for (const name of names) {
    const post = byPath.get(name)
    cache.keep(name, statOf(name), hashContent(readFileSync(path.join(dir, name))), post, post.data, false)
  }
  await cache.save()
}
const mapFile = path.join(work, 'posts.v8')
writeFileSync(
  mapFile,
  serialize(
    new Map(
      names.map((name) => {
        const post = byPath.get(name)
        return [
          name,
          { stat: statOf(name), hash: hashContent(readFileSync(path.join(dir, name))), post, raw: post.data },
        ]
      }),
    ),
  ),
)
const cacacheDir = path.join(work, 'cacache')
for (const name of names) {
  const post = byPath.get(name)
  const metadata = { stat: statOf(name), hash: hashContent(readFileSync(path.join(dir, name))) }
  await cacache.put(cacacheDir, name, serialize({ post, raw: post.data }), { metadata })
}

const same = (a, b) =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino
const list = (post) => post.title.length + post.slug.length + post.date.getTime() + post.tags.length
const all = (post) =>
  list(post) +
  post.html.length +
  post.text.length +
  post.excerpt.html.length +
  post.headings.length +
  post.links.length

const variants = {
  'pack (cache.ts)': async (touch) => {
    const cache = await openCache(packDir, dir, 'bench', later)
    const found = names.map((name) => cache.byStat(name, statOf(name)))
    return found.map(touch)
  },
  'v8.serialize of a Map': async (touch) => {
    const map = deserialize(await readFile(mapFile))
    const found = names.map((name) => {
      const entry = map.get(name)
      return entry && same(entry.stat, statOf(name)) ? entry.post : undefined
    })
    return found.map(touch)
  },
  [`cacache ${version('cacache')}`]: async (touch) => {
    const found = await Promise.all(
      names.map(async (name) => {
        const entry = await cacache.get(cacacheDir, name, { memoize: false })
        return same(entry.metadata.stat, statOf(name)) ? deserialize(entry.data).post : undefined
      }),
    )
    return found.map(touch)
  },
}

const sizeOf = (target) => Number(execFileSync('du', ['-sb', target]).toString().split('\t')[0])
const filesIn = (target) => execFileSync('find', [target, '-type', 'f']).toString().trim().split('\n').length
const avg = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')
const markdown = sizeOf(dir)
console.log(
  `${names.length} posts (${(markdown / 2 ** 20).toFixed(1)} MiB of Markdown), ${runs} runs each, alternating; load ${avg()}`,
)
console.log(
  `on disk: pack ${(sizeOf(packDir) / 2 ** 20).toFixed(1)} MiB in 1 file; v8 Map ${(sizeOf(mapFile) / 2 ** 20).toFixed(1)} MiB in 1 file; cacache ${(sizeOf(cacacheDir) / 2 ** 20).toFixed(1)} MiB in ${filesIn(cacacheDir)} files`,
)
for (const [what, touch] of [
  ['list', list],
  ['all', all],
]) {
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
  for (let run = 0; run < runs; run++) {
    for (const [name, variant] of Object.entries(variants)) {
      const start = performance.now()
      const touched = await variant(touch)
      times[name].push(performance.now() - start)
      if (touched.some((value) => Number.isNaN(value))) throw new Error(`${name}: a post was not found`)
    }
  }
  console.log(
    `warm load, ${what === 'list' ? 'small fields read' : 'every field read'}: wall ms, min–max (median)`,
  )
  for (const [name, list] of Object.entries(times)) {
    const sorted = list.sort((a, b) => a - b)
    console.log(
      `  ${name.padEnd(24)} ${sorted[0].toFixed(0)}–${sorted.at(-1).toFixed(0)} (${sorted[Math.floor(sorted.length / 2)].toFixed(0)})`,
    )
  }
}
console.log(`load at the end ${avg()}`)
rmSync(work, { recursive: true, force: true })

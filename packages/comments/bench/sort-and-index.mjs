// The two hand-written parts of threadComments against what they replace, on generated comments
// (bench/comments-data.mjs, shuffled): the radix sort of `thread-order.ts` (`sortByTimeThenId`) against
// `Array.prototype.sort` and `TypedArray.prototype.sort` with a comparator, and the id index of
// `id-index.ts` against a `Map`. Runs from the TypeScript sources (esbuild strips the types), alternating
// the variants, each on fresh id strings (parsed from JSON, as from a file or a database).
//   node bench/sort-and-index.mjs [comments=1000000] [runs=5] [uuid]
// With `uuid`, the ids are UUID-shaped (36 characters, as the stores' default `crypto.randomUUID` makes)
// instead of the short `c123` of comments-data.mjs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { transform } from 'esbuild'
import { makeComments, random, shuffle } from './comments-data.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const n = Number(process.argv[2] ?? 1_000_000)
const runs = Number(process.argv[3] ?? 5)
const uuid = process.argv[4] === 'uuid'

/** A source file of src/lib as a module, with `extra` appended (to export an inner function). */
async function load(name, extra = '') {
  const source = readFileSync(path.join(here, '..', 'src', 'lib', name), 'utf8') + extra
  const { code } = await transform(source, { loader: 'ts', format: 'esm' })
  const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-bench-'))
  const file = path.join(dir, name.replace(/\.ts$/, '.mjs'))
  writeFileSync(file, code)
  try {
    return await import(pathToFileURL(file).href)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
const { sortByTimeThenId } = await load('thread-order.ts', '\nexport { sortByTimeThenId }\n')
const { createIdIndex } = await load('id-index.ts')

const comments = shuffle(makeComments(n))
const rnd = random(3)
const hex = (length) => Array.from({ length }, () => Math.floor(rnd() * 16).toString(16)).join('')
const uuids = new Map(comments.map((c) => [c.id, `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`]))
const idOf = (id) => (uuid ? uuids.get(id) : id)
const json = JSON.stringify(
  comments.map((c) => [idOf(c.id), c.parentId ? idOf(c.parentId) : null, c.createdAt]),
)
/** Fresh strings for each run: ids, parent ids, times. */
function fresh() {
  const rows = JSON.parse(json)
  const ids = rows.map((r) => r[0])
  const parents = rows.map((r) => r[1])
  const times = new Float64Array(rows.map((r) => Date.parse(r[2])))
  return { ids, parents, times }
}

const byTimeThenId = (times, ids) => (a, b) =>
  times[a] - times[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0)

const sorts = {
  'radix (thread-order.ts)': ({ times, ids }) => sortByTimeThenId(times, ids),
  'Array.prototype.sort, comparator': ({ times, ids }) =>
    Array.from({ length: times.length }, (_, i) => i).sort(byTimeThenId(times, ids)),
  'Int32Array.prototype.sort, comparator': ({ times, ids }) =>
    Int32Array.from({ length: times.length }, (_, i) => i).sort(byTimeThenId(times, ids)),
}
const indexes = {
  'open addressing (id-index.ts)': ({ ids, parents }) => {
    const index = createIdIndex(ids)
    for (let i = 0; i < ids.length; i++) index.add(i)
    let found = 0
    for (const p of parents) if (p !== null && index.find(p) !== -1) found++
    return found
  },
  Map: ({ ids, parents }) => {
    const index = new Map()
    for (let i = 0; i < ids.length; i++) if (!index.has(ids[i])) index.set(ids[i], i)
    let found = 0
    for (const p of parents) if (p !== null && index.get(p) !== undefined) found++
    return found
  },
}

// The sorts must agree (ids are unique, so the order is fully determined).
{
  const data = fresh()
  const [first, ...rest] = Object.values(sorts).map((sort) => Array.from(sort(data)))
  for (const other of rest) if (other.join() !== first.join()) throw new Error('The sorts disagree')
  const [a, b] = Object.values(indexes).map((run) => run(fresh()))
  if (a !== b) throw new Error('The indexes disagree')
}

const avg = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')
console.log(
  `${n.toLocaleString('en')} shuffled comments${uuid ? ' (UUID ids)' : ''}, ${runs} runs each, alternating; load ${avg()}`,
)
for (const [title, variants] of [
  ['sort oldest first, ties by id', sorts],
  ['index the ids, find every parent', indexes],
]) {
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
  for (let run = 0; run < runs; run++) {
    for (const [name, variant] of Object.entries(variants)) {
      const data = fresh()
      const start = performance.now()
      variant(data)
      times[name].push(performance.now() - start)
    }
  }
  console.log(`\n${title}: ms min–max (median)`)
  for (const [name, list] of Object.entries(times)) {
    const sorted = list.sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]
    console.log(
      `  ${name.padEnd(40)} ${sorted[0].toFixed(0)}–${sorted.at(-1).toFixed(0)} (${median.toFixed(0)})`,
    )
  }
}
console.log(`\nload at the end ${avg()}`)

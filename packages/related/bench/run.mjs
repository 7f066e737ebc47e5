#!/usr/bin/env node
// Scale benchmark of @blogkit/related against a plain TF-IDF all-pairs implementation, same run.
//   node bench/run.mjs [sizes, default 1000,10000] [implementations, default all]
//   e.g. node bench/run.mjs 1000,10000,100000    or    node bench/run.mjs 100000 related
// Corpora come from the project's generator, scripts/gen-corpus.mjs (seed 1), into .bench-cache/
// (git-ignored).
// Each size and implementation runs in its own child process so that peak memory (max RSS) is its own.
// Implementations: related (this build, defaults), exact (maxTerms: Infinity), baseline (plain TF-IDF),
// and previous: the build in the folder PREVIOUS_DIST (a dist/ of an earlier commit, e.g. built in a
// git worktree), with defaults, to compare two versions of the package in one run.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generatedCorpus } from '../../../scripts/bench-corpus.mjs'
import { loadPosts } from './posts.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const cache = path.join(here, '../.bench-cache')
const limit = 5

// One extra post: the one `add` inserts.
const corpusDir = (size) => generatedCorpus({ posts: size + 1, cacheDir: cache, quiet: true })

/** Share of each top 5 sharing a tag with the post; `results` maps ids to ids or to `RelatedPost`s. */
function precisionAt5(posts, results) {
  const tags = new Map(posts.map((p) => [p.id, p.tags]))
  let sum = 0
  for (const [id, list] of results) {
    const own = tags.get(id)
    sum +=
      list.filter((other) =>
        tags.get(typeof other === 'string' ? other : other.id).some((t) => own.includes(t)),
      ).length / limit
  }
  return sum / results.size
}

async function child(size, impl) {
  const all = loadPosts(corpusDir(size))
  const extra = all.pop()
  // Tags and categories hidden: content only, as in the eval.
  const docs = all.map(({ tags, categories, ...rest }) => rest)
  const out = { size, impl }
  const time = (fn) => {
    const started = performance.now()
    const value = fn()
    return [performance.now() - started, value]
  }
  // Peak memory of the whole process after each phase: `maxRSS` only grows, so each figure is the peak
  // of everything up to and including that phase (posts loaded; built; relatedAll; add; save and load).
  out.peak = {}
  const log = (phase, key) => {
    if (key !== undefined) out.peak[key] = process.resourceUsage().maxRSS * 1024
    console.error(
      `  ${size} ${impl}: ${phase} (${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB RSS now, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB peak)`,
    )
  }
  // Memory held by the index alone: heap + typed arrays after GC, minus what the loaded posts hold.
  // Note: V8 frees the memory of dead typed arrays on another thread after a collection; without the
  // wait, memory the build already dropped was sometimes still counted.
  const held = async () => {
    globalThis.gc()
    await new Promise((resolve) => setTimeout(resolve, 500))
    globalThis.gc()
    const { heapUsed, arrayBuffers } = process.memoryUsage()
    return heapUsed + arrayBuffers
  }
  log('posts loaded', 'loaded')
  // What the loaded posts themselves hold (heap + typed arrays after GC, with the code loaded so far).
  const before = await held()
  out.posts = before
  if (impl === 'baseline') {
    const { createTfidfBaseline } = await import('../eval/tfidf-baseline.mjs')
    const [build, baseline] = time(() => createTfidfBaseline(docs))
    out.build = build
    out.heap = (await held()) - before
    log('built', 'built')
    // All pairs is quadratic: above 1,000 posts time a sample of query posts and scale up.
    const queries = Math.min(docs.length, size > 10_000 ? 50 : 1000)
    const step = docs.length / queries
    const [sampled, lists] = time(() => {
      const results = new Map()
      for (let q = 0; q < queries; q++) {
        const i = Math.floor(q * step)
        results.set(docs[i].id, baseline.relatedTo(i, limit))
      }
      return results
    })
    out.all = (sampled * docs.length) / queries
    out.sampled = queries < docs.length ? queries : undefined
    log('relatedAll done', 'all')
    out.p5 = precisionAt5(all, lists)
    // Plain TF-IDF has no incremental update: a new post changes every idf, so `add` is a rebuild.
    out.add = time(() => createTfidfBaseline([...docs, extra]))[0]
    log('add (rebuild) done', 'add')
  } else {
    const dist =
      impl === 'previous'
        ? pathToFileURL(path.resolve(process.env.PREVIOUS_DIST ?? 'PREVIOUS_DIST not set', 'index.js')).href
        : '../dist/index.js'
    const { createRelatedIndex, fromJSON } = await import(dist)
    const options = impl === 'exact' ? { maxTerms: Number.POSITIVE_INFINITY } : {}
    const [build, index] = time(() => createRelatedIndex(docs, options))
    out.build = build
    out.heap = (await held()) - before
    log('built', 'built')
    let [allMs, results] = time(() => index.relatedAll({ limit }))
    out.all = allMs
    log('relatedAll done', 'all')
    out.p5 = precisionAt5(all, results)
    results = undefined
    out.add = time(() => index.add(extra))[0]
    out.afterAdd = time(() => index.related(extra.id, { limit }))[0]
    log('add done', 'add')
    // Save and load as a build cache does: `JSON.stringify(index)`, then `fromJSON(JSON.parse(text))`.
    let [save, text] = time(() => JSON.stringify(index))
    out.save = save
    out.json = text.length
    const [load, restored] = time(() => fromJSON(JSON.parse(text)))
    out.load = load
    text = undefined
    log('saved and loaded', 'saved')
    // The restored index must answer as the saved one: checked on a sample of posts.
    const step = Math.max(1, Math.floor(docs.length / 200))
    out.sameAfterLoad = true
    for (let i = 0; i < docs.length; i += step) {
      if (
        JSON.stringify(restored.related(docs[i].id, { limit })) !==
        JSON.stringify(index.related(docs[i].id, { limit }))
      ) {
        out.sameAfterLoad = false
      }
    }
  }
  out.rss = process.resourceUsage().maxRSS * 1024
  console.log(JSON.stringify(out))
}

function main() {
  const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number)
  const rows = []
  for (const size of sizes) {
    corpusDir(size)
    const only = process.argv[3]?.split(',')
    const impls = (
      only ?? (size <= 1000 ? ['related', 'exact', 'baseline'] : ['related', 'baseline'])
    ).filter((impl) => ['related', 'exact', 'baseline', 'previous'].includes(impl))
    for (const impl of impls) {
      const output = execFileSync(
        process.execPath,
        [
          '--expose-gc',
          '--max-old-space-size=6144',
          fileURLToPath(import.meta.url),
          '--child',
          String(size),
          impl,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
      )
      const row = JSON.parse(output.trim().split('\n').pop())
      rows.push(row)
      console.error(`done: ${JSON.stringify(row)}`)
    }
  }
  const ms = (v) =>
    v === undefined ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`
  const mb = (v) => (v === undefined ? '–' : `${(v / 1024 / 1024).toFixed(0)} MB`)
  const name = {
    related: '@blogkit/related (defaults)',
    exact: '@blogkit/related (maxTerms: Infinity)',
    baseline: 'plain TF-IDF, all pairs',
    previous: `@blogkit/related (defaults), previous build (${process.env.PREVIOUS_DIST})`,
  }
  console.log(
    `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  )
  console.log('')
  console.log(
    '| posts | implementation | build | relatedAll top-5 | one add | related after add | index memory | posts in memory | peak RSS: posts loaded | peak RSS: + build, relatedAll, add | peak RSS: whole run (+ save, load) | JSON | P@5 (tags) | save (toJSON + stringify) | load (parse + fromJSON) |',
  )
  console.log(
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const r of rows) {
    const all = r.sampled ? `${ms(r.all)} (est. from ${r.sampled})` : ms(r.all)
    console.log(
      `| ${r.size.toLocaleString('en')} | ${name[r.impl]} | ${ms(r.build)} | ${all} | ${ms(r.add)} | ${ms(r.afterAdd)} | ${mb(r.heap)} | ${mb(r.posts)} | ${mb(r.peak.loaded)} | ${mb(r.peak.add)} | ${mb(r.rss)} | ${mb(r.json)} | ${r.p5.toFixed(3)} | ${ms(r.save)} | ${ms(r.load)}${r.sameAfterLoad === false ? ' (results differ!)' : ''} |`,
    )
  }
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]), process.argv[4])
else main()

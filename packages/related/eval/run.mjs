#!/usr/bin/env node
// Quality of @blogkit/related on a real blog, judged against the posts' own tags.
//   node eval/run.mjs [--corpus DIR]    (or BLOGKIT_CORPUS=DIR, or DIR as the only argument: a real
//                                       blog's posts, e.g. the tidyverse blog, see BENCHMARKS.md; without
//                                       one, 1,000 posts from scripts/gen-corpus.mjs, whose tags follow
//                                       their topics: a sanity check, not a quality figure)
//
// Posts are read with @blogkit/post's `loadPosts` and passed as they are (`Post.text` is the rendered
// plain text: code kept, no markup, identifiers such as `group_by` intact).
// Protocol (the one that reproduces the figures for random and latest posts, 0.12 and 0.25):
// the posts that have tags are ranked among themselves, each judged against its own tags; posts
// without tags cannot be judged, so they are left out. A second protocol ranks among all posts (an
// untagged post in a top 5 counts as a miss) for comparison.
// Modes: content only (tags and categories hidden from the ranker) and categories visible (tags hidden).
// Metrics: P@5 (share of the top 5 sharing a tag with the post) and nDCG@5 with the Jaccard overlap of
// the tag sets as gain. Baselines in the same run: random (expected value), the 5 latest posts, plain
// TF-IDF cosine (eval/tfidf-baseline.mjs).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadPosts } from '@blogkit/post'
import { generatedCorpus, realCorpus } from '../../../scripts/bench-corpus.mjs'
import { createRelatedIndex } from '../dist/index.js'
import { createTfidfBaseline } from './tfidf-baseline.mjs'

const { values, positionals } = parseArgs({ options: { corpus: { type: 'string' } }, allowPositionals: true })
const corpus =
  realCorpus(values.corpus ?? positionals[0], 'the real-blog eval (1,000 generated posts instead)') ??
  generatedCorpus({ posts: 1000, cacheDir: fileURLToPath(new URL('../.bench-cache/', import.meta.url)) })
const k = 5

const posts = await loadPosts(corpus)

const tagged = posts.filter((p) => p.tags.length > 0)
const keyed = (labels) => [...new Set(labels.map((l) => l.trim().toLowerCase()))]
const tagsOf = new Map(posts.map((p) => [p.id, keyed(p.tags)]))

function jaccard(a, b) {
  if (a.length === 0 || b.length === 0) return 0
  const setB = new Set(b)
  const shared = a.filter((x) => setB.has(x)).length
  return shared / (a.length + b.length - shared)
}

/** Mean P@k and nDCG@k over the tagged posts among `pool`; `results`: id → ids, best first. */
function score(pool, results) {
  let precision = 0
  let ndcg = 0
  let judged = 0
  for (const post of pool) {
    const own = tagsOf.get(post.id)
    if (own.length === 0) continue
    judged++
    let hits = 0
    let dcg = 0
    ;(results.get(post.id) ?? []).slice(0, k).forEach((id, i) => {
      const gain = jaccard(own, tagsOf.get(id))
      if (gain > 0) hits++
      dcg += gain / Math.log2(i + 2)
    })
    const ideal = pool
      .filter((p) => p !== post)
      .map((p) => jaccard(own, tagsOf.get(p.id)))
      .sort((a, b) => b - a)
      .slice(0, k)
      .reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0)
    precision += hits / k
    ndcg += ideal > 0 ? dcg / ideal : 0
  }
  return { p: precision / judged, ndcg: ndcg / judged, judged }
}

/** Expected P@k of a random top k, and the best any ranker can reach. */
function bounds(pool) {
  let random = 0
  let ceiling = 0
  const judged = pool.filter((p) => tagsOf.get(p.id).length > 0)
  for (const post of judged) {
    const own = tagsOf.get(post.id)
    const hits = pool.filter((p) => p !== post && tagsOf.get(p.id).some((t) => own.includes(t))).length
    random += hits / (pool.length - 1)
    ceiling += Math.min(k, hits) / k
  }
  return { random: random / judged.length, ceiling: ceiling / judged.length }
}

function latest(pool) {
  const order = [...pool].sort((a, b) => b.date - a.date || (a.id < b.id ? -1 : 1))
  return new Map(
    pool.map((p) => [
      p.id,
      order
        .filter((q) => q !== p)
        .slice(0, k)
        .map((q) => q.id),
    ]),
  )
}

function ranker(docs, options) {
  const started = performance.now()
  const all = createRelatedIndex(docs, options).relatedAll({ limit: k })
  const ms = performance.now() - started
  return { results: new Map([...all].map(([id, list]) => [id, list.map((r) => r.id)])), ms }
}

const hide = (pool, mode) =>
  pool.map(({ tags, categories, ...rest }) => (mode === 'categories' ? { ...rest, categories } : rest))

const rows = []
const protocols = [
  ['tagged', 'ranked among tagged posts (issue)', tagged],
  ['all', 'ranked among all posts', posts],
]
for (const [protocol, label, pool] of protocols) {
  const { random, ceiling } = bounds(pool)
  rows.push({ label, mode: '–', ranker: 'best possible', p: ceiling })
  rows.push({ label, mode: '–', ranker: 'random (expected)', p: random })
  rows.push({ label, mode: '–', ranker: 'latest 5 posts', ...score(pool, latest(pool)) })
  const started = performance.now()
  const baseline = createTfidfBaseline(pool).relatedAll(k)
  rows.push({
    label,
    mode: 'content only',
    ranker: 'plain TF-IDF cosine (baseline)',
    ...score(pool, baseline),
    ms: performance.now() - started,
  })
  const modes = protocol === 'tagged' ? ['content', 'categories'] : ['content']
  for (const mode of modes) {
    const docs = hide(pool, mode)
    const name = mode === 'content' ? 'content only' : 'categories visible'
    const fast = ranker(docs)
    rows.push({
      label,
      mode: name,
      ranker: '@blogkit/related (defaults)',
      ...score(pool, fast.results),
      ms: fast.ms,
    })
    const exact = ranker(docs, { maxTerms: Number.POSITIVE_INFINITY })
    rows.push({
      label,
      mode: name,
      ranker: '@blogkit/related (maxTerms: Infinity, no speed-ups)',
      ...score(pool, exact.results),
      ms: exact.ms,
    })
  }
}

console.log(
  `corpus: ${path.relative(process.cwd(), corpus)} (${posts.length} posts, ${tagged.length} with tags, judged on those)`,
)
console.log('')
console.log('| protocol | mode | ranker | P@5 | nDCG@5 | time |')
console.log('| --- | --- | --- | ---: | ---: | ---: |')
for (const r of rows) {
  const ndcg = r.ndcg === undefined ? '–' : r.ndcg.toFixed(3)
  const ms = r.ms === undefined ? '–' : `${r.ms.toFixed(0)} ms`
  console.log(`| ${r.label} | ${r.mode} | ${r.ranker} | ${r.p.toFixed(3)} | ${ndcg} | ${ms} |`)
}

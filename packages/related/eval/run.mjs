#!/usr/bin/env node
// Quality of @blogkit/related on a real blog, judged against the posts' own tags.
//   node eval/run.mjs [--corpus DIR]    (or BLOGKIT_CORPUS=DIR, or DIR as the only argument: a real
//                                       blog's posts, e.g. the tidyverse blog, see BENCHMARKS.md; without
//                                       one, 1,000 posts from scripts/gen-corpus.mjs, whose tags follow
//                                       their topics: a sanity check, not a quality figure)
//
// Posts are read with @blogkit/post's `loadPosts` and passed as they are (`Post.text` is the rendered
// plain text: code kept, no markup, identifiers such as `group_by` intact).
// Protocol (the one that reproduces the issue's figures for random and latest posts, 0.12 and 0.25):
// the posts that have tags are ranked among themselves, each judged against its own tags; posts
// without tags cannot be judged, so they are left out. A second protocol ranks among all posts (an
// untagged post in a top 5 counts as a miss) for comparison.
// Modes: content only (tags and categories hidden from the ranker) and categories visible (tags hidden).
// Metrics: P@5 (share of the top 5 sharing a tag with the post) and nDCG@5 with the Jaccard overlap of
// the tag sets as gain. Baselines in the same run: random (expected value), the 5 latest posts, plain
// TF-IDF cosine (eval/tfidf-baseline.mjs).
// Reasons audit: every word given as a reason by the default ranker is checked, with this script's own
// tokenizer, against the post asked about: it must not look like an identifier or a file name (`_`, or
// `.` between letters), must not be a handle (`@name`), and must occur in the post's prose, i.e. more
// often in `text` than in its code (the `<code>` elements of its HTML), as a word or as part of one
// (the parts of Swedish and German compounds).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadPosts } from '@blogkit/post/node'
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
  return { results: new Map([...all].map(([id, list]) => [id, list.map((r) => r.id)])), ms, all }
}

const wordPattern = /[\p{L}\p{M}\p{N}_]+(?:['’.][\p{L}\p{M}\p{N}_]+)*/gu
const decode = (html) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
function wordCounts(text) {
  const counts = new Map()
  for (const [word] of text.toLowerCase().matchAll(wordPattern)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}
const postById = new Map(posts.map((p) => [p.id, p]))
const proseCache = new Map()
/** Words of a post's title and text used outside its code, and its handles. */
function proseOf(id) {
  let prose = proseCache.get(id)
  if (prose) return prose
  const post = postById.get(id)
  const code = wordCounts(
    [...post.html.matchAll(/<code\b[^>]*>([\s\S]*?)<\/code>/g)].map((m) => decode(m[1])).join('\n'),
  )
  const words = wordCounts(`${post.title}\n${post.text}`)
  const handles = new Set(
    [...`${post.text}`.toLowerCase().matchAll(/@([\p{L}\p{N}_-]+)/gu)].flatMap((m) => m[1].split('-')),
  )
  prose = { words: new Set([...words].filter(([w, n]) => n > (code.get(w) ?? 0)).map(([w]) => w)), handles }
  proseCache.set(id, prose)
  return prose
}
/** Whether a word is part of a compound the post writes in prose (`nyrad` in `nyradstecken`). */
function partOfProse(prose, term) {
  for (const word of prose.words) if (word.length > term.length && word.includes(term)) return true
  return false
}
/** Reasons that are identifiers, handles or code words, with a few examples. */
function auditReasons(all) {
  const bad = { identifier: [], handle: [], code: [] }
  let total = 0
  for (const [id, list] of all) {
    const prose = proseOf(id)
    for (const hit of list) {
      for (const term of hit.reasons.terms) {
        total++
        if (term.includes('_') || /\p{L}\.\p{L}{2}|\p{L}{2}\.\p{L}/u.test(term))
          bad.identifier.push(`${id}: ${term}`)
        else if (prose.handles.has(term) && !prose.words.has(term)) bad.handle.push(`${id}: ${term}`)
        else if (!prose.words.has(term) && !partOfProse(prose, term)) bad.code.push(`${id}: ${term}`)
      }
    }
  }
  return { total, bad }
}
const audits = []

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
    audits.push({ label, mode: name, ...auditReasons(fast.all) })
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
console.log('')
console.log(
  'Reasons audit (@blogkit/related, defaults): words given as reasons that are identifiers or file names, handles, or not in the prose of the post asked about',
)
for (const a of audits) {
  const examples = [...a.bad.identifier, ...a.bad.handle, ...a.bad.code].slice(0, 5).join('; ')
  console.log(
    `- ${a.label}, ${a.mode}: ${a.total} reason words; identifiers ${a.bad.identifier.length}, handles ${a.bad.handle.length}, code only ${a.bad.code.length}${examples ? ` (e.g. ${examples})` : ''}`,
  )
}

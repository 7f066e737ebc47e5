#!/usr/bin/env node
// Quality of @blogkit/related on a real blog, judged against the posts' own tags.
//   node eval/run.mjs [corpus-dir]      (default: ../shared/corpora/tidyverse-blog beside the repo)
// Modes: content only (tags and categories hidden from the ranker) and categories visible (tags hidden).
// Metrics over posts with at least one tag: P@5 (share of the top 5 sharing a tag with the post) and
// nDCG@5 with the Jaccard overlap of tag sets as gain. Baseline: plain TF-IDF cosine, all pairs, same run.
// A third mode ranks only among the posts that have tags (content only), for comparison with figures
// measured that way.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { createRelatedIndex } from '../dist/index.js'
import { createTfidfBaseline } from './tfidf-baseline.mjs'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const corpus = process.argv[2] ?? path.join(shared, 'corpora/tidyverse-blog')
const k = 5

/** Markdown to rough plain text: what a post parser's `text` holds (no URLs, no markup). */
function plainText(markdown) {
  return markdown
    .replace(/^```\{?r[^\n]*\}?$/gm, '```')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#>*_`|~]+/g, ' ')
}

function loadCorpus(dir) {
  const postsDir = path.join(dir, 'posts')
  const posts = []
  for (const name of readdirSync(postsDir).sort()) {
    if (!name.endsWith('.md')) continue
    const source = readFileSync(path.join(postsDir, name), 'utf8')
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source)
    if (!match)
      throw new Error(`${path.join(postsDir, name)}:1:1: expected YAML front matter between \`---\` lines`)
    const data = parse(match[1]) ?? {}
    const list = (v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [])
    posts.push({
      id: name.replace(/\.md$/, ''),
      title: String(data.title ?? ''),
      text: plainText(source.slice(match[0].length)),
      tags: list(data.tags),
      categories: list(data.categories),
      date: data.date === undefined ? undefined : String(data.date),
      lang: typeof data.lang === 'string' ? data.lang : 'en',
    })
  }
  return posts
}

function jaccard(a, b) {
  if (a.length === 0 || b.length === 0) return 0
  const setB = new Set(b)
  const shared = a.filter((x) => setB.has(x)).length
  return shared / (a.length + b.length - shared)
}

/** Mean P@k and nDCG@k over posts that have tags. */
function score(posts, results) {
  const byId = new Map(posts.map((p) => [p.id, p]))
  let precision = 0
  let ndcg = 0
  let judged = 0
  for (const post of posts) {
    if (post.tags.length === 0) continue
    judged++
    const got = results.get(post.id) ?? []
    let hits = 0
    let dcg = 0
    got.slice(0, k).forEach((id, i) => {
      const gain = jaccard(post.tags, byId.get(id).tags)
      if (gain > 0) hits++
      dcg += gain / Math.log2(i + 2)
    })
    const ideal = posts
      .filter((p) => p !== post)
      .map((p) => jaccard(post.tags, p.tags))
      .sort((a, b) => b - a)
      .slice(0, k)
      .reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0)
    precision += hits / k
    ndcg += ideal > 0 ? dcg / ideal : 0
  }
  return { p: precision / judged, ndcg: ndcg / judged, judged }
}

function ranker(docs, options) {
  const started = performance.now()
  const index = createRelatedIndex(docs, options)
  const all = index.relatedAll({ limit: k })
  const ms = performance.now() - started
  return { results: new Map([...all].map(([id, list]) => [id, list.map((r) => r.id)])), ms }
}

const posts = loadCorpus(corpus)
const hide = (mode) =>
  posts.map(({ tags, categories, ...rest }) => (mode === 'categories' ? { ...rest, categories } : rest))

const rows = []
for (const mode of ['content', 'categories', 'tagged']) {
  // `tagged`: content only, among the posts that have tags (untagged posts can never count as hits).
  const docs = mode === 'tagged' ? hide('content').filter((_, i) => posts[i].tags.length > 0) : hide(mode)
  const started = performance.now()
  const baseline = createTfidfBaseline(docs).relatedAll(k)
  rows.push({
    mode,
    ranker: 'plain TF-IDF cosine (baseline)',
    ...score(posts, baseline),
    ms: performance.now() - started,
  })
  const pruned = ranker(docs)
  rows.push({ mode, ranker: '@blogkit/related (defaults)', ...score(posts, pruned.results), ms: pruned.ms })
  const exact = ranker(docs, { maxTerms: Number.POSITIVE_INFINITY })
  rows.push({
    mode,
    ranker: '@blogkit/related (maxTerms: Infinity)',
    ...score(posts, exact.results),
    ms: exact.ms,
  })
}

// The best any ranker can do: posts with fewer than 5 others sharing a tag cannot fill their top 5.
const tagged = posts.filter((p) => p.tags.length > 0)
const ceiling =
  tagged.reduce((sum, post) => {
    const hits = posts.filter((p) => p !== post && p.tags.some((t) => post.tags.includes(t))).length
    return sum + Math.min(k, hits) / k
  }, 0) / tagged.length
console.log(
  `corpus: ${path.relative(process.cwd(), corpus)} (${posts.length} posts, ${rows[0].judged} with tags judged)`,
)
console.log(`best possible P@5: ${ceiling.toFixed(3)}`)
console.log('')
console.log('| mode | ranker | P@5 | nDCG@5 | time |')
console.log('| --- | --- | ---: | ---: | ---: |')
for (const r of rows) {
  const mode = {
    content: 'content only',
    categories: 'categories visible',
    tagged: 'content only, tagged posts only',
  }[r.mode]
  console.log(`| ${mode} | ${r.ranker} | ${r.p.toFixed(3)} | ${r.ndcg.toFixed(3)} | ${r.ms.toFixed(0)} ms |`)
}

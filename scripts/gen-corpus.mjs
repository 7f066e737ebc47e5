#!/usr/bin/env node
// gen-corpus.mjs N OUTDIR [--seed S] [--no-keywords] [--no-manifest] [--start YYYY] [--end YYYY]
//
// Writes N synthetic markdown blog posts (YAML front matter + body) into OUTDIR.
//  - front matter: title, date, tags (1-5, from a ~200-tag vocabulary, Zipf-like
//    frequencies), categories, keywords (omit with --no-keywords), draft: false
//  - body: 300-2000 prose words, with headings, bullet/numbered lists, links,
//    inline code, emphasis, blockquotes and fenced code blocks.
//  - words are drawn from per-tag and per-topic vocabularies (pronounceable
//    pseudo-words, stable across seeds) plus common English, so posts that share
//    tags share content words and heading ids: related-post quality can be
//    measured against tag overlap (@blogkit/related's bench).
//  - deterministic: post i depends only on (seed, i), so the 1k corpus is a
//    prefix (same files) of the 10k corpus for the same seed.
//  - file names: YYYY-MM-DD-slug.md (Jekyll _posts compatible); the post id is
//    the file name without ".md".
//  - OUTDIR/_corpus.json (unless --no-manifest): [{id,title,date,tags,categories,
//    topic,words}] - ground truth for quality scoring. Other tools copy *.md only.
//  - no "{{" / "{%" anywhere (safe for Liquid and Hugo shortcodes), no kramdown IAL.
//
// The project's benchmarks (post, related, the static blog) generate their scale corpora with this
// script, seed 1, so that their figures compare across packages and with Hugo timed on the same posts.
import fs from 'node:fs'
import path from 'node:path'

// ---------- args ----------
const argv = process.argv.slice(2)
const pos = []
const opt = { seed: 1, keywords: true, manifest: true, start: 2012, end: 2024 }
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a === '--seed') opt.seed = Number(argv[++i])
  else if (a === '--no-keywords') opt.keywords = false
  else if (a === '--no-manifest') opt.manifest = false
  else if (a === '--start') opt.start = Number(argv[++i])
  else if (a === '--end') opt.end = Number(argv[++i])
  else if (a === '-h' || a === '--help') {
    usage(0)
  } else pos.push(a)
}
function usage(code) {
  console.error(
    'usage: gen-corpus.mjs N OUTDIR [--seed S] [--no-keywords] [--no-manifest] [--start YEAR] [--end YEAR]',
  )
  process.exit(code)
}
if (pos.length !== 2) usage(2)
const N = Number(pos[0])
const OUT = pos[1]
if (!Number.isInteger(N) || N < 1) usage(2)

// ---------- PRNG ----------
function hashStr(s) {
  // FNV-1a 32
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}
function sfc32(a, b, c, d) {
  return () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}
function rngFor(...parts) {
  const k = parts.join('\u0001')
  const r = sfc32(hashStr(`a${k}`), hashStr(`b${k}`), hashStr(`c${k}`), hashStr(`d${k}`))
  for (let i = 0; i < 12; i++) r()
  return r
}
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1)) // inclusive
const pick = (r, arr) => arr[Math.floor(r() * arr.length)]
function makeSampler(weights) {
  // cumulative table + binary search
  const cum = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]
    cum[i] = s
  }
  return (r) => {
    const x = r() * s
    let lo = 0,
      hi = cum.length - 1
    while (lo < hi) {
      const m = (lo + hi) >> 1
      if (cum[m] > x) hi = m
      else lo = m + 1
    }
    return lo
  }
}
const zipfWeights = (n, s = 1.0) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s)

// ---------- topics & tags (20 x 10 = 200 tags) ----------
const TOPICS = [
  [
    'JavaScript',
    'js',
    ['javascript', 'typescript', 'nodejs', 'react', 'vue', 'svelte', 'webpack', 'npm', 'deno', 'eslint'],
  ],
  [
    'Python',
    'python',
    ['python', 'django', 'flask', 'fastapi', 'pandas', 'numpy', 'pytest', 'asyncio', 'pip', 'jupyter'],
  ],
  [
    'Rust',
    'rust',
    [
      'rust',
      'cargo',
      'tokio',
      'wasm',
      'borrow-checker',
      'traits',
      'macros',
      'serde',
      'embedded-rust',
      'clippy',
    ],
  ],
  [
    'Go',
    'go',
    [
      'golang',
      'goroutines',
      'gin',
      'grpc',
      'go-modules',
      'channels',
      'cobra',
      'go-generics',
      'pprof',
      'gofmt',
    ],
  ],
  [
    'DevOps',
    'yaml',
    [
      'docker',
      'kubernetes',
      'helm',
      'terraform',
      'ansible',
      'ci-cd',
      'github-actions',
      'jenkins',
      'prometheus',
      'grafana',
    ],
  ],
  [
    'Databases',
    'sql',
    [
      'postgresql',
      'mysql',
      'sqlite',
      'redis',
      'mongodb',
      'indexing',
      'sql',
      'migrations',
      'orm',
      'query-planning',
    ],
  ],
  [
    'Cloud',
    'json',
    ['aws', 'gcp', 'azure', 'lambda', 's3', 'serverless', 'cloudflare', 'cdn', 'iam', 'cost-optimization'],
  ],
  [
    'Security',
    'bash',
    [
      'security',
      'cryptography',
      'tls',
      'oauth',
      'xss',
      'csrf',
      'pentesting',
      'secrets-management',
      'zero-trust',
      'supply-chain',
    ],
  ],
  [
    'Machine Learning',
    'python',
    [
      'machine-learning',
      'deep-learning',
      'pytorch',
      'tensorflow',
      'transformers',
      'llm',
      'embeddings',
      'computer-vision',
      'nlp',
      'reinforcement-learning',
    ],
  ],
  [
    'Data Engineering',
    'sql',
    [
      'data-engineering',
      'spark',
      'kafka',
      'airflow',
      'dbt',
      'etl',
      'data-warehouse',
      'parquet',
      'streaming',
      'snowflake',
    ],
  ],
  [
    'Frontend',
    'css',
    [
      'css',
      'html',
      'accessibility',
      'tailwind',
      'responsive-design',
      'typography',
      'animation',
      'web-components',
      'design-systems',
      'figma',
    ],
  ],
  [
    'Mobile',
    'kotlin',
    [
      'android',
      'ios',
      'swift',
      'kotlin',
      'flutter',
      'react-native',
      'jetpack-compose',
      'swiftui',
      'mobile-testing',
      'app-store',
    ],
  ],
  [
    'Linux',
    'bash',
    [
      'linux',
      'bash',
      'systemd',
      'networking',
      'dns',
      'nginx',
      'shell-scripting',
      'vim',
      'ssh',
      'filesystems',
    ],
  ],
  [
    'Career',
    'text',
    [
      'career',
      'interviewing',
      'remote-work',
      'productivity',
      'management',
      'mentoring',
      'hiring',
      'burnout',
      'freelancing',
      'leadership',
    ],
  ],
  [
    'Open Source',
    'bash',
    [
      'open-source',
      'git',
      'licensing',
      'maintainers',
      'code-review',
      'documentation',
      'community',
      'github',
      'semver',
      'changelogs',
    ],
  ],
  [
    'Architecture',
    'ts',
    [
      'architecture',
      'microservices',
      'event-sourcing',
      'ddd',
      'api-design',
      'rest',
      'graphql',
      'caching',
      'scalability',
      'distributed-systems',
    ],
  ],
  [
    'Testing',
    'ts',
    [
      'testing',
      'unit-testing',
      'tdd',
      'integration-testing',
      'e2e',
      'property-testing',
      'mocking',
      'benchmarking',
      'fuzzing',
      'coverage',
    ],
  ],
  [
    'Performance',
    'c',
    [
      'performance',
      'profiling',
      'memory-management',
      'concurrency',
      'compilers',
      'algorithms',
      'data-structures',
      'simd',
      'garbage-collection',
      'latency',
    ],
  ],
  [
    'Hardware',
    'c',
    [
      'raspberry-pi',
      'arduino',
      'electronics',
      '3d-printing',
      'home-automation',
      'iot',
      'keyboards',
      'soldering',
      'retro-computing',
      'homelab',
    ],
  ],
  [
    'Writing',
    'markdown',
    [
      'blogging',
      'writing',
      'static-sites',
      'markdown',
      'seo',
      'rss',
      'jamstack',
      'hugo',
      'jekyll',
      'newsletters',
    ],
  ],
]
const TAGS = [] // {name, topic}
for (const [ti, [, , tags]] of TOPICS.entries()) for (const t of tags) TAGS.push({ name: t, topic: ti })
if (new Set(TAGS.map((t) => t.name)).size !== TAGS.length) throw new Error('duplicate tag')

// Global Zipf rank of tags: fixed permutation (vocabulary seed, not --seed), so
// tag popularity is the same in every corpus.
const VOCAB_SEED = 'peers-vocab-v1'
const tagRank = (() => {
  const r = rngFor(VOCAB_SEED, 'rank')
  const idx = TAGS.map((_, i) => i)
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[idx[i], idx[j]] = [idx[j], idx[i]]
  }
  // make each topic's first tag (the topic's "umbrella" tag) popular
  const umbrellas = TOPICS.map((_, ti) => ti * 10)
  const rest = idx.filter((i) => !umbrellas.includes(i))
  const order = []
  // interleave: umbrellas in the top 40 ranks
  let u = 0,
    k = 0
  while (u < umbrellas.length || k < rest.length) {
    if (u < umbrellas.length && (order.length % 2 === 0 || k >= rest.length)) order.push(umbrellas[u++])
    else order.push(rest[k++])
  }
  const rank = new Array(TAGS.length)
  order.forEach((ti, r2) => {
    rank[ti] = r2
  })
  return rank
})()
const tagWeight = TAGS.map((_, i) => 1 / (tagRank[i] + 1) ** 1.0)
const sampleTagGlobal = makeSampler(tagWeight)
const topicTagSamplers = TOPICS.map((_, ti) =>
  makeSampler(TAGS.slice(ti * 10, ti * 10 + 10).map((_, j) => tagWeight[ti * 10 + j])),
)

// ---------- vocabularies ----------
const STOP = (
  'the a an and or but if then so of to in on at for with by from as is are was were be been being it its this that these ' +
  'those we you they he she i our your their my not no do does did have has had can could will would should may might must ' +
  'there here when where which who what how why all any some more most other such only also just than too very into over ' +
  'about after before under again once both each few own same while because until up down out off'
).split(' ')
const GENERIC = (
  'project system code team user data time way work change problem example approach idea result version setup ' +
  'feature release question answer step process tool library service design detail pattern issue test build write read run ' +
  'start stop use make find keep move try show look need want learn explain describe improve fix update create remove ' +
  'simple small large fast slow easy hard good better best new old first last next common useful important clear ' +
  'quick real final main basic whole part case point reason number group level order list value option method result ' +
  'page post blog article note week month year today morning people developer reader friend company product customer ' +
  'experience lesson mistake tradeoff decision plan goal idea context history future baseline default config workflow'
).split(' ')
const ENGLISH = new Set([...STOP, ...GENERIC])
const SYL_ON = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'cr',
  'dr',
  'fl',
  'gr',
  'kl',
  'pr',
  'st',
  'tr',
  'sh',
  'ch',
  'th',
]
const SYL_NU = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ou', 'ea']
const SYL_CO = ['', '', '', 'n', 'r', 'l', 's', 'm', 'x', 'nd', 'rt', 'st']
const usedWords = new Set(ENGLISH)
for (const t of TAGS) usedWords.add(t.name)
function pseudoWords(key, n) {
  const r = rngFor(VOCAB_SEED, key)
  const out = []
  while (out.length < n) {
    const syl = int(r, 2, 3)
    let w = ''
    for (let s = 0; s < syl; s++)
      w += pick(r, SYL_ON) + pick(r, SYL_NU) + (s === syl - 1 || r() < 0.3 ? pick(r, SYL_CO) : '')
    if (w.length < 5 || w.length > 12 || usedWords.has(w)) continue
    usedWords.add(w)
    out.push(w)
  }
  return out
}
const TOPIC_WORDS = TOPICS.map((_, ti) => pseudoWords(`topic${ti}`, 80))
const TAG_WORDS = TAGS.map((t) => pseudoWords(`tag:${t.name}`, 60))
const zipf80 = makeSampler(zipfWeights(80, 0.9))
const zipf60 = makeSampler(zipfWeights(60, 0.9))
const sampleGeneric = makeSampler(zipfWeights(GENERIC.length, 0.8))
const sampleStop = makeSampler(zipfWeights(STOP.length, 1.0))
const HEAD_VERBS = [
  'Understanding',
  'Tuning',
  'Debugging',
  'Choosing',
  'Scaling',
  'Testing',
  'Migrating to',
  'Why',
  'Building',
  'Measuring',
  'Rethinking',
  'Getting started with',
]
// per-tag pool of 12 headings -> posts sharing a tag share heading ids (Hugo "fragments")
const TAG_HEADINGS = TAGS.map((t, i) => {
  const r = rngFor(VOCAB_SEED, `head:${t.name}`)
  const words = TAG_WORDS[i]
  return Array.from(
    { length: 12 },
    (_, k) => `${HEAD_VERBS[k]} ${cap(words[int(r, 0, 14)])} ${words[int(r, 0, 29)]}`,
  )
})
const GENERIC_HEADINGS = [
  'Introduction',
  'Background',
  'The problem',
  'What I tried',
  'Results',
  'Lessons learned',
  'Conclusion',
  'Further reading',
]

function cap(w) {
  return w.charAt(0).toUpperCase() + w.slice(1)
}

// ---------- post generation ----------
const START = Date.UTC(opt.start, 0, 1)
const END = Date.UTC(opt.end, 11, 31, 23, 59, 59)

function genPost(i) {
  const r = rngFor('post', opt.seed, i)
  // tags
  const nTags = [1, 2, 2, 3, 3, 3, 4, 4, 5][int(r, 0, 8)]
  const first = sampleTagGlobal(r)
  const topic = TAGS[first].topic
  const tagIdx = [first]
  let guard = 0
  while (tagIdx.length < nTags && guard++ < 100) {
    const t = r() < 0.75 ? topic * 10 + topicTagSamplers[topic](r) : sampleTagGlobal(r)
    if (!tagIdx.includes(t)) tagIdx.push(t)
  }
  const tags = tagIdx.map((t) => TAGS[t].name)
  const cats = [TOPICS[topic][0]]
  for (const t of tagIdx) {
    const c = TOPICS[TAGS[t].topic][0]
    if (!cats.includes(c) && r() < 0.5) cats.push(c)
  }
  const lang = TOPICS[topic][1]
  // tag weights inside the body: first tag dominant
  const tagW = tagIdx.map((_, k) => 1 / (k + 1))
  const sampleOwnTag = makeSampler(tagW)
  const topicsOfPost = [...new Set(tagIdx.map((t) => TAGS[t].topic))]

  function word() {
    const x = r()
    if (x < 0.4) return STOP[sampleStop(r)]
    if (x < 0.6) return GENERIC[sampleGeneric(r)]
    if (x < 0.72) return TOPIC_WORDS[r() < 0.8 ? topic : pick(r, topicsOfPost)][zipf80(r)]
    if (x < 0.97) return TAG_WORDS[tagIdx[sampleOwnTag(r)]][zipf60(r)]
    return TAGS[tagIdx[sampleOwnTag(r)]].name
  }
  function contentWord() {
    // no stop words
    const x = r()
    if (x < 0.3) return GENERIC[sampleGeneric(r)]
    if (x < 0.5) return TOPIC_WORDS[topic][zipf80(r)]
    return TAG_WORDS[tagIdx[sampleOwnTag(r)]][zipf60(r)]
  }
  let words = 0
  function sentence(lo = 8, hi = 22) {
    const n = int(r, lo, hi)
    const parts = []
    for (let k = 0; k < n; k++) {
      let w = word()
      const y = r()
      if (y < 0.012 && k < n - 2) {
        // link over 2-3 words
        const m = int(r, 2, 3)
        const ws = [w]
        for (let q = 1; q < m; q++) ws.push(word())
        k += m - 1
        const slug = ws.join('-').replace(/[^a-z0-9-]/g, '')
        w = `[${ws.join(' ')}](https://example.com/${tags[0]}/${slug})`
      } else if (y < 0.02) w = `\`${contentWord()}()\``
      else if (y < 0.03) w = `*${w}*`
      else if (y < 0.035) w = `**${w}**`
      parts.push(w)
    }
    words += n
    let s = parts.join(' ')
    s = s.charAt(0) === '[' || s.charAt(0) === '*' || s.charAt(0) === '`' ? s : cap(s)
    return s + (r() < 0.08 ? '?' : '.')
  }
  function paragraph() {
    const n = int(r, 3, 7)
    const ss = []
    for (let k = 0; k < n; k++) ss.push(sentence())
    return ss.join(' ')
  }
  function list(ordered) {
    const n = int(r, 3, 6)
    const items = []
    for (let k = 0; k < n; k++) {
      const s = sentence(4, 10)
      items.push((ordered ? `${k + 1}. ` : '- ') + s)
    }
    return items.join('\n')
  }
  function codeBlock() {
    const n = int(r, 4, 14)
    const lines = []
    const ident = () => contentWord().replace(/[^a-z0-9]/g, '_')
    for (let k = 0; k < n; k++) {
      const a = ident(),
        b = ident(),
        c = ident()
      switch (lang) {
        case 'python':
          lines.push(
            r() < 0.3
              ? `def ${a}(${b}, ${c}=None):\n    return ${b}.${c}(${int(r, 0, 99)})`
              : `${a} = ${b}.${c}(${int(r, 0, 999)})`,
          )
          break
        case 'rust':
          lines.push(
            r() < 0.3
              ? `fn ${a}(${b}: &str) -> Result<u32, Error> { Ok(${int(r, 0, 99)}) }`
              : `let ${a} = ${b}::${c}(${int(r, 0, 999)})?;`,
          )
          break
        case 'go':
          lines.push(
            r() < 0.3
              ? `func ${a}(${b} string) (int, error) { return ${int(r, 0, 99)}, nil }`
              : `${a} := ${b}.${cap(c)}(${int(r, 0, 999)})`,
          )
          break
        case 'yaml':
          lines.push(`${'  '.repeat(k % 3)}${a}: ${r() < 0.5 ? b : int(r, 0, 999)}`)
          break
        case 'sql':
          lines.push(
            r() < 0.5
              ? `SELECT ${a}, ${b} FROM ${c} WHERE ${a} > ${int(r, 0, 999)};`
              : `CREATE INDEX ${a}_idx ON ${b} (${c});`,
          )
          break
        case 'json':
          lines.push(`${k === 0 ? '{ ' : '  '}"${a}": "${b}"${k === n - 1 ? ' }' : ','}`)
          break
        case 'bash':
          lines.push(
            `${pick(r, ['sudo', 'export', 'echo', 'curl -s', 'grep -r', 'ls -la'])} ${a}${r() < 0.5 ? ` | ${b}` : ''}`,
          )
          break
        case 'css':
          lines.push(
            `.${a} { ${pick(r, ['margin', 'padding', 'color', 'display', 'gap'])}: ${int(r, 0, 64)}px; }`,
          )
          break
        case 'kotlin':
          lines.push(
            r() < 0.3
              ? `fun ${a}(${b}: String): Int = ${int(r, 0, 99)}`
              : `val ${a} = ${b}.${c}(${int(r, 0, 999)})`,
          )
          break
        case 'c':
          lines.push(
            r() < 0.3
              ? `static int ${a}(int ${b}) { return ${b} * ${int(r, 1, 9)}; }`
              : `${a}[${int(r, 0, 15)}] = ${b}(${c});`,
          )
          break
        case 'markdown':
          lines.push(`${pick(r, ['#', '-', '>', '1.'])} ${a} ${b} ${c}`)
          break
        case 'text':
          lines.push(`${a} ${b} ${c}`)
          break
        default:
          lines.push(
            r() < 0.3
              ? `export function ${a}(${b}) { return ${b}.${c}(${int(r, 0, 99)}); }`
              : `const ${a} = await ${b}.${c}(${int(r, 0, 999)});`,
          )
      }
    }
    return `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``
  }

  const target = 300 + Math.floor(1700 * r() ** 1.6)
  const blocks = []
  blocks.push(paragraph())
  const usedHeads = new Set()
  let sec = 0
  while (words < target) {
    let h
    if (r() < 0.2) h = pick(r, GENERIC_HEADINGS)
    else h = pick(r, TAG_HEADINGS[tagIdx[sampleOwnTag(r)]])
    if (usedHeads.has(h)) h = `${h} ${sec + 2}`
    usedHeads.add(h)
    blocks.push(`## ${h}`)
    const np = int(r, 1, 3)
    for (let k = 0; k < np && words < target; k++) {
      blocks.push(paragraph())
      const y = r()
      if (y < 0.18) blocks.push(list(false))
      else if (y < 0.26) blocks.push(list(true))
      else if (y < 0.42) blocks.push(codeBlock())
      else if (y < 0.47) blocks.push(`> ${sentence()}`)
      if (r() < 0.1 && words < target) {
        blocks.push(`### ${cap(contentWord())} ${contentWord()}`)
      }
    }
    sec++
  }
  // title
  const tw1 = TAG_WORDS[first][zipf60(r)],
    tw2 = TOPIC_WORDS[topic][zipf80(r)]
  const title = pick(r, [
    () => `${cap(tw1)} ${tw2} in ${tags[0]}`,
    () => `${pick(r, HEAD_VERBS)} ${tw1} ${tw2}`,
    () =>
      `How we ${pick(r, ['fixed', 'tamed', 'measured', 'replaced', 'shipped'])} ${tw1} with ${tags[tags.length - 1]}`,
    () => `${int(r, 3, 12)} lessons about ${tw1} and ${tw2}`,
    () => `Notes on ${tags[0]}: ${tw1} ${tw2}`,
  ])()
  const t = START + Math.floor(r() * (END - START))
  const d = new Date(Math.floor(t / 1000) * 1000)
  const iso = d.toISOString().replace('.000Z', 'Z')
  const day = iso.slice(0, 10)
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '')
  const id = `${day}-${slug}-${i.toString(36)}`
  const keywords = []
  if (opt.keywords) {
    const nk = int(r, 2, 4)
    for (let k = 0; k < nk; k++) {
      const w = TAG_WORDS[tagIdx[sampleOwnTag(r)]][int(r, 0, 9)]
      if (!keywords.includes(w)) keywords.push(w)
    }
  }
  const fm = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${iso}`,
    `tags: [${tags.join(', ')}]`,
    `categories: [${cats.map((c) => JSON.stringify(c)).join(', ')}]`,
  ]
  if (opt.keywords) fm.push(`keywords: [${keywords.join(', ')}]`)
  fm.push('draft: false', '---', '')
  const text = `${fm.join('\n') + blocks.join('\n\n')}\n`
  return { id, text, meta: { id, title, date: iso, tags, categories: cats, topic: TOPICS[topic][0], words } }
}

fs.mkdirSync(OUT, { recursive: true })
const manifest = []
let bytes = 0,
  totalWords = 0
for (let i = 0; i < N; i++) {
  const p = genPost(i)
  fs.writeFileSync(path.join(OUT, `${p.id}.md`), p.text)
  bytes += Buffer.byteLength(p.text)
  totalWords += p.meta.words
  if (opt.manifest) manifest.push(p.meta)
}
if (opt.manifest)
  fs.writeFileSync(path.join(OUT, '_corpus.json'), JSON.stringify({ seed: opt.seed, n: N, posts: manifest }))
console.error(
  `gen-corpus: ${N} posts, ${(bytes / 1048576).toFixed(1)} MiB, avg ${Math.round(totalWords / N)} prose words/post -> ${OUT}`,
)

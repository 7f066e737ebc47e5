// The passes over the HTML that blogkit's output needs, alone (no feed around them), next to npm `feed` 6.0.0 in
// the same process: the lower bound for a document. Usage: node bench/passes.mjs
import { Feed } from 'feed'
import { baseline, baselineMethod, item } from './content.mjs'

const n = 10000
const items = Array.from({ length: n }, (_, i) => item(i, false))
const html = items.map((i) => i.contentHtml)
// biome-ignore lint/suspicious/noControlCharactersInRegex: the check under test
const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const pre =
  /\b(?:href|src|poster)\s*=\s*(?:"(?!\s*[a-z][a-z\d+.-]*:)|'(?!\s*[a-z][a-z\d+.-]*:)|(?![\s"'])(?![a-z][a-z\d+.-]*:))|\bsrcset\s*=/gi
function check(h) {
  return bad.test(h) || h.includes('\uFFFE') || h.includes('\uFFFF') || !h.isWellFormed()
}
function scan(h) {
  pre.lastIndex = 0
  return pre.test(h)
}
const CH = 1 << 17
function xmlDoc() {
  const chunks = ['<rss>']
  let p = []
  let size = 0
  for (const h of html) {
    check(h)
    scan(h)
    const e = h.replaceAll('&', '&amp;').replaceAll('<', '&lt;')
    p.push('<item>', e, '</item>')
    size += e.length
    if (size >= CH) {
      chunks.push(p.join(''))
      p = []
      size = 0
    }
  }
  chunks.push(p.join(''))
  return chunks.join('')
}
function jsonDoc() {
  const list = []
  for (const h of html) {
    check(h)
    scan(h)
    list.push({ content_html: h })
  }
  return JSON.stringify({ items: list })
}
const tests = [
  ['feed rss', () => baseline(Feed, items)[baselineMethod.rss]()],
  ['feed atom', () => baseline(Feed, items)[baselineMethod.atom]()],
  ['feed json', () => baseline(Feed, items)[baselineMethod.json]()],
  [
    'passes only: check',
    () => {
      for (const h of html) check(h)
      return 'x'
    },
  ],
  [
    'passes only: prescan',
    () => {
      for (const h of html) scan(h)
      return 'x'
    },
  ],
  ['passes only: XML doc (check+scan+escape+joins)', xmlDoc],
  ['passes only: JSON doc (check+scan+stringify)', jsonDoc],
  ['JSON.stringify of the HTML alone', () => JSON.stringify(html)],
]
const res = tests.map(() => [])
for (let r = 0; r < 4; r++)
  tests.forEach(([, f], k) => {
    const c = process.cpuUsage()
    const o = f()
    ;/^/.test(o)
    const u = process.cpuUsage(c)
    if (r) res[k].push((u.user + u.system) / 1000)
  })
console.log('10,000 posts, median CPU (ms) of 3 runs after a warm-up:')
for (const [k, [name]] of tests.entries())
  console.log(name.padEnd(50), res[k].sort((a, b) => a - b)[1].toFixed(0))

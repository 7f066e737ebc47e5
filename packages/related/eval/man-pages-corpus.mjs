#!/usr/bin/env node
// A second kind of real text for the eval, in German, French and Swedish: Debian's translated manual
// pages, written as Markdown posts that `npm run eval -- <dir>` reads like the tidyverse blog.
//   sudo apt-get install manpages-de manpages-fr manpages-sv     (Debian; needs `man`)
//   node eval/man-pages-corpus.mjs de /tmp/man-de && node eval/run.mjs /tmp/man-de
//
// Each page becomes one post in <out-dir>/posts: title = its NAME line ("ls - Verzeichnisinhalte auflisten"), text = the
// rest as `man` renders it, `lang` = the language, and one tag = the upstream project named in the
// page's `.TH` line with its version removed ("GNU coreutils 9.1" -> "gnu coreutils", "systemd 252" ->
// "systemd"). Pages whose project is not named, or is named on one page only, get no tag (the eval
// ranks them but does not judge them). So "related" here means "from the same project": not a blog,
// but real prose and reference text in three languages, for what stemming and stop words do there.
// The output is deterministic (files sorted; dates are 2020-01-01 plus one day per page).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const [lang, out] = process.argv.slice(2)
if (!lang || !out) {
  console.error('usage: node eval/man-pages-corpus.mjs <de|fr|sv|…> <out-dir>')
  process.exit(2)
}
const root = `/usr/share/man/${lang}`
if (!fs.existsSync(root)) {
  console.error(`${root} does not exist: install Debian's manpages-${lang} first`)
  process.exit(1)
}

/** Arguments of a roff request line, with "quoted" ones kept whole. */
function requestArguments(line) {
  const args = []
  for (const match of line.matchAll(/"((?:[^"]|"")*)"|(\S+)/g)) args.push(match[1] ?? match[2])
  return args.map((a) => a.replace(/\\-/g, '-').replace(/\\\(..|\\./g, ''))
}

const files = fs
  .readdirSync(root, { recursive: true })
  .map((f) => path.join(root, f))
  .filter((f) => fs.lstatSync(f).isFile())
  .sort()
const pages = []
let skipped = 0
for (const file of files) {
  let source = fs.readFileSync(file)
  if (file.endsWith('.gz')) source = zlib.gunzipSync(source)
  source = source.toString('utf8')
  const th = /^\.TH (.*)$/m.exec(source)
  if (!th) {
    skipped++ // `.so` redirections and mdoc pages
    continue
  }
  const project = (requestArguments(th[1])[3] ?? '')
    .replace(/[\d.]+[a-z]?\d*/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
  let text
  try {
    text = execFileSync('man', ['-l', '--nj', '--nh', file], {
      env: { ...process.env, MANWIDTH: '200', LANG: 'C.UTF-8' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
  } catch {
    skipped++
    continue
  }
  // Overstrike (bold/underline) removed; the header and footer lines dropped.
  const lines = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: backspace is how man marks overstrike
    .replace(/.\x08/g, '')
    .split('\n')
    .slice(1, -2)
    .map((l) => l.trim())
  // The NAME section: the first line under the first heading (an all-capitals line).
  const nameAt = lines.findIndex((l, k) => k > 0 && l !== '' && /^[\p{Lu} ]+$/u.test(lines[k - 1]))
  const title = (lines[nameAt] ?? path.basename(file)).replace(/\s+/g, ' ')
  const body = lines
    .slice(nameAt + 1)
    .join('\n')
    .replace(/([\\`*_<>[\]#|~])/g, '\\$1')
  if (body.split(/\s+/).length < 30) {
    skipped++
    continue
  }
  pages.push({ file, title, project, body })
}

const perProject = new Map()
for (const page of pages) perProject.set(page.project, (perProject.get(page.project) ?? 0) + 1)
const postsDir = path.join(out, 'posts')
fs.mkdirSync(postsDir, { recursive: true })
pages.forEach((page, i) => {
  const tags = page.project && perProject.get(page.project) > 1 ? [page.project] : []
  const id = `${path
    .basename(page.file)
    .replace(/\.gz$/, '')
    .replace(/[^\w.-]/g, '_')}-${i}`
  const date = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const front = `title: ${JSON.stringify(page.title)}\ndate: ${date}\nlang: ${lang}\ntags: ${JSON.stringify(tags)}`
  fs.writeFileSync(path.join(postsDir, `${id}.md`), `---\n${front}\n---\n\n${page.body}\n`)
})
const top = [...perProject].sort((a, b) => b[1] - a[1]).slice(0, 8)
console.error(
  `${lang}: ${pages.length} pages written to ${postsDir}, ${skipped} skipped; largest projects: ${top.map(([p, n]) => `${p || '(none)'} ${n}`).join(', ')}`,
)

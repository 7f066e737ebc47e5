// The generated posts of the benchmarks, read as `@blogkit/post` would give them (roughly).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

/** Markdown to rough plain text, as `@blogkit/post` gives in `text` (no URLs, no markup). */
function plainText(markdown) {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#>*_`|~]+/g, ' ')
}

/**
 * A copy of `value` that holds only its own characters. Note: V8 makes a substring of 13 or more
 * characters a view into its parent string, so a title or date parsed out of the file by `yaml` (and
 * text left unchanged by `plainText`) would keep the whole file's text alive: 2.2 GB instead of 0.8 GB
 * for 100,000 posts, memory the benchmark would wrongly count against the index.
 */
function own(value) {
  return Buffer.from(value, 'utf8').toString('utf8')
}

export function loadPosts(dir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, '_corpus.json'), 'utf8'))
  return manifest.posts.map((entry) => {
    const source = readFileSync(path.join(dir, `${entry.id}.md`), 'utf8')
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source)
    const data = parse(match[1])
    return {
      id: own(entry.id),
      title: own(String(data.title)),
      text: own(plainText(source.slice(match[0].length))),
      tags: (data.tags ?? []).map(own),
      categories: (data.categories ?? []).map(own),
      date: own(String(data.date)),
      lang: 'en',
    }
  })
}

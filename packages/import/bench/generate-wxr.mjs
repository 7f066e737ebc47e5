#!/usr/bin/env node
import { once } from 'node:events'
// Writes a deterministic WordPress export (WXR 1.2) of `posts` posts with `comments` comments per post:
// Swedish text, wpautop paragraphs, a [caption] every 10th post, a <!--more--> in every post, threaded
// comments (every third answers the one before), a pingback every 50th post. Written as a stream, so
// files of any size can be made.
//
//   node bench/generate-wxr.mjs <file> [--posts 20000] [--comments 10]
import { createWriteStream } from 'node:fs'
import { parseArgs } from 'node:util'

const words =
  'kommunikation kris förtroende läsare rubrik budskap kanal pressmeddelande mätning räckvidd strategi ledning medarbetare sociala medier webben tillgänglighet klarspråk nyhetsbrev podd svar frågor tystnad timme beredskap uttalande journalist intervju'.split(
    ' ',
  )

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function sentence(rand, n) {
  const out = []
  for (let i = 0; i < n; i++) out.push(words[Math.floor(rand() * words.length)])
  const text = out.join(' ')
  return `${text[0].toUpperCase()}${text.slice(1)}.`
}

const pad = (n) => String(n).padStart(2, '0')
const wpDate = (ms) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

export async function generateWxr(file, { posts = 20_000, comments = 10 } = {}) {
  const out = createWriteStream(file)
  let buffer = ''
  const write = async (text) => {
    buffer += text
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bänkbloggen</title><link>https://bench.example</link><description>Genererad</description><language>sv-SE</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[anna]]></wp:author_login><wp:author_display_name><![CDATA[Anna Ek]]></wp:author_display_name></wp:author>
`)
  const rand = random(42)
  let commentId = 1
  const start = Date.UTC(2005, 0, 1)
  for (let p = 1; p <= posts; p++) {
    const time = start + p * 3_600_000 * 5
    const local = time + 3_600_000
    const paragraphs = []
    for (let i = 0; i < 6; i++)
      paragraphs.push(`${sentence(rand, 12)} ${sentence(rand, 9)}\n${sentence(rand, 10)}`)
    paragraphs.splice(1, 0, '<!--more-->')
    paragraphs.splice(3, 0, `<h2>${sentence(rand, 3)}</h2>`)
    if (p % 10 === 0)
      paragraphs.push(
        `[caption id="attachment_${p}" width="600"]<img src="https://bench.example/bild-${p}.jpg" alt="${sentence(rand, 3)}" /> ${sentence(rand, 6)}[/caption]`,
      )
    let item = `<item><title>${sentence(rand, 5).slice(0, -1)} ${p}</title><link>https://bench.example/${p}/</link><dc:creator><![CDATA[anna]]></dc:creator>
<content:encoded><![CDATA[${paragraphs.join('\n\n')}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${p}</wp:post_id><wp:post_date><![CDATA[${wpDate(local)}]]></wp:post_date><wp:post_date_gmt><![CDATA[${wpDate(time)}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[inlagg-${p}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="pr"><![CDATA[PR]]></category><category domain="post_tag" nicename="t${p % 40}"><![CDATA[tagg ${p % 40}]]></category>
`
    for (let c = 0; c < comments; c++) {
      const id = commentId++
      const parent = c % 3 === 2 ? id - 1 : 0
      const ctime = time + (c + 1) * 600_000
      item += `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[Läsare ${id % 997}]]></wp:comment_author><wp:comment_author_email><![CDATA[lasare${id % 997}@example.org]]></wp:comment_author_email><wp:comment_author_url>https://lasare${id % 997}.example/</wp:comment_author_url><wp:comment_date><![CDATA[${wpDate(ctime + 3_600_000)}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[${wpDate(ctime)}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[${sentence(rand, 14)}\n${sentence(rand, 8)}]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>\n`
    }
    if (p % 50 === 0)
      item += `<wp:comment><wp:comment_id>${commentId++}</wp:comment_id><wp:comment_author><![CDATA[Annan blogg]]></wp:comment_author><wp:comment_author_url>https://annan.example/${p}</wp:comment_author_url><wp:comment_date_gmt><![CDATA[${wpDate(time + 86_400_000)}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[[&#8230;] länkar hit [&#8230;]]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[pingback]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>\n`
    await write(`${item}</item>\n`)
  }
  await write('</channel>\n</rss>\n')
  out.end(buffer)
  await once(out, 'finish')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { posts: { type: 'string' }, comments: { type: 'string' } },
  })
  if (!positionals[0]) {
    console.error('Usage: node bench/generate-wxr.mjs <file> [--posts 20000] [--comments 10]')
    process.exit(2)
  }
  await generateWxr(positionals[0], {
    posts: Number(values.posts ?? 20_000),
    comments: Number(values.comments ?? 10),
  })
}

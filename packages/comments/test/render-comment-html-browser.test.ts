/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { renderCommentHtml } from '../src/index.js'

const hasChromium = canRunChromium('the browser XSS test')

const vectors: string[] = readFileSync(new URL('fixtures/xss-vectors.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as string)

function iframe(id: string, html: string): string {
  const srcdoc = html.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  return `<iframe id="${id}" srcdoc="${srcdoc}"></iframe>`
}

// Runs in the page: every element and attribute the browser built from the rendered HTML must be on the list.
function audit(): { found: string[]; frames: number; links: number } {
  const allowedTags = new Set([
    'HTML',
    'HEAD',
    'BODY',
    'P',
    'BR',
    'EM',
    'STRONG',
    'A',
    'CODE',
    'PRE',
    'BLOCKQUOTE',
    'UL',
    'OL',
    'LI',
    'HR',
  ])
  const allowedAttributes = new Set(['href', 'rel', 'class', 'start'])
  const found: string[] = []
  let frames = 0
  let links = 0
  for (const frame of Array.from(document.querySelectorAll('iframe'))) {
    if (frame.id.startsWith('control')) continue
    const doc = frame.contentDocument
    if (!doc) {
      found.push(`${frame.id}: no document`)
      continue
    }
    frames++
    links += doc.querySelectorAll('a[href]').length
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      if (!allowedTags.has(el.tagName)) found.push(`${frame.id}: element <${el.tagName.toLowerCase()}>`)
      for (const attr of Array.from(el.attributes)) {
        if (!allowedAttributes.has(attr.name)) found.push(`${frame.id}: attribute ${attr.name}`)
        if (attr.name === 'href' && !/^(https?:\/\/|mailto:|#)/i.test(attr.value)) {
          found.push(`${frame.id}: href ${attr.value}`)
        }
      }
    }
  }
  return { found, frames, links }
}

describe.skipIf(!hasChromium)('renderCommentHtml (in Chromium)', () => {
  it(`should run no script from any of the ${vectors.length} XSS vectors`, { timeout: 120_000 }, async () => {
    expect(vectors.length).toBeGreaterThan(300)
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      await page.route('**/*', (route) => route.abort())
      const ran: string[] = []
      await page.exposeBinding('xss', () => {
        ran.push('top.xss() called')
      })
      page.on('dialog', (dialog) => {
        ran.push(`dialog ${dialog.type()}: ${dialog.message()}`)
        void dialog.dismiss()
      })

      // Control: the same detectors catch unsanitized HTML, so this test can fail.
      await page.setContent(
        iframe('control-1', '<img src=x onerror=top.xss()>') +
          iframe('control-2', '<script>alert(1)</script>'),
        { waitUntil: 'load' },
      )
      await page.waitForTimeout(300)
      expect(ran.sort()).toEqual(['dialog alert: 1', 'top.xss() called'])
      ran.length = 0

      const problems: string[] = []
      let frames = 0
      let links = 0
      const batch = 100
      for (let start = 0; start < vectors.length; start += batch) {
        const documents = vectors
          .slice(start, start + batch)
          .map((vector, i) =>
            iframe(
              `v${start + i}`,
              renderCommentHtml(vector, { replyTo: { name: 'Magnus', href: '#comment-1' } }),
            ),
          )
        await page.setContent(documents.join('\n'), { waitUntil: 'load' })
        await page.waitForTimeout(300)
        const result = await page.evaluate(audit)
        problems.push(...result.found)
        frames += result.frames
        links += result.links
      }
      const explain = (entry: string) => {
        const id = /^v(\d+)/.exec(entry)?.[1]
        return id === undefined ? entry : `${entry}  ← ${JSON.stringify(vectors[Number(id)])}`
      }
      // The audit saw every vector's document, and the safe links in them (so it audits real output).
      expect(frames).toBe(vectors.length)
      expect(links).toBeGreaterThan(20)
      expect(ran).toEqual([])
      expect(problems.map(explain)).toEqual([])
    } finally {
      await browser.close()
    }
  })
})

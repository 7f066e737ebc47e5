import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFeed, defaultStylesheet } from '../src/index.js'
import { findTool, sampleItems, sampleMeta } from './helpers.js'

// Note: xsltproc is libxslt, the XSLT engine of Chromium-based browsers.
const xsltproc = findTool('xsltproc', [['xsltproc', '--version']], 'apt-get install xsltproc')
const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-xsl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!xsltproc)('defaultStylesheet', () => {
  const feed = createFeed({ ...sampleMeta(sampleItems()), stylesheet: 'feed.xsl' })
  writeFileSync(path.join(dir, 'feed.xsl'), defaultStylesheet)

  for (const format of ['rss', 'atom'] as const) {
    it(`should turn the ${format} feed into a page with literal titles and links`, () => {
      const file = path.join(dir, `feed.${format}.xml`)
      writeFileSync(file, feed[format]())
      const html = execFileSync('xsltproc', [path.join(dir, 'feed.xsl'), file], { encoding: 'utf8' })
      expect(html).toMatch(/^<!DOCTYPE html/)
      expect(html).toContain('<html lang="sv">')
      expect(html).toContain('This is a web feed.')
      expect(html).toContain('<h1>Bloggen om &lt;kommunikation&gt; &amp; sånt</h1>')
      expect(html).toContain('a &lt; b &amp;&amp; b &gt; c ]]&gt; and ]]&gt; again</a>')
      expect(html).toContain('href="https://blog.example/posts/strategisk-kommunikation/"')
      expect(html).toContain('Hur vi pratar med varandra, &lt;på riktigt&gt; &amp; utan omvägar.')
    })
  }
})

import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { type DevBuild, type DevServer, startDevServer } from '../src/dev/server.js'
import { defaultContentDir } from '../src/paths.js'

const hasChromium = canRunChromium('the dev server in a browser')

describe.skipIf(!hasChromium)('npm run dev in a browser', () => {
  let work: string
  let contentDir: string
  let dev: DevServer
  let browser: Browser
  let page: Page
  const builds: DevBuild[] = []
  const lines: string[] = []
  const post = 'ai-and-the-communicator'
  let file: string
  let original: string

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'blogkit-dev-'))
    contentDir = path.join(work, 'content')
    await cp(defaultContentDir, contentDir, { recursive: true })
    file = path.join(contentDir, 'posts', `${post}.md`)
    original = await readFile(file, 'utf8')
    dev = await startDevServer({
      contentDir,
      outDir: path.join(work, 'out'),
      cacheDir: path.join(work, 'cache'),
      port: 0,
      workers: 0,
      cwd: work,
      log: (line) => void lines.push(line),
    })
    dev.onBuild((build) => void builds.push(build))
    browser = await launchChromium()
    page = await browser.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await dev?.close()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('should show a paragraph appended to the open post without a manual reload', async () => {
    await page.goto(`${dev.url}posts/${post}/`)
    await page.locator('h1.post-title').waitFor()
    const text = 'A paragraph written while the page was open.'
    await appendFile(file, `\n\n${text}\n`)
    await page.locator('.post-body p', { hasText: text }).waitFor({ timeout: 60_000 })
    // The built file stays free of the reload script: it is added as pages are served.
    const built = await readFile(path.join(work, 'out', 'posts', post, 'index.html'), 'utf8')
    expect(built).toContain(text)
    expect(built).not.toContain('/__blogkit/events')
  })

  it('should put the rebuilt page in place without reloading it, keeping where the reader scrolled', async () => {
    await page.evaluate(() => {
      ;(window as unknown as { notReloaded: boolean }).notReloaded = true
      window.scrollTo(0, 200)
    })
    const text = 'A second paragraph, shown in place.'
    await appendFile(file, `\n\n${text}\n`)
    await page.locator('.post-body p', { hasText: text }).waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
    expect(await page.evaluate(() => window.scrollY)).toBe(200)
  })

  it('should show an error page naming the file, line and column of bad front matter, then the post once fixed', async () => {
    const good = await readFile(file, 'utf8')
    await writeFile(file, good.replace(/^title: .*$/m, 'title: "AI writes the first draft'))
    const place = page.locator('html[data-blogkit-error] .place')
    await place.waitFor({ timeout: 60_000 })
    expect(await place.first().textContent()).toMatch(new RegExp(`^content/posts/${post}\\.md:2:\\d+$`))
    expect(await page.locator('.reason').first().textContent()).toMatch(
      /invalid YAML front matter.*fix the YAML/,
    )
    // The terminal says the same in one line, and the last good build stays on disk.
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^content/posts/${post}\\.md:2:\\d+: invalid YAML front matter`)),
    )
    const built = await readFile(path.join(work, 'out', 'posts', post, 'index.html'), 'utf8')
    expect(built).toContain('AI writes the first draft. Who writes the last?')

    await writeFile(file, good)
    await page.locator('h1.post-title', { hasText: 'AI writes the first draft' }).waitFor({ timeout: 60_000 })
    expect(await page.locator('html[data-blogkit-error]').count()).toBe(0)
  })

  it('should show drafts, marked as drafts', async () => {
    await page.goto(`${dev.url}posts/ska-vi-ha-en-podd/`)
    expect(await page.locator('.draft-marker').textContent()).toBe('Utkast')
  })

  it('should have rebuilt in the same process after each save, without errors left', async () => {
    await dev.idle()
    expect(builds.at(-1)?.problems).toBeUndefined()
    expect(builds.length).toBeGreaterThanOrEqual(3)
    await writeFile(file, original)
  })
})

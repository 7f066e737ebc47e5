/// <reference lib="dom" />
// The service's /admin in Chromium (Debian's, through scripts/testing/chromium.ts; skipped with a note
// without it, unless CI is set): with JavaScript off, sign in, filter by site, tick two held comments and
// approve both, reply to a third; no sideways scrolling at 390 px; axe-core finds no violations on the
// sign-in page, the tabs, a filtered list and the reply forms open.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { cleanup, postComment, siteA, siteB, startAdminService, token } from './admin-helpers.js'

const hasChromium = canRunChromium("the browser test of the comment service's admin")
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's violations on the page, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  // Note: evaluated through the DevTools protocol, which the page's script-free CSP does not govern.
  await page.evaluate(axeSource)
  const result = (await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<unknown> } }
    ).axe.run(document, { resultTypes: ['violations'] }),
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  )
}

let browser: Browser

beforeAll(async () => {
  if (hasChromium) browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await cleanup()
})

describe.skipIf(!hasChromium)("the comment service's admin in Chromium", () => {
  it('should moderate without JavaScript, fit a phone and pass axe', async () => {
    const service = await startAdminService()
    const held = [
      await postComment(service, { page: `${siteA}/a/`, name: 'Anna', body: 'Läs https://a.example' }),
      await postComment(service, { page: `${siteA}/b/`, name: 'Bo', body: 'Se https://b.example' }),
      await postComment(service, { page: `${siteB}/c/`, name: 'Cia', body: 'Titta https://c.example' }),
    ]
    await postComment(service, { page: `${siteB}/c/`, name: 'Dan', body: 'Bra skrivet!' })

    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    })
    const page = await context.newPage()
    await page.goto(new URL('admin', service.url).href)
    await page.getByLabel('Admin token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.locator('h1').textContent()).resolves.toBe('Comment moderation')
    await page.getByLabel('Site').selectOption(siteA)
    await page.getByRole('button', { name: 'Filter', exact: true }).click()
    expect(await page.locator('.admin-item').count()).toBe(2)
    await page.locator(`#comment-${held[0]}-select`).check()
    await page.locator(`#comment-${held[1]}-select`).check()
    await page.getByLabel('Action').selectOption('approve')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect(page.locator('.admin-notice').textContent()).resolves.toBe('Approved: 2 comments.')
    expect(new URL(page.url()).searchParams.get('site')).toBe(siteA)
    for (const id of held.slice(0, 2)) expect((await service.store.get(id))?.status).toBe('approved')

    await page.goto(new URL('admin', service.url).href)
    await page.getByText('Approve and reply to Cia').click()
    await page.getByLabel('Your reply, published as Elin Skarp').fill('Tack, Cia!')
    await page.getByRole('button', { name: 'Publish reply' }).click()
    await expect(page.locator('.admin-notice').textContent()).resolves.toBe('Your reply to Cia is published.')
    expect((await service.store.get(held[2]!))?.status).toBe('approved')
    await context.close()

    // axe runs as a script: in a context with JavaScript on (the pages themselves have none).
    const signedOut = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const login = await signedOut.newPage()
    await login.goto(new URL('admin', service.url).href)
    const problems = (await axeViolations(login)).map((line) => `/admin (signed out): ${line}`)
    await signedOut.close()
    const checking = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
      viewport: { width: 390, height: 844 },
    })
    const checked = await checking.newPage()
    for (const url of [
      'admin?view=approved',
      `admin?view=approved&site=${encodeURIComponent(siteB)}&q=Tack&done=approve&n=2`,
      `admin?view=approved&post=${encodeURIComponent(`${siteA}/a/`)}`,
      'admin?view=deleted',
    ]) {
      await checked.goto(new URL(url, service.url).href)
      await checked.evaluate(() => {
        document.querySelectorAll('details').forEach((details) => {
          details.open = true
        })
      })
      for (const violation of await axeViolations(checked)) problems.push(`/${url}: ${violation}`)
      const [scroll, inner] = await checked.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ])
      if (scroll! > inner!) problems.push(`/${url}: ${scroll} px wide at ${inner} px`)
    }
    expect(problems).toEqual([])
    await checking.close()
  })
})

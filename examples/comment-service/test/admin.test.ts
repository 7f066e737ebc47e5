// The service's /admin (the live blog's moderation pages, shared through @blogkit/example-admin):
// sign-in, the lists of every allowed site's pages, the actions one at a time and many at once, the
// moderator's reply, and the checks in front of them (form token, origin, wrong tokens).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  cleanup,
  client,
  csrfOf,
  listedIds,
  postComment,
  siteA,
  siteB,
  startAdminService,
  token,
} from './admin-helpers.js'

afterEach(cleanup)

const pageA = `${siteA}/2024/hej/`
const pageA2 = `${siteA}/om/`
const pageB = `${siteB}/posts/b/`
const bearer = { authorization: `Bearer ${token}` }

/** Three sites' worth of comments: one held (a link), approved ones on three pages of two sites. */
async function fill(service: Awaited<ReturnType<typeof startAdminService>>) {
  const held = await postComment(service, { page: pageA, name: 'Anna', body: 'Se https://spam.example' })
  const a = await postComment(service, { page: pageA, name: 'Bo', body: 'Hej från A' })
  const a2 = await postComment(service, { page: pageA2, name: 'Cia', body: 'Om sidan' })
  const b = await postComment(service, { page: pageB, name: 'Dan', body: 'Hello from B' })
  return { held, a, a2, b }
}

const approvedOn = async (service: { url: string }, page: string) => {
  const answer = (await (
    await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, service.url))
  ).json()) as {
    total: number
    threads: { id: string; author: { name: string }; replies: { id: string }[] }[]
  }
  return answer
}

describe("the comment service's admin: signing in, the lists and their words", () => {
  it('should answer 503 and say how to turn it on without ADMIN_TOKEN', async () => {
    const service = await startAdminService({ ADMIN_TOKEN: '' })
    const page = await client(service.url).get('/admin')
    expect(page.response.status).toBe(503)
    expect(page.text).toContain('<code>ADMIN_TOKEN</code>')
    const action = await fetch(new URL('admin/comments/x', service.url), { method: 'POST', headers: bearer })
    expect(action.status).toBe(503)
  })

  it('should sign in with the token, list the held comment with its page and sign out', async () => {
    const service = await startAdminService()
    const { held } = await fill(service)
    const moderator = client(service.url)
    const login = await moderator.get('/admin')
    expect(login.response.status).toBe(401)
    expect(login.response.headers.get('content-security-policy')).toContain("script-src 'none'")
    expect(login.response.headers.get('cache-control')).toBe('no-store')
    expect(login.text).toContain('<link rel="stylesheet" href="/admin/theme.css?v=')
    const wrong = await moderator.signIn('not-the-token-at-all')
    expect(wrong.response.status).toBe(401)
    expect(wrong.text).toContain('That is not the admin token.')
    const signedIn = await moderator.signIn()
    expect(signedIn.response.status).toBe(303)
    expect(moderator.cookies.has('blogkit_admin')).toBe(true)
    const cookie = signedIn.response.headers.getSetCookie().find((line) => line.startsWith('blogkit_admin='))
    expect(cookie).toMatch(/; HttpOnly/i)
    expect(cookie).toMatch(/; SameSite=Strict/i)
    expect(cookie).toMatch(/; Path=\/admin/i)
    expect(cookie).not.toMatch(/; Secure/i)

    const list = await moderator.get('/admin')
    expect(list.response.status).toBe(200)
    expect(listedIds(list.text)).toEqual([held])
    // The page where readers post, by its address; why it was held, in words.
    expect(list.text).toContain(`<a href="${pageA}">127.0.0.1:8080/2024/hej/</a>`)
    expect(list.text).toContain('Held: 1 link, at most 0 allowed')
    // The tabs count every site's comments; the site filter lists the allowed sites.
    expect(list.text).toMatch(/Pending <span class="admin-count">1<\/span>/)
    expect(list.text).toMatch(/Approved <span class="admin-count">3<\/span>/)
    expect(list.text).toContain(`<option value="${siteB}">localhost:8081</option>`)
    expect((await moderator.get('/admin/theme.css')).response.headers.get('content-type')).toContain(
      'text/css',
    )

    const approved = await moderator.get('/admin?view=approved')
    expect(approved.text).toContain(`<a href="${pageB}#comment-`)

    const out = await moderator.post('/admin/logout', { csrf: csrfOf(list.text) })
    expect(out.response.status).toBe(303)
    expect((await moderator.get('/admin')).response.status).toBe(401)
  })

  it('should filter by site, by page (as readers type its address) and search', async () => {
    const service = await startAdminService()
    const { a, a2, b } = await fill(service)
    const identified = await postComment(service, {
      page: `${siteB}/old/`,
      identifier: 'disqus-42',
      name: 'Eva',
      body: 'Imported thread',
    })
    const moderator = client(service.url)
    await moderator.signIn()
    const bySite = await moderator.get(`/admin?view=approved&site=${encodeURIComponent(siteA)}`)
    expect(listedIds(bySite.text)).toEqual([a2, a])
    expect(bySite.text).toContain('2 comments in “Approved” match the filter.')
    expect(bySite.text).toMatch(/Pending <span class="admin-count">1<\/span>/)
    expect(bySite.text).toContain(`<option value="${siteA}" selected>`)

    const typed = `${pageA}index.html?utm_source=feed#comments`
    const byPage = await moderator.get(`/admin?view=approved&post=${encodeURIComponent(typed)}`)
    expect(listedIds(byPage.text)).toEqual([a])
    expect(byPage.text).toContain(`value="${typed}"`)

    const siteB_ = await moderator.get(`/admin?view=approved&site=${encodeURIComponent(siteB)}`)
    expect(listedIds(siteB_.text)).toEqual([b])
    const byIdentifier = await moderator.get('/admin?view=approved&post=disqus-42')
    expect(listedIds(byIdentifier.text)).toEqual([identified])
    expect(byIdentifier.text).toContain('<code>disqus-42</code>')

    const searched = await moderator.get(`/admin?view=approved&site=${encodeURIComponent(siteA)}&q=sidan`)
    expect(listedIds(searched.text)).toEqual([a2])
  })

  it('should mark the cookies Secure when PUBLIC_URL is https, and take forms from its pages', async () => {
    const service = await startAdminService({ PUBLIC_URL: 'https://comments.blog.example/' })
    const moderator = client(service.url)
    const login = await moderator.get('/admin')
    expect(login.response.headers.get('set-cookie')).toMatch(/^blogkit_csrf=.*; Secure/i)
    // Behind a proxy the browser's Origin is the public address, not the host the service was sent.
    const publicOrigin = { origin: 'https://comments.blog.example' }
    const signedIn = await moderator.post('/admin/login', { csrf: csrfOf(login.text), token }, publicOrigin)
    expect(signedIn.response.headers.get('set-cookie')).toMatch(/^blogkit_admin=.*; Secure/i)
    const out = await moderator.post(
      '/admin/logout',
      { csrf: csrfOf(login.text) },
      { origin: 'https://elsewhere.example' },
    )
    expect(out.response.status).toBe(403)
  })

  it('should say where it is when started as npm start does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-admin-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        ALLOWED_ORIGINS: siteA,
        PORT: '0',
        DATABASE_PATH: path.join(dir, 'comments.db'),
        ADMIN_TOKEN: token,
      },
    })
    let stdout = ''
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          const found = /moderation: (http:\/\/127\.0\.0\.1:\d+\/)admin\n/.exec(stdout)
          if (found) resolve(found[1]!)
        })
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
      })
      expect((await fetch(new URL('admin', url))).status).toBe(401)
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(0)))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should speak PAGE_LANGUAGE', async () => {
    const service = await startAdminService({ PAGE_LANGUAGE: 'sv', RESERVED_NAMES: '' })
    await fill(service)
    const moderator = client(service.url)
    await moderator.signIn()
    const list = await moderator.get('/admin')
    expect(list.text).toContain('<html lang="sv">')
    expect(list.text).toContain('Alla webbplatser')
    // Without RESERVED_NAMES, replies are published as the catalog's "Moderator".
    expect(list.text).toContain('Ditt svar, publiceras som Moderator')
  })
})

describe("the comment service's admin: actions", () => {
  it('should approve, mark spam, delete and restore through the forms, one or many, and show it to readers', async () => {
    const service = await startAdminService()
    const { held, a, a2 } = await fill(service)
    const held2 = await postComment(service, { page: pageA2, name: 'Fia', body: 'Läs http://x.example' })
    const moderator = client(service.url)
    await moderator.signIn()
    const list = await moderator.get('/admin')
    expect(listedIds(list.text)).toEqual([held2, held])
    const csrf = csrfOf(list.text)

    const one = await moderator.post('/admin/bulk', { csrf, view: 'pending', one: `approve:${held}` })
    expect(one.response.status).toBe(303)
    expect(one.response.headers.get('location')).toBe(`/admin?view=pending&done=approve&id=${held}`)
    expect((await approvedOn(service, pageA)).total).toBe(2)
    const notice = await moderator.get(one.response.headers.get('location')!)
    expect(notice.text).toContain('Approved: the comment by Anna is now approved.')

    const many = await moderator.post('/admin/bulk', [
      ['csrf', csrf],
      ['view', 'approved'],
      ['action', 'spam'],
      ['id', a],
      ['id', a2],
      ['id', 'no-such-comment'],
    ])
    expect(many.response.headers.get('location')).toBe('/admin?view=approved&done=spam&n=2&skipped=1')
    expect((await approvedOn(service, pageA)).total).toBe(1)
    expect((await approvedOn(service, pageA2)).total).toBe(0)

    const deleted = await moderator.post(`/admin/comments/${held2}`, { csrf, action: 'delete' })
    expect(deleted.response.status).toBe(303)
    const restored = await moderator.post('/admin/bulk', { csrf, view: 'spam', one: `restore:${a2}` })
    expect(restored.response.status).toBe(303)
    expect((await approvedOn(service, pageA2)).total).toBe(1)
    expect((await service.store.get(held2))?.status).toBe('deleted')
  })

  it("should publish the moderator's reply as the first reserved name, approving a held comment first", async () => {
    const service = await startAdminService()
    const { held } = await fill(service)
    const moderator = client(service.url)
    await moderator.signIn()
    const list = await moderator.get('/admin')
    expect(list.text).toContain('Approve and reply to Anna')
    expect(list.text).toContain('Your reply, published as Elin Skarp')
    const replied = await moderator.post(`/admin/comments/${held}/reply`, {
      csrf: csrfOf(list.text),
      view: 'pending',
      body: 'Tack, Anna!',
    })
    expect(replied.response.status).toBe(303)
    expect(replied.response.headers.get('location')).toMatch(
      /^\/admin\?view=pending&done=reply&id=.+#comment-/,
    )
    const thread = (await approvedOn(service, pageA)).threads.find((t) => t.id === held)!
    expect(thread.replies).toHaveLength(1)
    const reply = await service.store.get(thread.replies[0]!.id)
    expect(reply).toMatchObject({ byAuthor: true, author: { name: 'Elin Skarp' }, status: 'approved' })
  })

  it('should purge a comment after its confirmation page, keeping its place', async () => {
    const service = await startAdminService()
    const { a } = await fill(service)
    const moderator = client(service.url)
    await moderator.signIn()
    const confirm = await moderator.get(`/admin/comments/${a}/purge?view=approved`)
    expect(confirm.text).toContain('Purge this comment?')
    expect(confirm.text).toContain('127.0.0.1:8080/2024/hej/')
    const purged = await moderator.post(`/admin/comments/${a}`, {
      csrf: csrfOf(confirm.text),
      action: 'purge',
      confirm: 'purge',
      view: 'approved',
    })
    expect(purged.response.status).toBe(303)
    expect(await service.store.get(a)).toMatchObject({ status: 'deleted', author: { name: '' }, body: '' })
  })

  it('should tell ON_APPROVE_URL of a comment approved in the admin, and of the reply', async () => {
    const events: { commentId: string; page?: string }[] = []
    const hook = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        response.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
    try {
      const port = (hook.address() as AddressInfo).port
      const service = await startAdminService({ ON_APPROVE_URL: `http://127.0.0.1:${port}/hook` })
      const held = await postComment(service, { page: pageA, name: 'Anna', body: 'Se https://spam.example' })
      const moderator = client(service.url)
      await moderator.signIn()
      const csrf = csrfOf((await moderator.get('/admin')).text)
      expect(events).toEqual([])
      await moderator.post('/admin/bulk', { csrf, one: `approve:${held}` })
      await moderator.post(`/admin/comments/${held}/reply`, { csrf, body: 'Välkommen!' })
      while (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(events[0]).toMatchObject({ commentId: held, page: pageA })
      const reply = (await approvedOn(service, pageA)).threads[0]!.replies[0]!.id
      expect(events[1]).toMatchObject({ commentId: reply, page: pageA })
    } finally {
      hook.closeAllConnections()
      await new Promise((resolve) => hook.close(resolve))
    }
  })
})

describe("the comment service's admin: protection", () => {
  it('should let a script moderate with the bearer token and refuse a wrong one, then lock the address out', async () => {
    const service = await startAdminService()
    const { held } = await fill(service)
    const approve = await fetch(new URL(`admin/comments/${held}`, service.url), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve',
    })
    expect(approve.status).toBe(200)
    expect(await approve.json()).toEqual({ id: held, status: 'approved' })
    const wrong = () =>
      fetch(new URL(`admin/comments/${held}`, service.url), {
        method: 'POST',
        headers: {
          authorization: 'Bearer wrong-token-wrong',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'action=spam',
      })
    expect((await wrong()).status).toBe(401)
    for (let i = 0; i < 8; i++) await wrong()
    const locked = await wrong()
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await service.store.get(held))?.status).toBe('approved')
  })

  it('should refuse a moderation without the form token, or sent from another site, and change nothing', async () => {
    const service = await startAdminService()
    const { held } = await fill(service)
    const moderator = client(service.url)
    await moderator.signIn()
    const csrf = csrfOf((await moderator.get('/admin')).text)
    const noToken = await moderator.post('/admin/bulk', { view: 'pending', one: `approve:${held}` })
    expect(noToken.response.status).toBe(403)
    const forged = await moderator.post('/admin/bulk', { csrf: `${csrf}x`, one: `approve:${held}` })
    expect(forged.response.status).toBe(403)
    // An allowed site may post comments, never moderate.
    const fromSite = await moderator.post('/admin/bulk', { csrf, one: `approve:${held}` }, { origin: siteA })
    expect(fromSite.response.status).toBe(403)
    expect(fromSite.text).toContain('the form was sent from another site')
    const crossSite = await moderator.post(
      '/admin/bulk',
      { csrf, one: `approve:${held}` },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(crossSite.response.status).toBe(403)
    const signedOut = await client(service.url).post('/admin/bulk', { csrf, one: `approve:${held}` })
    expect(signedOut.response.status).toBe(401)
    expect((await service.store.get(held))?.status).toBe('pending')
    const sameSite = await moderator.post(
      '/admin/bulk',
      { csrf, one: `approve:${held}` },
      { 'sec-fetch-site': 'same-origin', origin: service.url.replace(/\/$/, '') },
    )
    expect(sameSite.response.status).toBe(303)
    expect((await service.store.get(held))?.status).toBe('approved')
  })
})

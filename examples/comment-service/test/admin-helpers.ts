// What the admin tests share: a service on a free port with a temporary database, a browser-like client
// (cookies kept, redirects not followed), and comments posted through the public form.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'

export const siteA = 'http://127.0.0.1:8080'
export const siteB = 'http://localhost:8081'
export const token = 'a-moderators-token-0123'

const dirs: string[] = []
const services: CommentService[] = []

/** Start the service with an admin token, two allowed sites and no links allowed (a link holds a comment). */
export async function startAdminService(env: Record<string, string> = {}): Promise<CommentService> {
  const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-admin-'))
  dirs.push(dir)
  const config = readConfig({
    ALLOWED_ORIGINS: `${siteA},${siteB}`,
    PORT: '0',
    DATABASE_PATH: path.join(dir, 'comments.db'),
    ADMIN_TOKEN: token,
    MAX_LINKS: '0',
    HOLD_AFTER: '1000',
    RATE_LIMIT: '1000',
    RESERVED_NAMES: 'Elin Skarp',
    LOG: '0',
    ...env,
  })
  const service = await startService(config)
  services.push(service)
  return service
}

export async function cleanup(): Promise<void> {
  for (const service of services.splice(0)) await service.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Post a comment through the public form from `origin`: its id. */
export async function postComment(
  service: CommentService,
  fields: Record<string, string>,
  origin = new URL(fields.page!).origin,
): Promise<string> {
  const response = await fetch(new URL('comments', service.url), {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  })
  const location = response.headers.get('location') ?? ''
  if (response.status !== 303) {
    throw new Error(`The form was not taken: ${response.status} ${location} ${await response.text()}`)
  }
  const published = /#comment-(.+)$/.exec(location)
  if (published) return decodeURIComponent(published[1]!)
  // Note: a held comment's page does not name it; it is the newest held one.
  const queue = await service.store.moderationQueue({ limit: 1 })
  return queue.items[0]!.comment.id
}

/** A browser-like client of the service: keeps cookies, never follows redirects. */
export function client(base: string) {
  const cookies = new Map<string, string>()
  const request = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(new URL(url, base), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at)
      const value = pair!.slice(at + 1)
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return response
  }
  return {
    cookies,
    async get(url: string, headers: Record<string, string> = {}) {
      const response = await request(url, { headers })
      return { response, text: await response.text() }
    },
    /** POST a form (url-encoded; `fields` may repeat a name as `[name, value]` pairs). */
    async post(
      url: string,
      fields: Record<string, string> | [string, string][],
      headers: Record<string, string> = {},
    ) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      })
      return { response, text: await response.text() }
    },
    /** Sign in with `given` through the form: the answer to the POST. */
    async signIn(given = token) {
      const login = await this.get('/admin')
      return this.post('/admin/login', { csrf: csrfOf(login.text), token: given })
    },
  }
}

/** The anti-forgery token of the first form on a page. */
export function csrfOf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page)
  if (!match) throw new Error('The page has no form token')
  return match[1]!
}

/** The ids of the comments listed on an admin page, in order. */
export const listedIds = (page: string) =>
  [...page.matchAll(/<li class="admin-item[^"]*" id="comment-([^"]+)"/g)].map((m) => m[1]!)

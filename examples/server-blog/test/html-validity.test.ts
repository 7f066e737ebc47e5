import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkWithVnu, java } from '../../../scripts/testing/vnu.js'
import { cleanup, client, csrfOf, post, start, svPost, tempDir } from './helpers.js'

afterAll(cleanup)

describe.skipIf(!java)('Nu Html Checker', () => {
  it('should find no errors or warnings in the pages only the server makes, and its stylesheet', async () => {
    const token = 'html-validity-admin'
    const server = await start({ ADMIN_TOKEN: token, HOLD_AFTER: '1000', RATE_LIMIT: '1000' })
    const c = client(server.url)
    const page = (await c.get(post)).text
    const form = { csrf: csrfOf(page), name: '', email: 'x', url: 'javascript:x', body: '' }
    const held = await c.post(`${svPost}comments`, {
      ...form,
      name: 'Held',
      email: '',
      url: '',
      body: 'http://a.example http://b.example http://c.example',
    })
    const bearer = { authorization: `Bearer ${token}` }
    await c.post('/admin/comments/c-ai-2', { action: 'purge' }, bearer)
    const off = await start({ SEED: '0' })
    const documents: Record<string, string> = {
      'post.html': page,
      'subscribe.html': (await c.get('/subscribe/')).text,
      'reply.html': (await c.get(`${post}?replyTo=c-ai-1`)).text,
      'errors.html': (await c.post(`${post}comments`, form)).text,
      'held.html': (await c.get(held.response.headers.get('location')!)).text,
      'admin-login.html': (await c.get('/admin')).text,
      'admin-queue.html': (await c.get('/admin', bearer)).text,
      'admin-approved.html': (await c.get('/admin?view=approved', bearer)).text,
      'admin-purge.html': (await c.get('/admin/comments/c-ai-1/purge', bearer)).text,
      'admin-purged.html': (await c.get('/admin?view=deleted', bearer)).text,
      'admin-off.html': (await client(off.url).get('/admin')).text,
      'styles.css': (await c.get('/styles.css')).text,
      'admin.css': (await c.get('/admin/admin.css')).text,
    }
    expect(documents['admin-queue.html']).toContain('<ol class="admin-list"')
    expect(documents['admin-purge.html']).toContain('<h1>Radera kommentaren?</h1>')
    expect(documents['admin-purged.html']).toContain('borttagen (raderad)')
    const dir = tempDir()
    const files = await Promise.all(
      Object.entries(documents).map(async ([name, body]) => {
        const file = path.join(dir, name)
        await writeFile(file, body)
        return file
      }),
    )
    const problems = await checkWithVnu(files, { name: (file) => path.basename(file) })
    expect(problems).toEqual([])
  })
})

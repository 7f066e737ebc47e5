// The Nu Html Checker (vnu-jar, with Debian's Java; skipped with a note without it, unless CI is set)
// finds no errors or warnings in the service's admin pages: its own document around the shared admin.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkWithVnu, java } from '../../../scripts/testing/vnu.js'
import { cleanup, client, postComment, siteA, siteB, startAdminService, token } from './admin-helpers.js'

afterAll(cleanup)

describe.skipIf(!java)("Nu Html Checker on the comment service's admin", () => {
  it('should find no errors or warnings in its pages', async () => {
    const service = await startAdminService()
    const held = await postComment(service, {
      page: `${siteA}/a/`,
      name: 'Anna',
      body: 'Se https://a.example',
    })
    const imported = await postComment(service, {
      page: `${siteB}/b/`,
      identifier: 'disqus-7',
      name: 'Bo',
      body: 'Ett svar',
    })
    await postComment(service, {
      page: `${siteB}/b/`,
      identifier: 'disqus-7',
      parent: imported,
      name: 'Cia',
      body: 'Ja',
    })
    const bearer = { authorization: `Bearer ${token}` }
    const off = await startAdminService({ ADMIN_TOKEN: '' })
    const c = client(service.url)
    const documents: Record<string, string> = {
      'login.html': (await c.get('/admin')).text,
      'pending.html': (await c.get('/admin', bearer)).text,
      'approved-site.html': (await c.get(`/admin?view=approved&site=${encodeURIComponent(siteB)}`, bearer))
        .text,
      'approved-page.html': (await c.get('/admin?view=approved&post=disqus-7&done=approve&n=2', bearer)).text,
      'purge.html': (await c.get(`/admin/comments/${held}/purge`, bearer)).text,
      'off.html': (await client(off.url).get('/admin')).text,
      'theme.css': (await c.get('/admin/theme.css')).text,
      'admin.css': (await c.get('/admin/admin.css')).text,
    }
    expect(documents['approved-page.html']).toContain('<code>disqus-7</code>')
    const dir = await mkdtemp(path.join(tmpdir(), 'comment-service-vnu-'))
    try {
      const files = await Promise.all(
        Object.entries(documents).map(async ([name, body]) => {
          const file = path.join(dir, name)
          await writeFile(file, body)
          return file
        }),
      )
      expect(await checkWithVnu(files, { name: (file) => path.basename(file) })).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

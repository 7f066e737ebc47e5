import path from 'node:path'
import type { CommentStore } from '@blogkit/comments'
import { loadSite } from '@blogkit/example-site'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { defaultContentDir, readConfig } from '../src/config.js'
import { openCommentStore } from '../src/store.js'
import { cleanup, csrfOf, post, svPost, tempDir } from './helpers.js'

afterAll(cleanup)

/** A store that works until `down` is set, then fails every call as a database that went away does. */
async function switchableStore() {
  const real = await openCommentStore(readConfig({ DATABASE_PATH: path.join(tempDir(), 'c.db'), SEED: '0' }))
  const state = { down: false }
  const store = new Proxy(real, {
    get(target, name: keyof CommentStore) {
      const method = target[name]
      if (typeof method !== 'function' || name === 'close') return method
      return (...args: unknown[]) =>
        state.down
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
          : (method as (...a: unknown[]) => unknown).apply(target, args)
    },
  })
  return { store, real, state }
}

describe('the database down while a reader posts', () => {
  it('should answer 503 with the form and everything the reader typed', async () => {
    const { store, real, state } = await switchableStore()
    const site = await loadSite({ contentDir: defaultContentDir })
    const app = createApp({
      site,
      store,
      config: readConfig({}),
      secret: 'unavailable-secret-0123456789abcd',
    })
    for (const [page, message] of [
      [post, 'The comment could not be saved just now. Your text is kept below'],
      [svPost, 'Kommentaren kunde inte sparas just nu. Din text finns kvar här nedan'],
    ] as const) {
      state.down = false
      const opened = await app.request(page)
      const cookie = opened.headers.getSetCookie()[0]!.split(';')[0]!
      const html = await opened.text()
      const submission = /name="submission" value="([^"]+)"/.exec(html)![1]!
      state.down = true
      const answer = await app.request(`${page}comments`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf: csrfOf(html),
          submission,
          name: 'Patient Reader',
          email: 'patient@example.se',
          url: 'https://patient.example',
          body: 'A long, careful comment\r\nthat took an hour to write & must <not> be lost.',
        }).toString(),
      })
      expect(answer.status).toBe(503)
      const form = await answer.text()
      expect(form).toContain(message)
      expect(form).toContain('value="Patient Reader"')
      expect(form).toContain('value="patient@example.se"')
      expect(form).toContain('value="https://patient.example"')
      expect(form).toContain(
        'A long, careful comment\r\nthat took an hour to write &amp; must &lt;not&gt; be lost.</textarea>',
      )
      // The same submission id, so that sending it again later stores it once.
      expect(form).toContain(`name="submission" value="${submission}"`)
      // The rest of the page is there too, with the comments read before.
      expect(form).toContain('id="comment-form"')
    }
    expect((await real.export()).comments).toEqual([])
    await real.close()
  })
})

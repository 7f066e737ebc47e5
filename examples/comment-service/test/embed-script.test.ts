// The service serves the `<blogkit-comments>` script that @blogkit/comments built, over real HTTP (the
// browser test, which needs Chromium, runs it in pages).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { startService } from '../src/server.js'

const dir = mkdtempSync(path.join(tmpdir(), 'comment-embed-script-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('GET /embed.js', () => {
  it('should serve the built <blogkit-comments> script to the allowed sites, with an ETag', async () => {
    const site = 'http://127.0.0.1:8080'
    const service = await startService(
      readConfig({ ALLOWED_ORIGINS: site, PORT: '0', DATABASE_PATH: path.join(dir, 'c.db'), LOG: '0' }),
    )
    try {
      const built = readFileSync(createRequire(import.meta.url).resolve('@blogkit/comments/embed'), 'utf8')
      const response = await fetch(new URL('embed.js', service.url), { headers: { origin: site } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(response.headers.get('access-control-allow-origin')).toBe(site)
      expect(await response.text()).toBe(built)
      expect(built).toContain('customElements.define')
      const etag = response.headers.get('etag')!
      const again = await fetch(new URL('embed.js', service.url), { headers: { 'if-none-match': etag } })
      expect(again.status).toBe(304)
    } finally {
      await service.close()
    }
  })
})

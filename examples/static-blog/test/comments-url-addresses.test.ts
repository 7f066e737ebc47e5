// No commenter's e-mail address reaches a static page or feed: a blog built with `--comments-url` from a
// comment service whose comments carry addresses (and a reader who asked for reply mails) has none of
// them in any file it writes (pages, feeds, sitemaps, search index).
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../comment-service/src/config.js'
import { type CommentService, startService } from '../../comment-service/src/server.js'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'

const baseUrl = 'https://blog.example/'

describe('a static build with commentsUrl', () => {
  let dir: string
  let service: CommentService

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-comments-addresses-'))
    await cp(defaultContentDir, path.join(dir, 'content'), { recursive: true })
    service = await startService(
      readConfig({
        ALLOWED_ORIGINS: 'https://blog.example',
        PORT: '0',
        DATABASE_PATH: path.join(dir, 'comments.db'),
        HOLD_AFTER: '1000',
      }),
    )
  })
  afterAll(async () => {
    await service?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('writes no commenter’s e-mail address into any file', async () => {
    const page = `${baseUrl}posts/newsletters-and-rss/`
    const post = (fields: Record<string, string>) =>
      fetch(new URL('comments', service.url), {
        method: 'POST',
        headers: { origin: 'https://blog.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ page, ...fields }),
        redirect: 'manual',
      })
    const first = await post({ name: 'Maria', email: 'maria.ek@example.se', body: 'Hej!', notify: 'yes' })
    const id = first.headers.get('location')?.split('#comment-')[1]
    expect(id).toBeDefined()
    await post({ name: 'Bo', email: 'bo.ek@example.se', body: 'Svar', parent: id! })

    const outDir = path.join(dir, 'out')
    const result = await buildSite({
      contentDir: path.join(dir, 'content'),
      outDir,
      baseUrl,
      cacheDir: path.join(dir, 'cache'),
      commentsUrl: service.url,
    })
    expect(result.serviceComments).toMatchObject({ comments: 2 })
    const files = (await readdir(outDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    )
    let withComments = 0
    for (const file of files) {
      const text = await readFile(path.join(file.parentPath, file.name), 'latin1')
      expect(text, file.name).not.toMatch(/maria\.ek@|bo\.ek@|example\.se/i)
      if (text.includes('Svar')) withComments++
    }
    expect(withComments).toBeGreaterThan(0)
  })
})

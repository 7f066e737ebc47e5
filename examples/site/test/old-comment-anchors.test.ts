import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSite } from '../src/lib/load-site.js'
import { renderSite } from '../src/lib/render-site.js'
import { writeContent } from './helpers.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function site(files: Record<string, string>) {
  const dir = await writeContent({ 'site.json': '{"baseUrl": "https://example.com/"}', ...files })
  dirs.push(dir)
  return loadSite({ contentDir: dir, now: new Date('2030-01-01') })
}

describe('old comment anchors', () => {
  it('should render the old anchor on the comment, beside its own', async () => {
    const loaded = await site({
      'posts/a.md': '---\ntitle: A\ndate: 2020-01-01\n---\n\nText.\n',
      'posts/a.comments.json': JSON.stringify([
        {
          id: 'wp-7',
          author: { name: 'Anna' },
          createdAt: '2020-01-02T10:00:00Z',
          body: 'Hello',
          status: 'approved',
        },
        {
          id: 'dsq-99',
          parentId: 'wp-7',
          author: { name: 'Bo' },
          createdAt: '2020-01-02T11:00:00Z',
          body: 'Hi',
          status: 'approved',
        },
      ]),
    })
    const page = [...renderSite(loaded)].find((file) => file.path === '/posts/a/')?.body ?? ''
    expect(page).toContain('id="comment-wp-7"')
    expect(page).toMatch(/<article class="comment-card" id="comment-7">/)
    expect(page).toMatch(/<article class="comment-card" id="comment-99">/)
  })
})

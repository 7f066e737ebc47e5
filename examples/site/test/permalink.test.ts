import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSiteConfig, SiteError } from '../src/index.js'
import { writeContent } from './helpers.js'

// Note: the rules themselves (postPath, pagePath, parsePermalink) are tested in packages/post.
describe('site.json permalink', () => {
  it('should be checked when site.json is read', async () => {
    const dir = await writeContent({ 'site.json': '{ "permalink": "/:year/:tilte/" }' })
    const error = await readSiteConfig(dir).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SiteError)
    expect((error as Error).message).toContain(
      `${path.relative(process.cwd(), path.join(dir, 'site.json'))}: permalink: has an unknown placeholder \`:tilte\``,
    )
    await writeFile(path.join(dir, 'site.json'), '{ "permalink": "/:year/:month/:day/:slug/" }')
    expect((await readSiteConfig(dir)).permalink).toBe('/:year/:month/:day/:slug/')
    await writeFile(path.join(dir, 'site.json'), '{}')
    expect((await readSiteConfig(dir)).permalink).toBe('/posts/:slug/')
  })
})

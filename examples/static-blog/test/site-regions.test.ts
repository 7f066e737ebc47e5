import { loadSite } from '@blogkit/example-site'
import { describe, expect, it } from 'vitest'
import { defaultContentDir } from '../src/paths.js'
import { stampedFields } from '../src/site-regions.js'

describe('siteRegionNames', () => {
  it("should stamp every field of the theme's posts (a field added to SitePost must be added to the stamp)", async () => {
    const site = await loadSite({ contentDir: defaultContentDir, baseUrl: 'https://blog.example/' })
    expect(site.posts.length).toBeGreaterThan(1)
    for (const item of site.posts) expect(Object.keys(item).sort()).toEqual([...stampedFields].sort())
  })
})

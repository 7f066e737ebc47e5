import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFolder, listingCurrent } from '../src/lib/folder-listing.js'
import { createSiteSession, sessionListing } from '../src/lib/site-session.js'

// The dev server's rebuilds list the posts folder for comment files: the session keeps the listing while
// no folder in it changed (no file added, removed or renamed), and lists again when one did.
describe('folder listings kept by a session', () => {
  let dir: string
  const past = new Date(Date.now() - 60_000)
  /** Set the mtime of the folders a minute back, as for a folder left alone since. */
  const settle = async () => {
    await utimes(dir, past, past)
    await utimes(path.join(dir, '2024'), past, past)
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-listing-'))
    await mkdir(path.join(dir, '2024'))
    await writeFile(path.join(dir, 'a.md'), '# A\n')
    await writeFile(path.join(dir, '2024', 'b.md'), '# B\n')
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should not trust a listing of folders changed right before it (a coarse clock could hide a change)', async () => {
    const listing = await listFolder(dir)
    expect(listing.entries.sort()).toEqual(['2024', path.join('2024', 'b.md'), 'a.md'])
    expect(listing.trusted).toBe(false)
    expect(await listingCurrent(listing)).toBe(false)
  })

  it('should keep the listing while no folder changed, and list again when one did', async () => {
    const session = createSiteSession()
    try {
      await settle()
      const first = await sessionListing(session, dir)
      expect(await sessionListing(session, dir)).toBe(first)
      // A comment file added in a subfolder: that folder's mtime changes.
      await writeFile(path.join(dir, '2024', 'b.comments.json'), '[]\n')
      const second = await sessionListing(session, dir)
      expect(second).not.toBe(first)
      expect(second).toContain(path.join('2024', 'b.comments.json'))
      // Removed from the top folder.
      await settle()
      expect(await sessionListing(session, dir)).toContain('a.md')
      await rm(path.join(dir, 'a.md'))
      expect(await sessionListing(session, dir)).not.toContain('a.md')
      // Another folder: its own listing.
      const other = await mkdtemp(path.join(tmpdir(), 'blogkit-listing-other-'))
      try {
        expect(await sessionListing(session, other)).toEqual([])
      } finally {
        await rm(other, { recursive: true, force: true })
      }
    } finally {
      await session.close()
    }
  })

  it('should fail as readdir does for a folder that is not there', async () => {
    await expect(listFolder(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

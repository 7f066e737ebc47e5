import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWithVnu, java } from '../../../scripts/testing/vnu.js'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'

describe.skipIf(!java)('Nu Html Checker', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-vnu-'))
    await buildSite({ contentDir: defaultContentDir, outDir: dir, baseUrl: 'https://blog.example/' })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should find no errors or warnings in any page, the stylesheet or the icon', async () => {
    const files = (await readdir(dir, { recursive: true }))
      .filter((file) => /\.(html|css|svg)$/.test(file))
      .map((file) => path.join(dir, file))
    expect(files.filter((file) => file.endsWith('.html')).length).toBeGreaterThan(50)
    const problems = await checkWithVnu(files, { name: (file) => path.relative(dir, file) })
    expect(problems).toEqual([])
  })
})

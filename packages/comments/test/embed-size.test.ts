import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildEmbed, embedBudgetGzipBytes } from '../embed.config.js'

describe('the <blogkit-comments> script', () => {
  it(`should stay under ${embedBudgetGzipBytes / 1000} kB gzipped, with no framework and no other host`, async () => {
    const script = await buildEmbed()
    const gzipped = gzipSync(script, { level: 9 }).byteLength
    console.log(`embed.js: ${script.length} bytes minified, ${gzipped} bytes gzipped`)
    expect(gzipped).toBeLessThan(embedBudgetGzipBytes)
    // One file: nothing imported at run time, and no address of another host in it.
    expect(script).not.toMatch(/\bimport\s*\(|^import\s|\bfrom\s*["']/m)
    expect(script.match(/https?:\/\/[\w.-]+/g) ?? []).toEqual([])
    expect(script).toContain('customElements.define')
  })
})

import { describe, expect, it } from 'vitest'
import { readRegions, storedName, writeRegions } from '../src/region-table.js'

describe('region tables', () => {
  it('should read the regions it writes', () => {
    const table = {
      names: ['site', 'post:a', '#file:a.md'],
      shapes: [0, -1, 1],
      digests: ['d1', '', '\0missing'],
      stamps: ['', 'stamp', ''],
    }
    const read = readRegions(writeRegions(table), 2)
    expect(read && { ...read, shapes: [...read.shapes] }).toEqual(table)
    expect(readRegions(writeRegions({ names: [], shapes: [], digests: [], stamps: [] }), 0)).toEqual({
      names: [],
      shapes: new Int32Array(0),
      digests: [],
      stamps: [],
    })
  })

  it('should keep names and stamps one line each (a long or many-line one as its digest)', () => {
    expect(storedName('post:a')).toBe('post:a')
    const css = '/* a stylesheet */\nbody { margin: 0 }'
    expect(storedName(`=${css}`)).toMatch(new RegExp(`^${'\u0001'}[\\w-]{27}$`))
    expect(storedName(`=${css}`)).toBe(storedName(`=${css}`))
    expect(storedName(`=${css} `)).not.toBe(storedName(`=${css}`))
    expect(storedName('x'.repeat(600))).toMatch(new RegExp(`^${'\u0001'}`))
    expect(storedName('\u0001abc')).not.toBe('\u0001abc')
  })

  it('should find damaged regions (a record not read then)', () => {
    const good = writeRegions({ names: ['a', 'b'], shapes: [0, -1], digests: ['x', 'y'], stamps: ['', ''] })
    for (const damaged of [
      undefined,
      null,
      'regions',
      { ...good, names: 1 },
      { ...good, digests: 'x' },
      { ...good, stamps: '' },
      { ...good, shapes: '0' },
      { ...good, shapes: '0,2' },
      { ...good, shapes: '0,-2' },
      { ...good, shapes: '0,' },
      { ...good, shapes: '0,1.5' },
    ])
      expect([damaged, readRegions(damaged, 2)]).toEqual([damaged, undefined])
  })
})

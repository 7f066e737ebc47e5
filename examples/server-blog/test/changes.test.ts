import { describe, expect, it } from 'vitest'
import { shared } from '../src/changes.js'

/** A query whose answers the test releases one at a time; each answer is the number of the query. */
function controlled() {
  const started: Array<{ key: string; release: () => void; fail: (error: Error) => void }> = []
  const query = (key: string) =>
    new Promise<number>((resolve, reject) => {
      const n = started.length + 1
      started.push({ key, release: () => resolve(n), fail: reject })
    })
  return { started, query }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('shared', () => {
  it('should share a running query only with callers that came before it started', async () => {
    const { started, query } = controlled()
    const read = shared(query)
    const first = read('a')
    const second = read('a') // came while query 1 runs: must wait for query 2
    const third = read('a') // shares query 2 with the second
    expect(started).toHaveLength(1)
    started[0]!.release()
    expect(await first).toBe(1)
    await tick()
    expect(started).toHaveLength(2)
    started[1]!.release()
    expect(await second).toBe(2)
    expect(await third).toBe(2)
  })

  it('should keep keys apart, and go on after a failed query', async () => {
    const { started, query } = controlled()
    const read = shared(query)
    const a = read('a')
    const b = read('b')
    expect(started.map((entry) => entry.key)).toEqual(['a', 'b'])
    const again = read('a')
    started[0]!.fail(new Error('connection lost'))
    await expect(a).rejects.toThrow('connection lost')
    await tick()
    expect(started).toHaveLength(3)
    started[2]!.release()
    expect(await again).toBe(3)
    started[1]!.release()
    expect(await b).toBe(2)
    // Nothing running: a new caller starts its own query at once.
    const later = read('a')
    expect(started).toHaveLength(4)
    started[3]!.release()
    expect(await later).toBe(4)
  })
})

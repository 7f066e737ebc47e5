import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { indexFileBytes, indexFromFile, snapshotFileBytes } from '../src/incremental/index-file.js'
import { createRelatedIndex, type RelatedDoc, type RelatedIndex } from '../src/index.js'
import { refresh } from '../src/lib/build.js'
import { stateOf } from '../src/lib/related-index.js'
import { type IndexSnapshot, snapshotIndex } from '../src/lib/snapshot.js'
import type { Vectors } from '../src/lib/vectors.js'
import { fixturePosts } from './helpers.js'

// The incremental cache's index file (src/incremental/index-file.ts over src/lib/snapshot.ts): an index
// restored from it must be the index that was saved, answering and changing exactly as it would have.

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = Array.from({ length: 160 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`)

function post(next: () => number, id: string, version = 0): RelatedDoc {
  const pick = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(next() * next() * words.length)]!)
  return {
    id,
    title: `${pick(3).join(' ')} ${version}`,
    text: pick(30 + Math.floor(next() * 60)).join(' '),
    tags: next() < 0.7 ? [`tag${Math.floor(next() * 8)}`] : [],
    categories: next() < 0.5 ? [`category${Math.floor(next() * 3)}`] : [],
    date: new Date(Date.UTC(2020, 0, 1 + Math.floor(next() * 900))).toISOString(),
    lang: 'en',
    ...(next() < 0.2 ? { code: [`const ${pick(1)[0]} = call()`] } : {}),
    ...(next() < 0.3 ? { vector: [next(), next(), next(), next()] } : {}),
  } as RelatedDoc
}

/**
 * What an index answers and holds: every list with scores and reasons, its `toJSON()`, and its whole
 * state (what the scores of a large index depend on beyond a small one's: postings, label counts).
 */
const state = (index: RelatedIndex) => ({
  lists: Object.fromEntries(index.relatedAll({ limit: 5 })),
  // Note: the file's bytes, digested, stand for the state (`toEqual` over its arrays is slow).
  state: createHash('sha256').update(indexFileBytes('generation', index)).digest('hex'),
})

/** The vector columns that `Vectors.push` grows (copies into new arrays when full). */
const columns = (v: Vectors) => [
  v.qTerms,
  v.qWeights,
  v.qOrder,
  v.qProse,
  v.tTerms,
  v.tWeights,
  v.qStart,
  v.qLength,
  v.tStart,
  v.tLength,
  v.flags,
  v.dates,
  v.tagCounts,
  v.categoryCounts,
]

/** The indices of the columns of `v` that are no longer the arrays `before` (copied since). */
/** An index of 80 generated posts that a few changes do not refresh (it builds the columns anew), with their ids. */
function eightyPosts(seed: number) {
  const next = random(seed)
  const ids = Array.from({ length: 80 }, (_, i) => `post-${i}`)
  const index = createRelatedIndex(
    ids.map((id) => post(next, id)),
    { refreshThreshold: 0.5 },
  )
  return { next, ids, index }
}

const copied = (before: ReturnType<typeof columns>, v: Vectors) =>
  columns(v).flatMap((column, i) => (column === before[i] ? [] : [i]))

/** `snapshot` with its vector columns as long as their used values (how files were saved before they had room). */
function exactLength(snapshot: IndexSnapshot): IndexSnapshot {
  const [, , , , slots, qUsed, tUsed] = snapshot.numbers as number[]
  const [qTerms, qWeights, qOrder, qProse, tTerms, tWeights] = snapshot.vectorColumns
  const slotColumns = snapshot.slotColumns.map((column) => column.slice(0, slots))
  return {
    ...snapshot,
    slotColumns: slotColumns as unknown as IndexSnapshot['slotColumns'],
    vectorColumns: [
      qTerms.slice(0, qUsed),
      qWeights.slice(0, qUsed),
      qOrder.slice(0, qUsed),
      qProse.slice(0, qUsed),
      tTerms.slice(0, tUsed),
      tWeights.slice(0, tUsed),
    ],
  }
}

const roundTrip = (index: RelatedIndex) => indexFromFile(indexFileBytes('generation', index), 'generation')!

describe('the cache index file', { timeout: 60_000 }, () => {
  it('should restore the saved index exactly, and change exactly as it would have', () => {
    for (const seed of [1, 2]) {
      const next = random(seed)
      const ids = Array.from({ length: 60 }, (_, i) => `post-${i}`)
      let index = createRelatedIndex(ids.map((id) => post(next, id)))
      let live = ids.slice()
      // Random adds, updates and removes (past the refresh threshold, so that refreshes happen too),
      // applied to the saved index and to the one restored from its file alike.
      for (let step = 0; step < 25; step++) {
        const restored = roundTrip(index)
        expect(state(restored)).toEqual(state(index))
        for (let change = 0; change < 3; change++) {
          const roll = next()
          const doc =
            roll < 0.3
              ? post(next, `new-${seed}-${step}-${change}`)
              : post(next, live[Math.floor(next() * live.length)]!, step)
          if (roll < 0.3) {
            live.push(doc.id)
            for (const target of [index, restored]) target.add(doc)
          } else if (roll < 0.85) {
            for (const target of [index, restored]) target.update(doc)
          } else if (live.length > 20) {
            live = live.filter((id) => id !== doc.id)
            for (const target of [index, restored]) target.remove(doc.id)
          }
        }
        expect(state(restored)).toEqual(state(index))
        // Note: go on from either (they are the same index).
        if (step % 2 === 0) index = restored
      }
    }
  })

  it('should be readied for its first change by `prepareForChanges`, answering and saving the same', () => {
    const next = random(3)
    const ids = Array.from({ length: 60 }, (_, i) => `post-${i}`)
    const bytes = indexFileBytes('generation', createRelatedIndex(ids.map((id) => post(next, id))))
    // Note: each from bytes of its own (a restored index's columns are views into them, and change).
    const plainBytes = Buffer.from(bytes)
    const plain = indexFromFile(plainBytes, 'generation')!
    const prepared = indexFromFile(bytes, 'generation')!
    const readied = stateOf(prepared)
    readied.prepareForChanges()
    expect(readied.termIds).toBeDefined()
    expect(readied.surfaceIds).toBeDefined()
    // The file holds room to grow: readying copies no column (they are still views into the file).
    const before = columns(readied.vectors)
    expect(before.map((column) => column.buffer === bytes.buffer)).toEqual(before.map(() => true))
    const plainBefore = columns(stateOf(plain).vectors)
    // Posts added, changed and removed alike: neither index copies a column at its first change, the
    // prepared one builds no map (the plain one does), and both answer and save alike throughout.
    for (let change = 0; change < 12; change++) {
      const doc = change % 3 === 0 ? post(next, `new-${change}`) : post(next, ids[change]!, change)
      for (const target of [plain, prepared]) {
        if (target.has(doc.id)) target.update(doc)
        else target.add(doc)
        if (change % 5 === 4) target.remove(ids[change + 10]!)
      }
      if (change === 0) {
        expect(copied(before, readied.vectors)).toEqual([])
        expect(copied(plainBefore, stateOf(plain).vectors)).toEqual([])
      }
      expect(state(prepared)).toEqual(state(plain))
    }
  })

  it('should save the vector columns with room to grow, so that the first changes copy none', () => {
    const { next, ids, index } = eightyPosts(4)
    const bytes = indexFileBytes('generation', index)
    const restored = indexFromFile(bytes, 'generation')!
    const v = stateOf(restored).vectors
    const before = columns(v)
    const used = { slots: v.slots, qUsed: v.qUsed, tUsed: v.tUsed }
    expect(v.flags.length).toBeGreaterThan(v.slots)
    expect(v.qTerms.length).toBeGreaterThan(v.qUsed)
    expect(v.tTerms.length).toBeGreaterThan(v.tUsed)
    // A journal's changes, then a build's own: pushed into the file's room, no column copied.
    for (let change = 0; change < 5; change++) {
      const doc = change === 2 ? post(next, 'new-post') : post(next, ids[change * 7]!, change)
      for (const target of [index, restored]) {
        if (target.has(doc.id)) target.update(doc)
        else target.add(doc)
      }
      expect(stateOf(restored).vectors).toBe(v)
      expect(copied(before, v)).toEqual([])
      expect(state(restored)).toEqual(state(index))
    }
    expect(before.every((column) => column.buffer === bytes.buffer)).toBe(true)
    expect(v.slots).toBe(used.slots + 5)
    // Readying after a journal's changes (some room used, enough left) copies nothing either.
    stateOf(restored).prepareForChanges()
    expect(copied(before, v)).toEqual([])
    expect(v.qUsed).toBeGreaterThan(used.qUsed)
    // The room depends on the used lengths only: the same index saves the same file, whatever its arrays.
    const again = indexFromFile(indexFileBytes('generation', index), 'generation')!
    stateOf(again).prepareForChanges()
    expect(indexFileBytes('generation', again)).toEqual(indexFileBytes('generation', index))
  })

  it('should build the columns with room to grow at a refresh, so that the changes after it copy none', () => {
    const { next, ids, index } = eightyPosts(5)
    refresh(stateOf(index))
    const v = stateOf(index).vectors
    const before = columns(v)
    for (let change = 0; change < 5; change++) {
      const doc = change === 2 ? post(next, 'new-post') : post(next, ids[change * 7]!, change)
      if (index.has(doc.id)) index.update(doc)
      else index.add(doc)
      expect(copied(before, v)).toEqual([])
    }
  })

  it('should restore a file saved without room (the earlier layout) exactly, readied by a copy', () => {
    const next = random(5)
    const ids = Array.from({ length: 60 }, (_, i) => `post-${i}`)
    const index = createRelatedIndex(ids.map((id) => post(next, id)))
    const bytes = snapshotFileBytes('generation', exactLength(snapshotIndex(stateOf(index))))
    expect(bytes.length).toBeLessThan(indexFileBytes('generation', index).length)
    const plain = indexFromFile(Buffer.from(bytes), 'generation')!
    const prepared = indexFromFile(bytes, 'generation')!
    expect(state(plain)).toEqual(state(index))
    const v = stateOf(prepared).vectors
    expect(v.qTerms.length).toBe(v.qUsed)
    // No room in the file: readying copies the columns, with room, so that the first change copies none.
    stateOf(prepared).prepareForChanges()
    const before = columns(v)
    expect(before.some((column) => column.buffer === bytes.buffer)).toBe(false)
    for (let change = 0; change < 6; change++) {
      const doc = change === 3 ? post(next, 'new-post') : post(next, ids[change * 5]!, change)
      for (const target of [index, plain, prepared]) {
        if (target.has(doc.id)) target.update(doc)
        else target.add(doc)
      }
      if (change === 0) {
        expect(stateOf(prepared).vectors).toBe(v)
        expect(copied(before, v)).toEqual([])
      }
      expect(state(plain)).toEqual(state(index))
      expect(state(prepared)).toEqual(state(index))
    }
  })

  it('should restore the fixture posts in every language, and an empty index', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(state(roundTrip(index))).toEqual(state(index))
    const empty = createRelatedIndex([])
    const restored = roundTrip(empty)
    expect(state(restored)).toEqual(state(empty))
    restored.add(fixturePosts()[0]!)
    expect(restored.size).toBe(1)
  })

  it('should restore posts without a date, and every column in its place', () => {
    const posts = fixturePosts().map((post, i) => (i % 3 === 0 ? { ...post, date: undefined } : post))
    const index = createRelatedIndex(posts)
    expect(state(indexFromFile(indexFileBytes('generation', index), 'generation')!)).toEqual(state(index))
  })

  it('should give no index for another generation, a truncated file or damaged bytes', () => {
    const bytes = indexFileBytes('generation', createRelatedIndex(fixturePosts()))
    expect(indexFromFile(bytes, 'generation')).toBeDefined()
    expect(indexFromFile(bytes, 'another')).toBeUndefined()
    expect(indexFromFile(bytes, undefined)).toBeUndefined()
    for (const cut of [0, 3, 12, 200, bytes.length >> 1, bytes.length - 64]) {
      expect(indexFromFile(bytes.subarray(0, cut), 'generation')).toBeUndefined()
    }
    const damaged = Buffer.from(bytes)
    damaged.write('XXXX', 20)
    expect(indexFromFile(damaged, 'generation')).toBeUndefined()
    expect(indexFromFile(Buffer.from('BKRI not an index at all'), 'generation')).toBeUndefined()
    // Vector columns shorter than their used values, or of unequal lengths in a group.
    const snapshot = snapshotIndex(stateOf(createRelatedIndex(fixturePosts())))
    const qUsed = snapshot.numbers[5]!
    const [qTerms, qWeights, qOrder, qProse, tTerms, tWeights] = snapshot.vectorColumns
    for (const vectorColumns of [
      [qTerms.slice(0, qUsed - 1), qWeights.slice(0, qUsed - 1), qOrder, qProse, tTerms, tWeights],
      [qTerms.slice(0, qUsed), qWeights, qOrder, qProse, tTerms, tWeights],
    ]) {
      const file = snapshotFileBytes('generation', {
        ...snapshot,
        vectorColumns: vectorColumns as unknown as IndexSnapshot['vectorColumns'],
      })
      expect(indexFromFile(file, 'generation')).toBeUndefined()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, type RelatedDoc } from '../src/index.js'

// A small deterministic "embedding model" written for this test: each word maps to a topic axis
// (synonyms to the same axis), so posts on the same topic in different words get close vectors, as
// with a real sentence-embedding model.
const topics: Readonly<Record<string, number>> = {
  car: 0,
  automobile: 0,
  engine: 0,
  motor: 0,
  bread: 1,
  sourdough: 1,
  loaf: 1,
  flour: 1,
  garden: 2,
  roses: 2,
  soil: 2,
}
function embed(text: string): number[] {
  const vector = [0.05, 0.05, 0.05, 0.05]
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const axis = topics[word]
    if (axis !== undefined) vector[axis]! += 1
  }
  return vector
}

function posts(): RelatedDoc[] {
  const docs = [
    { id: 'car', title: 'Buying a car', text: 'The engine matters most.' },
    { id: 'automobile', title: 'Automobile maintenance', text: 'Change the motor oil yearly.' },
    { id: 'bread', title: 'Sourdough', text: 'A loaf needs flour.' },
    { id: 'garden', title: 'Garden notes', text: 'Roses like rich soil.' },
  ]
  return docs.map((doc) => ({ ...doc, vector: embed(`${doc.title} ${doc.text}`) }))
}

describe('vector (bring your own embeddings)', () => {
  it('should relate posts on one topic that share no word, by their vectors', () => {
    const index = createRelatedIndex(posts())
    const [first] = index.related('car')
    expect(first?.id).toBe('automobile')
    expect(first?.reasons.terms).toEqual([])
    expect(first?.reasons.scores.vector).toBeGreaterThan(0.9)
    expect(first?.score).toBeCloseTo(0.5 * first!.reasons.scores.vector, 5)
    // Without vectors the two share no word.
    const plain = posts().map(({ vector, ...doc }) => doc)
    expect(createRelatedIndex(plain).related('car', { minScore: 0 })).toEqual([])
  })

  it('should weigh the vector part with `vectorWeight`, and leave it out at 0', () => {
    const half = createRelatedIndex(posts(), { vectorWeight: 0.25 }).related('car')[0]!
    expect(half.score).toBeCloseTo(0.25 * half.reasons.scores.vector, 5)
    expect(createRelatedIndex(posts(), { vectorWeight: 0 }).related('car', { minScore: 0 })).toEqual([])
  })

  it('should give posts without a vector no vector part', () => {
    const docs = posts()
    docs[1] = { ...docs[1]!, vector: undefined }
    const index = createRelatedIndex(docs)
    expect(index.related('car', { minScore: 0 }).map((r) => r.id)).not.toContain('automobile')
    expect(index.related('automobile', { minScore: 0 })).toEqual([])
  })

  it('should keep vectors through toJSON / fromJSON, add and update', () => {
    const index = createRelatedIndex(posts().slice(0, 3))
    index.add(posts()[3]!)
    const restored = fromJSON(JSON.stringify(index))
    expect(restored.relatedAll()).toEqual(index.relatedAll())
    const moved = { ...posts()[0]!, vector: embed('garden roses soil') }
    index.update(moved)
    restored.update(moved)
    expect(restored.related('car')[0]?.id).toBe('garden')
    expect(restored.relatedAll()).toEqual(index.relatedAll())
  })

  it('should name the post and what is wrong with a vector', () => {
    const docs = posts()
    expect(() => createRelatedIndex([...docs, { id: 'x', title: 'X', text: '', vector: [1, 2] }])).toThrow(
      "Expected `vector` of post `x` to have 4 numbers like the other posts' vectors, got 2: embed every post with the same model",
    )
    expect(() => createRelatedIndex([{ id: 'x', title: 'X', text: '', vector: [1, Number.NaN] }])).toThrow(
      'Expected `vector[1]` of post `x` to be a finite number, got `NaN`',
    )
    expect(() => createRelatedIndex([{ id: 'x', title: 'X', text: '', vector: [0, 0] }])).toThrow(
      'Expected `vector` of post `x` not to be all zeros',
    )
    expect(() => createRelatedIndex([{ id: 'x', title: 'X', text: '', vector: 'abc' as never }])).toThrow(
      'Expected `vector` of post `x` to be an array of numbers (an embedding), got `"abc"`',
    )
    const index = createRelatedIndex(docs)
    expect(() => index.update({ ...docs[0]!, vector: [1] })).toThrow('to have 4 numbers')
    expect(index.related('car')[0]?.id).toBe('automobile')
  })

  it('should accept typed arrays, as models return', () => {
    const docs = posts().map((doc) => ({ ...doc, vector: Float32Array.from(doc.vector as number[]) }))
    expect(createRelatedIndex(docs).related('car')[0]?.id).toBe('automobile')
  })
})

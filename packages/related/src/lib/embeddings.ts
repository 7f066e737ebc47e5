// Bring your own vectors: a post may carry an embedding computed by the site with a model of its
// choice (the package ships none). Embeddings are stored at unit length, so their dot product is the
// cosine; the vector part of a score is that cosine, 0 when negative.

import { describe } from './describe.js'
import { type PostWhere, postError } from './errors.js'

/**
 * A post's `vector` checked and scaled to unit length, or `undefined` when it has none.
 *
 * @param length The length of the index's embeddings (0: none yet).
 * @throws {RelatedError} Naming the post when the vector is not a list of finite numbers of that length.
 */
export function unitEmbedding(value: unknown, length: number, where: PostWhere): Float32Array | undefined {
  if (value === undefined || value === null) return undefined
  const items = value as ArrayLike<unknown>
  if (typeof value !== 'object' || typeof items.length !== 'number' || items.length === 0) {
    throw postError(
      'vector',
      `Expected \`vector\` of ${where.text} to be an array of numbers (an embedding), got \`${describe(value)}\``,
      where,
    )
  }
  if (length > 0 && items.length !== length) {
    throw postError(
      'vector',
      `Expected \`vector\` of ${where.text} to have ${length} numbers like the other posts' vectors, got ${items.length}: embed every post with the same model`,
      where,
    )
  }
  const out = new Float32Array(items.length)
  let sum = 0
  for (let i = 0; i < items.length; i++) {
    const x = items[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw postError(
        `vector[${i}]`,
        `Expected \`vector[${i}]\` of ${where.text} to be a finite number, got \`${describe(x)}\``,
        where,
      )
    }
    out[i] = x
    sum += x * x
  }
  if (sum === 0) throw postError('vector', `Expected \`vector\` of ${where.text} not to be all zeros`, where)
  const norm = Math.sqrt(sum)
  for (let i = 0; i < out.length; i++) out[i]! /= norm
  return out
}

/** Cosine of two unit embeddings, 0 when negative or when either is missing. */
export function embeddingScore(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (a === undefined || b === undefined) return 0
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum > 0 ? Math.min(1, sum) : 0
}

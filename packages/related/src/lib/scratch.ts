/** Reusable accumulators for one query run. */
export class Scratch {
  readonly scores: Float64Array
  readonly touched: Int32Array
  /** Per slot: sum of the rarities of the shared tags and categories (zeroed after each query). */
  readonly tagSums: Float64Array
  readonly categorySums: Float64Array
  /** Per slot: cosine of the embeddings (zeroed after each query). */
  readonly similarities: Float64Array
  #dense = new Float32Array(0)
  #prose = new Uint8Array(0)
  constructor(size: number) {
    this.similarities = new Float64Array(size)
    this.scores = new Float64Array(size)
    this.touched = new Int32Array(size)
    this.tagSums = new Float64Array(size)
    this.categorySums = new Float64Array(size)
  }

  /**
   * A zeroed array over the term ids (callers zero what they set). Note: float32, the precision the
   * weights are stored in, so half the memory of float64 for the same values.
   */
  dense(size: number): Float32Array {
    if (this.#dense.length < size) this.#dense = new Float32Array(Math.max(size, this.#dense.length * 2))
    return this.#dense
  }

  /** A zeroed array over the term ids for prose flags (callers zero what they set). */
  prose(size: number): Uint8Array {
    if (this.#prose.length < size) this.#prose = new Uint8Array(Math.max(size, this.#prose.length * 2))
    return this.#prose
  }
}

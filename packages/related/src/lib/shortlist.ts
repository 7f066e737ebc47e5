// A bounded min-heap of the best candidates of one query.

/** The `size` best slots by score (ties: lower slot), kept in a min-heap. */
export class Shortlist {
  readonly #size: number
  readonly #slots: number[] = []
  readonly #scores: number[] = []

  constructor(size: number) {
    this.#size = size
  }

  #worse(i: number, j: number): boolean {
    const a = this.#scores[i]!
    const b = this.#scores[j]!
    return a < b || (a === b && this.#slots[i]! > this.#slots[j]!)
  }

  #swap(i: number, j: number): void {
    const slot = this.#slots[i]!
    this.#slots[i] = this.#slots[j]!
    this.#slots[j] = slot
    const score = this.#scores[i]!
    this.#scores[i] = this.#scores[j]!
    this.#scores[j] = score
  }

  /** Whether a candidate scoring `score` could still enter the list. */
  accepts(score: number): boolean {
    return this.#slots.length < this.#size || score >= this.#scores[0]!
  }

  offer(slot: number, score: number): void {
    if (this.#size === 0) return
    if (this.#slots.length === this.#size) {
      const root = this.#scores[0]!
      if (score < root || (score === root && slot > this.#slots[0]!)) return
      this.#slots[0] = slot
      this.#scores[0] = score
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < this.#slots.length && this.#worse(left, least)) least = left
        if (right < this.#slots.length && this.#worse(right, least)) least = right
        if (least === i) break
        this.#swap(i, least)
        i = least
      }
      return
    }
    this.#slots.push(slot)
    this.#scores.push(score)
    let i = this.#slots.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#worse(i, parent)) break
      this.#swap(i, parent)
      i = parent
    }
  }

  slots(): readonly number[] {
    return this.#slots
  }
}

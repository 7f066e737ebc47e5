import type { Point } from './errors.js'

/**
 * Turns character offsets of a document into 1-based line/column points.
 */
export function createLocator(value: string): (offset: number) => Point {
  const starts = [0]
  let index = value.indexOf('\n')
  while (index !== -1) {
    starts.push(index + 1)
    index = value.indexOf('\n', index + 1)
  }
  return function toPoint(offset: number): Point {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1 }
  }
}

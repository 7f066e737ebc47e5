// Small helpers over typed arrays shared by the index's parts.

export function growInt32(array: Int32Array, size: number): Int32Array {
  if (size <= array.length) return array
  const grown = new Int32Array(Math.max(size, array.length * 2))
  grown.set(array)
  return grown
}

export function growFloat32(array: Float32Array, size: number): Float32Array {
  if (size <= array.length) return array
  const grown = new Float32Array(Math.max(size, array.length * 2))
  grown.set(array)
  return grown
}

/** Arrays of one length, end to end. */
export function joinFloat32(arrays: readonly Float32Array[], length: number): Float32Array {
  const out = new Float32Array(arrays.length * length)
  arrays.forEach((array, i) => {
    out.set(array, i * length)
  })
  return out
}

/** Index of `value` in an ascending array, or -1. */
export function search(values: Int32Array, value: number): number {
  let low = 0
  let high = values.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const found = values[middle]!
    if (found === value) return middle
    if (found < value) low = middle + 1
    else high = middle - 1
  }
  return -1
}

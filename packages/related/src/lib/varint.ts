/** Encode ascending non-negative integers as delta varints (LEB128), a compact list of term ids. */
export function encodeAscending(values: ArrayLike<number>): Uint8Array {
  const bytes: number[] = []
  let previous = 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    let delta = value - previous
    previous = value
    while (delta >= 0x80) {
      bytes.push((delta & 0x7f) | 0x80)
      delta = Math.floor(delta / 0x80)
    }
    bytes.push(delta)
  }
  return Uint8Array.from(bytes)
}

/** Decode what {@link encodeAscending} wrote; calls `each` with every value in order. */
export function decodeAscending(bytes: Uint8Array, each: (value: number) => void): void {
  let previous = 0
  let value = 0
  let shift = 1
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    value += (byte & 0x7f) * shift
    if (byte & 0x80) {
      shift *= 0x80
    } else {
      previous += value
      each(previous)
      value = 0
      shift = 1
    }
  }
}

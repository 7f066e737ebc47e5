// Note: a string, not a literal, because Biome rejects control characters in regex literals; finding them is the point.
const unsafeSource =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]'
const unsafe = new RegExp(unsafeSource, 'g')

/**
 * C0/C1 control characters (but tab and newlines), bidi overrides and isolates (used for spoofing), zero
 * width space and BOM: never meaningful in a comment.
 */
export function removeUnsafeCharacters(text: string): string {
  return text.replace(unsafe, '')
}

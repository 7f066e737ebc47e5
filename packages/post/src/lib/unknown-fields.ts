import type { VFileMessage } from 'vfile-message'
import { createMessage, type Point } from './errors.js'

/** Front matter keys `parsePost` reads (see `readFields`). */
export const builtInFields: readonly string[] = [
  'title',
  'slug',
  'date',
  'updated',
  'lastmod',
  'draft',
  'published',
  'tags',
  'categories',
  'aliases',
  'lang',
  'author',
  'description',
  'summary',
]

/** Keys other tools read that blogkit reads under another name (Jekyll's singular `category`). */
const otherNames: Record<string, string> = { category: 'categories' }

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `tgas` → `tags` is 1,
 * where plain Levenshtein (as in `fastest-levenshtein`) counts 2. Keys are short, so the
 * quadratic table costs nothing.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      row.push(best)
    }
    rows.push(row)
  }
  return rows[a.length]![b.length]!
}

/**
 * The built-in field a key was probably meant to be, or `undefined` for a key of the user's own.
 * Close means at most 1 edit (a typo, a swap of two letters, a case change) for fields of up to 5
 * letters and at most 2 for longer ones; so `tgas`, `tittle`, `Date`, `categoires` are caught,
 * while `link` (2 edits from `lang`), `time` and `image` are left alone.
 */
export function closestField(key: string): string | undefined {
  if (builtInFields.includes(key)) return undefined
  const lower = key.toLowerCase()
  if (Object.hasOwn(otherNames, lower)) return otherNames[lower]
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const field of builtInFields) {
    if (Math.abs(field.length - lower.length) > 2) continue
    const distance = editDistance(lower, field)
    if (distance <= (field.length <= 5 ? 1 : 2) && distance < bestDistance) {
      best = field
      bestDistance = distance
    }
  }
  return best
}

/**
 * Warnings (`unknown-field`, not fatal) for top-level front matter keys that are close to a built-in
 * field but are not one, located at the key.
 */
export function unknownFieldWarnings(
  data: Readonly<Record<string, unknown>>,
  options: {
    file: string | undefined
    customFields: ReadonlySet<string>
    locateKey: (key: string) => Point | undefined
  },
): VFileMessage[] {
  const warnings: VFileMessage[] = []
  for (const key of Object.keys(data)) {
    if (options.customFields.has(key)) continue
    const field = closestField(key)
    if (field === undefined) continue
    warnings.push(
      createMessage(
        `unknown field, ignored: did you mean \`${field}\`? (if \`${key}\` is a field of your own, list it in \`customFields\`)`,
        {
          ruleId: 'unknown-field',
          field: key,
          place: options.locateKey(key) ?? { line: 1, column: 1 },
          file: options.file,
          expected: [field],
          actual: key,
          warning: true,
        },
      ),
    )
  }
  return warnings
}

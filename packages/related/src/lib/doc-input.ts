// Checks of the posts given to the index: one place that names the post and field of a bad one.

import { describe } from './describe.js'
import { type PostWhere, postError } from './errors.js'
import type { RelatedDoc } from './types.js'

/** How errors name the post `id` once its fields are known to be usable. */
export function postWhere(id: string, itemIndex?: number): PostWhere {
  return { text: `post \`${id}\``, post: id, itemIndex }
}

/** Validate the fields every post needs; `where` names it (by position) in the message. */
export function checkDoc(doc: unknown, where: PostWhere): asserts doc is RelatedDoc {
  if (doc === null || typeof doc !== 'object') {
    throw postError(
      undefined,
      `Expected ${where.text} to be an object with \`id\`, \`title\` and \`text\`, got \`${describe(doc)}\``,
      where,
    )
  }
  const record = doc as Record<string, unknown>
  if (typeof record.id !== 'string' || record.id.trim() === '') {
    throw postError(
      'id',
      `Expected \`id\` of ${where.text} to be a non-empty string (the slug), got \`${describe(record.id)}\``,
      where,
    )
  }
  const named = { ...where, post: record.id }
  for (const field of ['title', 'text'] as const) {
    if (typeof record[field] !== 'string') {
      throw postError(
        field,
        `Expected \`${field}\` of post \`${record.id}\` (${where.text}) to be a string (use \`''\` for none), got \`${describe(record[field])}\``,
        named,
      )
    }
  }
  if (record.lang !== undefined && record.lang !== null && typeof record.lang !== 'string') {
    throw postError(
      'lang',
      `Expected \`lang\` of post \`${record.id}\` to be a string, got \`${describe(record.lang)}\``,
      named,
    )
  }
}

/** Epoch milliseconds of a post's `date`, NaN for none. */
export function parseDate(value: RelatedDoc['date'], where: PostWhere): number {
  if (value === null || value === undefined) return Number.NaN
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN
  if (!Number.isFinite(time)) {
    throw postError(
      'date',
      `Expected \`date\` of ${where.text} to be a Date, an ISO 8601 string or epoch milliseconds, got \`${describe(value)}\``,
      where,
    )
  }
  return time
}

/** A post's tags or categories, trimmed, without empty ones and repeats (compared by {@link labelKey}). */
export function labelList(value: unknown, field: string, where: PostWhere): string[] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) {
    throw postError(
      field,
      `Expected \`${field}\` of ${where.text} to be an array of strings, got \`${describe(value)}\``,
      where,
    )
  }
  const seen = new Set<string>()
  const out: string[] = []
  value.forEach((label: unknown, i) => {
    if (typeof label !== 'string') {
      throw postError(
        `${field}[${i}]`,
        `Expected \`${field}[${i}]\` of ${where.text} to be a string, got \`${describe(label)}\``,
        where,
      )
    }
    const display = label.trim()
    const key = labelKey(display)
    if (key === '' || seen.has(key)) return
    seen.add(key)
    out.push(display)
  })
  return out
}

/** The key labels are compared by: trimmed, NFC, lower case. */
export function labelKey(label: string): string {
  return label.trim().normalize('NFC').toLowerCase()
}

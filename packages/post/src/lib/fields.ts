import type { VFileMessage } from 'vfile-message'
import { readAlias } from './aliases.js'
import { parseDate } from './dates.js'
import { createMessage, type Point } from './errors.js'

/** Built-in fields read from front matter. */
export interface BuiltInFields {
  title?: string
  slug?: string
  date?: Date
  updated?: Date
  draft: boolean
  tags: string[]
  categories: string[]
  /** Old addresses, as paths from the site's root (`aliases:`). */
  aliases: string[]
  lang?: string
  author?: string
  description?: string
}

interface Context {
  file: string | undefined
  timeZone: string
  /** Origin of the site (`https://example.com`): absolute aliases must be on it. */
  siteUrl: string | undefined
  locate: (path: ReadonlyArray<PropertyKey>) => Point | undefined
  messages: VFileMessage[]
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value)
  return `${typeof value} \`${String(value)}\``
}

function fail(
  context: Context,
  field: string,
  reason: string,
  ruleId = 'invalid-field',
  path: PropertyKey[] = [field],
) {
  context.messages.push(
    createMessage(reason, { ruleId, field, place: context.locate(path), file: context.file }),
  )
}

function readString(data: Record<string, unknown>, field: string, context: Context): string | undefined {
  const value = data[field]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  fail(context, field, `expected text, got ${describe(value)}`)
  return undefined
}

function readList(data: Record<string, unknown>, field: string, context: Context): string[] {
  const value = data[field]
  if (value === undefined || value === null) return []
  const items = Array.isArray(value) ? value : [value]
  const result: string[] = []
  for (const [index, item] of items.entries()) {
    if (item === null || item === undefined) continue
    if (typeof item === 'string' || typeof item === 'number') {
      const text = String(item).trim()
      if (text !== '' && !result.includes(text)) result.push(text)
    } else {
      fail(
        context,
        Array.isArray(value) ? `${field}[${index}]` : field,
        `expected a list of texts (\`${field}: [a, b]\`), got ${describe(item)}`,
        'invalid-field',
        Array.isArray(value) ? [field, index] : [field],
      )
    }
  }
  return result
}

function readBoolean(data: Record<string, unknown>, field: string, context: Context): boolean | undefined {
  const value = data[field]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  fail(
    context,
    field,
    `expected \`true\` or \`false\`, got ${describe(value)}${typeof value === 'string' ? ' (YAML 1.2 reads `yes`/`no`/`on`/`off` as text)' : ''}`,
  )
  return undefined
}

function readDate(data: Record<string, unknown>, field: string, context: Context): Date | undefined {
  const value = data[field]
  if (value === undefined || value === null || value === '') return undefined
  const result = parseDate(value, context.timeZone)
  if (result.ok) return result.date
  fail(context, field, result.reason, 'invalid-date')
  return undefined
}

/** Reads `aliases`; `kept`, when given, gets the index in the list of each alias kept (in order). */
function readAliases(data: Record<string, unknown>, context: Context, kept?: number[]): string[] {
  const value = data.aliases
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    fail(
      context,
      'aliases',
      `expected a list of old addresses (\`aliases: [/2018/11/02/hello/]\`), got ${describe(value)}`,
      'invalid-alias',
    )
    return []
  }
  const result: string[] = []
  for (const [index, item] of value.entries()) {
    const field = `aliases[${index}]`
    if (typeof item !== 'string' || item.trim() === '') {
      fail(
        context,
        field,
        `expected an old address (a path such as \`/2018/11/02/hello/\` or a URL on this site), got ${describe(item)}`,
        'invalid-alias',
        ['aliases', index],
      )
      continue
    }
    const alias = readAlias(item.trim(), context.siteUrl)
    if (!alias.ok) fail(context, field, alias.reason, 'invalid-alias', ['aliases', index])
    else if (!result.includes(alias.path)) {
      result.push(alias.path)
      kept?.push(index)
    }
  }
  return result
}

/**
 * Where in front matter `aliases` each alias of a post is written: `post.aliases[i]` is the list's entry
 * `aliasIndices(data, siteUrl)[i]` (a bad entry and a repeat of an earlier one are not kept).
 */
export function aliasIndices(data: Record<string, unknown>, siteUrl: string | undefined): number[] {
  const kept: number[] = []
  const context = { file: undefined, timeZone: 'UTC', siteUrl, locate: () => undefined, messages: [] }
  readAliases(data, context, kept)
  return kept
}

/**
 * Read and check the built-in fields of a post's front matter.
 */
export function readFields(
  data: Record<string, unknown>,
  options: {
    file: string | undefined
    timeZone: string
    siteUrl: string | undefined
    locate: Context['locate']
  },
): { fields: BuiltInFields; messages: VFileMessage[] } {
  const context: Context = { ...options, messages: [] }
  const fields: BuiltInFields = {
    draft: false,
    tags: readList(data, 'tags', context),
    categories: readList(data, 'categories', context),
    aliases: readAliases(data, context),
  }
  const title = readString(data, 'title', context)
  if (title !== undefined) fields.title = title

  const slug = readString(data, 'slug', context)
  if (slug !== undefined) {
    if (/[\s/?#]/.test(slug))
      fail(
        context,
        'slug',
        `${JSON.stringify(slug)} cannot be a URL slug: remove spaces, \`/\`, \`?\` and \`#\``,
        'invalid-slug',
      )
    else fields.slug = slug
  }

  const date = readDate(data, 'date', context)
  if (date) fields.date = date
  const updated = readDate(data, data.updated === undefined ? 'lastmod' : 'updated', context)
  if (updated) fields.updated = updated

  const draft = readBoolean(data, 'draft', context)
  const published = readBoolean(data, 'published', context)
  fields.draft = draft === true || published === false

  const lang = readString(data, 'lang', context)
  if (lang !== undefined) {
    try {
      fields.lang = Intl.getCanonicalLocales(lang)[0]!
    } catch {
      fail(
        context,
        'lang',
        `${JSON.stringify(lang)} is not a BCP 47 language tag (such as \`en\`, \`sv\` or \`pt-BR\`)`,
        'invalid-lang',
      )
    }
  }

  const author = data.author
  if (Array.isArray(author)) {
    const names = readList(data, 'author', context)
    if (names.length > 0) fields.author = names.join(', ')
  } else if (
    author &&
    typeof author === 'object' &&
    typeof (author as { name?: unknown }).name === 'string'
  ) {
    fields.author = (author as { name: string }).name
  } else {
    const name = readString(data, 'author', context)
    if (name !== undefined) fields.author = name
  }

  const description = readString(data, data.description === undefined ? 'summary' : 'description', context)
  if (description !== undefined) fields.description = description

  return { fields, messages: context.messages }
}

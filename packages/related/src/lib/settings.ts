import { primaryLanguage } from './analyzer.js'
import { describe } from './describe.js'
import { optionError, RelatedError } from './errors.js'
import type { RelatedIndexOptions, RelatedOptions } from './types.js'

/** Every index option with its value (defaults filled in). */
export type Settings = {
  readonly [K in keyof RelatedIndexOptions]-?: Exclude<RelatedIndexOptions[K], undefined>
}

export const defaults: Settings = {
  lang: 'en',
  titleWeight: 2,
  k1: 1.2,
  b: 0.75,
  maxTerms: 400,
  maxDocFrequency: 0.7,
  maxTextLength: 100_000,
  contentWeight: 1,
  titleMatchWeight: 0.2,
  tagWeight: 0.5,
  categoryWeight: 0.25,
  dateWeight: 0,
  dateHalfLife: 365,
  vectorWeight: 0.5,
  refreshThreshold: 0.05,
  code: 'weak',
  stopWords: [],
  decompound: true,
}

/** The parts of the score: their weights are shares of it, 0–1. */
const weights = new Set<keyof Settings>([
  'contentWeight',
  'titleMatchWeight',
  'tagWeight',
  'categoryWeight',
  'dateWeight',
  'vectorWeight',
])

export { describe }

const codeModes = ['weak', 'ignore', 'keep'] as const

export function checkNumber(
  name: string,
  value: unknown,
  min: number,
  max: number,
  allowInfinity = false,
  hint = '',
): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw optionError(
      name,
      `Expected \`${name}\` to be a number from ${min} to ${max === Number.POSITIVE_INFINITY ? 'Infinity' : max}, got \`${describe(value)}\`${hint}`,
    )
  }
  return value
}

function stopWordList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) {
    throw optionError(
      'stopWords',
      `Expected \`stopWords\` to be an array of words, got \`${describe(value)}\``,
    )
  }
  const words = new Set<string>()
  value.forEach((word: unknown, i) => {
    if (typeof word !== 'string') {
      throw optionError(
        `stopWords[${i}]`,
        `Expected \`stopWords[${i}]\` to be a string, got \`${describe(word)}\``,
      )
    }
    const key = word.trim().normalize('NFC').toLowerCase()
    if (key !== '') words.add(key)
  })
  return [...words].sort()
}

/** Validate index options and fill in the defaults. Throws a `RelatedError` naming the option. */
export function resolveSettings(options: Readonly<RelatedIndexOptions> | null | undefined): Settings {
  const settings: { -readonly [K in keyof Settings]: Settings[K] } = { ...defaults }
  if (options === null || options === undefined) return settings
  if (typeof options !== 'object')
    throw optionError('options', `Expected options to be an object, got \`${describe(options)}\``)
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if (!Object.hasOwn(defaults, key)) {
      throw new RelatedError(
        'unknown-option',
        `Unknown option \`${key}\`; known options: ${Object.keys(defaults).join(', ')}`,
        { field: key },
      )
    }
    const name = key as keyof Settings
    if (name === 'lang') {
      if (typeof value !== 'string' || primaryLanguage(value, '') === 'und') {
        throw optionError(
          'lang',
          `Expected \`lang\` to be a BCP 47 language tag such as \`en\`, got \`${describe(value)}\``,
        )
      }
      settings.lang = value
    } else if (name === 'code') {
      if (!codeModes.includes(value as never)) {
        throw optionError(
          'code',
          `Expected \`code\` to be ${codeModes.map((m) => `\`'${m}'\``).join(', ')}, got \`${describe(value)}\``,
        )
      }
      settings.code = value as Settings['code']
    } else if (name === 'stopWords') {
      settings.stopWords = stopWordList(value)
    } else if (name === 'decompound') {
      if (typeof value !== 'boolean') {
        throw optionError('decompound', `Expected \`decompound\` to be a boolean, got \`${describe(value)}\``)
      }
      settings.decompound = value
    } else if (name === 'maxTerms') {
      const n = checkNumber(name, value, 1, Number.POSITIVE_INFINITY, true)
      settings.maxTerms = Number.isFinite(n) ? Math.floor(n) : n
    } else if (name === 'maxTextLength') {
      settings.maxTextLength = Math.floor(checkNumber(name, value, 1, Number.MAX_SAFE_INTEGER))
    } else if (name === 'b' || name === 'maxDocFrequency' || name === 'refreshThreshold') {
      settings[name] = checkNumber(name, value, name === 'maxDocFrequency' ? Number.MIN_VALUE : 0, 1)
    } else if (name === 'dateHalfLife' || name === 'titleWeight') {
      settings[name] = checkNumber(name, value, Number.MIN_VALUE, Number.MAX_VALUE)
    } else if (weights.has(name)) {
      settings[name as 'tagWeight'] = checkNumber(
        name,
        value,
        0,
        1,
        false,
        ' (each weight is the share of the score its part can add; to make one part count more than another, lower the others)',
      )
    } else {
      settings[name as 'k1'] = checkNumber(name, value, 0, Number.MAX_VALUE)
    }
  }
  return settings
}

/** The options of one query, checked, with the defaults filled in. */
export interface Query {
  readonly limit: number
  readonly minScore: number | 'auto'
  readonly excludeNewer: boolean
  readonly includeDrafts: boolean
  readonly exclude: ReadonlySet<string> | undefined
}

/** Validate the options of `related`/`relatedAll`. Throws a `RelatedError` naming the option. */
export function resolveQuery(options: Readonly<RelatedOptions> | null | undefined): Query {
  if (options !== null && options !== undefined && typeof options !== 'object') {
    throw optionError('options', `Expected options to be an object, got \`${describe(options)}\``)
  }
  const limit = options?.limit ?? 5
  if (!Number.isInteger(limit) || limit < 1) {
    throw optionError('limit', `Expected \`limit\` to be a positive integer, got \`${describe(limit)}\``)
  }
  const minScore = options?.minScore ?? 'auto'
  if (minScore !== 'auto' && (typeof minScore !== 'number' || !Number.isFinite(minScore))) {
    throw optionError(
      'minScore',
      `Expected \`minScore\` to be a finite number or \`'auto'\`, got \`${describe(minScore)}\``,
    )
  }
  let exclude: Set<string> | undefined
  if (options?.exclude !== undefined) {
    if (typeof options.exclude === 'string' || typeof options.exclude[Symbol.iterator] !== 'function') {
      throw optionError(
        'exclude',
        `Expected \`exclude\` to be an array of ids, got \`${describe(options.exclude)}\``,
      )
    }
    exclude = new Set(options.exclude)
  }
  return {
    limit,
    minScore,
    excludeNewer: options?.excludeNewer === true,
    includeDrafts: options?.includeDrafts === true,
    exclude,
  }
}

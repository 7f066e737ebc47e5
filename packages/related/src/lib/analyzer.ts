import { stemmer as frenchStemmer } from '@orama/stemmers/french'
import { stemmer as germanStemmer } from '@orama/stemmers/german'
import { stemmer as swedishStemmer } from '@orama/stemmers/swedish'
import stopwordsIso from 'stopwords-iso' with { type: 'json' }
import porter2 from 'wink-porter2-stemmer'

/** A function that maps a lower-cased word to its stem. */
type Stemmer = (word: string) => string

// Note: English uses Porter2 (the Snowball "english" algorithm) from `wink-porter2-stemmer`,
// because `@orama/stemmers/english` is the original 1980 Porter algorithm
// (`news` → `new`, `skies` → `ski`). Swedish, German and French from `@orama/stemmers`
// are compiled from the Snowball sources.
const stemmers: Readonly<Record<string, Stemmer>> = {
  en: porter2,
  sv: swedishStemmer,
  de: germanStemmer,
  fr: frenchStemmer,
}

// Note: a JSON module (stable, without a warning, from Node 20.18.3 on); bundlers inline it.
const stopwordLists: Readonly<Record<string, readonly string[]>> = stopwordsIso

function stopwordsFor(lang: string): readonly string[] {
  return Object.hasOwn(stopwordLists, lang) ? (stopwordLists[lang] ?? []) : []
}

/** Languages with a Snowball stemmer. Other languages are indexed unstemmed. */
export const stemmedLanguages: readonly string[] = Object.keys(stemmers)

/**
 * Normalise a BCP 47 tag to its primary language subtag (`en-GB` → `en`).
 * Returns `und` (undetermined) for an empty or malformed tag.
 */
export function primaryLanguage(lang: string | undefined, fallback: string): string {
  const value = (lang ?? fallback).trim().toLowerCase()
  const primary = value.split(/[-_]/)[0] ?? ''
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'und'
}

/**
 * A copy of `value` that holds only its own characters. Note: V8 makes a substring of 13 or more
 * characters (a word matched in a post's text) a view into the whole text, so a word kept in the index
 * would keep the lower-cased copy of the post it first appeared in alive: for a blog with long unique
 * words (compounds, identifiers) about as much memory as all its text. Called once per distinct word.
 */
export function detach(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string
}

/** The text analysis of one language: segmenter, stop words and stemmer, with a stem cache. */
export interface LanguageAnalyzer {
  readonly lang: string
  readonly stemmed: boolean
  /**
   * Count the word tokens of `text` (lower-cased, stop words and numbers removed) into `counts`,
   * each occurrence adding `weight`; returns the weight counted. With `names`, the tokens used as
   * `@handles` are added to it (identifiers are told by {@link identifierLike} afterwards).
   */
  count(text: string, weight: number, counts: Map<string, number>, names?: Set<string>): number
  /** Stem of a lower-cased token (cached). */
  stem(token: string): string
  /** Whether a stem is one of the site's own stop words (`stopWords`, any inflection). */
  stopped(stem: string): boolean
}

const maxTokenLength = 64
const hasLetter = /\p{L}/u
// Note: a word is a run of letters, marks, digits and `_`, joined across `'`, `’` and `.` between
// them: the UAX #29 word rules `Intl.Segmenter` applies to scripts written with spaces. Runs
// containing a script written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) go to
// `Intl.Segmenter`, which has the dictionaries for them. Segmenting everything with
// `Intl.Segmenter` is about 50× slower on Node 20 (0.5 MB/s), too slow for large blogs.
const wordPattern = /[\p{L}\p{M}\p{N}_]+(?:['’.][\p{L}\p{M}\p{N}_]+)*/gu
const spacelessScript =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u

const wordChar = /[\p{L}\p{M}\p{N}_]/u

/** Whether the token at `at` in `text` is part of a handle: `@name`, `@first-last`, `name@host`. */
function inHandle(text: string, at: number, end: number): boolean {
  let i = at - 1
  // Note: GitHub handles have `-` inside; walk back over `-`-joined words to the `@`.
  while (i >= 0) {
    const c = text.charCodeAt(i)
    if (c === 64) return true
    if (c !== 45) break
    let j = i - 1
    while (j >= 0 && wordChar.test(text[j]!)) j--
    if (j === i - 1) break
    i = j
  }
  return text.charCodeAt(end) === 64
}

/** Create the analyzer for one primary language subtag, with the site's own stop words. */
export function createLanguageAnalyzer(lang: string, stopWords: readonly string[] = []): LanguageAnalyzer {
  let segmenter: Intl.Segmenter
  try {
    segmenter = new Intl.Segmenter(lang === 'und' ? undefined : lang, { granularity: 'word' })
  } catch {
    segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
  }
  const stops = new Set([...stopwordsFor(lang), ...stopWords])
  const stemmer = stemmers[lang]
  const cache = new Map<string, string>()
  const stem = (token: string): string => {
    let value = cache.get(token)
    if (value === undefined) {
      const word = detach(token)
      value = stemmer === undefined ? word : detach(stemmer(word) || word)
      cache.set(word, value)
    }
    return value
  }
  const stoppedStems = new Set(stopWords.map(stem))

  return {
    lang,
    stemmed: stemmer !== undefined,
    count(text, weight, counts, names) {
      let total = 0
      const take = (token: string): boolean => {
        if (token.length < 2 || token.length > maxTokenLength) return false
        // Note: numbers and version strings (`1.7.0`) carry little topical meaning and are
        // very frequent in technical posts; a token needs at least one letter.
        const first = token.charCodeAt(0)
        if (!(first >= 97 && first <= 122) && !hasLetter.test(token)) return false
        if (stops.has(token)) return false
        counts.set(token, (counts.get(token) ?? 0) + weight)
        total += weight
        return true
      }
      const lower = text.toLowerCase()
      // Note: one test of the whole text spares a test per word in texts without such scripts (or `@`).
      const mixed = spacelessScript.test(lower)
      const handles = names !== undefined && lower.includes('@')
      for (const match of lower.matchAll(wordPattern)) {
        const run = match[0]
        if (!mixed || !spacelessScript.test(run)) {
          if (take(run) && handles && inHandle(lower, match.index, match.index + run.length)) names.add(run)
          continue
        }
        for (const segment of segmenter.segment(run)) if (segment.isWordLike) take(segment.segment)
      }
      return total
    },
    stem,
    stopped: (value) => stoppedStems.size > 0 && stoppedStems.has(value),
  }
}

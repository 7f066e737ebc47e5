// Word parts of Swedish and German compounds, so that `kommunikationsstrategier` matches posts about
// `kommunikation` and `Datenbankabfrage` posts about a `Datenbank`.
//
// No well-kept npm package splits Swedish or German compounds (searched 2026-12: none; hunspell
// dictionaries such as `dictionary-de` and `dictionary-sv` are several MB, GPL/LGPL licensed, and tell
// whether a word is allowed, not where it splits). So the index's own words are the vocabulary: a
// word splits where its first part is a word of the index, and so is its last part or the compound is
// rarer than that first part (the left one possibly followed by a linking letter:
// Swedish -s-, -e-, -a-, -o-, -u-; German -s-, -es-, -n-, -en-, -e-, -er-), choosing the split whose parts
// are most frequent, and only when they are more frequent than the whole word (Koehn and Knight,
// "Empirical methods for compound splitting", EACL 2003: the geometric mean of the parts' frequencies).
// The post keeps the whole word and gains its two parts at a tenth of its frequency (`partWeight`), only
// parts it does not also write as words of their own (a part match counts a fraction of a word match,
// and no word counts twice; a quarter and more, or parts added to words the post has, lost P@5 on the
// German and Swedish corpora, see BENCHMARKS.md).
//
// Splits are made on stems: Snowball stems a compound on its last part, so the stem of
// `kommunikationsstrategier` ends with the stem of `strategier`, and a head is found with one map
// look-up per position; the left part is stemmed only where a head was found.

/** Languages whose compounds are split, with their linking letters and the vowels a left part drops. */
const languages: Readonly<
  Record<string, { readonly links: readonly string[]; readonly restore: readonly string[] }>
> = {
  sv: { links: ['', 's', 'e', 'a', 'o', 'u'], restore: ['a', 'e'] },
  de: { links: ['', 's', 'es', 'n', 'en', 'e', 'er'], restore: ['e'] },
}

/** Linking letters that belong to neither part, so that a part is shown without them. */
const pureLinks: Readonly<Record<string, readonly string[]>> = { sv: ['s'], de: ['s', 'es'] }

/** Languages whose compounds are split. */
export const compoundLanguages: readonly string[] = Object.keys(languages)

/** Shortest part, in characters of the stem. Note: shorter parts split too many words by chance. */
const minPart = 4

/** How much each part counts, against the compound's own frequency. */
export const partWeight = 0.1

/** What the splitter needs from the index: how many posts use a stem (0: unknown), and the stemmer. */
export interface Vocabulary {
  frequency(stem: string): number
  stem(word: string): string
}

/** One split: the stems of the two parts and how they are written in the compound. */
export interface Split {
  readonly modifier: string
  readonly modifierSurface: string
  readonly head: string
  readonly headSurface: string
}

/** A word with `ä`, `ö`, `ü` as `a`, `o`, `u`, as the German stemmer writes them. */
function foldUmlauts(word: string): string {
  return word.replace(/[äöü]/g, (c) => (c === 'ä' ? 'a' : c === 'ö' ? 'o' : 'u'))
}

/**
 * The best split of a compound into two words of the vocabulary, or `undefined`.
 *
 * @param stem The compound's stem.
 * @param surface The compound as written (lower-cased), for the parts' written forms.
 */
export function splitCompound(
  stem: string,
  surface: string,
  lang: string,
  vocabulary: Vocabulary,
): Split | undefined {
  const rules = languages[lang]
  if (rules === undefined || stem.length < 2 * minPart) return undefined
  let best: Split | undefined
  let bestScore = vocabulary.frequency(stem)
  let bestRank = -1
  const folded = foldUmlauts(surface)
  for (let i = stem.length - minPart; i >= minPart; i--) {
    const head = stem.slice(i)
    // Note: a head the index does not know yet counts as seen once, so a rare compound still splits
    // off a known first part (`kommunikations|strategier` beside posts on `kommunikation`), while a
    // common word (more frequent than that) stays whole.
    const headFrequency = Math.max(1, vocabulary.frequency(head))
    const left = stem.slice(0, i)
    for (const link of rules.links) {
      if (!left.endsWith(link)) continue
      const base = left.slice(0, left.length - link.length)
      if (base.length < minPart) continue
      for (const word of [base, ...rules.restore.map((vowel) => base + vowel)]) {
        const modifier = vocabulary.stem(word)
        const modifierFrequency = vocabulary.frequency(modifier)
        if (modifierFrequency === 0 || modifier === stem) continue
        const score = Math.sqrt(modifierFrequency * headFrequency)
        // Of equally frequent splits (ties with the whole word split: two posts that each use a word
        // once), the one whose first part is its own stem, then one with a linking letter, then the
        // longest first part: `kommunikation|s|strategi`, `datenträg|er|bezeichnung`.
        const rank = (foldUmlauts(word) === modifier ? 2 : 0) + (link === '' ? 0 : 1)
        if (score < bestScore || (score === bestScore && best !== undefined && rank <= bestRank)) continue
        bestScore = score
        bestRank = rank
        // Note: a stem is usually the start of its word (German umlauts folded: `datenträger` is stemmed
        // `datentrag`); where it is not (ß), the stems stand for the written forms. A pure linking
        // letter (Swedish -s-, German -s-, -es-) is not written with the first part; others may be
        // part of the word (`datenträger`, `fehler`).
        const shown = pureLinks[lang]!.includes(link) ? base.length : left.length
        const aligned = folded.startsWith(left)
        best = {
          modifier,
          modifierSurface: aligned ? surface.slice(0, shown) : word,
          head,
          headSurface: aligned ? surface.slice(i) : head,
        }
      }
    }
  }
  return best
}

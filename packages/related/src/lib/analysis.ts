// The text analysis of one post: its words counted, title words `titleWeight` times and words of its
// code at the `code` option's factor, grouped by stem, each stem with its most frequent written form
// and whether the post uses it in prose (only such words may be reasons).

import type { LanguageAnalyzer } from './analyzer.js'
import { codeFactors, identifierLike } from './code.js'
import type { Settings } from './settings.js'
import type { RelatedDoc } from './types.js'

/** Term vector of one analysed post before it is pruned for storage. */
export interface Analysis {
  readonly titleTerms: Int32Array
  readonly terms: Int32Array
  readonly tfs: Float32Array
  readonly surfaces: Int32Array
  readonly flags: Uint8Array
  readonly length: number
}

/** Flag of a term a post uses in prose (not only in code, identifiers or handles). */
export const proseFlag = 1

/** What the analysis needs from the index: the language's analyzer, the options and the id maps. */
export interface AnalysisContext {
  readonly analyzer: LanguageAnalyzer
  readonly settings: Settings
  termId(stem: string): number
  surfaceId(word: string): number
}

/**
 * Count a post's words: title words `titleWeight` times, words of its code (`code`, or `<code>` in
 * `html`) at the `code` option's factor. Only words used in prose, not in code and not as identifiers
 * or `@handles`, may be reasons. Note: `text` holds the code too, so each word's count in the code is
 * taken out of its count in the text and counted again at the code's factor.
 */
export function analyzePost(doc: RelatedDoc, code: readonly string[], context: AnalysisContext): Analysis {
  const { analyzer, settings, termId, surfaceId } = context
  const { maxTextLength: limit, titleWeight } = settings
  const factor = codeFactors[settings.code]
  // Handles, then identifiers: never prose. Note: a post without code or names (most posts of most
  // blogs) is counted into one map, as fast as plain counting.
  const names = new Set<string>()
  const counts = new Map<string, number>()
  const title = doc.title.slice(0, limit)
  analyzer.count(title, titleWeight, counts, names)
  const titleTerms = new Set<number>()
  for (const token of counts.keys()) {
    const stem = analyzer.stem(token)
    if (!analyzer.stopped(stem)) titleTerms.add(termId(stem))
  }
  const room = Math.max(0, limit - doc.title.length)
  const body = doc.text.length > room ? doc.text.slice(0, room) : doc.text
  let codeOnly: Set<string> | undefined
  if (code.length === 0) analyzer.count(body, 1, counts, names)
  else {
    const inCode = new Map<string, number>()
    let codeRoom = room
    for (const segment of code) {
      if (codeRoom <= 0) break
      analyzer.count(segment.length > codeRoom ? segment.slice(0, codeRoom) : segment, 1, inCode)
      codeRoom -= segment.length
    }
    const bodyCounts = new Map<string, number>()
    analyzer.count(body, 1, bodyCounts, names)
    codeOnly = new Set()
    // Note: identifiers and handles name what a post is about (`group_by`, the contributors thanked in
    // a release post), so they count in full in code too, unless code is ignored (BENCHMARKS.md:
    // weighing them down lost P@5 on every corpus); other words of code count at `factor`.
    for (const [token, count] of bodyCounts) {
      const coded = Math.min(count, inCode.get(token) ?? 0)
      const weight =
        coded === 0 ? 1 : factor === 0 ? 0 : names.has(token) || identifierLike(token) ? 1 : factor
      if (coded === count && !counts.has(token)) codeOnly.add(token)
      counts.set(token, (counts.get(token) ?? 0) + (count - coded) + coded * weight)
    }
  }
  const prose = (token: string): boolean =>
    !names.has(token) && !identifierLike(token) && (codeOnly === undefined || !codeOnly.has(token))
  // Group surface forms by stem; keep the most frequent form, written in prose if the post has one
  // (ties: shortest, then alphabetical).
  const local = new Map<number, number>()
  const termList: number[] = []
  const tfList: number[] = []
  const surfaceList: string[] = []
  const surfaceCount: number[] = []
  const flagList: number[] = []
  let length = 0
  for (const [token, count] of counts) {
    if (count <= 0) continue
    const stem = analyzer.stem(token)
    if (analyzer.stopped(stem)) continue
    length += count
    const term = termId(stem)
    const flag = prose(token) ? proseFlag : 0
    const at = local.get(term)
    if (at === undefined) {
      local.set(term, termList.length)
      termList.push(term)
      tfList.push(count)
      surfaceList.push(token)
      surfaceCount.push(count)
      flagList.push(flag)
      continue
    }
    tfList[at]! += count
    const best = surfaceList[at]!
    const bestCount = surfaceCount[at]!
    const bestFlag = flagList[at]!
    if (
      flag > bestFlag ||
      (flag === bestFlag &&
        (count > bestCount ||
          (count === bestCount &&
            (token.length < best.length || (token.length === best.length && token < best)))))
    ) {
      surfaceList[at] = token
      surfaceCount[at] = count
      flagList[at] = flag
    }
  }
  const ids = Int32Array.from(termList).sort()
  const tfs = new Float32Array(ids.length)
  const surfaces = new Int32Array(ids.length)
  const flags = new Uint8Array(ids.length)
  for (let i = 0; i < ids.length; i++) {
    const at = local.get(ids[i]!)!
    tfs[i] = tfList[at]!
    surfaces[i] = surfaceId(surfaceList[at]!)
    flags[i] = flagList[at]!
  }
  return { titleTerms: Int32Array.from(titleTerms).sort(), terms: ids, tfs, surfaces, flags, length }
}

import {
  digest,
  knownPostKey,
  leafRepr,
  type MemoPage,
  plain,
  primitiveRepr,
  type Region,
  type RegionTracker,
  symbolNames,
  symbolsByName,
} from './page-memo.js'

/**
 * Replaying what a page's render read (page-memo.ts records it): the same places read from the page's
 * current inputs give the digest the render recorded when the page would render the same.
 */

export const GET = 0
export const HAS = 1
export const KEYS = 2
export const POST = 3

/** A shape compiled for replaying (once per build for the pages that share it). */
export interface CompiledShape {
  from: Int32Array
  kinds: Uint8Array
  keys: Array<string | symbol>
}

/**
 * Compile a `PageReads` shape; `undefined` when it is not one (a damaged record).
 * Note: read in place, without a string per line or per number (a build compiles 1,185 shapes of 570,000
 * lines at 10,000 posts: 100-130 ms with `split` and `Number`, 50-70 ms so).
 */
export function compileShape(shape: string): CompiledShape | undefined {
  let count = 1
  for (let i = shape.indexOf('\n'); i !== -1; i = shape.indexOf('\n', i + 1)) count++
  const from = new Int32Array(count)
  const kinds = new Uint8Array(count)
  const keys: Array<string | symbol> = new Array(count)
  let start = 0
  for (let at = 0; at < count; at++) {
    let end = shape.indexOf('\n', start)
    if (end === -1) end = shape.length
    // The line it is read from: `-1` or digits, then a tab.
    let i = start
    const negative = shape.charCodeAt(i) === 45
    if (negative) i++
    const digits = i
    let parent = 0
    for (let c = shape.charCodeAt(i); c >= 48 && c <= 57; c = shape.charCodeAt(++i))
      parent = parent * 10 + c - 48
    if (i === digits || i - digits > 9 || i >= end || shape.charCodeAt(i) !== 9) return undefined
    if (negative) parent = -parent
    if (parent < -1 || parent >= at) return undefined
    from[at] = parent
    // The key: `?name`, `#name`, `!keys` or a property name (`@@iterator` for the symbol).
    const first = shape.charCodeAt(i + 1)
    let kind = GET
    if (first === 63) kind = HAS
    else if (first === 35) kind = POST
    else if (end - i - 1 === 5 && shape.startsWith('!keys', i + 1)) kind = KEYS
    kinds[at] = kind
    const name = shape.slice(kind === HAS || kind === POST ? i + 2 : i + 1, end)
    keys[at] = first === 64 ? (symbolsByName.get(name) ?? name) : name
    start = end + 1
  }
  return { from, kinds, keys }
}

/**
 * What one build's replays share: each shape's last replay with its inputs. One per build: the site's
 * objects do not change during a build, but may between builds of a process.
 */
export class Replays {
  readonly #last = new Map<
    CompiledShape,
    { inputs: readonly unknown[]; digest: string; track: ReplayTrack | undefined }
  >()

  /**
   * `replayReads(page, shape, track)`: the last replay's digest (and regions) when the last page replayed
   * with this shape had the same inputs (a post's three comment feeds: what a replay reads is the same).
   */
  replay(page: MemoPage, shape: CompiledShape, track?: ReplayTrack): string {
    const last = this.#last.get(shape)
    const { inputs } = page
    if (
      last &&
      last.inputs.length === inputs.length &&
      last.inputs.every((input, i) => input === inputs[i])
    ) {
      if (track && last.track) {
        // Note: the same reads of the same inputs: in the same regions, placed by the last replay if need be.
        for (const region of last.track.deps) track.deps.add(region)
        track.untracked = last.track.untracked
        return last.digest
      }
      if (!track) return last.digest
    }
    const digest = replayReads(page, shape, track)
    this.#last.set(shape, { inputs, digest, track })
    return digest
  }
}

/** What a replay with a tracker collects: the regions its reads went through, as a render would. */
export interface ReplayTrack {
  tracker: RegionTracker
  deps: Set<Region>
  untracked: boolean
}

/** A line's key as written in a shape (`?name`, `#name`, `!keys`, a property name or `@@iterator`). */
function writtenKey(kind: number, key: string | symbol): string {
  const name = typeof key === 'symbol' ? (symbolNames.get(key) ?? '') : key
  return kind === HAS ? `?${name}` : kind === POST ? `#${name}` : kind === KEYS ? '!keys' : name
}

/**
 * Find the regions of a replay's reads (`values`: the value found at each line) as `renderTracked` would:
 * a named object met (first) at a line is a region of the page, and each read is placed: a read from a
 * named object in its region, any other in the region of the line it is read from (as they were placed,
 * unless what the page meets moved: placing is the same either way).
 */
function placeReads(
  page: MemoPage,
  shape: CompiledShape,
  values: readonly unknown[],
  track: ReplayTrack,
): void {
  const { from, kinds, keys } = shape
  const { tracker, deps } = track
  const count = keys.length
  // Per line, the region of its named object (met first there).
  const named: Array<Region | undefined> = new Array(count)
  const seen = new Set<object>()
  for (let at = 0; at < count; at++) {
    if (kinds[at] === POST) {
      // Note: a field of a named post read as its key: the page depends on the post's stamp.
      const post = from[at] === -1 ? undefined : named[from[at]!]
      if (post) deps.add(tracker.keyedRegion(post))
      continue
    }
    const value = from[at] === -1 ? page.inputs[Number(keys[at])] : values[at]
    if (value === null || typeof value !== 'object' || seen.has(value)) continue
    seen.add(value)
    if (leafRepr(value) !== undefined || !plain(value)) continue
    if (from[at] !== -1 && kinds[at] === GET) tracker.noteField(values[from[at]!] as object, keys[at]!, value)
    const region = tracker.regionOf(value)
    if (!region) continue
    named[at] = region
    deps.add(region)
  }
  // Per line, the region the reads from its value go to, and the line there.
  const regions: Array<Region | undefined> = new Array(count)
  const lines = new Int32Array(count)
  for (let at = 0; at < count; at++) {
    const parentAt = from[at]!
    let region: Region | undefined
    let line = -1
    if (parentAt !== -1) {
      region = regions[parentAt]
      if (!region) {
        track.untracked = true
        return
      }
      line = region.place(lines[parentAt]!, writtenKey(kinds[at]!, keys[at]!))
    }
    const own = named[at]
    regions[at] = own ?? region
    lines[at] = own ? -1 : line
  }
}

/**
 * The digest of what a page's recorded reads find in its current inputs: equal to the recorded `hash`
 * when the page would render the same (given the same theme code and settings).
 */
export function replayReads(page: MemoPage, shape: CompiledShape, track?: ReplayTrack): string {
  const { from, kinds, keys } = shape
  const count = keys.length
  const values: unknown[] = new Array(count)
  const reprs: string[] = new Array(count)
  // Note: per line, whether its value is an object read through (`O`, `A`, `O@…`): what it is read from.
  const through = new Uint8Array(count)
  const seen = new Map<object, number>()
  for (let at = 0; at < count; at++) {
    const parentAt = from[at]!
    const key = keys[at]!
    const kind = kinds[at]!
    let value: unknown
    if (parentAt === -1) value = page.inputs[Number(key)]
    else if (through[parentAt] === 0) {
      // Note: what was read through when recorded is not now: its repr differs already.
      value = undefined
    } else if (kind === POST) {
      // Note: not read (a field decoded when first read stays so): the post's key stands for it.
      reprs[at] = `\0post:${knownPostKey(values[parentAt] as object)}#${String(key)}`
      continue
    } else {
      const parent = values[parentAt] as object
      if (kind === GET) value = Reflect.get(parent, key)
      else if (kind === HAS) value = Reflect.has(parent, key)
      else value = Reflect.ownKeys(parent).map(String).join('\t')
    }
    values[at] = value
    if (value === null || typeof value !== 'object') {
      reprs[at] = primitiveRepr(value)
      continue
    }
    const leaf = leafRepr(value)
    if (leaf !== undefined) reprs[at] = leaf
    else if (!plain(value)) reprs[at] = '\0X'
    else {
      through[at] = 1
      const before = seen.get(value)
      if (before !== undefined) reprs[at] = `\0O@${before}`
      else {
        seen.set(value, at)
        reprs[at] = Array.isArray(value) ? '\0A' : '\0O'
      }
    }
  }
  if (track) placeReads(page, shape, values, track)
  return digest(reprs)
}

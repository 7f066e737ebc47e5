import {
  digest,
  knownPostKey,
  leafRepr,
  type PageRegions,
  plain,
  primitiveRepr,
  type Region,
  type RegionTracker,
} from './page-memo.js'
import { type CompiledShape, compileShape, GET, HAS, POST } from './page-replay.js'
import { type RegionTable, type SavedRegions, storedName, writeRegions } from './region-table.js'

/**
 * Regions: the parts of the site that pages read, each under a name that stays across builds (the site,
 * a post, a tag). A render's reads are placed in the regions they were read from (page-memo.ts), so that
 * each region keeps the union of what any page read of it. At the next build every region's union is
 * replayed once (not once per page that read it), and a page whose regions all read the same, with the
 * same inputs, is kept without a replay of its own: at 10,000 posts one edited post's body leaves 2 of
 * 41,245 pages to replay.
 *
 * A region may have a stamp, given with its name, that stands for all of it (a post file's digest, a
 * related list's digest): while its stamp is the saved one it is the same without a replay; when the stamp
 * changed, its union is replayed and compared as any other's (an edit to a post's body leaves the lists
 * that show its title as they were). What a page reads of a post by the post's stamp (its body, its
 * excerpt: page-memo.ts `readAsPost`) is in the post's keyed region, which is its stamp. A field made when
 * first read (a post's related links) can be named: a replay that reaches it reads its name, not its value.
 *
 * Why this is exact: every read of a page is in the region of the nearest named object on its way from
 * the inputs; the region's union holds it at the same place, relative to the named object; a named object
 * met inside a region is read as its name (its reads are in its own region). An object reached from two
 * regions is written in the later one's replay as shared with the first (by the replays' order, which is
 * the table's), so that objects shared or not shared as before show as a change.
 */

/** What a name stands for: an object, or the value of a field (`object[key]`, made when first read). */
interface Holder {
  object: object
  key?: string | symbol
}

/** The names of a site's named objects (`siteRegionNames` in site-regions.ts). */
export class RegionNames {
  readonly #names = new Map<object, string>()
  /** Per name, what it stands for; `null` when two have it (their regions are never clean). */
  readonly #holders = new Map<string, Holder | null>()
  readonly #stamps = new Map<string, string>()
  /** Per object, its named fields (`addField`), by key. */
  readonly #fields = new WeakMap<object, Map<string | symbol, string>>()

  /**
   * Name an object. `stamp`, when given, stands for everything in it (a post from `loadPosts`: its file's
   * digest): while the stamp is the one saved, its region is not replayed.
   */
  add(object: object, name: string, stamp?: string): void {
    if (this.#names.has(object)) return
    const stored = storedName(name)
    this.#names.set(object, stored)
    this.#hold(stored, { object }, stamp)
  }

  /**
   * Name the value of a field, made when first read (a getter: a post's related posts, read from the
   * related cache only for the pages rendered): the value is named when a render or replay reads it, and a
   * region's replay that reaches the field reads its name without making the value. `stamp` as for `add`.
   */
  addField(object: object, key: string | symbol, name: string, stamp?: string): void {
    let fields = this.#fields.get(object)
    if (!fields) {
      fields = new Map()
      this.#fields.set(object, fields)
    }
    if (fields.has(key)) return
    const stored = storedName(name)
    fields.set(key, stored)
    this.#hold(stored, { object, key }, stamp)
  }

  #hold(name: string, holder: Holder, stamp: string | undefined): void {
    this.#holders.set(name, this.#holders.has(name) ? null : holder)
    if (stamp !== undefined) this.#stamps.set(name, storedName(stamp))
  }

  /** The name of the field `object[key]` (`addField`), if it is one. */
  fieldName(object: object, key: string | symbol): string | undefined {
    return this.#fields.get(object)?.get(key)
  }

  /** `value` was read as `parent[key]`: a named field's value takes its name. */
  noteField(parent: object, key: string | symbol, value: object): void {
    const name = this.#fields.get(parent)?.get(key)
    if (name !== undefined && !this.#names.has(value)) this.#names.set(value, name)
  }

  stampOf(name: string): string | undefined {
    return this.#stamps.get(name)
  }

  nameOf(object: object): string | undefined {
    return this.#names.get(object)
  }

  /** Whether one object or field has the name (else its region is never clean). */
  held(name: string): boolean {
    return Boolean(this.#holders.get(name))
  }

  /** The object of a name (a field's value is made, and named, now). */
  objectOf(name: string): object | undefined {
    const holder = this.#holders.get(name)
    if (!holder) return undefined
    if (holder.key === undefined) return holder.object
    const value: unknown = Reflect.get(holder.object, holder.key)
    if (value === null || typeof value !== 'object') return undefined
    this.noteField(holder.object, holder.key, value)
    return value
  }
}

/** A primitive input's region: named by its value, with nothing read in it, always the same. */
const inputPrefix = '='

const inputName = (value: unknown) => storedName(`${inputPrefix}${primitiveRepr(value)}`)

const comma = 44
const semicolon = 59
/** `k` after a region's index in a page's regions: its keyed region (`RegionTracker.keyedRegion`). */
const keyedMark = 107

/** Where the last `readIndex` stopped. */
let indexEnd = 0

/** The index written at `at` (digits; `-1` when there are none), and where it ends in `indexEnd`. */
function readIndex(text: string, at: number): number {
  let value = 0
  let end = at
  for (let c = text.charCodeAt(end); c >= 48 && c <= 57 && end - at < 9; c = text.charCodeAt(++end))
    value = value * 10 + c - 48
  indexEnd = end
  return end === at ? -1 : value
}

/** A stamp that never equals a saved one: the region's object is gone, or two objects have its name. */
const missing = '\0missing'

/** One region of a build: the union of what pages read of it, as lines like a page's shape. */
class UnionRegion implements Region {
  readonly #froms: number[] = []
  readonly #names: string[] = []
  /** Per line (and for the region's object, `#root`), the lines read from it, by key as written. */
  readonly #children: Array<Map<string, number> | undefined> = []
  readonly #root = new Map<string, number>()
  /** The saved shape, until a read is placed (most regions of a build only count as a page's region). */
  #saved: string | undefined
  /** Whether lines were added since the region was read from the last record. */
  grown = false

  constructor(
    readonly index: number,
    readonly name: string,
    shape?: string,
  ) {
    this.#saved = shape
  }

  #read(): void {
    const shape = this.#saved
    this.#saved = undefined
    if (shape === undefined || shape === '') return
    for (const line of shape.split('\n')) {
      const tab = line.indexOf('\t')
      this.place(Number(line.slice(0, tab)), line.slice(tab + 1))
    }
    this.grown = false
  }

  place(from: number, name: string): number {
    if (this.#saved !== undefined) this.#read()
    let children = from === -1 ? this.#root : this.#children[from]
    if (!children) {
      children = new Map()
      this.#children[from] = children
    }
    let at = children.get(name)
    if (at === undefined) {
      this.#froms.push(from)
      at = this.#names.push(name) - 1
      children.set(name, at)
      this.grown = true
    }
    return at
  }

  get size(): number {
    if (this.#saved !== undefined) this.#read()
    return this.#names.length
  }

  shape(): string {
    if (this.#saved !== undefined) this.#read()
    const froms = this.#froms
    return this.#names.map((name, at) => `${froms[at]}\t${name}`).join('\n')
  }
}

/**
 * The regions of one build beside the last build's (`saved`, with the last record's `shapes`): names the
 * site's regions for `renderTracked` and replays, tells whether a page's regions read the same as in the
 * last build (`unchanged`), and gives the regions to save (`save`).
 */
export class RegionBook implements RegionTracker {
  readonly #names: RegionNames
  readonly #saved: RegionTable
  readonly #savedShapes: readonly string[]
  /** Per region (by index), its union once asked for (read from its saved shape then). */
  readonly #regions: Array<UnionRegion | undefined> = []
  readonly #indexes = new Map<string, number>()
  readonly #regionNames: string[] = []
  /** Per region, the digest of what its union reads in this build, once replayed; per region of `saved`,
   * whether it reads the same as then. */
  readonly #digests: Array<string | undefined> = []
  #same: boolean[] | undefined
  /** Per saved region, whether it has a stamp and it is the saved one (set with `#same`). */
  #stampSame: boolean[] = []
  /** The keyed region of each region that has one (`keyedRegion`), by index. */
  readonly #keyed = new Map<number, Region>()
  /** Per object read in a region's replay, the first region (by index) that read it. */
  readonly #owners = new Map<object, number>()
  readonly #compile: (shape: string) => CompiledShape | undefined

  constructor(options: {
    names: RegionNames
    saved?: RegionTable | undefined
    savedShapes?: readonly string[] | undefined
    compile?: (shape: string) => CompiledShape | undefined
  }) {
    this.#names = options.names
    this.#saved = options.saved ?? { names: [], shapes: new Int32Array(0), digests: [], stamps: [] }
    this.#savedShapes = options.savedShapes ?? []
    this.#compile = options.compile ?? compileShape
    for (const [index, name] of this.#saved.names.entries()) {
      this.#indexes.set(name, index)
      this.#regionNames.push(name)
    }
  }

  /** The saved union of region `index` (`undefined`: none, or a region new in this build). */
  #savedShape(index: number): string | undefined {
    const shape = index < this.#saved.names.length ? this.#saved.shapes[index]! : -1
    return shape === -1 ? undefined : this.#savedShapes[shape]
  }

  regionOf(value: object): Region | undefined {
    const name = this.#names.nameOf(value)
    return name === undefined ? undefined : this.#region(name)
  }

  inputRegion(value: unknown): Region {
    return this.#region(inputName(value))
  }

  /** The region of `name`, made (after the saved ones) when it is new. */
  #region(name: string): UnionRegion {
    let index = this.#indexes.get(name)
    if (index === undefined) {
      index = this.#regionNames.push(name) - 1
      this.#indexes.set(name, index)
    }
    let region = this.#regions[index]
    if (!region) {
      region = new UnionRegion(index, name, this.#savedShape(index))
      this.#regions[index] = region
    }
    return region
  }

  /**
   * The page's regions as saved with it: `<inputs>;<deps>`, region indexes joined by commas (a keyed
   * region's index with `k`).
   */
  written(regions: PageRegions): string {
    const inputs = regions.inputs.map((region) => region.index).join(',')
    const deps = [...regions.deps].map((region) => (region.keyed ? `${region.index}k` : region.index))
    return `${inputs};${deps.join(',')}`
  }

  /**
   * Whether a page whose regions were saved as `written` (with the last build's regions) has the same
   * inputs now and every region of it reads the same as then (its reads would find what they found).
   */
  unchanged(inputs: readonly unknown[], written: string): boolean {
    const same = this.#sameAsSaved()
    // Note: read in place, without a string per index (41,245 pages at 10,000 posts).
    let at = 0
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]
      const name = input !== null && typeof input === 'object' ? this.#names.nameOf(input) : inputName(input)
      const index = name === undefined ? undefined : this.#indexes.get(name)
      if (index === undefined || readIndex(written, at) !== index) return false
      if (written.charCodeAt(indexEnd) !== (i === inputs.length - 1 ? semicolon : comma)) return false
      at = indexEnd + 1
    }
    if (inputs.length === 0) return false
    if (at === written.length) return true
    for (;;) {
      const value = readIndex(written, at)
      if (value === -1) return false
      if (written.charCodeAt(indexEnd) === keyedMark) {
        if (this.#stampSame[value] !== true) return false
        indexEnd++
      } else if (same[value] !== true) return false
      if (indexEnd === written.length) return true
      if (written.charCodeAt(indexEnd) !== comma) return false
      at = indexEnd + 1
    }
  }

  /**
   * Per saved region, whether it reads the same now: a region with a stamp when the stamp is the saved one
   * (`#stampSame`, also what its keyed region is), any other when its union, replayed (once, in the table's
   * order), finds what it found.
   */
  #sameAsSaved(): boolean[] {
    if (this.#same) return this.#same
    const steps = this.#comparing()
    let step = steps.next()
    while (!step.done) step = steps.next()
    return step.value
  }

  /**
   * Compare the regions with the saved ones now (what `unchanged` asks first), pausing where `pause` says:
   * a dev server answers the browser meanwhile (at 10,000 posts this is 0.1-0.2 s of work).
   */
  async compare(pause: () => Promise<void> | undefined): Promise<void> {
    const steps = this.#comparing()
    for (let step = steps.next(); !step.done; step = steps.next()) {
      const paused = pause()
      if (paused) await paused
    }
  }

  /** `#sameAsSaved`, a region at a time: each `yield` is a place to pause. */
  *#comparing(): Generator<void, boolean[]> {
    if (this.#same) return this.#same
    const { names, digests, stamps } = this.#saved
    this.#stampSame = names.map((name, index) => {
      const saved = stamps[index]!
      return saved !== '' && this.#names.held(name) && this.#names.stampOf(name) === saved
    })
    const same: boolean[] = new Array(names.length)
    for (const [index, name] of names.entries()) {
      if (!name.startsWith(inputPrefix) && !this.#names.held(name)) same[index] = false
      else if (this.#stampSame[index]) same[index] = true
      else {
        const now = this.#digest(index, name, this.#savedShape(index))
        same[index] = now === digests[index] && now !== missing
        yield
      }
    }
    this.#same = same
    return same
  }

  /** The digest of what region `index`'s union (`shape`) finds in the site now (once per build). */
  #digest(index: number, name: string, shape: string | undefined): string {
    const known = this.#digests[index]
    if (known !== undefined) return known
    let digest: string
    if (name.startsWith(inputPrefix)) digest = ''
    else {
      const compiled = shape === undefined ? undefined : this.#compile(shape)
      // Note: asked for after the stamp (which needs no object): a named field's value is made only now.
      const object = this.#names.objectOf(name)
      digest =
        object === undefined || (shape !== undefined && compiled === undefined)
          ? missing
          : compiled === undefined
            ? ''
            : this.#replay(index, object, compiled)
    }
    this.#digests[index] = digest
    return digest
  }

  /** Replay a region's union on its object: the digest of what it finds (see the file's comment). */
  #replay(index: number, object: object, shape: CompiledShape): string {
    const { from, kinds, keys } = shape
    const count = keys.length
    const values: unknown[] = new Array(count)
    const reprs: string[] = new Array(count)
    const through = new Uint8Array(count)
    const seen = new Map<object, number>()
    const names = this.#names
    const stamped = names.stampOf(this.#regionNames[index]!) !== undefined
    for (let at = 0; at < count; at++) {
      const parentAt = from[at]!
      const key = keys[at]!
      const kind = kinds[at]!
      const parent =
        parentAt === -1 ? object : through[parentAt] === 1 ? (values[parentAt] as object) : undefined
      if (parent === undefined) {
        reprs[at] = primitiveRepr(undefined)
        continue
      }
      if (kind === POST) {
        // Note: read of the region's own object by its stamp: its keyed region stands for it.
        reprs[at] =
          parentAt === -1 && stamped
            ? `\0post#${String(key)}`
            : `\0post:${knownPostKey(parent)}#${String(key)}`
        continue
      }
      if (kind === GET) {
        // Note: a named field is read as its name, without making its value (its reads are its region's).
        const field = names.fieldName(parent, key)
        if (field !== undefined) {
          reprs[at] = `\0N${field}`
          continue
        }
      }
      const value =
        kind === GET
          ? Reflect.get(parent, key)
          : kind === HAS
            ? Reflect.has(parent, key)
            : Reflect.ownKeys(parent).map(String).join('\t')
      values[at] = value
      reprs[at] = this.#repr(index, value, at, seen, through)
    }
    return digest(reprs)
  }

  /** The repr of a value in region `index`'s replay (see `#replay`); marks `through` for objects read on. */
  #repr(index: number, value: unknown, at: number, seen: Map<object, number>, through: Uint8Array): string {
    if (value === null || typeof value !== 'object') return primitiveRepr(value)
    const name = this.#names.nameOf(value)
    if (name !== undefined) return `\0N${name}`
    const leaf = leafRepr(value)
    if (leaf !== undefined) return leaf
    if (!plain(value)) return '\0X'
    through[at] = 1
    const before = seen.get(value)
    if (before !== undefined) return `\0O@${before}`
    seen.set(value, at)
    const owner = this.#owners.get(value)
    let shared = ''
    if (owner === undefined) this.#owners.set(value, index)
    else if (owner !== index) shared = `\0S${this.#regionNames[owner]}`
    return `${Array.isArray(value) ? '\0A' : '\0O'}${shared}`
  }

  /**
   * The regions to save with this build's record: the saved ones (same indexes, so that the pages kept
   * with their lines as read keep theirs), then the new ones, each with its union's shape (`shapeOf`: its
   * index in the record's `shapes`), the digest of what it reads now and its stamp.
   */
  save(shapeOf: (shape: string) => number): { saved: SavedRegions; table: RegionTable } {
    // Note: the saved regions are replayed first, in order, when no page was kept (a first build).
    const same = this.#saved.names.length > 0 ? this.#sameAsSaved() : []
    const shapes: number[] = []
    const digests: string[] = []
    const stamps: string[] = []
    for (const [index, name] of this.#regionNames.entries()) {
      const region = this.#regions[index]
      const known = index < this.#saved.names.length
      let text: string | undefined
      let digest: string
      if (known && !region?.grown) {
        text = this.#savedShape(index)
        digest = same[index] ? this.#saved.digests[index]! : this.#digest(index, name, text)
      } else {
        text = !region || region.size === 0 ? undefined : region.shape()
        this.#digests[index] = undefined
        digest = this.#digest(index, name, text)
      }
      shapes.push(text === undefined ? -1 : shapeOf(text))
      digests.push(digest)
      stamps.push(this.#names.stampOf(name) ?? '')
    }
    const table = { names: [...this.#regionNames], shapes: Int32Array.from(shapes), digests, stamps }
    return { saved: writeRegions(table), table }
  }

  noteField(parent: object, key: string | symbol, value: object): void {
    this.#names.noteField(parent, key, value)
  }

  keyedRegion(region: Region): Region {
    let keyed = this.#keyed.get(region.index)
    if (!keyed) {
      keyed = {
        index: region.index,
        name: region.name,
        keyed: true,
        place: () => {
          throw new Error(`Expected no read placed in the keyed region of ${region.name}`)
        },
      }
      this.#keyed.set(region.index, keyed)
    }
    return keyed
  }
}

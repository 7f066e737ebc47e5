import { createHash, type Hash, hash } from 'node:crypto'
import type { Post } from '@blogkit/post'
import { postFileState } from '@blogkit/post/node'

/**
 * What a page of the site is rendered from: `render(...inputs)` (`sitePages` of the theme). The memo
 * records what a render read of its inputs, so that a later build knows, without rendering, whether
 * the page would come out the same: it reads the same places of the new inputs and compares.
 */
export interface MemoPage {
  inputs: readonly unknown[]
  render: (...inputs: never[]) => string
}

/**
 * What a render read: `shape`, the places read in order (one line each: the index of the line of the
 * object it was read from, or `-1` for an input, a tab, and the key: a property name, an input's index,
 * `?name` for an `in` test, `!keys` for the list of keys), and `hash`, a digest of the values found.
 * Pages that read the same places share a shape (the build record keeps each shape once).
 */
export interface PageReads {
  hash: string
  shape: string
  /**
   * With a `RegionTracker`: the regions of the page's inputs, in order, and every region its reads went
   * through (regions.ts); `undefined` when a read was not in a region (an input that is neither named nor
   * a primitive).
   */
  regions?: PageRegions | undefined
}

/**
 * A part of the site read by many pages, named across builds (the site, a post, a tag: regions.ts): the
 * memo places each read of a page in the region it was read from, so that a page whose regions all read
 * the same as in the last build is kept without a replay of its own.
 */
export interface Region {
  readonly index: number
  readonly name: string
  /** Set on a keyed region (`RegionTracker.keyedRegion`), which has the index of its object's. */
  readonly keyed?: boolean
  /** The line of the read of `name` (as written in a shape) from the line `from` (`-1`: the region's object). */
  place(from: number, name: string): number
}

/** What names the regions of a build's site (regions.ts: `RegionBook`). */
export interface RegionTracker {
  /** The region of a named object (the site, a post, a tag), else `undefined`. */
  regionOf(value: object): Region | undefined
  /** The region that stands for a primitive input (its value is its name). */
  inputRegion(value: unknown): Region
  /**
   * Note that `value` was read as `parent[key]`: when that field is named (a value made when first read,
   * see `RegionNames.addField`), `value` is named by it from now on.
   */
  noteField(parent: object, key: string | symbol, value: object): void
  /**
   * The region that stands for what is read of a stamped region's object by its stamp (a post's fields
   * read as its file's digest, `#name`): a page that reads such a field depends on it, and the object's
   * own region then reads the same whatever its stamp (so pages that read its title only are kept).
   */
  keyedRegion(region: Region): Region
}

/** The regions of a page's inputs, and every region its reads went through. */
export interface PageRegions {
  inputs: Region[]
  deps: Set<Region>
}

/** Objects read as a whole by an identity: dates. */
function identity(value: object): string | undefined {
  return value instanceof Date ? `\0date:${value.getTime()}` : undefined
}

/** A post from `loadPosts`: its `postKey`, and per field whether it is read as that key (`readAsPost`). */
interface PostInfo {
  key: string
  fields: Map<string | symbol, boolean>
}

/** What is known of the objects met so far (`false`: not a post from `loadPosts`). */
const postInfos = new WeakMap<object, PostInfo | false>()

/** The `PostInfo` of a post from `loadPosts`, kept per object; `undefined` for other objects. */
function postInfo(value: object): PostInfo | undefined {
  let info = postInfos.get(value)
  if (info === undefined) {
    const key = postKey(value as Post)
    info = key === undefined ? false : { key, fields: new Map() }
    postInfos.set(value, info)
  }
  return info === false ? undefined : info
}

/** `postKey`, kept per object. */
export const knownPostKey = (value: object): string | undefined => postInfo(value)?.key

/**
 * Whether a field of a post from `loadPosts` is read as the post's key (`\0post:<key>#<field>`) instead of
 * by value: a field decoded from the cache when first read (a getter: the replay does not decode it),
 * and any field whose value is big or not a primitive (body, excerpt, headings, images, tags, reading
 * time). The post's file decides them all, so either way is exact; titles, dates and paths are read by
 * value, so that a list of posts does not change when a post's body does. Kept per post and field
 * (posts do not change), so that every page that reads a field reads it the same way.
 */
function readAsPost(post: object, info: PostInfo, key: string | symbol): boolean {
  let known = info.fields.get(key)
  if (known === undefined) {
    known = fieldIsPostKey(post, key)
    info.fields.set(key, known)
  }
  return known
}

function fieldIsPostKey(post: object, key: string | symbol): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(post, key)
  if (!descriptor) return false
  if (!('value' in descriptor)) return true
  const { value } = descriptor
  return typeof value === 'string'
    ? value.length > 200
    : value !== null && typeof value === 'object' && !(value instanceof Date)
}

/**
 * What stands for a post from `loadPosts`: its file's digest (its bytes, the parse options and the
 * package version) and its file name (slugs and dates may come from it); `undefined` for other posts.
 */
export function postKey(post: Post): string | undefined {
  const state = postFileState(post)
  return state ? `${state.digest}:${post.path ?? ''}` : undefined
}

export const plain = (value: object) => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === Array.prototype || proto === null
}

const isPrimitive = (value: unknown) =>
  value === null || (typeof value !== 'object' && typeof value !== 'function')

/**
 * The repr of a primitive. Reprs are joined with `\0` and hashed, so each must be told apart from any
 * other sequence: a string without `\0` is its own repr (no copy: most values read are short strings),
 * anything else starts with `\0` (a string with `\0` or an empty one gives its length first).
 */
export function primitiveRepr(value: unknown): string {
  if (typeof value === 'string')
    return value !== '' && !value.includes('\0') ? value : `\0s${value.length}:${value}`
  if (value === null) return '\0null'
  // Note: functions are the theme's code (its version is part of the build record), not content.
  return typeof value === 'function' ? '\0f' : `\0${typeof value}:${String(value)}`
}

/** The repr of an object read as a whole (an identity, or a list of primitives), else `undefined`. */
export function leafRepr(value: object): string | undefined {
  const id = identity(value)
  if (id !== undefined) return id
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && value.every(isPrimitive))
    return `\0[${value.length}:${value.map(primitiveRepr).join('\0')}]`
  return undefined
}

/**
 * How the value read at line `at` is told apart: primitives and leaves by their value, other plain objects
 * by a mark (`O`, `A`, or `O@<line>` for one read before at another line, so that `a.next.previous` being
 * `a` again is part of what was read), anything else as `X` (never replayed). `seen` is the objects marked
 * so far, with their lines.
 */
function repr(value: unknown, at: number, seen: Map<object, number>): string {
  if (value === null || typeof value !== 'object') return primitiveRepr(value)
  const leaf = leafRepr(value)
  if (leaf !== undefined) return leaf
  if (!plain(value)) return '\0X'
  const before = seen.get(value)
  if (before !== undefined) return `\0O@${before}`
  seen.set(value, at)
  return Array.isArray(value) ? '\0A' : '\0O'
}

// Note: `hash` is one call for a string (Node.js 20.12); `createHash` cost a quarter of a replay.
// A render's reads are digested by `ReadsDigest`, which must give the same value: change both together.
export const digest = (reprs: readonly string[]) => hash('sha1', reprs.join('\0'), 'base64url')

/** Characters of reprs `ReadsDigest` joins before it hashes them. */
const digestChunk = 16_384

/**
 * `digest` of reprs given one at a time, without keeping them: a render that reads tens of thousands of
 * places (an archive, the sitemap) lives through many scavenges, and whatever it keeps until it ends is
 * promoted to the old generation, where no major GC collects it before the build ends. Joined in chunks
 * and hashed as they fill: the same bytes in the same order as `digest`'s `join`, so the same digest.
 */
class ReadsDigest {
  #text = ''
  #count = 0
  #hash: Hash | undefined

  add(repr: string): void {
    this.#text = this.#count++ === 0 ? repr : `${this.#text}\0${repr}`
    if (this.#text.length < digestChunk) return
    this.#hash ??= createHash('sha1')
    this.#hash.update(this.#text)
    this.#text = ''
  }

  digest(): string {
    return this.#hash
      ? this.#hash.update(this.#text).digest('base64url')
      : hash('sha1', this.#text, 'base64url')
  }
}

export const symbolNames = new Map<symbol, string>([[Symbol.iterator, '@@iterator']])
export const symbolsByName = new Map([...symbolNames].map(([symbol, name]) => [name, symbol]))

/** A property key as it is written in a shape (`undefined`: not one this memo can replay). */
function keyName(key: string | symbol): string | undefined {
  if (typeof key === 'symbol') return symbolNames.get(key)
  return key.includes('\t') || key.includes('\n') || /^[!?#]|^@@/.test(key) ? undefined : key
}

/**
 * `?name` and `#name` by name, made once instead of once per place read (a page keeps its places' names
 * until it ends). Emptied when one grows past `markedKept` (a theme testing keys of its content).
 */
const hasNames = new Map<string, string>()
const postNames = new Map<string, string>()
const markedKept = 10_000

function marked(names: Map<string, string>, mark: string, name: string): string {
  let written = names.get(name)
  if (written === undefined) {
    if (names.size >= markedKept) names.clear()
    written = `${mark}${name}`
    names.set(name, written)
  }
  return written
}

/**
 * The places read so far from one line (an object read through, or the inputs): gets by property key,
 * `in` tests and post fields (`?name`, `#name`) by key as written, the list of keys.
 */
class Places {
  /**
   * The first three gets (`[key, line, key, line, key, line]`), the rest in `moreGets`.
   * Note: most objects are read by one to three keys; an array of six costs 96 bytes, a Map of a few
   * entries 184, and a page keeps them until it ends (10,000 posts read by an archive, promoted).
   */
  gets: Array<string | symbol | number | undefined> | undefined
  moreGets: Map<string | symbol, number> | undefined
  others: Map<string, number> | undefined
  keysAt: number | undefined
  /** The region the object of this line is read in, and its line there (`-1`: the region's object). */
  region: Region | undefined
  regionAt = -1
  constructor(readonly at: number) {}

  /** The line of the get of `key` from this line, if it was read. */
  getAt(key: string | symbol): number | undefined {
    const { gets } = this
    if (gets === undefined) return undefined
    if (gets[0] === key) return gets[1] as number
    if (gets[2] === key) return gets[3] as number
    if (gets[4] === key) return gets[5] as number
    return this.moreGets?.get(key)
  }

  /** Note the line `at` of the get of `key`, not read before from this line. */
  setAt(key: string | symbol, at: number): void {
    const { gets } = this
    if (gets === undefined) this.gets = [key, at, undefined, undefined, undefined, undefined]
    else if (gets[2] === undefined) {
      gets[2] = key
      gets[3] = at
    } else if (gets[4] === undefined) {
      gets[4] = key
      gets[5] = at
    } else {
      this.moreGets ??= new Map()
      this.moreGets.set(key, at)
    }
  }
}

/**
 * One render's reads: one line per place read (once: the inputs do not change during a render).
 * Note: a get, the most frequent read, looks its place up by the property key as given; its key is
 * checked and written out (`keyName`) only for a new place, once per page.
 */
class Session {
  /** Per line: the line it was read from, and its key as written in the shape. */
  readonly froms: number[] = []
  readonly names: string[] = []
  /** The reprs of the values read, one per line (hashed as they come: see `ReadsDigest`). */
  readonly reprs = new ReadsDigest()
  readonly inputs = new Places(-1)
  readonly seen = new Map<object, number>()
  /** What the render was given for each object: its tracked view, or the object itself (a leaf). */
  readonly views = new Map<object, object>()
  /** Set when the render read something this memo cannot replay (the page is then rendered every time). */
  opaque = false
  /** With a tracker: per line, the region it was read in and its line there (see `Places.region`). */
  readonly lineRegions: Array<Region | undefined> = []
  readonly lineUnions: number[] = []
  /** With a tracker: the regions read through, and whether a read was in none. */
  readonly deps = new Set<Region>()
  untracked = false

  constructor(readonly tracker?: RegionTracker | undefined) {}

  /** Record a new place: `name` (as written in the shape) read from the line of `places`, with its repr. */
  add(places: Places, name: string, valueRepr: string): number {
    this.froms.push(places.at)
    this.reprs.add(valueRepr)
    const at = this.names.push(name) - 1
    if (this.tracker) {
      const { region } = places
      if (region) {
        this.lineRegions[at] = region
        this.lineUnions[at] = region.place(places.regionAt, name)
      } else if (places !== this.inputs) this.untracked = true
    }
    return at
  }

  /** Where the reads from the object of line `at` go: its own region when it is named, else the line's. */
  placeView(view: Places, value: object, at: number): void {
    const named = this.tracker?.regionOf(value)
    if (named) {
      this.deps.add(named)
      view.region = named
    } else if (this.tracker) {
      view.region = this.lineRegions[at]
      view.regionAt = this.lineUnions[at] ?? -1
    }
  }

  /** The places read, one line each (`<from>\t<key>`). */
  shape(): string {
    const { froms } = this
    return this.names.map((name, at) => `${froms[at]}\t${name}`).join('\n')
  }

  /** Record a read of `key` from the line of `places`, and give its value. */
  read(places: Places, key: string | symbol, value: unknown): unknown {
    let at = places.getAt(key)
    if (at === undefined) {
      const name = keyName(key)
      if (name === undefined) {
        this.opaque = true
        return value
      }
      at = this.add(places, name, repr(value, this.names.length, this.seen))
      places.setAt(key, at)
    }
    return this.wrap(value, at)
  }

  /** Record an `in` test (`?name`) once. */
  has(places: Places, key: string | symbol, result: boolean): void {
    const name = keyName(key)
    if (name === undefined) this.opaque = true
    else this.other(places, marked(hasNames, '?', name), primitiveRepr(result))
  }

  /** Record a read of a post's field as the post's key (`#name`, see `readAsPost`) once. */
  readPost(places: Places, key: string | symbol, post: string): void {
    const name = keyName(key)
    if (name === undefined) this.opaque = true
    else {
      this.other(places, marked(postNames, '#', name), `\0post:${post}#${name}`)
      if (this.tracker && places.region && places.regionAt === -1)
        this.deps.add(this.tracker.keyedRegion(places.region))
    }
  }

  /** Record the place `written` (`?name`, `#name`) of `places` with `valueRepr`, unless it was. */
  other(places: Places, written: string, valueRepr: string): void {
    places.others ??= new Map()
    if (!places.others.has(written)) places.others.set(written, this.add(places, written, valueRepr))
  }

  /** What a render gets for a value it read: a tracked view of plain data, the value itself otherwise. */
  wrap(value: unknown, at: number): unknown {
    if (value === null || typeof value !== 'object') return value
    // Note: one view per object, so that a template's `a === b` answers as on the objects themselves.
    const known = this.views.get(value)
    if (known !== undefined) return known
    if (leafRepr(value) !== undefined) {
      this.views.set(value, value)
      return value
    }
    if (!plain(value)) {
      // Note: a Map, Set or class instance keeps its state in internal slots a proxy cannot watch.
      this.opaque = true
      return value
    }
    const handler = new View(this, at, postInfo(value))
    this.placeView(handler, value, at)
    const view = new Proxy(value, handler)
    this.views.set(value, view)
    return view
  }
}

/**
 * The proxy handler of an object read at line `at`, with the places read from it (`post`: what is known
 * of it when it is a post from `loadPosts`).
 */
class View extends Places implements ProxyHandler<object> {
  constructor(
    readonly session: Session,
    at: number,
    readonly post: PostInfo | undefined,
  ) {
    super(at)
  }

  get(object: object, key: string | symbol): unknown {
    const { post } = this
    if (post !== undefined && readAsPost(object, post, key)) {
      this.session.readPost(this, key, post.key)
      return Reflect.get(object, key)
    }
    const value = Reflect.get(object, key)
    if (value !== null && typeof value === 'object') this.session.tracker?.noteField(object, key, value)
    return this.session.read(this, key, value)
  }

  has(object: object, key: string | symbol): boolean {
    const result = Reflect.has(object, key)
    this.session.has(this, key, result)
    return result
  }

  ownKeys(object: object): ArrayLike<string | symbol> {
    const keys = Reflect.ownKeys(object)
    this.keysAt ??= this.session.add(this, '!keys', primitiveRepr(keys.map(String).join('\t')))
    return keys
  }
}

/**
 * Render a page, recording what it read. `reads` is `undefined` when the page read something that cannot
 * be replayed (a Map, a class instance): it is then rendered on every build.
 */
export function renderTracked(
  page: MemoPage,
  tracker?: RegionTracker,
): { body: string; reads: PageReads | undefined } {
  const session = new Session(tracker)
  const inputs = page.inputs.map((input, index) => session.read(session.inputs, String(index), input))
  const body = (page.render as (...inputs: unknown[]) => string)(...inputs)
  if (session.opaque) return { body, reads: undefined }
  const regions = tracker && !session.untracked ? pageRegions(page, tracker, session.deps) : undefined
  return { body, reads: { hash: session.reprs.digest(), shape: session.shape(), regions } }
}

/** The regions of a page: its inputs' (named objects, primitives) and `deps`; `undefined` for another input. */
export function pageRegions(
  page: MemoPage,
  tracker: RegionTracker,
  deps: Set<Region>,
): PageRegions | undefined {
  const inputs: Region[] = []
  for (const input of page.inputs) {
    const region =
      input !== null && typeof input === 'object' ? tracker.regionOf(input) : tracker.inputRegion(input)
    if (!region) return undefined
    inputs.push(region)
  }
  return { inputs, deps }
}

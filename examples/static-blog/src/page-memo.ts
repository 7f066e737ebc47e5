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
const knownPostKey = (value: object): string | undefined => postInfo(value)?.key

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

const plain = (value: object) => {
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
function primitiveRepr(value: unknown): string {
  if (typeof value === 'string')
    return value !== '' && !value.includes('\0') ? value : `\0s${value.length}:${value}`
  if (value === null) return '\0null'
  // Note: functions are the theme's code (its version is part of the build record), not content.
  return typeof value === 'function' ? '\0f' : `\0${typeof value}:${String(value)}`
}

/** The repr of an object read as a whole (an identity, or a list of primitives), else `undefined`. */
function leafRepr(value: object): string | undefined {
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
const digest = (reprs: readonly string[]) => hash('sha1', reprs.join('\0'), 'base64url')

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

const symbolNames = new Map<symbol, string>([[Symbol.iterator, '@@iterator']])
const symbolsByName = new Map([...symbolNames].map(([symbol, name]) => [name, symbol]))

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

  /** Record a new place: `name` (as written in the shape) read from the line `from`, with its repr. */
  add(from: number, name: string, valueRepr: string): number {
    this.froms.push(from)
    this.reprs.add(valueRepr)
    return this.names.push(name) - 1
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
      at = this.add(places.at, name, repr(value, this.names.length, this.seen))
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
    else this.other(places, marked(postNames, '#', name), `\0post:${post}#${name}`)
  }

  /** Record the place `written` (`?name`, `#name`) of `places` with `valueRepr`, unless it was. */
  other(places: Places, written: string, valueRepr: string): void {
    places.others ??= new Map()
    if (!places.others.has(written)) places.others.set(written, this.add(places.at, written, valueRepr))
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
    const view = new Proxy(value, new View(this, at, postInfo(value)))
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
    return this.session.read(this, key, Reflect.get(object, key))
  }

  has(object: object, key: string | symbol): boolean {
    const result = Reflect.has(object, key)
    this.session.has(this, key, result)
    return result
  }

  ownKeys(object: object): ArrayLike<string | symbol> {
    const keys = Reflect.ownKeys(object)
    this.keysAt ??= this.session.add(this.at, '!keys', primitiveRepr(keys.map(String).join('\t')))
    return keys
  }
}

/**
 * Render a page, recording what it read. `reads` is `undefined` when the page read something that cannot
 * be replayed (a Map, a class instance): it is then rendered on every build.
 */
export function renderTracked(page: MemoPage): { body: string; reads: PageReads | undefined } {
  const session = new Session()
  const inputs = page.inputs.map((input, index) => session.read(session.inputs, String(index), input))
  const body = (page.render as (...inputs: unknown[]) => string)(...inputs)
  if (session.opaque) return { body, reads: undefined }
  return { body, reads: { hash: session.reprs.digest(), shape: session.shape() } }
}

const GET = 0
const HAS = 1
const KEYS = 2
const POST = 3

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
  readonly #last = new Map<CompiledShape, { inputs: readonly unknown[]; digest: string }>()

  /**
   * `replayReads(page, shape)`: the last replay's digest when the last page replayed with this shape had
   * the same inputs (a post's three comment feeds: what a replay reads is the same).
   */
  replay(page: MemoPage, shape: CompiledShape): string {
    const last = this.#last.get(shape)
    const { inputs } = page
    if (last && last.inputs.length === inputs.length && last.inputs.every((input, i) => input === inputs[i]))
      return last.digest
    const digest = replayReads(page, shape)
    this.#last.set(shape, { inputs, digest })
    return digest
  }
}

/**
 * The digest of what a page's recorded reads find in its current inputs: equal to the recorded `hash`
 * when the page would render the same (given the same theme code and settings).
 */
export function replayReads(page: MemoPage, shape: CompiledShape): string {
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
  return digest(reprs)
}

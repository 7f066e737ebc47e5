import { hash } from 'node:crypto'
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
  return value instanceof Date ? `date:${value.getTime()}` : undefined
}

/** `postKey` of the posts from `loadPosts` met so far (`false`: not such a post). */
const postKeys = new WeakMap<object, string | false>()

/** `postKey`, kept per object. */
function knownPostKey(value: object): string | undefined {
  let key = postKeys.get(value)
  if (key === undefined) {
    key = postKey(value as Post) ?? false
    postKeys.set(value, key)
  }
  return key === false ? undefined : key
}

/**
 * Whether a field of a post from `loadPosts` is read as the post's key (`post:<key>#<field>`) instead of
 * by value: a field decoded from the cache when first read (a getter: the replay does not decode it),
 * and any field whose value is big or not a primitive (body, excerpt, headings, images, tags, reading
 * time). The post's file decides them all, so either way is exact; titles, dates and paths are read by
 * value, so that a list of posts does not change when a post's body does.
 */
function readAsPost(post: object, key: string | symbol): boolean {
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

function primitiveRepr(value: unknown): string {
  if (typeof value === 'string') return `s${value.length}:${value}`
  if (value === null) return 'null'
  // Note: functions are the theme's code (its version is part of the build record), not content.
  return typeof value === 'function' ? 'f' : `${typeof value}:${String(value)}`
}

/** The repr of an object read as a whole (an identity, or a list of primitives), else `undefined`. */
function leafRepr(value: object): string | undefined {
  const id = identity(value)
  if (id !== undefined) return id
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && value.every(isPrimitive))
    return `[${value.length}:${value.map(primitiveRepr).join('\0')}]`
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
  if (!plain(value)) return 'X'
  const before = seen.get(value)
  if (before !== undefined) return `O@${before}`
  seen.set(value, at)
  return Array.isArray(value) ? 'A' : 'O'
}

/** Whether a repr is of an object read through (`O`, `A`, `O@…`). */
const readThrough = (repr: string) => repr === 'O' || repr === 'A' || repr.startsWith('O@')

// Note: `hash` is one call for a string (Node.js 20.12); `createHash` cost a quarter of a replay.
const digest = (reprs: readonly string[]) => hash('sha1', reprs.join('\0'), 'base64url')

const symbolNames = new Map<symbol, string>([[Symbol.iterator, '@@iterator']])
const symbolsByName = new Map([...symbolNames].map(([symbol, name]) => [name, symbol]))

/** A property key as it is written in a shape (`undefined`: not one this memo can replay). */
function keyName(key: string | symbol): string | undefined {
  if (typeof key === 'symbol') return symbolNames.get(key)
  return key.includes('\t') || key.includes('\n') || /^[!?#]|^@@/.test(key) ? undefined : key
}

/** One render's reads: one line per place read (once: the inputs do not change during a render). */
class Session {
  readonly lines: string[] = []
  readonly reprs: string[] = []
  readonly seen = new Map<object, number>()
  readonly places = new Map<string, number>()
  readonly proxies = new Map<object, object>()
  /** Set when the render read something this memo cannot replay (the page is then rendered every time). */
  opaque = false

  /** Record a read of `key` from the object read at line `from` (`-1`: the inputs), and give its value. */
  read(from: number, key: string, value: unknown): unknown {
    const line = `${from}\t${key}`
    let at = this.places.get(line)
    if (at === undefined) {
      at = this.lines.push(line) - 1
      this.places.set(line, at)
      this.reprs.push(repr(value, at, this.seen))
    }
    return this.wrap(value, at)
  }

  /** Record a read of a post's field as the post's key (`readAsPost`). */
  readPost(from: number, key: string, post: string): void {
    const line = `${from}\t#${key}`
    if (this.places.has(line)) return
    this.places.set(line, this.lines.push(line) - 1)
    this.reprs.push(`post:${post}#${key}`)
  }

  /** What a render gets for a value it read: a tracked view of plain data, the value itself otherwise. */
  wrap(value: unknown, at: number): unknown {
    if (value === null || typeof value !== 'object' || leafRepr(value) !== undefined) return value
    if (!plain(value)) {
      // Note: a Map, Set or class instance keeps its state in internal slots a proxy cannot watch.
      this.opaque = true
      return value
    }
    // Note: one view per object, so that a template's `a === b` answers as on the objects themselves.
    let proxy = this.proxies.get(value)
    if (!proxy) {
      proxy = this.track(value, at)
      this.proxies.set(value, proxy)
    }
    return proxy
  }

  track(target: object, at: number): object {
    const session = this
    const post = knownPostKey(target)
    return new Proxy(target, {
      get(object, key) {
        const name = keyName(key)
        if (post !== undefined && name !== undefined && readAsPost(object, key)) {
          session.readPost(at, name, post)
          return Reflect.get(object, key)
        }
        const value = Reflect.get(object, key)
        if (name !== undefined) return session.read(at, name, value)
        session.opaque = true
        return value
      },
      has(object, key) {
        const result = Reflect.has(object, key)
        const name = keyName(key)
        if (name === undefined) session.opaque = true
        else session.read(at, `?${name}`, result)
        return result
      },
      ownKeys(object) {
        const keys = Reflect.ownKeys(object)
        session.read(at, '!keys', keys.map(String).join('\t'))
        return keys
      },
    })
  }
}

/**
 * Render a page, recording what it read. `reads` is `undefined` when the page read something that cannot
 * be replayed (a Map, a class instance): it is then rendered on every build.
 */
export function renderTracked(page: MemoPage): { body: string; reads: PageReads | undefined } {
  const session = new Session()
  const inputs = page.inputs.map((input, index) => session.read(-1, String(index), input))
  const body = (page.render as (...inputs: unknown[]) => string)(...inputs)
  if (session.opaque) return { body, reads: undefined }
  return { body, reads: { hash: digest(session.reprs), shape: session.lines.join('\n') } }
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

/** Compile a `PageReads` shape; `undefined` when it is not one (a damaged record). */
export function compileShape(shape: string): CompiledShape | undefined {
  const lines = shape.split('\n')
  const from = new Int32Array(lines.length)
  const kinds = new Uint8Array(lines.length)
  const keys: Array<string | symbol> = []
  for (const [at, line] of lines.entries()) {
    const tab = line.indexOf('\t')
    const parent = Number(line.slice(0, tab))
    const name = line.slice(tab + 1)
    if (tab === -1 || !Number.isInteger(parent) || parent < -1 || parent >= at) return undefined
    from[at] = parent
    kinds[at] = name === '!keys' ? KEYS : name.startsWith('?') ? HAS : name.startsWith('#') ? POST : GET
    keys.push(kinds[at] === HAS || kinds[at] === POST ? name.slice(1) : (symbolsByName.get(name) ?? name))
  }
  return { from, kinds, keys }
}

/**
 * The digest of what a page's recorded reads find in its current inputs: equal to the recorded `hash`
 * when the page would render the same (given the same theme code and settings).
 */
export function replayReads(page: MemoPage, shape: CompiledShape): string {
  const { from, kinds, keys } = shape
  const values: unknown[] = new Array(keys.length)
  const reprs: string[] = new Array(keys.length)
  const seen = new Map<object, number>()
  for (let at = 0; at < keys.length; at++) {
    const parentAt = from[at]!
    const key = keys[at]!
    let value: unknown
    if (parentAt === -1) value = page.inputs[Number(key)]
    else if (kinds[at] === POST) {
      // Note: not read (a field decoded when first read stays so): the post's key stands for it.
      const parent = values[parentAt]
      const post = parent !== null && typeof parent === 'object' ? knownPostKey(parent) : undefined
      values[at] = undefined
      reprs[at] = `post:${post}#${String(key)}`
      continue
    } else if (!readThrough(reprs[parentAt]!)) {
      // Note: what was read through when recorded is not now: its repr differs already.
      value = undefined
    } else {
      const parent = values[parentAt] as object
      if (kinds[at] === KEYS) value = Reflect.ownKeys(parent).map(String).join('\t')
      else if (kinds[at] === HAS) value = Reflect.has(parent, key)
      else value = Reflect.get(parent, key)
    }
    values[at] = value
    reprs[at] = repr(value, at, seen)
  }
  return digest(reprs)
}

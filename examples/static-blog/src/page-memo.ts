import { createHash } from 'node:crypto'
import type { Post } from '@blogkit/post'
import { postFileState } from '@blogkit/post/node'

/**
 * What a page of the site is rendered from: `render(...inputs)` (from `sitePages` of the theme).
 * The memo records which parts of the inputs a render read, so a later build knows, without rendering,
 * whether the page would come out the same.
 */
export interface MemoPage {
  inputs: readonly unknown[]
  render: (...inputs: never[]) => string
}

/**
 * What a render read: `paths`, one per read in order (`input index` then property names, tab-separated;
 * `!keys` for a list of keys, `?name` for an `in` test), and `hash`, a digest of the values read.
 */
export interface PageReads {
  hash: string
  paths: string
}

/**
 * Objects that stand for themselves by an identity instead of being read field by field: a post that
 * `loadPosts` returned (its file's digest from @blogkit/post, which covers its bytes, the parse options and
 * the package version, and its file name, which slugs and dates may come from) and a date.
 */
function identity(value: object): string | undefined {
  if (value instanceof Date) return `date:${value.getTime()}`
  const state = postFileState(value as Post)
  return state ? `post:${state.digest}:${(value as Post).path ?? ''}` : undefined
}

const plain = (value: object) => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === Array.prototype || proto === null
}

const isPrimitive = (value: unknown) =>
  value === null || (typeof value !== 'object' && typeof value !== 'function')

const symbolNames = new Map<symbol, string>([[Symbol.iterator, '@@iterator']])
const symbolsByName = new Map([...symbolNames].map(([symbol, name]) => [name, symbol]))

/** A property key as a path segment (`undefined`: not one this memo can replay). */
function segment(key: string | symbol): string | undefined {
  if (typeof key === 'symbol') return symbolNames.get(key)
  return key.includes('\t') || key.includes('\n') || /^[!?]|^@@/.test(key) ? undefined : key
}

function primitiveRepr(value: unknown): string {
  if (typeof value === 'string') return `s${value.length}:${value}`
  // Note: functions are the theme's code (its version is part of the build record), not content.
  return typeof value === 'function' ? 'f' : `${typeof value}:${String(value)}`
}

/**
 * How values read are told apart. Objects with an identity stand for it; a list of primitives stands for
 * its items; other objects are marked (`o`, or `o@<path>` for one already read at another path, so that
 * `a.next.previous` being `a` again is part of what was read) and read through.
 */
class Reads {
  readonly reprs: string[] = []
  readonly paths: string[] = []
  readonly recorded = new Set<string>()
  readonly seen = new Map<object, string>()

  add(path: string, value: unknown): void {
    this.paths.push(path)
    this.reprs.push(this.repr(path, value))
  }

  repr(path: string, value: unknown): string {
    if (value === null || typeof value !== 'object') return primitiveRepr(value)
    const id = leafRepr(value)
    if (id !== undefined) return id
    const at = this.seen.get(value)
    if (at !== undefined) return `o@${at}`
    this.seen.set(value, path)
    return Array.isArray(value) ? 'a' : 'o'
  }

  digest(): string {
    return createHash('sha1').update(this.reprs.join('\0')).digest('base64url')
  }
}

/** The repr of an object that is read as a whole (an identity, or a list of primitives), else `undefined`. */
function leafRepr(value: object): string | undefined {
  const id = identity(value)
  if (id !== undefined) return id
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && value.every(isPrimitive))
    return `[${value.length}:${value.map(primitiveRepr).join('\0')}]`
  return undefined
}

/** What one render read, and the views it was given. */
class Session extends Reads {
  readonly proxies = new Map<object, object>()
  /** Set when the render read something this memo cannot replay (the page is then rendered every time). */
  opaque = false

  /** Record a read (once per path: the inputs do not change during a render) and give its value. */
  read(path: string, value: unknown): unknown {
    if (!this.recorded.has(path)) {
      this.recorded.add(path)
      this.add(path, value)
    }
    return this.wrap(value, path)
  }

  /** What a render gets for a value it read: a tracked view of plain data, the value itself otherwise. */
  wrap(value: unknown, path: string): unknown {
    if (value === null || typeof value !== 'object' || leafRepr(value) !== undefined) return value
    if (!plain(value)) {
      // Note: a Map, Set or class instance keeps its state in internal slots a proxy cannot watch.
      this.opaque = true
      return value
    }
    // Note: one view per object, so that a template's `a === b` answers as on the objects themselves.
    let proxy = this.proxies.get(value)
    if (!proxy) {
      proxy = this.track(value, path)
      this.proxies.set(value, proxy)
    }
    return proxy
  }

  track(target: object, path: string): object {
    const session = this
    return new Proxy(target, {
      get(object, key) {
        const value = Reflect.get(object, key)
        const name = segment(key)
        if (name !== undefined) return session.read(`${path}\t${name}`, value)
        session.opaque = true
        return value
      },
      has(object, key) {
        const result = Reflect.has(object, key)
        const name = segment(key)
        if (name === undefined) session.opaque = true
        else session.read(`${path}\t?${name}`, result)
        return result
      },
      ownKeys(object) {
        const keys = Reflect.ownKeys(object)
        session.read(`${path}\t!keys`, keys.map(String).join('\t'))
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
  const inputs = page.inputs.map((input, index) => session.read(String(index), input))
  const body = (page.render as (...inputs: unknown[]) => string)(...inputs)
  if (session.opaque) return { body, reads: undefined }
  return { body, reads: { hash: session.digest(), paths: session.paths.join('\n') } }
}

/** A list of paths read, compiled for replaying: per path, its parent's index and the key. */
interface Shape {
  paths: string[]
  parents: Int32Array
  keys: Array<string | symbol>
  kinds: Uint8Array
}

const GET = 0
const HAS = 1
const KEYS = 2

/** Compile the paths of a `PageReads` (once per build for the pages that share them). */
export function compileShape(paths: string): Shape {
  const list = paths.split('\n')
  const index = new Map(list.map((path, at) => [path, at]))
  const parents = new Int32Array(list.length)
  const kinds = new Uint8Array(list.length)
  const keys: Array<string | symbol> = []
  for (const [at, path] of list.entries()) {
    const cut = path.lastIndexOf('\t')
    const name = path.slice(cut + 1)
    // Note: a root path is the input's index; a parent that was not recorded never happens (-1 reads `undefined`).
    parents[at] = cut === -1 ? -2 : (index.get(path.slice(0, cut)) ?? -1)
    kinds[at] = name === '!keys' ? KEYS : name.startsWith('?') ? HAS : GET
    keys.push(kinds[at] === HAS ? name.slice(1) : (symbolsByName.get(name) ?? name))
  }
  return { paths: list, parents, keys, kinds }
}

/**
 * The digest of what a page's recorded reads find in its current inputs: equal to the recorded
 * `hash` when the page would render the same (given the same theme code).
 */
export function replayReads(page: MemoPage, shape: Shape): string {
  const reads = new Reads()
  const values: unknown[] = new Array(shape.paths.length)
  for (let at = 0; at < shape.paths.length; at++) {
    const parentAt = shape.parents[at]!
    const key = shape.keys[at]!
    let value: unknown
    if (parentAt === -2) value = page.inputs[Number(key)]
    else {
      const parent = parentAt === -1 ? undefined : values[parentAt]
      // Note: what was read through when recorded may be a leaf or no object now: the hash differs already.
      if (parent === null || typeof parent !== 'object' || leafRepr(parent) !== undefined) value = undefined
      else if (shape.kinds[at] === KEYS) value = Reflect.ownKeys(parent).map(String).join('\t')
      else if (shape.kinds[at] === HAS) value = Reflect.has(parent, key)
      else value = Reflect.get(parent, key)
    }
    values[at] = value
    reads.add(shape.paths[at]!, value)
  }
  return reads.digest()
}

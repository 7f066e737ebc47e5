import { hash } from 'node:crypto'
import type { Site, SitePage } from '@blogkit/example-site'
import type { Post } from '@blogkit/post'
import type { Manifest } from './build-record.js'
import { leafRepr, type ModelRoots, plain, postKey, primitiveRepr, symbolsByName } from './page-memo.js'

/**
 * The page index of a process that builds again and again (the dev server): which parts of the site
 * model each page read, so that a rebuild replays only the pages that read a part that changed, instead
 * of replaying what each of the 41,245 pages of a 10,000-post site read to find the few that changed.
 *
 * The model is cut into parts (`SiteParts`): each post of the site (`SitePost`), each term (tag, category,
 * year), each content page, and each property of the site object (`site.config`, `site.posts`, …). A part
 * is everything reachable from its root without passing another root; its digest covers all of it (values,
 * keys, which objects are the same), with the other roots it reaches by name and a parsed post by its
 * `postKey`. A page whose inputs are the same and whose parts all have the same digest as in the build its
 * reads were last found valid in would read the same places with the same values: replaying its reads
 * would give the recorded digest, so it is kept without replaying them. Anything the digests cannot tell
 * (an object reached from two parts, a getter, a symbol key) makes its parts "unknown": the pages that read
 * them are replayed every time, as without the index.
 */
export interface PageIndex {
  /** The record of the build the index belongs to (a rebuild uses it only with that record as `previous`). */
  manifest: Manifest
  /** The digest of each part as in that build. */
  parts: Map<string, string>
  /** Per output file (relative path): its inputs (`inputsKey`) and the parts its reads went through. */
  pages: Map<string, PageParts>
}

export interface PageParts {
  inputs: string
  parts: readonly string[]
}

interface Root {
  name: string
  keyed: boolean
}

/** A part whose digest cannot be trusted gets one that equals no other. */
let unknownCount = 0
const unknownDigest = () => `?${++unknownCount}`

const digestOfText = (out: readonly string[]) => hash('sha1', out.join('\0'), 'base64url')

/** The site model cut into parts, with their digests (see `PageIndex`). */
export class SiteParts implements ModelRoots {
  readonly #roots = new Map<object, Root>()
  readonly #byName = new Map<string, object>()
  /** The root of each part (`<root>.<key>`), by the part's name. */
  readonly #rootOfPart = new Map<string, string>()
  /** The part each object belongs to, and its place in that part's walk. */
  readonly #owner = new Map<object, [part: string, index: number]>()
  readonly #digests = new Map<string, string>()
  readonly #unknown = new Set<string>()
  /** Parts of one root that share objects (a post's `comments` and `threads`): digested as one. */
  readonly #joined = new Map<string, Set<string>>()
  /** Parsed posts by `postKey`: two objects with one key could not be told apart by it. */
  readonly #posts = new Map<string, object>()
  /** Set when the model cannot be cut into parts (two roots with one name): no index this build. */
  #broken = false
  /** Set by `#walk` when an inputs walk met what it cannot name. */
  #unsupported = false

  private constructor() {}

  /** The parts of `site`, or `undefined` when they cannot be told apart (then every page is replayed). */
  static of(site: Site): SiteParts | undefined {
    const parts = new SiteParts()
    parts.#root(site, 'site', true)
    for (const item of site.posts) parts.#root(item, `post:${item.id}`)
    for (const term of [...site.years, ...site.tags, ...site.categories])
      parts.#root(term, `term:${term.path}`)
    for (const page of site.pages) parts.#root(page, `page:${page.path}`)
    if (parts.#broken) return undefined
    try {
      for (const [value, { name, keyed }] of parts.#roots) {
        if (keyed) parts.#digestRoot(value, name)
        else parts.#digestWhole(value, name)
      }
    } catch (error) {
      // Note: a model too deep to walk is replayed page by page, as without the index.
      if (error instanceof RangeError) return undefined
      throw error
    }
    for (const [name, joined] of parts.#joined) {
      const digest = parts.#joinedDigest(name, joined)
      for (const part of joined) parts.#digests.set(part, digest)
    }
    for (const name of parts.#unknown) parts.#digests.set(name, unknownDigest())
    return parts.#broken ? undefined : parts
  }

  rootOf(value: object): Root | undefined {
    return this.#roots.get(value)
  }

  #root(value: unknown, name: string, keyed = false): void {
    if (value === null || typeof value !== 'object') return
    const known = this.#roots.get(value)
    if (this.#byName.has(name) || (known !== undefined && known.name !== name)) this.#broken = true
    this.#roots.set(value, { name, keyed })
    this.#byName.set(name, value)
  }

  /** Digest each key of a root as a part (`<name>.<key>`), and its list of keys (`<name>!keys`). */
  #digestRoot(value: object, name: string): void {
    const keys = Reflect.ownKeys(value)
    for (const key of keys) {
      // Note: a symbol key cannot be named in a part: the root's pages are replayed.
      if (typeof key === 'symbol') {
        this.#broken = true
        continue
      }
      const part = `${name}.${key}`
      // Note: two roots and keys that make one name (`post:a` + `b.c`, `post:a.b` + `c`) cannot be told apart.
      if (this.#rootOfPart.has(part)) this.#broken = true
      this.#rootOfPart.set(part, name)
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!
      if (!('value' in descriptor)) {
        this.#unknown.add(part)
        continue
      }
      const out = ['1']
      this.#walk(descriptor.value, part, out, new Map())
      this.#digests.set(part, digestOfText(out))
    }
    this.#digests.set(`${name}!keys`, primitiveRepr(keys.map(String).join('\t')))
  }

  /** Digest a root as one part (a post, a term, a content page: one digest for all its keys). */
  #digestWhole(value: object, name: string): void {
    const out: string[] = []
    this.#walk(value, name, out, new Map())
    this.#digests.set(name, digestOfText(out))
  }

  /** One digest of the parts of a root that share objects (`joined`), walked as one. */
  #joinedDigest(name: string, joined: ReadonlySet<string>): string {
    const value = this.#byName.get(name)!
    const out: string[] = []
    const local = new Map<object, number>()
    for (const key of Reflect.ownKeys(value) as string[]) {
      const part = `${name}.${key}`
      if (!joined.has(part)) continue
      out.push(`${key.length}:${key}`)
      this.#walk(Reflect.get(value, key), part, out, local, undefined, false)
    }
    return digestOfText(out)
  }

  /**
   * Write out `value` as part `part` sees it (`part` undefined: a page's inputs, which name the objects of
   * parts by their part and place, noting the part in `deps`). `claim`: note the objects met as the
   * part's (an object of two parts makes them unknown, or joined when they are keys of one root).
   */
  #walk(
    value: unknown,
    part: string | undefined,
    out: string[],
    local: Map<object, number>,
    deps?: Set<string>,
    claim = true,
  ): void {
    if (value === null || typeof value !== 'object') {
      out.push(primitiveRepr(value))
      return
    }
    const root = this.#roots.get(value)
    // Note: a part that is a whole root (not keyed) starts at the root itself.
    if (root !== undefined && !(root.name === part && local.size === 0)) {
      if (deps !== undefined && !root.keyed) deps.add(root.name)
      out.push(`R${root.name}`)
      return
    }
    const key = postKey(value as Post)
    if (key !== undefined) {
      const known = this.#posts.get(key)
      if (known !== undefined && known !== value) this.#broken = true
      this.#posts.set(key, value)
      out.push(`P${key}`)
      return
    }
    const leaf = leafRepr(value)
    if (leaf !== undefined) {
      out.push(leaf)
      return
    }
    if (!plain(value)) {
      out.push('X')
      return
    }
    const seen = local.get(value)
    if (seen !== undefined) {
      out.push(`@${seen}`)
      return
    }
    const owner = claim ? this.#owner.get(value) : undefined
    if (owner !== undefined) {
      if (part === undefined) {
        deps?.add(owner[0])
        out.push(`U${owner[0]}#${owner[1]}`)
      } else this.#shared(owner[0], part, out)
      return
    }
    const index = local.size
    local.set(value, index)
    if (part !== undefined && claim) this.#owner.set(value, [part, index])
    const proto = Object.getPrototypeOf(value)
    const keys = Reflect.ownKeys(value)
    out.push(`${Array.isArray(value) ? 'A' : proto === null ? 'N' : 'O'}${keys.length}`)
    for (const key of keys) {
      const descriptor = typeof key === 'string' ? Reflect.getOwnPropertyDescriptor(value, key) : undefined
      if (descriptor === undefined || !('value' in descriptor)) {
        // Note: a getter or a symbol key: not walked, so the digest cannot stand for what is read.
        if (part === undefined) this.#unsupported = true
        else this.#unknown.add(part)
        out.push('?')
        continue
      }
      out.push(`${(key as string).length}:${key as string}`)
      this.#walk(descriptor.value, part, out, local, deps, claim)
    }
  }

  /** An object met in `part` that `owner` (another part) has: a change through one is not in the other. */
  #shared(owner: string, part: string, out: string[]): void {
    out.push('?')
    const root = this.#rootOfPart.get(part)
    if (root !== undefined && root === this.#rootOfPart.get(owner)) {
      const joined = this.#joined.get(root) ?? new Set<string>()
      this.#joined.set(root, joined.add(owner).add(part))
    } else {
      this.#unknown.add(owner)
      this.#unknown.add(part)
    }
  }

  /**
   * What stands for a page's inputs, and the parts they name; `undefined` when they hold something this
   * index cannot name (the page is then replayed).
   */
  inputsOf(page: Pick<SitePage, 'inputs'>): { key: string; parts: Set<string> } | undefined {
    const out = ['F']
    const parts = new Set<string>()
    // Note: most pages' inputs are the site and a post or term, or a number: named without a walk.
    for (const input of page.inputs) {
      const root = input !== null && typeof input === 'object' ? this.#roots.get(input) : undefined
      if (root !== undefined) {
        out.push(`R${root.name}`)
        if (!root.keyed) parts.add(root.name)
      } else if (input === null || typeof input !== 'object') out.push(primitiveRepr(input))
      else {
        out.length = 0
        this.#unsupported = false
        this.#walk(page.inputs, undefined, out, new Map(), parts)
        if (this.#unsupported) return undefined
        break
      }
    }
    const text = out.join('\0')
    return { key: text.length > 200 ? hash('sha1', text, 'base64url') : text, parts }
  }

  /** The digest of a part (`<root>.<key>` of a key the root does not have: computed now). */
  digestOf(name: string): string {
    let known = this.#digests.get(name)
    if (known === undefined) {
      known = this.#missingKey(name) ?? unknownDigest()
      this.#digests.set(name, known)
    }
    return known
  }

  /** The digest of `<root>.<key>` for a key the root does not have (what it inherits, if anything). */
  #missingKey(name: string): string | undefined {
    let found: [root: object, written: string] | undefined
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const root = this.#byName.get(name.slice(0, dot))
      if (root === undefined || !this.#roots.get(root)?.keyed) continue
      // Note: two roots the name could be of: unknown.
      if (found !== undefined) return undefined
      found = [root, name.slice(dot + 1)]
    }
    if (found === undefined) return undefined
    const [root, written] = found
    const key = symbolsByName.get(written) ?? written
    if (Object.hasOwn(root, key)) return undefined
    const value: unknown = Reflect.get(root, key)
    // Note: what a plain object inherits is a function (`toString`) or nothing; anything else is unknown.
    if (value !== undefined && typeof value !== 'function') return undefined
    return `${key in root ? '1' : '0'}${primitiveRepr(value)}`
  }

  /** How many parts could not be digested (an object shared by two, a getter): for tests and benchmarks. */
  get unknownParts(): number {
    return this.#unknown.size
  }
}

/** The inputs of a page as the index sees them (`SiteParts.inputsOf`). */
export interface PageInputs {
  key: string
  parts: Set<string>
}

/**
 * One build's use of the page index: which pages read nothing that changed since the last build's
 * index, and the index of this build (`pages` as they are kept, replayed or rendered).
 */
export class PageIndexer {
  readonly #pages = new Map<string, PageParts>()
  /** The digests of the parts the pages of this build read. */
  readonly #digests = new Map<string, string>()
  /** Per part: whether its digest differs from the last build's. */
  readonly #changed = new Map<string, boolean>()
  /** Pages kept because the index says they read the same. */
  kept = 0

  constructor(
    readonly parts: SiteParts,
    readonly last: PageIndex | undefined,
  ) {}

  #partChanged(name: string): boolean {
    let changed = this.#changed.get(name)
    if (changed === undefined) {
      const digest = this.parts.digestOf(name)
      this.#digests.set(name, digest)
      changed = this.last?.parts.get(name) !== digest
      this.#changed.set(name, changed)
    }
    return changed
  }

  /** Whether the page at `relative`, with these inputs, reads what it read when last indexed. */
  readsSame(relative: string, inputs: PageInputs): boolean {
    const last = this.last?.pages.get(relative)
    if (last === undefined || last.inputs !== inputs.key) return false
    for (const name of last.parts) if (this.#partChanged(name)) return false
    return true
  }

  /** Keep a page the index found reading the same (its entry as it was). */
  keep(relative: string): void {
    this.#pages.set(relative, this.last!.pages.get(relative)!)
    this.kept++
  }

  /** Note what a page replayed or rendered read (`read`: the parts its reads went through). */
  note(relative: string, inputs: PageInputs, read: Set<string>): void {
    for (const name of inputs.parts) read.add(name)
    for (const name of read) if (!this.#digests.has(name)) this.#partChanged(name)
    this.#pages.set(relative, { inputs: inputs.key, parts: [...read] })
  }

  /** This build's index, for the record `manifest`. */
  index(manifest: Manifest): PageIndex {
    return { manifest, parts: this.#digests, pages: this.#pages }
  }
}

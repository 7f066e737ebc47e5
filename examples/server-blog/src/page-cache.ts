/**
 * The kept post pages of the server: per post and view (page of comments, order), the page as made for
 * the post's change version, as UTF-8 bytes around the slots each visitor's values go in.
 *
 * - A change recorded for a post (`drop`) drops its pages: the next request makes the page again and
 *   waits for it (a comment posted or moderated shows at once).
 * - Requests that arrive while a page is being made wait for that one instead of making it again
 *   (200 readers of a fresh post make it once).
 * - A page kept longer than `maxAgeMs` with no change recorded (changes the server cannot see: a script
 *   writing to the database) is made again in the background while the kept page is served, so that
 *   readers of a busy post never wait for it; a remake that fails keeps the kept page.
 * - A page that does not exist (`make` gives `undefined`: past the last page) or fails is not kept.
 */
export interface PageCache<View> {
  /** The page of `post` for `view` at change `version`: kept, being made, or made now by `make`. */
  get(
    post: string,
    view: View,
    version: number,
    make: () => Promise<string | undefined>,
  ): Promise<PageParts | undefined>
  /** Forget the pages of `post` (a change was recorded for it). */
  drop(post: string): void
}

/**
 * A page as UTF-8 bytes around its slots: `text[0]`, the value of slot `slots[0]`, `text[1]`, …
 * Note: a 150 KB page written as a string was encoded twice per request (its byte length, then its bytes)
 * after a `replaceAll` per slot: two thirds of the server's time on a busy post.
 */
export interface PageParts {
  text: Buffer[]
  slots: number[]
}

/** Cut `page` at each occurrence of `slots` (strings that occur nowhere else) and encode the parts. */
export function pageParts(page: string, slots: readonly string[]): PageParts {
  const text: Buffer[] = []
  const found: number[] = []
  let from = 0
  for (;;) {
    let next = -1
    let which = -1
    for (const [index, slot] of slots.entries()) {
      const at = page.indexOf(slot, from)
      if (at !== -1 && (next === -1 || at < next)) {
        next = at
        which = index
      }
    }
    if (next === -1) break
    text.push(Buffer.from(page.slice(from, next)))
    found.push(which)
    from = next + slots[which]!.length
  }
  text.push(Buffer.from(page.slice(from)))
  return { text, slots: found }
}

/** The bytes of a page with `values` in its slots (in the order of the `slots` it was cut at). */
export function fillPageParts(parts: PageParts, values: readonly string[]): Uint8Array<ArrayBuffer> {
  const encoded = values.map((value) => Buffer.from(value))
  const chunks: Buffer[] = [parts.text[0]!]
  for (const [index, slot] of parts.slots.entries()) chunks.push(encoded[slot]!, parts.text[index + 1]!)
  // Note: `Buffer.concat` of this size allocates its own ArrayBuffer (not the shared pool's).
  return Buffer.concat(chunks) as Uint8Array<ArrayBuffer>
}

interface Entry {
  version: number
  /** When the page was made (`Infinity` while it is being made). */
  at: number
  page: Promise<PageParts | undefined>
  refreshing: boolean
}

/**
 * Kept pages (see `PageCache`), cut at `slots`. `key` names a view; `now` is the clock in ms.
 */
export function createPageCache<View>(options: {
  slots: readonly string[]
  maxAgeMs: number
  key: (view: View) => string
  now?: () => number
}): PageCache<View> {
  const { slots, maxAgeMs, key } = options
  const now = options.now ?? (() => performance.now())
  const posts = new Map<string, Map<string, Entry>>()

  const start = (version: number, make: () => Promise<string | undefined>): Entry => ({
    version,
    at: Number.POSITIVE_INFINITY,
    page: make().then((made) => (made === undefined ? undefined : pageParts(made, slots))),
    refreshing: false,
  })

  return {
    get(post, view, version, make) {
      let kept = posts.get(post)
      if (!kept) {
        kept = new Map()
        posts.set(post, kept)
      }
      const views = kept
      const name = key(view)
      const isKept = (entry: Entry) => posts.get(post) === views && views.get(name) === entry
      const cached = views.get(name)
      if (cached && cached.version === version) {
        // Note: while it is being made (`at` is infinite), or made less than `maxAgeMs` ago.
        if (now() - cached.at < maxAgeMs) return cached.page
        if (!cached.refreshing) {
          cached.refreshing = true
          const next = start(version, make)
          next.page.then(
            (made) => {
              next.at = now()
              if (made !== undefined && isKept(cached)) views.set(name, next)
              else cached.refreshing = false
            },
            () => {
              cached.refreshing = false
            },
          )
        }
        return cached.page
      }
      const entry = start(version, make)
      views.set(name, entry)
      const forget = () => {
        if (isKept(entry)) views.delete(name)
      }
      entry.page.then((made) => {
        if (made === undefined) forget()
        else entry.at = now()
      }, forget)
      return entry.page
    },
    drop(post) {
      posts.delete(post)
    },
  }
}

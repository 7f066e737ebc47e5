import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { PluggableList } from 'unified'
import type { ResolvedOptions } from './post-parser.js'
import type { Post } from './types.js'

declare const __BLOGKIT_POST_VERSION__: string | undefined

/** Version baked in at build time (tsup `define`); tests run from source get `dev`. */
const version = typeof __BLOGKIT_POST_VERSION__ === 'string' ? __BLOGKIT_POST_VERSION__ : 'dev'
const magic = 'blogkit-post-cache-1'

function describePlugins(list: PluggableList | undefined): unknown {
  // Note: plugins are functions; their source text and options stand for them in the key.
  return (list ?? []).map((entry) => {
    const [plugin, ...rest] = Array.isArray(entry) ? entry : [entry]
    return [typeof plugin === 'function' ? `${plugin.name}:${String(plugin)}` : plugin, rest]
  })
}

/**
 * Fingerprint of everything besides the file that changes a post: package version and options.
 * The schema is not in it: cached posts hold the raw front matter, validated on every load.
 */
export function optionsKey(
  settings: ResolvedOptions,
  plugins: { remarkPlugins?: PluggableList | undefined; rehypePlugins?: PluggableList | undefined },
): string {
  const { schema: _schema, ...rest } = settings
  return JSON.stringify([
    version,
    rest,
    describePlugins(plugins.remarkPlugins),
    describePlugins(plugins.rehypePlugins),
  ])
}

/** What identifies a file's content without reading it (like git's index). */
export interface FileStat {
  size: number
  mtimeMs: number
  ino: number
}

interface Entry extends FileStat {
  hash: string
  post: Post
}

/** Big strings of a post, stored as raw UTF-8 after the header so loading them is a copy, not a parse. */
type Strings = [html: string, text: string, excerptHtml: string, excerptText: string]

/** Hash of a file's bytes. */
export function hashContent(value: Uint8Array): string {
  return createHash('sha256').update(value).digest('base64url')
}

/**
 * A cache of the posts of one directory with one set of options: one pack file holding every
 * post (with its content hash and file stat), rewritten when anything changed.
 */
export interface PostCache {
  /** Cached post of a file whose size, mtime and inode are unchanged. */
  byStat: (file: string, stat: FileStat) => Post | undefined
  /** Cached post of a file with these exact bytes. */
  byHash: (file: string, hash: string) => Post | undefined
  /** Keep (or add) a file's post in the pack; without `hash`, the file is unchanged (found by stat). */
  keep: (file: string, stat: FileStat, hash: string | undefined, post: Post) => void
  /** Write the pack if anything changed. */
  save: () => Promise<void>
}

function same(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino
}

async function readPack(file: string): Promise<Map<string, Entry>> {
  try {
    const buffer = await readFile(file)
    const headerLength = buffer.readUInt32LE(0)
    const header = deserialize(buffer.subarray(4, 4 + headerLength)) as {
      magic: string
      entries: Array<
        [string, Omit<Entry, 'post'> & { post: Omit<Post, 'html' | 'text' | 'excerpt'>; lengths: number[] }]
      >
    }
    if (header.magic !== magic) return new Map()
    const entries = new Map<string, Entry>()
    let offset = 4 + headerLength
    for (const [name, entry] of header.entries) {
      const strings: string[] = []
      for (const length of entry.lengths) {
        strings.push(buffer.toString('utf8', offset, offset + length))
        offset += length
      }
      const [html, text, excerptHtml, excerptText] = strings as Strings
      const post = { ...entry.post, html, text, excerpt: { html: excerptHtml, text: excerptText } } as Post
      entries.set(name, { size: entry.size, mtimeMs: entry.mtimeMs, ino: entry.ino, hash: entry.hash, post })
    }
    if (offset !== buffer.length) return new Map()
    return entries
  } catch {
    // Note: a missing or damaged pack is an empty cache; posts are parsed again.
    return new Map()
  }
}

/**
 * Open the cache of `dir` (posts directory) with `options` (from `optionsKey`) in `cacheDir`.
 */
export async function openCache(cacheDir: string, dir: string, options: string): Promise<PostCache> {
  await mkdir(cacheDir, { recursive: true })
  const name = createHash('sha256')
    .update(options)
    .update('\0')
    .update(path.resolve(dir))
    .digest('hex')
    .slice(0, 32)
  const file = path.join(cacheDir, `posts-${name}.bin`)
  const previous = await readPack(file)
  const next = new Map<string, Entry>()
  let changed = false

  return {
    byStat(name, stat) {
      const entry = previous.get(name)
      return entry && same(entry, stat) ? entry.post : undefined
    },
    byHash(name, hash) {
      const entry = previous.get(name)
      return entry && entry.hash === hash ? entry.post : undefined
    },
    keep(name, stat, hash, post) {
      const entry = previous.get(name)
      const content = hash ?? entry?.hash
      if (content === undefined) return
      if (!entry || entry.hash !== content || !same(entry, stat)) changed = true
      next.set(name, { ...stat, hash: content, post })
    },
    async save() {
      if (!changed && next.size === previous.size) return
      const chunks: Buffer[] = []
      const entries = [...next].map(([name, { post, ...entry }]) => {
        const { html, text, excerpt, ...rest } = post
        const strings = [html, text, excerpt.html, excerpt.text].map((value) => Buffer.from(value, 'utf8'))
        chunks.push(...strings)
        return [name, { ...entry, post: rest, lengths: strings.map((value) => value.length) }]
      })
      const header = serialize({ magic, entries })
      const length = Buffer.alloc(4)
      length.writeUInt32LE(header.length, 0)
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(temporary, Buffer.concat([length, header, ...chunks]))
      await rename(temporary, file)
    },
  }
}

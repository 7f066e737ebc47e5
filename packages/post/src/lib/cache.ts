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
const magic = 'blogkit-post-cache-2'

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

type StoredPost = Omit<Post, 'html' | 'text' | 'excerpt' | 'data' | 'date' | 'updated'> & {
  date: number
  updated?: number
}

interface StoredEntry extends FileStat {
  hash: string
  post: StoredPost
  /** UTF-16 lengths of html, text, excerpt html and excerpt text in the string blob. */
  lengths: number[]
}

// Pack layout: [u32 header length][header JSON][u32 data length][v8 data of every post][UTF-8 blob
// of the big strings]. Note: JSON reads small objects about twice as fast as `v8.deserialize`,
// front matter `data` keeps its types (TOML dates) through v8, and the blob is decoded once into
// one string whose slices become `html`, `text` and the excerpt (no copy, little GC work).
async function readPack(file: string): Promise<Map<string, Entry>> {
  try {
    const buffer = await readFile(file)
    const headerLength = buffer.readUInt32LE(0)
    const header = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as {
      magic: string
      entries: Array<[string, StoredEntry]>
      segments: Array<{ bytes: number; entries: number }>
    }
    if (header.magic !== magic) return new Map()
    let offset = 4 + headerLength
    const dataLength = buffer.readUInt32LE(offset)
    const data = deserialize(buffer.subarray(offset + 4, offset + 4 + dataLength)) as Array<
      Record<string, unknown>
    >
    let start = offset + 4 + dataLength
    const entries = new Map<string, Entry>()
    let index = 0
    for (const segment of header.segments) {
      const blob = buffer.toString('utf8', start, start + segment.bytes)
      start += segment.bytes
      offset = 0
      for (const [name, entry] of header.entries.slice(index, index + segment.entries)) {
        const strings: string[] = []
        for (const length of entry.lengths) {
          strings.push(blob.slice(offset, offset + length))
          offset += length
        }
        const [html, text, excerptHtml, excerptText] = strings as Strings
        const { date, updated, ...rest } = entry.post
        const post = {
          ...rest,
          date: new Date(date),
          html,
          text,
          excerpt: { html: excerptHtml, text: excerptText },
        } as Post
        if (updated !== undefined) post.updated = new Date(updated)
        post.data = data[index]!
        index++
        entries.set(name, {
          size: entry.size,
          mtimeMs: entry.mtimeMs,
          ino: entry.ino,
          hash: entry.hash,
          post,
        })
      }
      if (offset !== blob.length) return new Map()
    }
    if (start !== buffer.length || index !== header.entries.length || data.length !== index) return new Map()
    return entries
  } catch {
    // Note: a missing or damaged pack is an empty cache; posts are parsed again.
    return new Map()
  }
}

/**
 * Open the cache of `dir` (posts directory) with `options` (from `optionsKey`) in `cacheDir`.
 */
export async function openCache(
  cacheDir: string,
  dir: string,
  options: string,
  segmentChars = 32 * 1024 * 1024,
): Promise<PostCache> {
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
      // Strings go in segments of at most ~32 M characters: one JS string cannot exceed ~512 M.
      const segments: Array<{ bytes: number; entries: number }> = []
      const blobs: Buffer[] = []
      let segment: string[] = []
      let segmentLength = 0
      let segmentEntries = 0
      const flush = () => {
        if (segmentEntries === 0) return
        const blob = Buffer.from(segment.join(''), 'utf8')
        blobs.push(blob)
        segments.push({ bytes: blob.length, entries: segmentEntries })
        segment = []
        segmentLength = 0
        segmentEntries = 0
      }
      const data: unknown[] = []
      const entries = [...next].map(([name, { post, ...entry }]): [string, StoredEntry] => {
        const { html, text, excerpt, data: raw, date, updated, ...rest } = post
        const parts = [html, text, excerpt.html, excerpt.text]
        const length = parts.reduce((sum, part) => sum + part.length, 0)
        if (segmentLength + length > segmentChars) flush()
        segment.push(...parts)
        segmentLength += length
        segmentEntries++
        data.push(raw)
        const stored: StoredPost = { ...rest, date: date.getTime() }
        if (updated) stored.updated = updated.getTime()
        return [name, { ...entry, post: stored, lengths: parts.map((part) => part.length) }]
      })
      flush()
      const header = Buffer.from(JSON.stringify({ magic, entries, segments }), 'utf8')
      const values = serialize(data)
      const lengths = Buffer.alloc(4)
      lengths.writeUInt32LE(header.length, 0)
      const dataLength = Buffer.alloc(4)
      dataLength.writeUInt32LE(values.length, 0)
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(temporary, Buffer.concat([lengths, header, dataLength, values, ...blobs]))
      await rename(temporary, file)
    },
  }
}

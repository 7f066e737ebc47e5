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

/** A cache of parsed posts in a directory, one file per post, keyed by content hash + options. */
export interface PostCache {
  key: (file: string, value: Uint8Array) => string
  get: (key: string) => Promise<Post | undefined>
  set: (key: string, post: Post) => Promise<void>
}

/**
 * Open (and create) a cache directory.
 */
export async function openCache(dir: string, options: string): Promise<PostCache> {
  await mkdir(dir, { recursive: true })
  return {
    key(file, value) {
      return createHash('sha256')
        .update(options)
        .update('\0')
        .update(file)
        .update('\0')
        .update(value)
        .digest('hex')
    },
    async get(key) {
      try {
        const post = deserialize(await readFile(path.join(dir, `${key}.bin`))) as Post
        return typeof post === 'object' && post !== null && typeof post.slug === 'string' ? post : undefined
      } catch {
        // Note: a missing or damaged entry is a miss; the post is parsed again.
        return undefined
      }
    },
    async set(key, post) {
      const file = path.join(dir, `${key}.bin`)
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(temporary, serialize(post))
      await rename(temporary, file)
    },
  }
}

import { readFileSync } from 'node:fs'
import type { RelatedDoc } from '../src/index.js'

/** The multilingual fixture posts (English, Swedish, German, French). */
export function fixturePosts(): RelatedDoc[] {
  return JSON.parse(readFileSync(new URL('fixtures/posts.json', import.meta.url), 'utf8')) as RelatedDoc[]
}

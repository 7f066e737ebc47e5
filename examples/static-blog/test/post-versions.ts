import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Post } from '@blogkit/post'
import { loadPosts } from '@blogkit/post/node'

/**
 * A post file in `dir` loaded through a cache three times: `first`, `again` (the file as it was: another
 * object, from the cache) and `edited` (a paragraph added to its body, its title as it was).
 */
export async function postVersions(dir: string): Promise<{ first: Post; again: Post; edited: Post }> {
  const file = path.join(dir, 'hello.md')
  const cache = path.join(dir, 'cache')
  const body = `First paragraph, ${'long enough to be read as the file. '.repeat(8)}`
  await writeFile(file, `---\ntitle: Hello\ndate: 2024-01-02\n---\n\n${body}\n`)
  const [first] = await loadPosts(dir, { cache })
  const [again] = await loadPosts(dir, { cache })
  await writeFile(file, `---\ntitle: Hello\ndate: 2024-01-02\n---\n\n${body}\n\nAnother.\n`)
  const [edited] = await loadPosts(dir, { cache })
  return { first: first!, again: again!, edited: edited! }
}

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The example content written for blogkit. */
export const contentDir: string = fileURLToPath(new URL('../../content/', import.meta.url))

/** Write a content folder (`{ 'posts/a.md': '…' }`) into a new temporary directory and return its path. */
export async function writeContent(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-site-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

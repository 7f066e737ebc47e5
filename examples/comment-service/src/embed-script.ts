// The `<blogkit-comments>` element's script, as `@blogkit/comments` builds it (`@blogkit/comments/embed`,
// one file for the browser), read once at start and served by the handler at `/embed.js`.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/**
 * The script's text.
 * @throws {Error} saying how to build it when `@blogkit/comments` has not been built.
 */
export async function readEmbedScript(): Promise<string> {
  let file: string
  try {
    file = createRequire(import.meta.url).resolve('@blogkit/comments/embed')
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new Error(
      `the <blogkit-comments> script of @blogkit/comments is missing (${(error as Error).message.split('\n')[0]}): build it with \`npm run build -w @blogkit/comments\``,
    )
  }
}

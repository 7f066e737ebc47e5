// Corpora for the benchmarks and evals: a real blog the developer points at, and posts generated here.
// Nothing in the repository reads a folder beside it: a real corpus is passed with `--corpus DIR` or
// `BLOGKIT_CORPUS=DIR` (a folder of Markdown posts, or a folder with a `posts/` folder in it, e.g. a copy
// of the tidyverse blog's posts, see each package's BENCHMARKS.md); generated posts come from the
// project's own deterministic generator, scripts/gen-corpus.mjs, seed 1.
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const generator = fileURLToPath(new URL('gen-corpus.mjs', import.meta.url))

/** How to name a real corpus, for usage lines. */
export const corpusUsage =
  '--corpus DIR (or BLOGKIT_CORPUS=DIR): a folder of Markdown posts, e.g. a real blog'

/**
 * The real corpus to use: `dir` (from `--corpus`), else `BLOGKIT_CORPUS`, resolved to its Markdown folder
 * (`DIR/posts` when there is one). Without either, prints one line saying what is skipped and returns
 * undefined; a named folder that does not exist is an error.
 *
 * @param {string | undefined} dir
 * @param {string} skipped what the caller leaves out without a corpus, e.g. "the real-blog rows"
 * @returns {string | undefined}
 */
export function realCorpus(dir, skipped) {
  const given = dir ?? process.env.BLOGKIT_CORPUS
  if (!given) {
    console.log(`skipped ${skipped}: no real corpus (${corpusUsage})`)
    return undefined
  }
  const root = path.resolve(given)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`${given}: no such folder; ${corpusUsage}`)
    process.exit(2)
  }
  const posts = path.join(root, 'posts')
  return existsSync(posts) && statSync(posts).isDirectory() ? posts : root
}

/**
 * A folder of `posts` generated posts (seed 1) under `cacheDir`, with `_corpus.json` (each post's tags
 * and topic), made on first use and reused after.
 *
 * @param {{ posts: number, cacheDir: string, quiet?: boolean }} options
 * @returns {string}
 */
export function generatedCorpus({ posts, cacheDir, quiet = false }) {
  const dir = path.join(cacheDir, `gen-${posts}`)
  if (!existsSync(path.join(dir, '_corpus.json'))) {
    execFileSync(process.execPath, [generator, String(posts), dir, '--seed', '1'], {
      stdio: quiet ? 'ignore' : 'inherit',
    })
  }
  return dir
}

/**
 * A short name for a corpus folder in result tables: its name, or its parent's for a `posts/` folder.
 *
 * @param {string} dir
 * @returns {string}
 */
export function corpusLabel(dir) {
  const name = path.basename(dir)
  return name === 'posts' ? path.basename(path.dirname(dir)) : name
}

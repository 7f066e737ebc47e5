import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { PostError } from '../src/index.js'

export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

/** Read a fixture as `{ path, value }` with its path relative to `test/fixtures`. */
export function fixture(name: string): { path: string; value: Uint8Array } {
  return { path: name, value: new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))) }
}

/** Run `fn`, expect a `PostError`, and return its messages as strings. */
export async function problems(fn: () => Promise<unknown>): Promise<string[]> {
  const error = await fn().then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(error).toBeInstanceOf(PostError)
  return (error as PostError).messages.map(String)
}

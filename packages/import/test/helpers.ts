import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { runCli } from '../src/lib/run-cli.js'

export const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
export const readFixture = (name: string) => readFile(fixture(name))

export async function run(args: string[], options: { progressColumns?: number } = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    progressColumns: options.progressColumns,
  })
  return { code, stdout, stderr }
}

/** Collect an async generator's records, or the error it throws. */
export async function failure(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; line?: number; column?: number }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('Expected an error, got none')
}

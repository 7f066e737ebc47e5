import { compileIfStale } from '../bin/compile.js'

/** Vitest's global setup: compiles the CLI (lib/cli.js) when a source changed since, once for all tests. */
export default function setup(): void {
  if (!compileIfStale())
    throw new Error('the CLI could not be compiled: see `npm run compile -w examples/static-blog`')
}

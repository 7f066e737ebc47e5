#!/usr/bin/env node
import module from 'node:module'
import { pathToFileURL } from 'node:url'
// `npm run build` and `npm run preview` of the example: the CLI compiled to lib/cli.js (compiled first
// when a source changed: bin/compile.js), run by plain Node, without a TypeScript loader.
import { compiledCli, compileIfStale } from './compile.js'

// Note: Node 22.1 and later keep V8's compiled code of the modules loaded from here on disk (in the
// system's temporary folder, checked against each file's content), so that each run does not compile the
// CLI's bundle again: about 0.25 s less per build at 350 posts on Node 22 (BENCHMARKS.md). Node 20 has no
// such cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// (Typed here: the Node 20 types this repository builds with do not have it yet.)
/** @type {typeof module & { enableCompileCache?: () => unknown }} */
const compileCache = module
compileCache.enableCompileCache?.()

if (compileIfStale()) await import(pathToFileURL(compiledCli).href)
else {
  console.error('The CLI could not be compiled (errors above); nothing was built.')
  process.exitCode = 1
}

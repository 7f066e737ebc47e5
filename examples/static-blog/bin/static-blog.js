#!/usr/bin/env node
import { pathToFileURL } from 'node:url'
// `npm run build` and `npm run preview` of the example: the CLI compiled to lib/cli.js (compiled first
// when a source changed: bin/compile.js), run by plain Node, without a TypeScript loader.
import { compiledCli, compileIfStale } from './compile.js'

if (compileIfStale()) await import(pathToFileURL(compiledCli).href)
else {
  console.error('The CLI could not be compiled (errors above); nothing was built.')
  process.exitCode = 1
}

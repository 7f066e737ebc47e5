#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { runCli } from './lib/cli.js'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // Note: `../package.json` is the package's own, from src/ and from dist/ alike.
  version: (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version,
})

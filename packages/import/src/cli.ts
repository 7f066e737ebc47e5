#!/usr/bin/env node
import { runCli } from './lib/run-cli.js'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progressColumns: process.stderr.isTTY ? process.stderr.columns || 80 : undefined,
})

import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests run the compiled CLI (lib/cli.js): compiled once here when a source changed.
    globalSetup: ['test/compile.ts'],
    // Note: the browser crawl is one test per page (axe on each: 1-3 s on 2 busy cores), and the CLI tests
    // build whole sites; the timeouts are generous for a loaded machine, while each check fails fast.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})

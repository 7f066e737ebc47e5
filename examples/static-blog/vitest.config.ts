import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    include: ['test/**/*.test.ts'],
    // Note: the browser crawl builds the site and runs axe on every page; on 2 shared cores that takes
    // 20-40 s, so the timeouts are generous while each check still fails fast on a problem.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})

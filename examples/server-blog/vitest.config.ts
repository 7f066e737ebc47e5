import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    include: ['test/**/*.test.ts'],
    // Note: the load test runs two 30 s phases against real server processes, and loading the site takes
    // a few seconds on 2 shared cores; the timeouts are generous while each check fails fast on a problem.
    testTimeout: 180_000,
    hookTimeout: 90_000,
    // Note: the load test measures a server under 200 clients; other test files running beside it would
    // only slow both down.
    fileParallelism: false,
  },
})

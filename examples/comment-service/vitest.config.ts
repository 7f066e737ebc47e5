import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    include: ['test/**/*.test.ts'],
    // Note: one test starts the service as `npm start` would (tsx), which takes a few seconds on 2 shared cores.
    testTimeout: 60_000,
  },
})

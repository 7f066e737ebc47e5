import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Note: the round trip and CLI tests convert and write whole blogs; on a machine shared with other
    // jobs that takes far longer than vitest's 5 s default. Timings are measured in bench/, not here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

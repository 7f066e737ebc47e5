import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    // Note: several tests run outside tools (jing on Java, Python's feedparser); starting a JVM
    // on 2 cores busy with other workspaces' tests can take well over vitest's default 5 s.
    testTimeout: 60_000,
  },
})

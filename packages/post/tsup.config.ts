import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/cli.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/node.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The package version is part of the cache key of `loadPosts`.
  define: { __BLOGKIT_POST_VERSION__: JSON.stringify(version) },
})

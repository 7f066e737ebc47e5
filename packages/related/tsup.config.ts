import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Note: node20.19 (the oldest supported), so the JSON import of stop words keeps its `with { type: 'json' }`.
  target: 'node20.19',
})

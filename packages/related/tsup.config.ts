import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    incremental: 'src/incremental/index.ts',
    // Note: beside the bundle that starts it (`new URL('./worker.js', import.meta.url)`); the index's
    // code it shares with the entries goes to a shared chunk.
    worker: 'src/incremental/worker.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', cli: 'src/cli.ts', incremental: 'src/incremental/index.ts' } },
  sourcemap: true,
  clean: true,
  // Note: node20.19 (the oldest supported), so the JSON import of stop words keeps its `with { type: 'json' }`.
  target: 'node20.19',
})

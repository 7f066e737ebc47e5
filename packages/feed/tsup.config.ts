import { defineConfig } from 'tsup'

export default defineConfig({
  // Note: one output file per source file (no bundling), so a bundler that takes only `discoveryLinks` from
  // the main entry leaves out `readFeed` and its feed parser, which a bundled chunk would drag along.
  entry: ['src/**/*.ts'],
  bundle: false,
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/node.ts', 'src/read.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
})

import { defineConfig } from 'tsup'

export default defineConfig({
  // Note: one output file per source file (no bundling), so a bundler that takes only `threadComments` from
  // the main entry leaves out the comments-file parser and the renderer, which a shared chunk would drag along.
  entry: ['src/**/*.ts'],
  bundle: false,
  format: ['esm'],
  dts: {
    entry: [
      'src/index.ts',
      'src/sqlite.ts',
      'src/postgres.ts',
      'src/latest-post.ts',
      'src/store-kit.ts',
      'src/http.ts',
    ],
  },
  sourcemap: true,
  clean: true,
  target: 'node20',
})

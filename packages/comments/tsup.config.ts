import { writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'
import { buildEmbed } from './embed.config.js'

export default defineConfig({
  // Note: one output file per source file (no bundling), so a bundler that takes only `threadComments` from
  // the main entry leaves out the comments-file parser and the renderer, which a shared chunk would drag along.
  // The `<blogkit-comments>` element is the exception: one file for the browser, built in `onSuccess`.
  entry: ['src/**/*.ts', '!src/embed.ts', '!src/lib/embed/**'],
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
      'src/client.ts',
      'src/embed.ts',
      'src/node.ts',
    ],
  },
  sourcemap: true,
  clean: true,
  target: 'node20',
  onSuccess: async () => {
    await writeFile('dist/embed.js', await buildEmbed())
  },
})

import { defineConfig } from 'tsup'

// The CLI runs as JavaScript compiled here (`npm run compile`, into lib/; dist/ is the built site), so that
// `npm run build` starts plain Node, without a TypeScript loader. The theme (@blogkit/example-site, whose
// package exports its TypeScript source) is bundled in; the packages stay imports of their built dist/
// (@blogkit/post/node starts worker threads from its own files).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  outDir: 'lib',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  removeNodeProtocol: false,
  noExternal: ['@blogkit/example-site'],
  external: [/^@blogkit\//],
})

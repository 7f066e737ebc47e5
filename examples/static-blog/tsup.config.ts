import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'

const outDir = 'lib'

// A module's `new URL('./file.js', import.meta.url)`: a file beside the module at run time (the worker
// threads of @blogkit/post/node and @blogkit/related/incremental, which stay files of their packages),
// whose URL bundling would make relative to lib/cli.js instead.
const besideModule = /new URL\((["'])(\.\.?\/[^"']+)\1, import\.meta\.url\)/g

/** Point each such URL of a bundled module back at the file beside the module's own (installed) file. */
const filesBesideModules: Plugin = {
  name: 'files-beside-modules',
  setup(build) {
    const out = path.resolve(outDir)
    build.onLoad(
      { filter: /[\\/]node_modules[\\/].*\.js$|[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ },
      async (args) => {
        const text = await readFile(args.path, 'utf8')
        if (!text.includes('import.meta.url')) return undefined
        const contents = text.replace(besideModule, (_, quote: string, file: string) => {
          const target = path
            .relative(out, path.resolve(path.dirname(args.path), file))
            .split(path.sep)
            .join('/')
          return `new URL(${quote}${target.startsWith('.') ? target : `./${target}`}${quote}, import.meta.url)`
        })
        return { contents, loader: 'js' }
      },
    )
  },
}

// The CLI runs as JavaScript compiled here (`npm run compile`, into lib/; dist/ is the built site), so that
// `npm run build` starts plain Node, without a TypeScript loader. Everything it imports is bundled in (the
// theme, whose package exports its TypeScript source, the blogkit packages' built dist/ and their
// dependencies): one file to load instead of about 280 modules (see BENCHMARKS.md).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  outDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  removeNodeProtocol: false,
  // Note: all but @parcel/watcher (the dev server's watcher), a native addon that loads its prebuilt binary
  // for the platform from its own package at run time.
  noExternal: [/^(?!@parcel\/watcher(\/|$))/],
  // Note: the bundled CommonJS dependencies (yaml) `require` Node's built-ins.
  banner: {
    js: "import { createRequire as __blogkitRequire } from 'node:module'\nconst require = __blogkitRequire(import.meta.url)",
  },
  esbuildPlugins: [filesBesideModules],
  // Note: the ES module build of a package where it has one (jsonc-parser's `main` is UMD, which bundles badly).
  esbuildOptions(options) {
    options.mainFields = ['module', 'main']
    // Note: the packages say `"sideEffects": false`, so the bare `import "./chunk-….js"` lines tsup's
    // code splitting leaves in their dist/ are dropped, as they should be; not a warning on every compile.
    options.logOverride = { ...options.logOverride, 'ignored-bare-import': 'silent' }
  },
})

// How `src/embed.ts` (the `<blogkit-comments>` element) is built to one file for the browser: used by
// tsup.config.ts for `dist/embed.js` and by test/embed-size.test.ts, which fails past the size budget.
import { build } from 'esbuild'

/** The budget of the built script, gzipped (issue 19: under 10 kB). */
export const embedBudgetGzipBytes = 10_000

/** The built script's text: one ES module, minified, for the browsers of the last few years. */
export async function buildEmbed(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('src/embed.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
    minify: true,
    legalComments: 'none',
    write: false,
  })
  return result.outputFiles[0]!.text
}

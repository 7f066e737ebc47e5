import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file is `examples/static-blog/src/paths.ts`). */
export const repoRoot: string = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)))

/** The example content written for blogkit. */
export const defaultContentDir: string = path.join(repoRoot, 'examples/content')

/** Where `npm run build` writes the site. */
export const defaultOutDir: string = path.join(repoRoot, 'examples/static-blog/dist')

/** Cache of parsed posts kept between builds (ignored by git: `.blogkit-cache/`). */
export const defaultCacheDir: string = path.join(repoRoot, 'examples/static-blog/.blogkit-cache')

/** The URL `npm run preview` serves on, and the default base URL of the build. */
export const defaultPreviewUrl = 'http://127.0.0.1:4173/'

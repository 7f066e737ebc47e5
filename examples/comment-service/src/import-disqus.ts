// Moving from Disqus: a Disqus XML export read by @blogkit/import's `fromDisqus` into the service's store,
// each thread's comments kept under the page they were on (the thread's link, normalized as the service
// normalizes pages), so that the form and the reads of that page find them.
import { createReadStream } from 'node:fs'
import type { CommentStore } from '@blogkit/comments'
import { normalizePageUrl } from '@blogkit/comments/http'
import { type DisqusThread, fromDisqus } from '@blogkit/import'

/** Options of `importDisqusExport`. */
export interface ImportDisqusOptions {
  /** The export file (`<forum>-<date>-all.xml`). */
  file: string
  /** The file as the user typed it, for messages. @default file */
  shownAs?: string | undefined
  store: CommentStore
  /** The service's `ALLOWED_ORIGINS`: a page of another origin is stored, with a warning. */
  allowedOrigins: readonly string[]
  /**
   * The site's origin now (`https://blog.example`), put in place of each thread link's own
   * (`http://www.blog.example/a/` → `https://blog.example/a/`), for a blog that changed its address.
   */
  origin?: string | undefined
}

/** What `importDisqusExport` did. */
export interface ImportDisqusResult {
  /** Comments stored now. */
  imported: number
  /** Comments the store had already (an import run again). */
  skipped: number
  /** Pages with comments. */
  pages: number
  /** One line each: `<file>: warning: <what> [<code>]`. */
  warnings: string[]
}

/**
 * The page a Disqus thread's comments belong to: its link (with `origin` put in), normalized as the
 * service normalizes a form's `page`; `disqus-<thread id>` for a thread without a usable link.
 */
export function threadPage(thread: Pick<DisqusThread, 'id' | 'link'>, origin?: string): string | undefined {
  let link = thread.link
  if (origin !== undefined) {
    try {
      const url = new URL(link)
      link = new URL(`${url.pathname}${url.search}`, origin).href
    } catch {
      return undefined
    }
  }
  return normalizePageUrl(link)
}

/**
 * Import a Disqus export into the store: every comment (deleted ones with replies kept as placeholders,
 * spam as spam), threads kept, all or nothing (`CommentStore.import`); comments already in the store are
 * skipped, so it can run again.
 * @throws {ImportError} (from @blogkit/import) for an export that cannot be read, naming the line and column.
 */
export async function importDisqusExport(
  options: Readonly<ImportDisqusOptions>,
): Promise<ImportDisqusResult> {
  const shown = options.shownAs ?? options.file
  const warnings: string[] = []
  const allowed = new Set(options.allowedOrigins)
  const elsewhere = new Set<string>()
  const result = await fromDisqus(createReadStream(options.file), {
    file: shown,
    postId: (thread) => {
      const page = threadPage(thread, options.origin)
      if (page === undefined) {
        warnings.push(
          `${shown}: warning: thread ${thread.id} has no page address (link \`${thread.link}\`): its comments are kept under \`disqus-${thread.id}\`; give that as the page's identifier [no-page]`,
        )
        return `disqus-${thread.id}`
      }
      const origin = new URL(page).origin
      if (!allowed.has(origin)) elsewhere.add(origin)
      return page
    },
  })
  for (const warning of result.warnings)
    warnings.push(`${shown}: warning: ${warning.message} [${warning.code}]`)
  for (const origin of elsewhere) {
    warnings.push(
      `${shown}: warning: pages of ${origin} are not in ALLOWED_ORIGINS: their comments are stored, but no page shows them until the origin is allowed (or import with --origin <the site's origin now>) [other-origin]`,
    )
  }
  const { imported, skipped } = await options.store.import(result.comments, { onConflict: 'skip' })
  const pages = new Set(result.comments.map((comment) => comment.postId)).size
  return { imported, skipped, pages, warnings }
}

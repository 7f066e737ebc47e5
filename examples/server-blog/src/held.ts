// Why a comment was held, in the reader's words: the spam checks' reasons (`too-many-links: 3 links
// (limit 2)`) become a short code in the redirect after posting (`?held=<id>&why=links`), and the post
// page says it in the site's language through the catalog (`form.heldWhy`).
import { messagesFor } from '@blogkit/example-site'
import type { ServerConfig } from './config.js'

/** What a reader is told about a held comment. */
export type HeldWhy = 'links' | 'rate' | 'parent' | 'spam' | 'other'

const heldWhys: readonly HeldWhy[] = ['links', 'rate', 'parent', 'spam', 'other']

/** The reader's reason for a held comment, from the spam checks' reasons (the first one that says). */
export function heldWhy(status: string, reasons: readonly string[]): HeldWhy {
  for (const reason of reasons) {
    // Note: a check that failed (a service down) holds the comment; the reader is not blamed for it.
    if (/^[\w-]+: check failed/.test(reason)) continue
    if (reason.startsWith('too-many-links:')) return 'links'
    if (reason.startsWith('rate-limit:')) return 'rate'
    if (reason.startsWith('held-parent:')) return 'parent'
  }
  return status === 'spam' ? 'spam' : 'other'
}

/** The notice on the post page after a held comment (`why` from the query; unknown words say "other"). */
export function heldNotice(
  lang: string,
  why: string | undefined,
  limits: Pick<ServerConfig['limits'], 'maxLinks'>,
): string {
  const t = messagesFor(lang).form
  const code = heldWhys.includes(why as HeldWhy) ? (why as HeldWhy) : 'other'
  const words = code === 'links' ? t.heldWhy.links(limits.maxLinks) : t.heldWhy[code]
  return t.held(words)
}

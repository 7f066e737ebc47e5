// Why a comment was held, in the reader's words: the spam checks' reasons (`too-many-links: 3 links
// (limit 2)`) become a short code in the redirect after posting (`?held=<id>&why=links`), and the post
// page says it in the site's language through the catalog (`form.heldWhy`). The admin says each reason
// in the moderator's words (`reasonInWords` of `@blogkit/example-admin`, its catalog's `reasons`).
import { type HeldReason, heldReason, heldReasons } from '@blogkit/comments/http'
import { messagesFor } from '@blogkit/example-site'
import type { ServerConfig } from './config.js'

export { reasonInWords } from '@blogkit/example-admin'

/** What a reader is told about a held comment. */
export type HeldWhy = HeldReason

const heldWhys: readonly HeldWhy[] = heldReasons

/**
 * The reader's reason for a held comment, from the spam checks' reasons (the first one that says): the
 * comment form's rule, kept in @blogkit/comments/http (the comment service says the same).
 */
export const heldWhy: (status: string, reasons: readonly string[]) => HeldWhy = heldReason

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

// Why a comment was held, in the reader's words: the spam checks' reasons (`too-many-links: 3 links
// (limit 2)`) become a short code in the redirect after posting (`?held=<id>&why=links`), and the post
// page says it in the site's language through the catalog (`form.heldWhy`). The admin says each reason
// in the moderator's words (`reasonInWords`, the catalog's `admin.reasons`).
import { type HeldReason, heldReason, heldReasons } from '@blogkit/comments/http'
import { type Messages, messagesFor } from '@blogkit/example-site'
import type { ServerConfig } from './config.js'

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

/**
 * One of the spam checks' reasons (`too-many-links: 3 links (limit 2)`, `rate-limit: 4 comments within
 * 60000 ms from 127.0.0.1 (limit 3)`, …) in the moderator's words: the known checks' codes become the
 * catalog's sentences (no addresses, no milliseconds); another check's reason is shown with its name.
 */
export function reasonInWords(reason: string, t: Messages['admin']): string {
  const failed = /^([\w-]+): check failed/.exec(reason)
  if (failed) return t.reasons.failed(failed[1]!)
  const links = /^too-many-links: (\d+) links \(limit (\d+)\)$/.exec(reason)
  if (links) return t.reasons.links(Number(links[1]), Number(links[2]))
  const rate = /^rate-limit: (\d+) comments within (\d+) ms from .* \(limit (\d+)\)$/.exec(reason)
  if (rate) return t.reasons.rate(Number(rate[1]), Math.round(Number(rate[2]) / 1000), Number(rate[3]))
  if (reason.startsWith('honeypot:')) return t.reasons.honeypot
  const parent = /^held-parent: answers .*, which is (pending|spam)$/.exec(reason)
  if (parent) return t.reasons.parent(t.statuses[parent[1] as 'pending' | 'spam'])
  if (/^akismet: (?:blatant )?spam$/.test(reason)) return t.reasons.akismetSpam
  if (reason.startsWith('akismet:')) return t.reasons.akismetOther
  const at = reason.indexOf(': ')
  return at > 0 ? t.reasons.other(reason.slice(0, at), reason.slice(at + 2)) : reason
}

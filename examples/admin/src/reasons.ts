// Why a comment was held, in the moderator's words: the spam checks' reasons become the catalog's
// sentences (`reasons`, i18n.ts).
import type { AdminMessages } from './i18n.js'

/**
 * One of the spam checks' reasons (`too-many-links: 3 links (limit 2)`, `rate-limit: 4 comments within
 * 60000 ms from 127.0.0.1 (limit 3)`, …) in the moderator's words: the known checks' codes become the
 * catalog's sentences (no addresses, no milliseconds); another check's reason is shown with its name.
 */
export function reasonInWords(reason: string, t: AdminMessages): string {
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

import { renderCommentHtml } from './render-comment-html.js'
import type { NewComment } from './validate-comment.js'

/** What to do with a comment: publish it, hold it for a moderator, or file it as spam. */
export type SpamAction = 'accept' | 'pending' | 'spam'

/** The outcome of one spam check. */
export interface SpamVerdict {
  /** What the check asks for. */
  action: SpamAction
  /** Why, for the moderator (e.g. `honeypot`, `rate-limit`, `too-many-links: 5 > 2`). */
  reason?: string
}

/** What the server knows about the request that sent a comment. */
export interface ClientInfo {
  /** IP address of the client (the rate-limit key). */
  ip?: string
  /** `User-Agent` header. */
  userAgent?: string
  /** `Referer` header. */
  referrer?: string
  /** Value of the form's hidden honeypot field; bots fill it, people do not. */
  honeypot?: string
  /** URL of the post page (sent to Akismet). */
  permalink?: string
}

/** Input of a spam check. */
export interface SpamCheckContext {
  /** The validated comment. */
  comment: NewComment
  /** The request. */
  client: ClientInfo
  /** Current time. */
  now: Date
}

/** A pluggable spam check, run by `CommentStore.add`. */
export interface SpamCheck {
  /** Short name, shown in reasons. */
  name: string
  /** Decide about one comment. */
  check(context: SpamCheckContext): SpamVerdict | Promise<SpamVerdict>
}

const rank: Record<SpamAction, number> = { accept: 0, pending: 1, spam: 2 }

/**
 * Run spam checks and combine their verdicts: the strictest action wins, all reasons are kept. A check
 * that throws makes the comment `pending` (never lost, never published unchecked).
 *
 * @param checks The checks, run in parallel.
 * @param context The comment and request.
 * @returns The combined action and the reasons given by the checks.
 */
export async function runSpamChecks(
  checks: readonly SpamCheck[],
  context: SpamCheckContext,
): Promise<{ action: SpamAction; reasons: string[] }> {
  const verdicts = await Promise.all(
    checks.map(async (c): Promise<SpamVerdict> => {
      try {
        const v = await c.check(context)
        return v.reason === undefined ? v : { action: v.action, reason: `${c.name}: ${v.reason}` }
      } catch (error) {
        return {
          action: 'pending',
          reason: `${c.name}: check failed (${error instanceof Error ? error.message : String(error)})`,
        }
      }
    }),
  )
  let action: SpamAction = 'accept'
  const reasons: string[] = []
  for (const v of verdicts) {
    if (rank[v.action] > rank[action]) action = v.action
    if (v.action !== 'accept' && v.reason !== undefined) reasons.push(v.reason)
  }
  return { action, reasons }
}

/**
 * Honeypot: a hidden form field people leave empty; a filled one means a bot.
 * @returns A check that marks comments with a non-empty `client.honeypot` as spam.
 */
export function honeypotCheck(): SpamCheck {
  return {
    name: 'honeypot',
    check: ({ client }) =>
      client.honeypot !== undefined && client.honeypot.trim() !== ''
        ? { action: 'spam', reason: 'hidden field was filled in' }
        : { action: 'accept' },
  }
}

/** Options of `rateLimitCheck`. */
export interface RateLimitOptions {
  /** Comments allowed per client within `windowMs`. @default 5 */
  max?: number
  /** Window length in milliseconds. @default 60000 */
  windowMs?: number
  /** Action for comments over the limit. @default 'spam' */
  action?: Exclude<SpamAction, 'accept'>
}

/**
 * Per-client rate limit (keyed by `client.ip`) over a sliding window, kept in memory by the returned check.
 * @returns A check that flags comments past `max` per `windowMs` from one IP.
 */
export function rateLimitCheck(options?: Readonly<RateLimitOptions> | null): SpamCheck {
  const max = options?.max ?? 5
  const windowMs = options?.windowMs ?? 60_000
  const action = options?.action ?? 'spam'
  if (!(Number.isInteger(max) && max >= 1))
    throw new TypeError(`Expected \`max\` to be an integer ≥ 1, got \`${max}\``)
  if (!(windowMs > 0))
    throw new TypeError(`Expected \`windowMs\` to be a positive number, got \`${windowMs}\``)
  const hits = new Map<string, number[]>()
  let lastSweep = 0
  return {
    name: 'rate-limit',
    check: ({ client, now }) => {
      const t = now.getTime()
      if (t - lastSweep > windowMs) {
        // Note: drop idle clients now and then, so memory stays bounded by recent clients.
        for (const [key, list] of hits) if (list[list.length - 1]! <= t - windowMs) hits.delete(key)
        lastSweep = t
      }
      const key = client.ip ?? 'unknown'
      const list = (hits.get(key) ?? []).filter((x) => x > t - windowMs)
      list.push(t)
      hits.set(key, list)
      return list.length > max
        ? { action, reason: `${list.length} comments within ${windowMs} ms from ${key} (limit ${max})` }
        : { action: 'accept' }
    },
  }
}

/** Options of `linkLimitCheck`. */
export interface LinkLimitOptions {
  /** Links allowed in a body before the comment waits for a moderator. @default 2 */
  max?: number
  /** Action for comments with more links. @default 'pending' */
  action?: Exclude<SpamAction, 'accept'>
}

/**
 * Too many links: comments whose rendered HTML (`renderCommentHtml`, as readers see them) has more than
 * `max` links are held. The links are counted in the HTML, not guessed from the Markdown, so every form
 * that becomes a link counts (`[text](url)`, bare `https://…` and `www.…`, e-mail addresses, `mailto:`,
 * character references such as `h&#116;tps://`) and URLs that stay text (in code) do not.
 * @returns A check counting the `<a>` elements of the rendered body.
 */
export function linkLimitCheck(options?: Readonly<LinkLimitOptions> | null): SpamCheck {
  const max = options?.max ?? 2
  const action = options?.action ?? 'pending'
  return {
    name: 'too-many-links',
    check: ({ comment }) => {
      const links = countRenderedLinks(comment.body)
      return links > max ? { action, reason: `${links} links (limit ${max})` } : { action: 'accept' }
    },
  }
}

/** The links readers get from a comment body: the `<a>` elements of its rendered HTML. */
function countRenderedLinks(body: string): number {
  // Note: the output is sanitized HTML in which text is escaped, so `<a ` only starts a link element.
  const html = renderCommentHtml(body, { maxLength: Math.max(1, body.length) })
  return html.match(/<a\s/g)?.length ?? 0
}

/** Options of `akismetCheck`. */
export interface AkismetOptions {
  /** Akismet API key. */
  apiKey: string
  /** The site's front page URL, as registered with Akismet. */
  blog: string
  /** The `fetch` to use (inject one in tests). @default globalThis.fetch */
  fetch?: typeof fetch
  /** Endpoint base of an Akismet-compatible service. @default `https://${apiKey}.rest.akismet.com/1.1` */
  endpoint?: string
  /** Request timeout. @default 5000 */
  timeoutMs?: number
}

/**
 * Akismet-compatible `comment-check`: `true` → spam, `false` → accept; errors and timeouts → pending (the
 * comment waits for a moderator rather than being lost or published unchecked).
 * @returns A check that calls the Akismet API.
 */
export function akismetCheck(options: Readonly<AkismetOptions>): SpamCheck {
  if (typeof options?.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError('Expected `apiKey` to be your Akismet API key')
  }
  if (typeof options.blog !== 'string' || !/^https?:\/\//.test(options.blog)) {
    throw new TypeError(`Expected \`blog\` to be your site's URL, got \`${String(options.blog)}\``)
  }
  const doFetch = options.fetch ?? globalThis.fetch
  const endpoint = options.endpoint ?? `https://${encodeURIComponent(options.apiKey)}.rest.akismet.com/1.1`
  const timeoutMs = options.timeoutMs ?? 5000
  return {
    name: 'akismet',
    async check({ comment, client, now }) {
      const form = new URLSearchParams({
        api_key: options.apiKey,
        blog: options.blog,
        user_ip: client.ip ?? '',
        user_agent: client.userAgent ?? '',
        referrer: client.referrer ?? '',
        permalink: client.permalink ?? '',
        comment_type: comment.parentId === undefined ? 'comment' : 'reply',
        comment_author: comment.author.name,
        comment_author_email: comment.author.email ?? '',
        comment_author_url: comment.author.url ?? '',
        comment_content: comment.body,
        comment_date_gmt: now.toISOString(),
      })
      const response = await doFetch(`${endpoint}/comment-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
      })
      const body = (await response.text()).trim()
      if (!response.ok) return { action: 'pending', reason: `service answered HTTP ${response.status}` }
      if (body === 'true') {
        const discard = response.headers.get('x-akismet-pro-tip') === 'discard'
        return { action: 'spam', reason: discard ? 'blatant spam' : 'spam' }
      }
      if (body === 'false') return { action: 'accept' }
      const help = response.headers.get('x-akismet-debug-help')
      return {
        action: 'pending',
        reason: `unexpected answer \`${body.slice(0, 40)}\`${help ? ` (${help})` : ''}`,
      }
    },
  }
}

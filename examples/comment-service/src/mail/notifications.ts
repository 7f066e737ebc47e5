// What happens after a comment is stored or approved: the reader who ticked "e-mail me when someone replies"
// is sent one confirmation mail (double opt-in); a reply that becomes visible is mailed to the confirmed
// author of the comment it answers (with a one-click unsubscribe, RFC 8058); a held comment is announced to
// the moderators by webhook and/or mail. Mail and webhooks run in the outbox: a failure is retried and
// logged, never in the way of the reader's answer.
import { type Comment, type CommentStore, commentAnchor } from '@blogkit/comments'
import { commentHandlerMessages, heldReason, type PostedComment } from '@blogkit/comments/http'
import type { SubscriptionBook } from './book.js'
import type { MailConfig } from './config.js'
import { type MailMessages, mailWordsFor } from './messages.js'
import type { Outbox } from './outbox.js'
import { addressKeyOf, normalizeAddress, tokenOf } from './tokens.js'

/** One mail to send. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  headers?: Record<string, string>
}

/** What the notifications need from the service. */
export interface NotificationContext {
  config: MailConfig
  store: CommentStore
  /** The reply-mail tables; `undefined` without SMTP (no reply mails then). */
  book: SubscriptionBook | undefined
  /** Sends one mail; `undefined` without SMTP. */
  sendMail: ((message: MailMessage) => Promise<void>) | undefined
  outbox: Outbox
  /** The service's language (`PAGE_LANGUAGE`), for the moderators' mail. */
  language: string
  /** Links allowed before a comment is held (`MAX_LINKS`), as the moderators' mail says. */
  maxLinks: number
  /** The service's address as readers reach it, ending in `/`. */
  publicUrl: () => string
  /** Confirmation mails to one address at most once in this time. @default one day */
  confirmQuietMs?: number
}

/** The notifications of a running service. */
export interface Notifications {
  /** After the form stored a comment (the handler's `onPosted`): the confirmation mail, the held notices. */
  posted(posted: PostedComment): Promise<void>
  /**
   * After a comment became visible (approved by the spam checks or by a moderator): mails its reply to
   * the confirmed author of the comment it answers, once. Safe to call again for the same comment.
   */
  approved(comment: Pick<Comment, 'id'>): Promise<void>
}

const quote = (body: string) => {
  const text = body.length > 2000 ? `${body.slice(0, 2000).trimEnd()}…` : body
  return text
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n')
}

const siteOf = (pageUrl: string) => {
  try {
    return new URL(pageUrl).host
  } catch {
    return pageUrl
  }
}

const link = (base: string, path: string, query: Record<string, string>) =>
  `${new URL(path, base).href}?${new URLSearchParams(query)}`

export function createNotifications(ctx: NotificationContext): Notifications {
  const { book, sendMail, outbox } = ctx
  const quietMs = ctx.confirmQuietMs ?? 86_400_000
  const mail = (what: string, message: MailMessage) => {
    if (sendMail !== undefined) outbox.send(what, () => sendMail(message))
  }

  const adminUrl = () => ctx.config.adminUrl ?? new URL('admin', ctx.publicUrl()).href

  function heldNotice(posted: PostedComment) {
    const { comment, reasons, pageUrl } = posted
    const why = heldReason(comment.status, reasons)
    const { onHeldUrl, moderatorEmail } = ctx.config
    if (onHeldUrl !== undefined) {
      // Note: no e-mail address in the webhook: it may go to another company's server.
      const body = JSON.stringify({
        event: 'comment.held',
        comment: {
          id: comment.id,
          postId: comment.postId,
          ...(comment.parentId === undefined ? {} : { parentId: comment.parentId }),
          author: { name: comment.author.name },
          createdAt: comment.createdAt,
          status: comment.status,
        },
        page: pageUrl,
        why,
        admin: adminUrl(),
      })
      outbox.send(`held-comment webhook for comment ${comment.id}`, async () => {
        const response = await fetch(onHeldUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'blogkit-comment-service' },
          body,
          signal: AbortSignal.timeout(10_000),
        })
        await response.body?.cancel()
        if (!response.ok) throw new Error(`ON_HELD_URL answered ${response.status}`)
      })
    }
    if (moderatorEmail !== undefined) {
      const lang = mailWordsFor(ctx.language, ctx.language)
      const handlerWords = commentHandlerMessages[lang.lang] ?? commentHandlerMessages.en!
      const reason = why === 'links' ? handlerWords.heldWhy.links(ctx.maxLinks) : handlerWords.heldWhy[why]
      mail(`held-comment mail for comment ${comment.id}`, {
        to: moderatorEmail,
        subject: lang.words.heldSubject(siteOf(pageUrl)),
        text: lang.words.heldText({
          name: comment.author.name,
          pageUrl,
          body: quote(comment.body),
          why: reason,
          admin: adminUrl(),
        }),
      })
    }
  }

  async function subscribe(posted: PostedComment, email: string) {
    if (book === undefined) return
    const addressKey = addressKeyOf(book.secret, email)
    await book.subscribe(posted.comment.id, { addressKey, lang: posted.lang, pageUrl: posted.pageUrl })
    if ((await book.state(addressKey)) === 'confirmed') return
    if (!(await book.ask(addressKey, Date.now(), quietMs))) return
    const { lang, words } = mailWordsFor(posted.lang, ctx.language)
    const confirm = link(ctx.publicUrl(), 'mail/confirm', {
      a: addressKey,
      t: tokenOf(book.secret, 'confirm', addressKey),
      lang,
    })
    mail(`confirmation mail for comment ${posted.comment.id}`, {
      to: email,
      subject: words.confirmSubject(siteOf(posted.pageUrl)),
      text: words.confirmText({ site: siteOf(posted.pageUrl), pageUrl: posted.pageUrl, link: confirm }),
    })
  }

  async function approved({ id }: Pick<Comment, 'id'>) {
    if (book === undefined) return
    // Note: read again, so that the mail says what is stored and shown now.
    const reply = await ctx.store.get(id)
    if (reply?.status !== 'approved' || reply.parentId === undefined) return
    const subscription = await book.subscription(reply.parentId)
    if (subscription === undefined) return
    const parent = await ctx.store.get(reply.parentId)
    const address = parent?.author.email
    if (parent?.status !== 'approved' || address === undefined) return
    const { addressKey } = subscription
    // Note: the comment's address may have been erased or changed by a moderator since it was subscribed.
    if (addressKeyOf(book.secret, address) !== addressKey) return
    const own = reply.author.email
    if (own !== undefined && normalizeAddress(own) === normalizeAddress(address)) return
    if ((await book.state(addressKey)) !== 'confirmed') return
    if (!(await book.claim(reply.id, Date.now()))) return
    const { lang, words } = mailWordsFor(subscription.lang, ctx.language)
    const unsubscribe = link(ctx.publicUrl(), 'mail/unsubscribe', {
      a: addressKey,
      t: tokenOf(book.secret, 'unsubscribe', addressKey),
      lang,
    })
    mail(
      `reply mail for comment ${reply.id}`,
      replyMail(words, reply, subscription.pageUrl, address, unsubscribe),
    )
  }

  return {
    async posted(posted) {
      if (posted.comment.status === 'pending') heldNotice(posted)
      const email = posted.comment.author.email
      // Note: not for spam (a bot filling in someone else's address would have them mailed).
      const wanted = posted.notify && posted.comment.status !== 'spam'
      if (wanted && email !== undefined && email !== '') await subscribe(posted, email)
    },
    approved,
  }
}

function replyMail(
  words: MailMessages,
  reply: Comment,
  pageUrl: string,
  to: string,
  unsubscribe: string,
): MailMessage {
  return {
    to,
    subject: words.replySubject(reply.author.name),
    text: words.replyText({
      name: reply.author.name,
      pageUrl,
      body: quote(reply.body),
      link: `${pageUrl}#${commentAnchor(reply)}`,
      unsubscribe,
    }),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  }
}

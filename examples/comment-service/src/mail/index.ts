// The service's mail: nodemailer over `SMTP_URL`, the reply-mail tables beside the comments, the outbox
// that retries, and the notifications and link pages on top of them. A comment that becomes visible is
// heard through the store, as `ON_APPROVE_URL` hears it (`withApprovalWebhook`): stored approved, or
// approved later by a moderator through the service's store.
import type { CommentStore } from '@blogkit/comments'
import nodemailer from 'nodemailer'
import type { ServiceConfig } from '../config.js'
import { withApprovalWebhook } from '../webhook.js'
import type { SubscriptionBook } from './book.js'
import { openPostgresBook, openSqliteBook } from './book-drivers.js'
import { createNotifications, type MailMessage, type Notifications } from './notifications.js'
import { createOutbox } from './outbox.js'
import { mailRoute } from './pages.js'

/** The mail side of a running service. */
export interface ServiceMail extends Notifications {
  /** The store, telling the reply mails of each comment that becomes visible through it: give it to the handler and the admin. */
  store: CommentStore
  /** Whether reply mails are offered (SMTP is set): the form's `notify` box is honoured. */
  replyMail: boolean
  /** The confirm and unsubscribe pages; `undefined` for other paths. */
  route(request: Request): Promise<Response | undefined>
  /** Resolves when no mail or webhook is being sent or waits to be tried again. */
  idle(): Promise<void>
  close(): Promise<void>
}

/** Options of `openMail`. */
export interface OpenMailOptions {
  config: ServiceConfig
  store: CommentStore
  /** The service's address as readers reach it, ending in `/`. */
  publicUrl: () => string
  /** Where sending failures go. */
  log: (line: string) => void
  /** Waits before trying a failed mail or webhook again, in ms. @default [10 s, 1 min, 5 min] */
  retryDelays?: readonly number[]
}

/** Open the reply-mail tables (with SMTP) and make the notifications. */
export async function openMail(options: OpenMailOptions): Promise<ServiceMail> {
  const { config, store } = options
  const { smtpUrl, from } = config.mail
  let book: SubscriptionBook | undefined
  let sendMail: ((message: MailMessage) => Promise<void>) | undefined
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined
  if (smtpUrl !== undefined && from !== undefined) {
    book =
      config.databaseUrl === undefined
        ? await openSqliteBook(config.databasePath)
        : await openPostgresBook({ connectionString: config.databaseUrl, schema: config.databaseSchema })
    const smtp = nodemailer.createTransport(smtpUrl)
    transport = smtp
    sendMail = async (message) => {
      // Note: RFC 3834: mail programs send no out-of-office answers to a mail marked as automatic.
      const headers = { 'Auto-Submitted': 'auto-generated', ...message.headers }
      await smtp.sendMail({ from, ...message, headers })
    }
  }
  const outbox = createOutbox({
    log: options.log,
    ...(options.retryDelays === undefined ? {} : { retryDelays: options.retryDelays }),
  })
  const notifications = createNotifications({
    config: config.mail,
    store,
    book,
    sendMail,
    outbox,
    language: config.language,
    maxLinks: config.maxLinks,
    publicUrl: options.publicUrl,
  })
  const visible = withApprovalWebhook(store, {
    approved: (comment) =>
      outbox.send(`reply check for comment ${comment.id}`, () => notifications.approved(comment)),
    settled: () => outbox.idle(),
    // Note: the outbox is closed by `close` below, before the store.
    close: async () => {},
  })
  return {
    ...notifications,
    store: visible,
    replyMail: book !== undefined,
    route: (request) => mailRoute(request, book, config.language),
    idle: () => outbox.idle(),
    async close() {
      await outbox.close()
      transport?.close()
      await book?.close()
    },
  }
}

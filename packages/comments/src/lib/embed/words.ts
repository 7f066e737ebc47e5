// The `<blogkit-comments>` element's own words, in the languages the comment service has built in (English
// and Swedish). What the service says about a posted comment (held, refused) comes from the service itself.

/** The element's words in one language. */
export interface EmbedWords {
  /** The heading over the threads: how many comments the page has. */
  count: (n: number) => string
  none: string
  loading: string
  loadFailed: string
  write: string
  replyTo: (name: string) => string
  reply: string
  cancel: string
  name: string
  email: string
  url: string
  body: string
  /** The "e-mail me when someone replies" box, when the service offers reply mails. */
  notify: string
  submit: string
  sending: string
  published: string
  failed: string
  /** The name of the paging links' landmark. */
  pages: string
  previous: string
  next: string
  pageOf: (p: number, pages: number) => string
  removed: string
  inReplyTo: string
}

const en: EmbedWords = {
  count: (n) => (n === 1 ? '1 comment' : `${n} comments`),
  none: 'No comments yet.',
  loading: 'Loading comments…',
  loadFailed: 'The comments could not be loaded just now.',
  write: 'Write a comment',
  replyTo: (name) => `Reply to ${name}`,
  reply: 'Reply',
  cancel: 'Cancel',
  name: 'Name',
  email: 'Email (not shown)',
  url: 'Website',
  body: 'Comment',
  notify: 'E-mail me when someone replies',
  submit: 'Post comment',
  sending: 'Sending…',
  published: 'Your comment is published.',
  failed: 'The comment could not be sent just now. Your text is kept: try again in a moment.',
  pages: 'Pages of comments',
  previous: 'Previous page',
  next: 'Next page',
  pageOf: (p, pages) => `Page ${p} of ${pages}`,
  removed: 'This comment is not shown.',
  inReplyTo: 'In reply to',
}

const sv: EmbedWords = {
  count: (n) => (n === 1 ? '1 kommentar' : `${n} kommentarer`),
  none: 'Inga kommentarer än.',
  loading: 'Laddar kommentarer…',
  loadFailed: 'Kommentarerna kunde inte laddas just nu.',
  write: 'Skriv en kommentar',
  replyTo: (name) => `Svara ${name}`,
  reply: 'Svara',
  cancel: 'Avbryt',
  name: 'Namn',
  email: 'E-post (visas inte)',
  url: 'Webbplats',
  body: 'Kommentar',
  notify: 'Skicka e-post till mig när någon svarar',
  submit: 'Skicka kommentar',
  sending: 'Skickar…',
  published: 'Din kommentar är publicerad.',
  failed: 'Kommentaren kunde inte skickas just nu. Din text finns kvar: försök igen om en stund.',
  pages: 'Sidor med kommentarer',
  previous: 'Föregående sida',
  next: 'Nästa sida',
  pageOf: (p, pages) => `Sida ${p} av ${pages}`,
  removed: 'Den här kommentaren visas inte.',
  inReplyTo: 'Svar till',
}

/** The element's words by language code. */
export const embedWords: Readonly<Record<string, EmbedWords>> = Object.freeze({ en, sv })

/** The words for `lang` (`sv-SE` → `sv`), else English. */
export function embedWordsFor(lang: string | undefined): EmbedWords {
  const code = (lang ?? '').trim().toLowerCase()
  return embedWords[code] ?? embedWords[code.split('-')[0]!] ?? en
}

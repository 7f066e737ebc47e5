import type { HeldReason } from '../form-rules.js'

/** The words of the comment handler's small pages (held for review, errors), in one language. */
export interface CommentHandlerMessages {
  /** Title of the page for a held comment. */
  heldTitle: string
  /** The held page's text, with the reason (`heldWhy`). */
  held: (why: string) => string
  /** Why a comment is held, by `HeldReason`; `links` gets the number of links allowed. */
  heldWhy: Record<Exclude<HeldReason, 'links'>, string> & { links: (max: number) => string }
  /** Title of the page for a comment that was not stored. */
  errorTitle: string
  /** The link back to the page the comment was written on. */
  back: string
  /** The heading of the form sent back. */
  again: string
  nameLabel: string
  emailLabel: string
  urlLabel: string
  bodyLabel: string
  /** The "e-mail me when someone replies" box (`notifyField`). */
  notifyLabel: string
  /** The box is ticked but no e-mail address was given. */
  notifyNeedsEmail: string
  submit: string
  nameMissing: string
  bodyMissing: string
  /** `page` is missing, not an http(s) URL, or not on an allowed site. */
  badPage: string
  /** The form was sent from a page of a site that is not allowed. */
  crossOrigin: string
  rate: (seconds: number) => string
  tooLarge: string
  /** The name is (or looks like) one of `reservedNames`. */
  reservedName: string
  parent: string
  failed: string
  bodyLimit: (bytes: number) => string
  notForm: string
  /** Shown in the HTML fragment for a comment that is not shown but has replies. */
  removed: string
  /** Before the name of the comment a reply answers, when it is shown away from it. */
  inReplyTo: string
}

const en: CommentHandlerMessages = {
  heldTitle: 'Your comment is waiting for review',
  held: (why) =>
    `Thank you! Your comment is saved but not shown yet: ${why} It will appear on the page once a moderator has approved it.`,
  heldWhy: {
    links: (max) =>
      `it has more than ${max === 1 ? '1 link' : `${max} links`}, and comments with many links are read by a person first.`,
    rate: 'many comments came from your address in a short time, so the next ones are read by a person first.',
    parent: 'the comment you answered is itself waiting for review.',
    other: 'a moderator looks at it first.',
    spam: 'the spam filter asked for a person to look at it.',
  },
  errorTitle: 'Your comment was not posted',
  back: 'Back to the page',
  again: 'Your comment, as you wrote it',
  nameLabel: 'Name',
  emailLabel: 'Email (not shown)',
  urlLabel: 'Website',
  bodyLabel: 'Comment',
  notifyLabel: 'E-mail me when someone replies',
  notifyNeedsEmail: 'Enter your e-mail address to hear about replies, or untick the box.',
  submit: 'Post comment',
  nameMissing: 'Enter your name.',
  bodyMissing: 'Write a comment.',
  badPage:
    'The form does not say which page the comment is for, so it was not saved. Go back to the page and send it from there.',
  crossOrigin: 'The form was sent from a site that may not post comments here, so it was not saved.',
  rate: (seconds) => `You have sent many comments in a short time. Wait ${seconds} seconds and send again.`,
  tooLarge: 'The comment is too long.',
  reservedName: 'That name is the name of the site’s author. Write under your own name.',
  parent: 'The comment you are replying to is gone. Send your comment without replying.',
  failed:
    'The comment could not be saved just now. Your text is kept below: please send it again in a moment.',
  bodyLimit: (bytes) =>
    `The form is too large: comments are limited to ${bytes} bytes. Shorten it and send again.`,
  notForm: 'Expected a form (application/x-www-form-urlencoded or multipart/form-data).',
  removed: 'This comment is not shown.',
  inReplyTo: 'In reply to',
}

const sv: CommentHandlerMessages = {
  heldTitle: 'Din kommentar väntar på granskning',
  held: (why) =>
    `Tack! Din kommentar är sparad men visas inte än: ${why} Den visas på sidan när en moderator har godkänt den.`,
  heldWhy: {
    links: (max) =>
      `den har fler än ${max === 1 ? '1 länk' : `${max} länkar`}, och kommentarer med många länkar läses av en människa först.`,
    rate: 'många kommentarer kom från din adress på kort tid, så de följande läses av en människa först.',
    parent: 'kommentaren du svarade på väntar själv på granskning.',
    other: 'en moderator tittar på den först.',
    spam: 'skräppostfiltret ville att en människa tittar på den.',
  },
  errorTitle: 'Din kommentar publicerades inte',
  back: 'Tillbaka till sidan',
  again: 'Din kommentar, som du skrev den',
  nameLabel: 'Namn',
  emailLabel: 'E-post (visas inte)',
  urlLabel: 'Webbplats',
  bodyLabel: 'Kommentar',
  notifyLabel: 'Skicka e-post till mig när någon svarar',
  notifyNeedsEmail: 'Skriv din e-postadress för att få veta om svar, eller kryssa ur rutan.',
  submit: 'Skicka kommentar',
  nameMissing: 'Skriv ditt namn.',
  bodyMissing: 'Skriv en kommentar.',
  badPage:
    'Formuläret säger inte vilken sida kommentaren gäller, så den sparades inte. Gå tillbaka till sidan och skicka den därifrån.',
  crossOrigin: 'Formuläret skickades från en webbplats som inte får kommentera här, så det sparades inte.',
  rate: (seconds) =>
    `Du har skickat många kommentarer på kort tid. Vänta ${seconds} sekunder och skicka igen.`,
  tooLarge: 'Kommentaren är för lång.',
  reservedName: 'Det namnet är webbplatsens författares. Skriv under ditt eget namn.',
  parent: 'Kommentaren du svarar på finns inte längre. Skicka din kommentar utan att svara.',
  failed:
    'Kommentaren kunde inte sparas just nu. Din text finns kvar här nedan: skicka den igen om en stund.',
  bodyLimit: (bytes) =>
    `Formuläret är för stort: en kommentar får vara högst ${bytes} byte. Korta den och skicka igen.`,
  notForm: 'Väntade ett formulär (application/x-www-form-urlencoded eller multipart/form-data).',
  removed: 'Den här kommentaren visas inte.',
  inReplyTo: 'Svar till',
}

/** The built-in languages of the handler's pages: English and Swedish. */
export const commentHandlerMessages: Readonly<Record<string, CommentHandlerMessages>> = Object.freeze({
  en,
  sv,
})

/** The words for `lang` (`sv-SE` → `sv`), else for `fallback`, else English. */
export function wordsFor(
  catalog: Readonly<Record<string, CommentHandlerMessages>>,
  lang: string | undefined,
  fallback: string,
): { lang: string; words: CommentHandlerMessages } {
  for (const candidate of [lang, lang?.split('-')[0], fallback, fallback.split('-')[0], 'en']) {
    const key = candidate?.trim().toLowerCase()
    if (key && catalog[key]) return { lang: key, words: catalog[key]! }
  }
  return { lang: 'en', words: en }
}

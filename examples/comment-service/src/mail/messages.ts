// The words of the service's mails and of its confirm and unsubscribe pages, in English and Swedish.

/** The words of the mails and the mail pages in one language. */
export interface MailMessages {
  confirmSubject: (site: string) => string
  confirmText: (options: { site: string; pageUrl: string; link: string }) => string
  replySubject: (name: string) => string
  replyText: (options: {
    name: string
    pageUrl: string
    body: string
    link: string
    unsubscribe: string
  }) => string
  heldSubject: (site: string) => string
  heldText: (options: { name: string; pageUrl: string; body: string; why: string; admin: string }) => string
  confirmTitle: string
  confirmAsk: string
  confirmButton: string
  confirmedTitle: string
  confirmedText: string
  unsubscribeTitle: string
  unsubscribeAsk: string
  unsubscribeButton: string
  unsubscribedTitle: string
  unsubscribedText: string
  badLinkTitle: string
  badLinkText: string
}

const en: MailMessages = {
  confirmSubject: (site) => `Confirm reply e-mails from ${site}`,
  confirmText: ({ site, pageUrl, link }) =>
    `Someone, probably you, wrote a comment on ${pageUrl} and asked for an e-mail when someone replies.

To get these e-mails, confirm your address by opening this link:
${link}

If it was not you, do nothing: without the confirmation you get no more mail from ${site}.
`,
  replySubject: (name) => `${name} replied to your comment`,
  replyText: ({ name, pageUrl, body, link, unsubscribe }) =>
    `${name} replied to your comment on ${pageUrl}:

${body}

Read it and answer: ${link}

You get this e-mail because you asked for one when someone replies to your comment.
Stop these e-mails: ${unsubscribe}
`,
  heldSubject: (site) => `A comment is waiting for review on ${site}`,
  heldText: ({ name, pageUrl, body, why, admin }) =>
    `${name} wrote a comment on ${pageUrl}. It is not shown until a moderator approves it: ${why}

${body}

Review it: ${admin}
`,
  confirmTitle: 'Confirm reply e-mails',
  confirmAsk: 'Do you want an e-mail when someone replies to your comments?',
  confirmButton: 'Yes, e-mail me about replies',
  confirmedTitle: 'Your address is confirmed',
  confirmedText:
    'Thank you! You will get an e-mail when someone replies to your comment. Each e-mail has a link to stop them.',
  unsubscribeTitle: 'Stop reply e-mails',
  unsubscribeAsk: 'Do you want to stop the e-mails about replies to your comments?',
  unsubscribeButton: 'Stop the e-mails',
  unsubscribedTitle: 'No more reply e-mails',
  unsubscribedText:
    'You will get no more e-mails about replies. To get them again, tick the box the next time you comment.',
  badLinkTitle: 'This link does not work',
  badLinkText:
    'The link is incomplete or was changed. Open it again from the e-mail, or copy the whole link into the address bar.',
}

const sv: MailMessages = {
  confirmSubject: (site) => `Bekräfta e-post om svar från ${site}`,
  confirmText: ({ site, pageUrl, link }) =>
    `Någon, troligen du, skrev en kommentar på ${pageUrl} och bad om e-post när någon svarar.

Bekräfta din adress genom att öppna den här länken för att få sådana brev:
${link}

Om det inte var du, gör ingenting: utan bekräftelse får du ingen mer e-post från ${site}.
`,
  replySubject: (name) => `${name} svarade på din kommentar`,
  replyText: ({ name, pageUrl, body, link, unsubscribe }) =>
    `${name} svarade på din kommentar på ${pageUrl}:

${body}

Läs och svara: ${link}

Du får det här brevet för att du bad om e-post när någon svarar på din kommentar.
Sluta skicka sådana brev: ${unsubscribe}
`,
  heldSubject: (site) => `En kommentar väntar på granskning på ${site}`,
  heldText: ({ name, pageUrl, body, why, admin }) =>
    `${name} skrev en kommentar på ${pageUrl}. Den visas inte förrän en moderator har godkänt den: ${why}

${body}

Granska den: ${admin}
`,
  confirmTitle: 'Bekräfta e-post om svar',
  confirmAsk: 'Vill du få e-post när någon svarar på dina kommentarer?',
  confirmButton: 'Ja, skicka e-post om svar',
  confirmedTitle: 'Din adress är bekräftad',
  confirmedText:
    'Tack! Du får e-post när någon svarar på din kommentar. Varje brev har en länk för att sluta få dem.',
  unsubscribeTitle: 'Sluta få e-post om svar',
  unsubscribeAsk: 'Vill du sluta få e-post om svar på dina kommentarer?',
  unsubscribeButton: 'Sluta skicka',
  unsubscribedTitle: 'Ingen mer e-post om svar',
  unsubscribedText:
    'Du får ingen mer e-post om svar. Kryssa i rutan nästa gång du kommenterar för att få dem igen.',
  badLinkTitle: 'Länken fungerar inte',
  badLinkText:
    'Länken är ofullständig eller har ändrats. Öppna den igen från brevet, eller kopiera hela länken till adressfältet.',
}

/** The built-in languages. */
export const mailMessages: Readonly<Record<string, MailMessages>> = Object.freeze({ en, sv })

/** The words for `lang` (`sv-SE` → `sv`), else for `fallback`, else English. */
export function mailWordsFor(
  lang: string | undefined,
  fallback: string,
): { lang: string; words: MailMessages } {
  for (const candidate of [lang, lang?.split('-')[0], fallback]) {
    const key = candidate?.trim().toLowerCase()
    if (key && mailMessages[key]) return { lang: key, words: mailMessages[key]! }
  }
  return { lang: 'en', words: en }
}

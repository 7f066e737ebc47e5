import { type Child, catalogLanguage, html } from '@blogkit/example-site/parts'

// The words of the moderation pages (`/admin`), English and Swedish: the admin's one catalog, looked up
// through `adminMessagesFor(lang)` by the theme's rule for languages (`catalogLanguage`). The pages around it
// (the document, the layout's words) are the host's, in the theme's catalog.

const en = {
  heading: 'Comment moderation',
  moderation: 'Moderation',
  /** The status tabs. */
  views: { pending: 'Pending', spam: 'Spam', approved: 'Approved', deleted: 'Deleted' },
  /** A tab's accessible name: its label and how many comments it has. */
  viewCount: (label: string, count: number) => `${label}: ${count === 1 ? '1 comment' : `${count} comments`}`,
  statuses: { pending: 'pending', spam: 'spam', deleted: 'deleted', approved: 'approved' },
  actions: { approve: 'Approve', spam: 'Mark spam', delete: 'Delete', restore: 'Restore', purge: 'Purge…' },
  done: {
    approve: 'Approved',
    spam: 'Marked as spam',
    delete: 'Deleted',
    restore: 'Restored',
    purge: 'Purged',
  },
  columns: { post: 'Post', author: 'Author', comment: 'Comment', status: 'Status', actions: 'Actions' },
  lists: 'Comments by status',
  nothing: 'No comments here.',
  nothingFound: 'No comments match the filter.',
  older: 'Older comments',
  newest: 'Newest comments',
  /** The filter form. */
  filter: 'Filter',
  filterPost: 'Post',
  allPosts: 'All posts',
  /** The comment service's filter: all pages of one of the sites, or one page. */
  filterSite: 'Site',
  allSites: 'All sites',
  filterPage: 'Page',
  filterPageHint: 'Its address, or the identifier its comments were imported under',
  /** Whom a moderator's reply is published as when the comment service knows no author's name. */
  moderator: 'Moderator',
  search: 'Search',
  searchHint: 'Name, e-mail address or text',
  clearFilter: 'Show all',
  filtered: (count: number, label: string) =>
    `${count === 1 ? '1 comment' : `${count} comments`} in “${label}” match the filter.`,
  /** Selecting and acting on several comments at once. */
  select: (name: string, date: string) => `Select the comment by ${name} of ${date}`,
  bulk: 'With the selected comments',
  bulkAction: 'Action',
  apply: 'Apply',
  noneSelected: 'Select one or more comments (the boxes on the left), then choose what to do.',
  doneMany: (done: string, count: number) => `${done}: ${count === 1 ? '1 comment' : `${count} comments`}.`,
  skipped: (count: number) =>
    `${count === 1 ? '1 comment was' : `${count} comments were`} not changed (purged, or gone).`,
  /** One comment in the list. */
  on: 'On',
  inReplyTo: 'In reply to',
  parentGone: 'a comment that is gone',
  byAuthor: 'you (author)',
  held: (reasons: string) => `Held: ${reasons}`,
  /** Why a comment was held, from the spam checks' reasons. */
  reasons: {
    links: (count: number, max: number) =>
      `${count === 1 ? '1 link' : `${count} links`}, at most ${max} allowed`,
    rate: (count: number, seconds: number, max: number) =>
      `comment ${count} from the same address within ${seconds} s, at most ${max} allowed`,
    honeypot: 'the hidden field that only robots fill in was filled in',
    parent: (status: string) => `it answers a comment that is ${status}`,
    akismetSpam: 'the spam service judged it spam',
    akismetOther: 'the spam service gave no clear answer',
    failed: (check: string) => `the check “${check}” could not run, so a person looks first`,
    other: (check: string, text: string) => `${check}: ${text}`,
  },
  statusPurged: (status: string) => `${status} (purged)`,
  erasedOn: (date: Child) => html`Author and text erased on ${date}.`,
  doneNotice: (done: string, name: string, status: string) =>
    `${done}: the comment by ${name} is now ${status}.`,
  purgedNotice: (done: string) =>
    `${done}: the comment's author, e-mail, site and text are erased; its replies keep their place.`,
  /** Replying from the admin, as the site's author. */
  reply: (name: string) => `Reply to ${name}`,
  approveAndReply: (name: string) => `Approve and reply to ${name}`,
  replyAs: (author: string) => `Your reply, published as ${author}`,
  postReply: 'Publish reply',
  replied: (name: string) => `Your reply to ${name} is published.`,
  replyEmpty: 'Write a reply before publishing it.',
  replyRefused: (reason: string) => `The reply was not published: ${reason}`,
  replyClosed: 'Only a pending or approved comment can be answered.',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'Admin token',
  wrongToken: 'That is not the admin token.',
  lockedSignIn: (seconds: number) =>
    `Too many wrong tokens from this address. Wait ${seconds} seconds and try again.`,
  tooMany: (seconds: number) =>
    `Too many wrong admin tokens from this address: wait ${seconds} seconds and try again.`,
  expiredSignIn: 'The form expired (or cookies are off). Sign in again.',
  expiredSignOut: 'The form expired: reload /admin and sign out again.',
  expired: 'The form expired: reload /admin and try again.',
  signInFirst: 'Sign in at /admin first, or send Authorization: Bearer <ADMIN_TOKEN>.',
  crossOrigin: 'Refused: the form was sent from another site. Use the forms of this site’s /admin page.',
  noComment: (id: string) => `No comment has id ${id}.`,
  off: 'Moderation is off',
  offText: (token: Child, admin: Child) =>
    html`This server was started without ${token}, so ${admin} is disabled. Start it with a secret token to moderate comments, for example:`,
  offThen: (admin: Child) => html`then open ${admin} and sign in with that token.`,
  purgedStays: 'This comment was purged: its author and text are erased, so it stays deleted.',
  purgedOn: (date: Child) => html`This comment was purged on ${date}: its author and text are erased.`,
  back: 'Back to moderation',
  purgeTitle: 'Purge a comment',
  purgeQuestion: 'Purge this comment?',
  purgeWhat:
    'For erasure requests. Purging erases for good the author’s name, e-mail address and site, and the text of the comment, with why it was held. It cannot be undone: a purged comment cannot be restored.',
  purgeKeeps:
    'What stays: that a comment was here (post, date, its place in the thread), as a “comment deleted” placeholder, so the replies keep their place. Replies by others are not changed.',
  purgeButton: 'Purge: erase author and text for good',
  cancel: 'Cancel',
}

/** The admin's words in one language. */
export type AdminMessages = typeof en

const sv: AdminMessages = {
  heading: 'Granska kommentarer',
  moderation: 'Granskning',
  views: { pending: 'Väntande', spam: 'Skräp', approved: 'Godkända', deleted: 'Borttagna' },
  viewCount: (label, count) => `${label}: ${count === 1 ? '1 kommentar' : `${count} kommentarer`}`,
  statuses: { pending: 'väntande', spam: 'skräp', deleted: 'borttagen', approved: 'godkänd' },
  actions: {
    approve: 'Godkänn',
    spam: 'Markera som skräp',
    delete: 'Ta bort',
    restore: 'Återställ',
    purge: 'Radera…',
  },
  done: {
    approve: 'Godkänd',
    spam: 'Markerad som skräp',
    delete: 'Borttagen',
    restore: 'Återställd',
    purge: 'Raderad',
  },
  columns: {
    post: 'Inlägg',
    author: 'Skribent',
    comment: 'Kommentar',
    status: 'Status',
    actions: 'Åtgärder',
  },
  lists: 'Kommentarer efter status',
  nothing: 'Här finns inga kommentarer.',
  nothingFound: 'Inga kommentarer matchar filtret.',
  older: 'Äldre kommentarer',
  newest: 'Nyaste kommentarerna',
  filter: 'Filtrera',
  filterPost: 'Inlägg',
  allPosts: 'Alla inlägg',
  filterSite: 'Webbplats',
  allSites: 'Alla webbplatser',
  filterPage: 'Sida',
  filterPageHint: 'Dess adress, eller id:t som dess kommentarer importerades under',
  moderator: 'Moderator',
  search: 'Sök',
  searchHint: 'Namn, e-postadress eller text',
  clearFilter: 'Visa alla',
  filtered: (count, label) =>
    `${count === 1 ? '1 kommentar' : `${count} kommentarer`} i ”${label}” matchar filtret.`,
  select: (name, date) => `Välj kommentaren av ${name} från ${date}`,
  bulk: 'Med de valda kommentarerna',
  bulkAction: 'Åtgärd',
  apply: 'Utför',
  noneSelected: 'Välj en eller flera kommentarer (rutorna till vänster) och sedan vad som ska göras.',
  doneMany: (done, count) => `${done}: ${count === 1 ? '1 kommentar' : `${count} kommentarer`}.`,
  skipped: (count) =>
    `${count === 1 ? '1 kommentar' : `${count} kommentarer`} ändrades inte (raderade eller borta).`,
  on: 'På',
  inReplyTo: 'Svar till',
  parentGone: 'en kommentar som inte finns längre',
  byAuthor: 'du (skribenten)',
  held: (reasons) => `Hölls kvar: ${reasons}`,
  reasons: {
    links: (count, max) => `${count === 1 ? '1 länk' : `${count} länkar`}, högst ${max} tillåts`,
    rate: (count, seconds, max) =>
      `kommentar nummer ${count} från samma adress inom ${seconds} s, högst ${max} tillåts`,
    honeypot: 'det dolda fältet som bara robotar fyller i var ifyllt',
    parent: (status) => `den svarar på en kommentar som är ${status}`,
    akismetSpam: 'skräppostfiltret bedömde den som skräp',
    akismetOther: 'skräppostfiltret gav inget tydligt svar',
    failed: (check) => `kontrollen ”${check}” kunde inte köras, så en person tittar först`,
    other: (check, text) => `${check}: ${text}`,
  },
  statusPurged: (status) => `${status} (raderad)`,
  erasedOn: (date) => html`Namn och text raderades ${date}.`,
  doneNotice: (done, name, status) => `${done}: kommentaren av ${name} är nu ${status}.`,
  purgedNotice: (done) =>
    `${done}: skribentens namn, e-postadress, webbplats och kommentarens text är raderade; svaren ligger kvar på sin plats.`,
  reply: (name) => `Svara ${name}`,
  approveAndReply: (name) => `Godkänn och svara ${name}`,
  replyAs: (author) => `Ditt svar, publiceras som ${author}`,
  postReply: 'Publicera svaret',
  replied: (name) => `Ditt svar till ${name} är publicerat.`,
  replyEmpty: 'Skriv ett svar innan du publicerar det.',
  replyRefused: (reason) => `Svaret publicerades inte: ${reason}`,
  replyClosed: 'Bara en väntande eller godkänd kommentar kan besvaras.',
  signIn: 'Logga in',
  signOut: 'Logga ut',
  token: 'Adminnyckel',
  wrongToken: 'Det är inte adminnyckeln.',
  lockedSignIn: (seconds) =>
    `För många felaktiga nycklar från den här adressen. Vänta ${seconds} sekunder och försök igen.`,
  tooMany: (seconds) =>
    `För många felaktiga adminnycklar från den här adressen: vänta ${seconds} sekunder och försök igen.`,
  expiredSignIn: 'Formuläret har gått ut (eller så är kakor avstängda). Logga in igen.',
  expiredSignOut: 'Formuläret har gått ut: ladda om /admin och logga ut igen.',
  expired: 'Formuläret har gått ut: ladda om /admin och försök igen.',
  signInFirst: 'Logga in på /admin först, eller skicka Authorization: Bearer <ADMIN_TOKEN>.',
  crossOrigin:
    'Nekad: formuläret skickades från en annan webbplats. Använd formulären på den här webbplatsens /admin-sida.',
  noComment: (id) => `Det finns ingen kommentar med id ${id}.`,
  off: 'Granskningen är avstängd',
  offText: (token, admin) =>
    html`Servern startades utan ${token}, så ${admin} är avstängd. Starta den med en hemlig nyckel för att granska kommentarer, till exempel:`,
  offThen: (admin) => html`Öppna sedan ${admin} och logga in med den nyckeln.`,
  purgedStays: 'Kommentaren är raderad: namn och text är borta för gott, så den förblir borttagen.',
  purgedOn: (date) => html`Kommentaren raderades ${date}: namn och text är borta.`,
  back: 'Tillbaka till granskningen',
  purgeTitle: 'Radera en kommentar',
  purgeQuestion: 'Radera kommentaren?',
  purgeWhat:
    'För begäran om radering. Att radera tar för gott bort skribentens namn, e-postadress och webbplats, kommentarens text och skälet till att den hölls kvar. Det går inte att ångra: en raderad kommentar kan inte återställas.',
  purgeKeeps:
    'Det här finns kvar: att en kommentar stod här (inlägg, datum, platsen i tråden), som en platshållare ”kommentaren är borttagen”, så att svaren behåller sin plats. Andras svar ändras inte.',
  purgeButton: 'Radera: ta bort namn och text för gott',
  cancel: 'Avbryt',
}

const catalogs: Record<string, AdminMessages> = { en, sv }

/** The admin's words for a BCP 47 language tag (`sv-SE` uses `sv`); English when there are none. */
export function adminMessagesFor(lang: string): AdminMessages {
  const language = catalogLanguage(lang)
  return Object.hasOwn(catalogs, language) ? (catalogs[language] as AdminMessages) : en
}

/** Languages the admin has words for. */
export const adminLanguages: readonly string[] = Object.keys(catalogs)

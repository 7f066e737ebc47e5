// The site's one catalog of words, English and Swedish: the theme's (`Messages`), the comment form's
// (`form`) and what the server tells readers (`server`). Every language is looked up through
// `messagesFor`; the moderation pages' words are the admin's (`@blogkit/example-admin`), looked up by the
// same rule (`catalogLanguage`). (Errors meant for developers, such as bad settings, stay English.)

const en = {
  skipToContent: 'Skip to content',
  mainNavigation: 'Main',
  home: 'Home',
  archive: 'Archive',
  tags: 'Tags',
  categories: 'Categories',
  feeds: 'Feeds',
  by: 'by',
  published: 'Published',
  draft: 'Draft',
  updated: 'updated',
  minutesToRead: (minutes: number) => `${minutes} min read`,
  readMore: (title: string) => `Read all of “${title}”`,
  contents: 'Contents',
  taggedWith: 'Tags',
  filedUnder: 'Categories',
  relatedPosts: 'Related posts',
  sharedTags: 'Shared tags',
  sharedCategories: 'Same category',
  sharedTerms: 'Also about',
  similarText: 'Similar text',
  comments: (count: number) =>
    count === 0 ? 'No comments' : count === 1 ? '1 comment' : `${count} comments`,
  replies: (count: number) => (count === 1 ? '1 reply' : `${count} replies`),
  noComments: 'No comments yet.',
  commentDeleted: 'This comment was deleted.',
  inReplyTo: (name: string) => `In reply to ${name}`,
  latestPost: 'Latest post',
  followComments: 'Follow the comments in a feed reader',
  aboutFeeds: 'about feeds',
  commentFeedOf: (title: string) => `Comments on “${title}”`,
  previousPost: 'Previous post',
  nextPost: 'Next post',
  postNavigation: 'More posts',
  pagination: 'Pages',
  newerPosts: 'Newer posts',
  olderPosts: 'Older posts',
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  postsTagged: (tag: string) => `Posts tagged “${tag}”`,
  postsInCategory: (category: string) => `Posts in ${category}`,
  postsFrom: (year: string) => `Posts from ${year}`,
  postCount: (count: number) => (count === 1 ? '1 post' : `${count} posts`),
  allTags: 'All tags',
  allCategories: 'All categories',
  notFoundTitle: 'Page not found',
  notFoundText: 'The page you are looking for has moved or never existed.',
  notFoundBack: 'Go to the home page',
  movedTitle: (title: string) => `Moved: ${title}`,
  movedText: 'This address has moved to',
  subscribe: 'Subscribe',
  subscribeWith: 'Subscribe with RSS, Atom or JSON Feed',
  feedReaderIntro:
    'A feed reader is an app or web service that fetches new posts from the sites you follow, so you see them without visiting each one: copy an address below and add it to yours.',
  siteFeeds: 'Feeds of this blog',
  feedFormats: {
    rss: 'works in every feed reader',
    atom: 'the same posts in the IETF standard format',
    json: 'the same posts as JSON, for readers that prefer it',
  },
  commentFeeds: 'Comment feeds',
  commentFeedsIntro: (shown: number, total: number) =>
    `Every post has a feed of its own comments, linked beside them. ${
      shown < total
        ? `Here are the ${shown} posts with the latest comments (of ${total} with comments).`
        : shown === 1
          ? 'Here is the post that has comments.'
          : `Here are the ${shown} posts that have comments, latest comments first.`
    }`,
  noCommentFeeds: 'Every post has a feed of its own comments, linked beside them. No post has comments yet.',
  alsoAs: 'also as',
  and: 'and',
  latestPosts: 'Latest posts',
  commentOn: (name: string, title: string) => `${name} on “${title}”`,
  permalinkTo: (name: string) => `Link to the comment by ${name}`,
  authorBadge: 'Author',
  authorBadgeLabel: 'Comment by the blog’s author',
  reply: 'Reply',
  commentOrder: 'Order',
  oldestFirst: 'Oldest first',
  newestFirst: 'Newest first',
  commentPages: 'Pages of comments',
  previousCommentPage: 'Previous page',
  nextCommentPage: 'Next page',
  commentOnLiveSite: (host: string) => `Write a comment on ${host}`,
  /** The comment form (`renderCommentForm`). */
  form: {
    leaveComment: 'Leave a comment',
    replyTo: (name: string) => `Reply to ${name}`,
    cancelReply: 'Cancel reply',
    name: 'Name',
    email: 'Email (optional, never shown)',
    url: 'Website (optional)',
    body: 'Comment',
    bodyHint: 'Markdown: *italic*, **bold**, `code`, [link](https://…), > quote. No HTML.',
    honeypot: 'Leave this field empty',
    submit: 'Post comment',
    required: 'required',
    problems: (count: number) =>
      count === 1 ? 'There is a problem with the form:' : `There are ${count} problems with the form:`,
    awaitsModeration: 'Thank you! Your comment awaits moderation and will appear once it is approved.',
    published: 'Thank you! Your comment is published.',
    held: (why: string) =>
      `Thank you! Your comment is saved but not shown yet: ${why} It will appear here once a moderator has approved it.`,
    heldWhy: {
      links: (max: number) =>
        `it has more than ${max === 1 ? '1 link' : `${max} links`}, and comments with many links are read by a person first.`,
      rate: 'many comments came from your address in a short time, so the next ones are read by a person first.',
      parent: 'the comment you answered is itself waiting for review.',
      other: 'a moderator looks at it first.',
      spam: 'the spam filter asked for a person to look at it.',
    },
    replyingTo: 'You are answering',
    remember: 'Remember my name, email and website on this device (a cookie)',
    latestPost: "Show my latest post under my comment (read from my website's feed)",
    notify:
      'E-mail me when someone replies (you confirm your address once; each e-mail has a link to stop them)',
  },
  /** What the server tells a reader when it cannot take a comment or answer. */
  server: {
    /** A field the comment store refused (by the error's `code`), said so that the reader can fix it. */
    invalid: {
      nameEmpty: 'Your name shows as empty: it has only spaces or invisible characters. Enter your name.',
      nameReserved: 'That is the name of the blog’s author, or looks just like it. Write your own name.',
      urlScheme:
        'Your website must be a web address such as www.example.com; other kinds of links (javascript:, data:, mailto: …) cannot be used. Correct it or leave the field empty.',
      urlHost:
        'This is not a website address: check the name before the first “/” (such as www.example.com), or leave the field empty.',
      url: 'This is not a website address. Type it like www.example.com, or leave the field empty.',
      urlCredentials: 'Remove the user name and password (the part up to “@”) from the website address.',
      email: 'Enter an e-mail address such as name@example.com, or leave the field empty.',
      tooLong: (max: number) => `This is too long: shorten it to at most ${max} characters.`,
      controlCharacter: 'Remove the line breaks and invisible control characters from this field.',
      other: 'Check this field and send the form again.',
    },
    nameMissing: 'Enter your name.',
    bodyMissing: 'Write a comment.',
    csrf: 'The form has expired (or your browser sends no cookies). Please send it again.',
    rate: (seconds: number) =>
      `You have sent many comments in a short time. Wait ${seconds} seconds and send again.`,
    tooLarge: 'The comment is too long.',
    parent: 'The comment you are replying to is gone. Send your comment without replying.',
    failed:
      'The comment could not be saved just now. Your text is kept below: please send it again in a moment.',
    crossOrigin:
      'The form was sent from another site and was not accepted. Your text is kept below: send it from this page.',
    bodyLimit: (bytes: number) =>
      `Request body too large: comments are limited to ${bytes} bytes. Go back and shorten it.`,
    internalError: 'Internal server error: the request could not be handled; it was logged.',
  },
}

/** The site's words in one language (theme, comment form and server). */
export type Messages = typeof en

const sv: Messages = {
  skipToContent: 'Hoppa till innehållet',
  mainNavigation: 'Huvudmeny',
  home: 'Start',
  archive: 'Arkiv',
  tags: 'Taggar',
  categories: 'Kategorier',
  feeds: 'Flöden',
  by: 'av',
  published: 'Publicerad',
  draft: 'Utkast',
  updated: 'uppdaterad',
  minutesToRead: (minutes) => `${minutes} min läsning`,
  readMore: (title) => `Läs hela ”${title}”`,
  contents: 'Innehåll',
  taggedWith: 'Taggar',
  filedUnder: 'Kategorier',
  relatedPosts: 'Relaterade inlägg',
  sharedTags: 'Samma taggar',
  sharedCategories: 'Samma kategori',
  sharedTerms: 'Handlar också om',
  similarText: 'Liknande text',
  comments: (count) =>
    count === 0 ? 'Inga kommentarer' : count === 1 ? '1 kommentar' : `${count} kommentarer`,
  replies: (count) => (count === 1 ? '1 svar' : `${count} svar`),
  noComments: 'Inga kommentarer ännu.',
  commentDeleted: 'Kommentaren är borttagen.',
  inReplyTo: (name) => `Svar till ${name}`,
  latestPost: 'Senaste inlägg',
  followComments: 'Följ kommentarerna i en flödesläsare',
  aboutFeeds: 'om flöden',
  commentFeedOf: (title) => `Kommentarer till ”${title}”`,
  previousPost: 'Föregående inlägg',
  nextPost: 'Nästa inlägg',
  postNavigation: 'Fler inlägg',
  pagination: 'Sidor',
  newerPosts: 'Nyare inlägg',
  olderPosts: 'Äldre inlägg',
  pageOf: (page, pages) => `Sida ${page} av ${pages}`,
  postsTagged: (tag) => `Inlägg taggade ”${tag}”`,
  postsInCategory: (category) => `Inlägg i kategorin ${category}`,
  postsFrom: (year) => `Inlägg från ${year}`,
  postCount: (count) => (count === 1 ? '1 inlägg' : `${count} inlägg`),
  allTags: 'Alla taggar',
  allCategories: 'Alla kategorier',
  notFoundTitle: 'Sidan finns inte',
  notFoundText: 'Sidan du letar efter har flyttats eller har aldrig funnits.',
  notFoundBack: 'Till startsidan',
  movedTitle: (title: string) => `Flyttad: ${title}`,
  movedText: 'Den här adressen har flyttat till',
  subscribe: 'Prenumerera',
  subscribeWith: 'Prenumerera med RSS, Atom eller JSON Feed',
  feedReaderIntro:
    'En flödesläsare är en app eller webbtjänst som hämtar nya inlägg från webbplatserna du följer, så att du ser dem utan att besöka varje sida: kopiera en adress här nedan och lägg till den i din.',
  siteFeeds: 'Bloggens flöden',
  feedFormats: {
    rss: 'fungerar i alla flödesläsare',
    atom: 'samma inlägg i IETF:s standardformat',
    json: 'samma inlägg som JSON, för läsare som vill ha det',
  },
  commentFeeds: 'Kommentarsflöden',
  commentFeedsIntro: (shown, total) =>
    `Varje inlägg har ett eget flöde med sina kommentarer, länkat vid kommentarerna. ${
      shown < total
        ? `Här är de ${shown} inlägg som senast fått kommentarer (av ${total} med kommentarer).`
        : shown === 1
          ? 'Här är inlägget som har kommentarer.'
          : `Här är de ${shown} inlägg som har kommentarer, senast kommenterade först.`
    }`,
  noCommentFeeds:
    'Varje inlägg har ett eget flöde med sina kommentarer, länkat vid kommentarerna. Inget inlägg har kommentarer ännu.',
  alsoAs: 'även som',
  and: 'och',
  latestPosts: 'Senaste inläggen',
  commentOn: (name, title) => `${name} om ”${title}”`,
  permalinkTo: (name) => `Länk till kommentaren av ${name}`,
  authorBadge: 'Författare',
  authorBadgeLabel: 'Kommentar av bloggens författare',
  reply: 'Svara',
  commentOrder: 'Ordning',
  oldestFirst: 'Äldsta först',
  newestFirst: 'Nyaste först',
  commentPages: 'Sidor med kommentarer',
  previousCommentPage: 'Föregående sida',
  nextCommentPage: 'Nästa sida',
  commentOnLiveSite: (host) => `Skriv en kommentar på ${host}`,
  form: {
    leaveComment: 'Skriv en kommentar',
    replyTo: (name) => `Svar till ${name}`,
    cancelReply: 'Avbryt svaret',
    name: 'Namn',
    email: 'E-post (frivilligt, visas aldrig)',
    url: 'Webbplats (frivilligt)',
    body: 'Kommentar',
    bodyHint: 'Markdown: *kursiv*, **fet**, `kod`, [länk](https://…), > citat. Ingen HTML.',
    honeypot: 'Lämna det här fältet tomt',
    submit: 'Skicka kommentaren',
    required: 'obligatoriskt',
    problems: (count) => (count === 1 ? 'Formuläret har ett fel:' : `Formuläret har ${count} fel:`),
    awaitsModeration: 'Tack! Din kommentar väntar på granskning och visas när den har godkänts.',
    published: 'Tack! Din kommentar är publicerad.',
    held: (why) =>
      `Tack! Din kommentar är sparad men visas inte än: ${why} Den visas här när en moderator har godkänt den.`,
    heldWhy: {
      links: (max) =>
        `den har fler än ${max === 1 ? '1 länk' : `${max} länkar`}, och kommentarer med många länkar läses av en människa först.`,
      rate: 'många kommentarer kom från din adress på kort tid, så de följande läses av en människa först.',
      parent: 'kommentaren du svarade på väntar själv på granskning.',
      other: 'en moderator tittar på den först.',
      spam: 'skräppostfiltret ville att en människa tittar på den.',
    },
    replyingTo: 'Du svarar på',
    remember: 'Kom ihåg mitt namn, min e-post och webbplats på den här enheten (en kaka)',
    latestPost: 'Visa mitt senaste inlägg under kommentaren (hämtas från min webbplats flöde)',
    notify:
      'Skicka e-post till mig när någon svarar (du bekräftar adressen en gång; varje brev har en länk för att sluta)',
  },
  server: {
    invalid: {
      nameEmpty: 'Namnet syns som tomt: det har bara mellanslag eller osynliga tecken. Skriv ditt namn.',
      nameReserved:
        'Det är namnet på bloggens författare, eller ser ut precis som det. Skriv ditt eget namn.',
      urlScheme:
        'Webbplatsen måste vara en webbadress som www.exempel.se; andra sorters länkar (javascript:, data:, mailto: …) går inte att använda. Rätta den eller lämna fältet tomt.',
      urlHost:
        'Det här är ingen webbadress: kontrollera namnet före första ”/” (som www.exempel.se), eller lämna fältet tomt.',
      url: 'Det här är ingen webbadress. Skriv den som www.exempel.se, eller lämna fältet tomt.',
      urlCredentials: 'Ta bort användarnamnet och lösenordet (delen fram till ”@”) ur webbadressen.',
      email: 'Skriv en e-postadress som namn@exempel.se, eller lämna fältet tomt.',
      tooLong: (max) => `Det här är för långt: korta det till högst ${max} tecken.`,
      controlCharacter: 'Ta bort radbrytningar och osynliga styrtecken ur fältet.',
      other: 'Kontrollera fältet och skicka formuläret igen.',
    },
    nameMissing: 'Skriv ditt namn.',
    bodyMissing: 'Skriv en kommentar.',
    csrf: 'Formuläret har gått ut (eller din webbläsare skickar inga kakor). Skicka det igen.',
    rate: (seconds) =>
      `Du har skickat många kommentarer på kort tid. Vänta ${seconds} sekunder och skicka igen.`,
    tooLarge: 'Kommentaren är för lång.',
    parent: 'Kommentaren du svarar på finns inte längre. Skicka din kommentar utan att svara.',
    failed:
      'Kommentaren kunde inte sparas just nu. Din text finns kvar här nedan: skicka den igen om en stund.',
    crossOrigin:
      'Formuläret skickades från en annan webbplats och togs inte emot. Din text finns kvar här nedan: skicka den härifrån.',
    bodyLimit: (bytes) =>
      `Kommentaren är för stor: en kommentar får vara högst ${bytes} byte. Gå tillbaka och korta den.`,
    internalError: 'Serverfel: begäran kunde inte hanteras. Felet har loggats.',
  },
}

const catalogs: Record<string, Messages> = { sv, en }

/**
 * The catalog's language for a BCP 47 language tag: its primary subtag (`sv-SE` → `sv`) when the catalog
 * has words for it, else `en`. The one rule for every catalog of the examples (the admin's too).
 */
export function catalogLanguage(lang: string): string {
  const primary = lang.toLowerCase().split('-')[0] ?? ''
  return Object.hasOwn(catalogs, primary) ? primary : 'en'
}

/** The site's words for a BCP 47 language tag (`sv-SE` uses `sv`); English when there are none. */
export function messagesFor(lang: string): Messages {
  return catalogs[catalogLanguage(lang)] ?? en
}

/** Languages the catalog has words for. */
export const themeLanguages: readonly string[] = Object.keys(catalogs)

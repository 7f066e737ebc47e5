/** Words of the theme in one language. */
export interface Messages {
  skipToContent: string
  mainNavigation: string
  home: string
  archive: string
  tags: string
  categories: string
  feeds: string
  by: string
  published: string
  updated: string
  minutesToRead: (minutes: number) => string
  readMore: (title: string) => string
  contents: string
  taggedWith: string
  filedUnder: string
  relatedPosts: string
  sharedTags: string
  sharedCategories: string
  sharedTerms: string
  similarText: string
  comments: (count: number) => string
  replies: (count: number) => string
  noComments: string
  commentDeleted: string
  inReplyTo: (name: string) => string
  latestPost: string
  followComments: string
  aboutFeeds: string
  commentFeedOf: (title: string) => string
  previousPost: string
  nextPost: string
  postNavigation: string
  pagination: string
  newerPosts: string
  olderPosts: string
  pageOf: (page: number, pages: number) => string
  postsTagged: (tag: string) => string
  postsInCategory: (category: string) => string
  postsFrom: (year: string) => string
  postCount: (count: number) => string
  allTags: string
  allCategories: string
  notFoundTitle: string
  notFoundText: string
  notFoundBack: string
  subscribe: string
  subscribeWith: string
  feedReaderIntro: string
  siteFeeds: string
  feedFormats: { rss: string; atom: string; json: string }
  commentFeeds: string
  commentFeedsIntro: (shown: number, total: number) => string
  noCommentFeeds: string
  alsoAs: string
  and: string
  latestPosts: string
  commentOn: (name: string, title: string) => string
  permalinkTo: (name: string) => string
}

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
}

const en: Messages = {
  skipToContent: 'Skip to content',
  mainNavigation: 'Main',
  home: 'Home',
  archive: 'Archive',
  tags: 'Tags',
  categories: 'Categories',
  feeds: 'Feeds',
  by: 'by',
  published: 'Published',
  updated: 'updated',
  minutesToRead: (minutes) => `${minutes} min read`,
  readMore: (title) => `Read all of “${title}”`,
  contents: 'Contents',
  taggedWith: 'Tags',
  filedUnder: 'Categories',
  relatedPosts: 'Related posts',
  sharedTags: 'Shared tags',
  sharedCategories: 'Same category',
  sharedTerms: 'Also about',
  similarText: 'Similar text',
  comments: (count) => (count === 0 ? 'No comments' : count === 1 ? '1 comment' : `${count} comments`),
  replies: (count) => (count === 1 ? '1 reply' : `${count} replies`),
  noComments: 'No comments yet.',
  commentDeleted: 'This comment was deleted.',
  inReplyTo: (name) => `In reply to ${name}`,
  latestPost: 'Latest post',
  followComments: 'Follow the comments in a feed reader',
  aboutFeeds: 'about feeds',
  commentFeedOf: (title) => `Comments on “${title}”`,
  previousPost: 'Previous post',
  nextPost: 'Next post',
  postNavigation: 'More posts',
  pagination: 'Pages',
  newerPosts: 'Newer posts',
  olderPosts: 'Older posts',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  postsTagged: (tag) => `Posts tagged “${tag}”`,
  postsInCategory: (category) => `Posts in ${category}`,
  postsFrom: (year) => `Posts from ${year}`,
  postCount: (count) => (count === 1 ? '1 post' : `${count} posts`),
  allTags: 'All tags',
  allCategories: 'All categories',
  notFoundTitle: 'Page not found',
  notFoundText: 'The page you are looking for has moved or never existed.',
  notFoundBack: 'Go to the home page',
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
  commentFeedsIntro: (shown, total) =>
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
  commentOn: (name, title) => `${name} on “${title}”`,
  permalinkTo: (name) => `Link to the comment by ${name}`,
}

const catalogs: Record<string, Messages> = { sv, en }

/** The theme's words for a BCP 47 language tag (`sv-SE` uses `sv`); English when there are none. */
export function messagesFor(lang: string): Messages {
  return catalogs[lang.toLowerCase().split('-')[0] ?? ''] ?? en
}

/** Languages the theme has words for. */
export const themeLanguages: readonly string[] = Object.keys(catalogs)

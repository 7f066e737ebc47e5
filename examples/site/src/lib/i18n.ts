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
  commentFeed: string
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
  commentFeed: 'Kommentarsflöde',
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
  commentFeed: 'Comment feed',
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

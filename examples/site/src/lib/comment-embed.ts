import { type Html, html } from './html.js'

/** Options of `renderCommentEmbed`. */
export interface RenderCommentEmbedOptions {
  /** The comment service's URL (ending in `/`): the element's script is `<service>embed.js`. */
  service: string
  /** The page's canonical URL: the `page` the service keeps its comments under. */
  page: string
  /** The element's `id` (the post's links to its comments, `#comments`, lead to it with or without JavaScript). */
  id: string
  /** What the page shows without JavaScript: the comments rendered at build time and the form posting to the service. */
  content: Html
}

/**
 * The comment service's `<blogkit-comments>` element around what a page shows without JavaScript, and
 * the one script from the service that defines it (the progressive use of examples/comment-service's
 * README). Without JavaScript the wrapped comments and form are the page's; with JavaScript the element
 * replaces them, once the service has answered, with the live threads, paging, reply buttons and a form
 * that posts in place.
 */
export function renderCommentEmbed(options: Readonly<RenderCommentEmbedOptions>): Html {
  return html`<blogkit-comments id="${options.id}" page="${options.page}">
${options.content}
</blogkit-comments>
<script type="module" src="${new URL('embed.js', options.service).href}"></script>`
}

/**
 * Styles of `<blogkit-comments>` (its classes are the service's: `blogkit-comment`, `blogkit-replies`,
 * `blogkit-form`, …), added to the theme's stylesheet with `commentFormStylesheet` when the pages embed it.
 */
export const commentEmbedStylesheet = `
/* <blogkit-comments> of the comment service */
blogkit-comments { display: block; }
.blogkit-comments { margin-top: 3rem; }
.blogkit-threads, .blogkit-replies { list-style: none; margin: 0; padding: 0; }
.blogkit-replies { margin-left: 1rem; padding-left: 1rem; border-left: 2px solid var(--border); }
.blogkit-comment { margin: 1rem 0 0; scroll-margin-top: 1.5rem; }
.blogkit-comment > article { background: var(--surface); border-radius: 8px; padding: 0.8rem 1rem; }
.blogkit-comment > article > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.15rem 0.75rem; font-size: 0.9rem; }
.blogkit-author { font: 700 1rem / 1.4 var(--sans); }
.blogkit-comment time, .blogkit-in-reply-to { color: var(--muted); }
.blogkit-comment:focus > article { outline: 3px solid var(--accent); outline-offset: 2px; }
.blogkit-comment > article > p { margin: 0.25rem 0 0; }
.blogkit-field { display: grid; gap: 0.25rem; margin: 0 0 1rem; }
.blogkit-field input:not([type="checkbox"]), .blogkit-field textarea {
  font: inherit; color: var(--text); background: var(--bg); padding: 0.5rem;
  border: 1px solid var(--muted); border-radius: 4px; max-width: 100%;
}
.blogkit-field textarea { min-height: 8rem; }
.blogkit-notify { display: flex; gap: 0.5rem; align-items: baseline; }
.blogkit-form [aria-invalid="true"] { border: 2px solid #b00020; }
.blogkit-error { color: #b00020; font-weight: 600; }
.blogkit-form button, .blogkit-reply, .blogkit-pages button {
  font: inherit; padding: 0.4rem 0.9rem; cursor: pointer; border-radius: 4px;
  color: var(--accent); background: transparent; border: 1px solid var(--accent);
}
.blogkit-form button[type="submit"] { color: var(--bg); background: var(--accent); border-color: var(--accent); }
.blogkit-form button[type="submit"]:hover { background: var(--accent-hover); }
.blogkit-pages button:disabled { opacity: 0.5; cursor: default; }
@media (prefers-color-scheme: dark) {
  .blogkit-form [aria-invalid="true"] { border-color: #ff8a80; }
  .blogkit-error { color: #ff8a80; }
}
`

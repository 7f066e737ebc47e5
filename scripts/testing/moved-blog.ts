// A WordPress blog about to move, for the examples' tests of old addresses (examples/static-blog and
// examples/server-blog, test/moved-blog.test.ts): a WordPress export written for them, imported with the
// `blogkit-import` command as npm installs it.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'

/** A published post of the export, with what its old addresses should lead to. */
export interface OldPost {
  id: number
  slug: string
  title: string
  /** Local date and time on the old blog (UTC+1), `YYYY-MM-DD HH:MM:SS`. */
  date: string
  category: string
  /** Its address on the old blog: `/:year/:month/:day/:slug/`. */
  path: string
  /** WordPress ids of its approved comments (the second answers the first). */
  comments: number[]
}

/** The old blog's address. */
export const oldSite = 'https://moved.example'

/** The published posts of the export (a draft, id 104, is in it too). */
export const oldPosts: OldPost[] = [
  {
    id: 101,
    slug: 'block-button',
    title: 'Block: Button',
    date: '2018-11-02 10:00:00',
    category: 'Blocks',
    path: '',
    comments: [5, 6],
  },
  {
    id: 102,
    slug: 'la-verite',
    title: 'La vérité',
    date: '2001-05-01 09:30:00',
    category: 'Essays',
    path: '',
    comments: [],
  },
  {
    id: 103,
    slug: 'hello-world',
    title: 'Hello world',
    date: '2019-01-15 23:30:00',
    category: 'Notes',
    path: '',
    comments: [9],
  },
].map((post) => ({ ...post, path: `/${post.date.slice(0, 10).replaceAll('-', '/')}/${post.slug}/` }))

const gmt = (local: string) => {
  const date = new Date(`${local.replace(' ', 'T')}+01:00`)
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

function item(post: OldPost, status = 'publish'): string {
  const comments = post.comments
    .map(
      (
        id,
        index,
      ) => `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>Reader ${id}</wp:comment_author>
<wp:comment_date>${post.date}</wp:comment_date><wp:comment_date_gmt>${gmt(post.date)}</wp:comment_date_gmt>
<wp:comment_content>Comment ${id} on ${post.slug}.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>${index > 0 ? post.comments[0] : 0}</wp:comment_parent></wp:comment>`,
    )
    .join('\n')
  return `<item><title>${post.title}</title><link>${status === 'publish' ? `${oldSite}${post.path}` : `${oldSite}/?p=${post.id}`}</link>
<dc:creator>anna</dc:creator><guid isPermaLink="false">${oldSite}/?p=${post.id}</guid>
<content:encoded><![CDATA[Text of ${post.title}.

A link to <a href="${oldSite}/2018/11/02/block-button/">the button post</a>.]]></content:encoded>
<wp:post_id>${post.id}</wp:post_id><wp:post_date>${post.date}</wp:post_date><wp:post_date_gmt>${gmt(post.date)}</wp:post_date_gmt>
<wp:post_name>${post.slug}</wp:post_name><wp:status>${status}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${post.category.toLowerCase()}"><![CDATA[${post.category}]]></category>
${comments}
</item>`
}

/** The export: the posts above, a draft, and the page About. */
export function movedBlogExport(): string {
  const draft = { ...oldPosts[0]!, id: 104, slug: 'unfinished', title: 'Unfinished', comments: [] }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Moved</title><link>${oldSite}</link><description>A blog that moved</description><language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>anna</wp:author_login><wp:author_display_name>Anna</wp:author_display_name></wp:author>
${oldPosts.map((post) => item(post)).join('\n')}
${item(draft, 'draft')}
<item><title>About</title><link>${oldSite}/about/</link><dc:creator>anna</dc:creator>
<content:encoded><![CDATA[About this blog.]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:post_date>2001-01-01 12:00:00</wp:post_date><wp:post_date_gmt>2001-01-01 11:00:00</wp:post_date_gmt>
<wp:post_name>about</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>page</wp:post_type>
</item>
</channel></rss>
`
}

/** The `blogkit-import` command as npm installs it (the examples' site depends on @blogkit/import). */
const bin = path.join(
  path.dirname(
    createRequire(createRequire(import.meta.url).resolve('@blogkit/example-site/package.json')).resolve(
      '@blogkit/import/package.json',
    ),
  ),
  'bin/blogkit-import.js',
)

/**
 * Write the export into `dir` and import it into `<dir>/content` with `blogkit-import wordpress`
 * (`--time-zone Europe/Stockholm` and `args`).
 *
 * @returns The content folder and what the import printed.
 */
export async function importMovedBlog(
  dir: string,
  args: string[] = [],
): Promise<{ content: string; stderr: string }> {
  const file = path.join(dir, 'export.xml')
  await writeFile(file, movedBlogExport())
  const content = path.join(dir, 'content')
  const { stderr } = await promisify(execFile)(process.execPath, [
    bin,
    'wordpress',
    file,
    '--out',
    content,
    '--time-zone',
    'Europe/Stockholm',
    '--quiet',
    ...args,
  ])
  return { content, stderr }
}

/** Every address a page of the site links to or loads (`href`, `src`), resolved against the page. */
export function linksOf(html: string, base: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)].map(
    (match) => new URL(match[1]!.replaceAll('&amp;', '&'), base).href,
  )
}

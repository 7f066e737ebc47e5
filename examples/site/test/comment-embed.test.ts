import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSite, renderPostPage, type Site, sitePages } from '../src/index.js'
import { writeContent } from './helpers.js'

describe('<blogkit-comments> on post pages with a comment service (config.commentsUrl)', () => {
  let dir: string
  let site: Site
  const render = () => renderPostPage(site, site.bySlug.get('hej')!)
  const css = () => {
    const file = [...sitePages(site)].find((page) => page.path.endsWith('.css'))!
    return String(file.inputs[0])
  }

  beforeAll(async () => {
    dir = await writeContent({
      'site.json': JSON.stringify({ title: 'T', baseUrl: 'https://blog.example/', language: 'sv' }),
      'posts/hej.md': '---\ntitle: Hej\ndate: 2024-01-01\n---\n\nBody.\n',
      'posts/hej.comments.json': JSON.stringify([
        {
          id: 'a',
          author: { name: 'Ann' },
          createdAt: '2024-01-02T10:00:00Z',
          body: 'Statisk.',
          status: 'approved',
        },
      ]),
    })
    site = await loadSite({ contentDir: dir })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('adds no element and no script without a comment service', () => {
    const html = render()
    expect(html).not.toContain('<blogkit-comments')
    expect(html).not.toContain('<script type="module"')
    expect(html).toContain('<section class="comments" id="comments"')
    expect(css()).not.toContain('.blogkit-comment')
  })

  it('wraps the static comments and the form in the element, with the service’s script', () => {
    site.config.commentsUrl = 'https://comments.blog.example/'
    try {
      const html = render()
      const element =
        /<blogkit-comments id="comments" page="https:\/\/blog\.example\/posts\/hej\/">([\s\S]*)<\/blogkit-comments>/.exec(
          html,
        )
      expect(element).not.toBeNull()
      // Without JavaScript the element's content is the page's: the comments and the form to the service.
      expect(element![1]).toContain('<section class="comments" id="comments-static"')
      expect(element![1]).toContain('id="comment-a"')
      expect(element![1]).toContain(
        '<form method="post" action="https://comments.blog.example/comments#comment-form"',
      )
      expect(html.split('id="comments"')).toHaveLength(2)
      // The post's link to its comments leads to the element, with or without JavaScript.
      expect(html).toContain('<a href="#comments">')
      expect(html).toContain(
        '</blogkit-comments>\n<script type="module" src="https://comments.blog.example/embed.js"></script>',
      )
      expect(css()).toContain('.blogkit-comment')
    } finally {
      delete site.config.commentsUrl
    }
  })
})

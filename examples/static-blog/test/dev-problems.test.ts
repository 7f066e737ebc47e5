import path from 'node:path'
import { SiteError } from '@blogkit/example-site'
import { PostError, parsePost } from '@blogkit/post'
import { describe, expect, it } from 'vitest'
import { BuildError } from '../src/build.js'
import { renderErrorPage } from '../src/dev/error-page.js'
import { formatProblem, problemsOf } from '../src/dev/problems.js'

const root = path.resolve('/blog')
const postsDir = path.join(root, 'content', 'posts')

describe('the dev server’s problems', () => {
  it('should name the file (relative to where the user is), line and column of a post’s problem', async () => {
    const error = await parsePost({ path: 'a.md', value: '---\ntitle: "open\n---\n\nText.\n' }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(PostError)
    const [problem] = problemsOf(error, postsDir, root)!
    const { line, column } = error as PostError
    expect(line).toBeGreaterThan(1)
    expect(problem).toMatchObject({ file: path.join('content', 'posts', 'a.md'), line, column })
    expect(formatProblem(problem!)).toMatch(
      /^content\/posts\/a\.md:\d+:\d+: invalid YAML front matter: .*fix the YAML/,
    )
  })

  it('should name a missing image’s post, line and column with --strict, and site.json’s problems', () => {
    const missing = new BuildError([
      {
        slug: 'a',
        file: path.join(postsDir, 'a.md'),
        line: 7,
        column: 3,
        src: '/images/x.png',
        path: '/images/x.png',
        reason: 'image "/images/x.png" not found: expected images/x.png in the content folder',
      },
    ])
    expect(problemsOf(missing, postsDir, root)!.map(formatProblem)).toEqual([
      'content/posts/a.md:7:3: image "/images/x.png" not found: expected images/x.png in the content folder (--strict)',
    ])
    const site = new SiteError(['site.json:3:5: language: expected a language tag such as "en"'])
    expect(problemsOf(site, postsDir, root)!.map(formatProblem)).toEqual([
      'site.json:3:5: language: expected a language tag such as "en"',
    ])
    // Anything else is a bug of the builder, not the writer's mistake: shown with its stack instead.
    expect(problemsOf(new TypeError('x is undefined'), postsDir, root)).toBeUndefined()
  })

  it('should keep the place of a content-folder problem that has one (an alias, a comments file)', async () => {
    // Note: a SiteError names files as the process's working folder sees them.
    const error = await parsePost({
      path: path.join('content', 'posts', 'a.md'),
      value: '---\ntitle: "open\n---\n\nText.\n',
    }).then(
      () => expect.unreachable(),
      (caught: unknown) => caught as PostError,
    )
    const site = SiteError.of(error.messages)
    expect(site.problems).toEqual(error.messages.map(String))
    const [problem] = problemsOf(site, postsDir, path.join(process.cwd(), 'content'))!
    expect(problem).toMatchObject({
      file: path.join('posts', 'a.md'),
      line: error.line,
      column: error.column,
    })
    expect(problem!.line).toBeGreaterThan(1)
    expect(renderErrorPage([problem!])).toContain(
      `<p class="place">posts/a.md:${error.line}:${error.column}</p>`,
    )
  })

  it('should show the problems on an error page, escaped', () => {
    const page = renderErrorPage([
      { file: 'posts/<a>.md', line: 2, column: 8, reason: 'title: "<b>" & more' },
    ])
    expect(page).toContain('<html lang="en" data-blogkit-error>')
    expect(page).toContain('<p class="place">posts/&lt;a&gt;.md:2:8</p>')
    expect(page).toContain('<p class="reason">title: &quot;&lt;b&gt;&quot; &amp; more</p>')
    expect(page).not.toContain('<b>')
  })
})

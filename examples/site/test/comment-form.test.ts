import { describe, expect, it } from 'vitest'
import { commentFormStylesheet, firstLine, renderCommentForm, stylesheet } from '../src/index.js'

describe('renderCommentForm', () => {
  it('should render a plain form with the token, honeypot and fields', () => {
    const form = renderCommentForm({ lang: 'en', action: '/posts/a/comments', csrfToken: 'tok"en' }).value
    expect(form).toContain('<form method="post" action="/posts/a/comments#comment-form" novalidate>')
    expect(form).toContain('<input type="hidden" name="csrf" value="tok&quot;en">')
    expect(form).toMatch(/name="website" type="text" tabindex="-1"/)
    for (const name of ['name', 'email', 'url']) expect(form).toContain(`name="${name}"`)
    expect(form).toContain('<textarea id="comment-body" name="body"')
    expect(form).not.toContain('parentId')
    expect(form).not.toContain('aria-invalid')
    expect(form).not.toContain('name="submission"')
  })

  it('should carry the one-time submission id as a hidden field', () => {
    const form = renderCommentForm({ lang: 'en', action: '/a', csrfToken: 't', submissionId: 'a"b' }).value
    expect(form).toContain(
      '<input type="hidden" name="csrf" value="t">\n<input type="hidden" name="submission" value="a&quot;b">\n',
    )
  })

  it('should keep what was typed, escaped, and show the errors beside the fields', () => {
    const form = renderCommentForm({
      lang: 'sv',
      action: '/posts/a/comments',
      csrfToken: 't',
      values: { name: '<b>Jo</b>', body: '</textarea><script>alert(1)</script>', url: 'x' },
      errors: { url: 'Ogiltig adress', form: 'Formuläret har gått ut' },
    }).value
    expect(form).toContain('value="&lt;b&gt;Jo&lt;/b&gt;"')
    expect(form).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>')
    expect(form).not.toContain('<script>')
    expect(form).toContain('Formuläret har 2 fel:')
    expect(form).toContain('<a href="#comment-url">Ogiltig adress</a>')
    expect(form).toMatch(/id="comment-url"[^>]*aria-invalid="true" aria-describedby="comment-url-error"/)
    expect(form).toContain('<p class="comment-form-error" id="comment-url-error">Ogiltig adress</p>')
  })

  it('should show a reply target with a cancel link, and a notice', () => {
    const form = renderCommentForm({
      lang: 'en',
      action: '/p/comments',
      csrfToken: 't',
      replyTo: {
        id: 'c1',
        name: 'Anna',
        cancelHref: '/p/#comment-form',
        excerpt: firstLine('> Quoted\n\nSecond line'),
        href: '#comment-c1',
      },
      notice: 'Your comment awaits moderation.',
    }).value
    expect(form).toContain('<input type="hidden" name="parentId" value="c1">')
    expect(form).toContain('<h2 id="comment-form-title">Reply to Anna</h2>')
    // Note: the name once (the heading), then what is answered.
    expect(form.split('Anna').length - 1).toBe(1)
    expect(form).toContain(
      '<p><span class="visually-hidden">You are answering: </span><a href="#comment-c1">Quoted</a></p>',
    )
    expect(form).toContain('<a href="/p/#comment-form">Cancel reply</a>')
    expect(form).toContain('<p class="comment-form-notice" role="status">Your comment awaits moderation.</p>')
    expect(form).not.toContain('name="remember"')
  })

  it('should offer "remember me", ticked when the values say so', () => {
    const form = (remember: boolean | undefined) =>
      renderCommentForm({
        lang: 'sv',
        action: '/p/comments',
        csrfToken: 't',
        remember: true,
        values: { remember },
      }).value
    expect(form(undefined)).toContain(
      '<input id="comment-remember" name="remember" type="checkbox" value="yes">',
    )
    expect(form(true)).toContain('name="remember" type="checkbox" value="yes" checked>')
    expect(form(true)).toContain('<label for="comment-remember">Kom ihåg mitt namn')
  })

  it('should offer "show my latest post" after the website, in the page language, ticked when the values say so', () => {
    const form = (lang: string, latestPost: boolean | undefined) =>
      renderCommentForm({
        lang,
        action: '/p/comments',
        csrfToken: 't',
        latestPost: true,
        values: { latestPost },
      }).value
    const box = '<input id="comment-latest-post" name="latestPost" type="checkbox" value="yes">'
    expect(form('sv', undefined)).toContain(box)
    expect(form('sv', true)).toContain('name="latestPost" type="checkbox" value="yes" checked>')
    expect(form('sv', true)).toContain('<label for="comment-latest-post">Visa mitt senaste inlägg')
    expect(form('en', false)).toContain('<label for="comment-latest-post">Show my latest post')
    const html = form('en', false)
    expect(html.indexOf('id="comment-url"')).toBeLessThan(html.indexOf(box))
    expect(html.indexOf(box)).toBeLessThan(html.indexOf('id="comment-body"'))
    expect(renderCommentForm({ lang: 'en', action: '/p/comments', csrfToken: 't' }).value).not.toContain(
      'latestPost',
    )
  })

  it('should offer "e-mail me when someone replies" (field notify) after the e-mail, ticked when the values say so', () => {
    const form = (lang: string, notify: boolean | undefined) =>
      renderCommentForm({
        lang,
        action: 'https://comments.example/comments',
        notify: true,
        values: { notify },
      }).value
    const box = '<input id="comment-notify" name="notify" type="checkbox" value="yes">'
    expect(form('en', undefined)).toContain(box)
    expect(form('sv', true)).toContain('name="notify" type="checkbox" value="yes" checked>')
    expect(form('sv', true)).toContain('<label for="comment-notify">Skicka e-post till mig när någon svarar')
    expect(form('en', false)).toContain('<label for="comment-notify">E-mail me when someone replies')
    const html = form('en', false)
    expect(html.indexOf('id="comment-email"')).toBeLessThan(html.indexOf(box))
    expect(html.indexOf(box)).toBeLessThan(html.indexOf('id="comment-url"'))
    expect(renderCommentForm({ lang: 'en', action: '/p/comments', csrfToken: 't' }).value).not.toContain(
      'notify',
    )
  })

  it('should cut the first line of a comment at a word', () => {
    expect(firstLine('\n\n  ## Rubrik  här\nmer')).toBe('Rubrik här')
    expect(firstLine('ord '.repeat(50), 20)).toBe('ord ord ord ord ord…')
    expect(firstLine('x'.repeat(30), 10)).toBe('xxxxxxxxxx…')
    expect(firstLine('')).toBe('')
  })

  it('should keep its styles out of the theme stylesheet', () => {
    expect(commentFormStylesheet).toContain('.comment-form')
    expect(stylesheet).not.toContain('.comment-form-honeypot')
  })
})

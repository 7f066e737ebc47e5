import { CommentError, cleanName, defaultCommentLimits, looksEmpty, readerWebsite } from '@blogkit/comments'
import { stripControls } from './text.js'
import type { ImportedComment, ImportWarning } from './types.js'

const { maxNameLength: maxName, maxBodyLength: maxBody, maxEmailLength: maxEmail } = defaultCommentLimits

/**
 * Author and body of a comment made to pass @blogkit/comments' checks (non-empty name within its
 * `defaultCommentLimits`, a web address as a store takes it, plausible e-mail, no control characters), reporting every change.
 */
export function commentFields(
  raw: { name: string; url: string; email: string; body: string },
  where: { postId?: string; commentId: string },
  warn: (warning: ImportWarning) => void,
): Pick<ImportedComment, 'author' | 'body'> {
  const say = (code: string, message: string) =>
    warn({ code, message: `comment ${where.commentId}: ${message}`, ...where })
  // Note: the name as @blogkit/comments stores it (NFC, invisible characters removed).
  let name = cleanName(stripControls(raw.name).value.replace(/[\r\n\t]+/g, ' '))
  if (name === '' || looksEmpty(name)) {
    if (raw.name.trim() !== '')
      say(
        'empty-name',
        `author name \`${JSON.stringify(raw.name).slice(1, 81)}\` shows nothing: imported as Anonymous`,
      )
    name = 'Anonymous'
  }
  if (name.length > maxName) {
    say('long-name', `author name of ${name.length} characters cut to ${maxName}`)
    name = `${name.slice(0, maxName - 1)}…`
  }
  const author: ImportedComment['author'] = { name }
  const url = raw.url.trim()
  if (url !== '' && url !== 'http://' && url !== 'https://') {
    // Note: the address as @blogkit/comments stores it (`www.example.com` gains https://), or left out
    // where a store would refuse it.
    try {
      author.url = readerWebsite(url, 'author.url')
    } catch (error) {
      if (!(error instanceof CommentError)) throw error
      say('invalid-url', `author URL \`${url.slice(0, 80)}\` is not a web address (${error.code}): left out`)
    }
  }
  const email = raw.email.trim()
  if (email !== '') {
    if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) && email.length <= maxEmail) author.email = email
    else say('invalid-email', `author e-mail \`${email.slice(0, 80)}\` is not an address: left out`)
  }
  const stripped = stripControls(raw.body)
  if (stripped.changed) say('control-characters', 'control characters removed from the body')
  let body = stripped.value.trim()
  if (body === '') {
    say(
      'empty-comment',
      'the body is empty: written as `(empty)` so that the comment and its replies are kept',
    )
    body = '(empty)'
  }
  if (body.length > maxBody)
    say(
      'long-comment',
      `the body has ${body.length} characters, more than @blogkit/comments' default limit of ${maxBody}: raise \`limits.maxBodyLength\` of the store to import it`,
    )
  return { author, body }
}

/** The comment with its keys in @blogkit/comments' order (files read well and diff cleanly). */
export function ordered(comment: ImportedComment): ImportedComment {
  const { id, postId, parentId, author, createdAt, body, status } = comment
  return { id, postId, ...(parentId === undefined ? {} : { parentId }), author, createdAt, body, status }
}

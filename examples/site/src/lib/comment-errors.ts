// What a reader is told about a field the comment store refused: the catalog's words for the error's
// stable `code` (never the package's developer message, which is English and names `author.url`).
import { defaultCommentLimits } from '@blogkit/comments'
import type { CommentFormField } from './comment-form.js'
import { messagesFor } from './i18n.js'

const maxOf: Partial<Record<CommentFormField, number>> = {
  name: defaultCommentLimits.maxNameLength,
  url: defaultCommentLimits.maxUrlLength,
  email: defaultCommentLimits.maxEmailLength,
}

/**
 * The message in `lang` for a `CommentError` (its `code`) in the form field `at`, saying what to change;
 * a code the catalog has no words for gets a general "check this field".
 */
export function commentErrorMessage(error: { code: string }, at: CommentFormField, lang: string): string {
  const words = messagesFor(lang).server
  const invalid = words.invalid
  switch (error.code) {
    case 'missing-parent':
    case 'deleted-parent':
      return words.parent
    case 'empty-field':
    case 'missing-field':
      return at === 'body' ? words.bodyMissing : at === 'name' ? invalid.nameEmpty : invalid.other
    case 'too-long':
      return at === 'body' ? words.tooLarge : invalid.tooLong(maxOf[at] ?? defaultCommentLimits.maxIdLength)
    case 'reserved-name':
      return invalid.nameReserved
    case 'unsupported-url-scheme':
      return invalid.urlScheme
    case 'invalid-url-host':
      return invalid.urlHost
    case 'invalid-url':
      return invalid.url
    case 'url-credentials':
      return invalid.urlCredentials
    case 'invalid-email':
      return invalid.email
    case 'control-character':
      return invalid.controlCharacter
    default:
      return invalid.other
  }
}

import { catalogLanguage, messagesFor, themeLanguages } from '@blogkit/example-site'
import { describe, expect, it } from 'vitest'
import { adminLanguages, adminMessagesFor } from '../src/i18n.js'
import { adminWords } from '../src/pages.js'

// The admin's one catalog, looked up by the theme's rule for languages (`catalogLanguage`), so that a
// page and its moderation speak the same language.
describe('adminMessagesFor', () => {
  it('should have words for every language the theme has', () => {
    expect([...adminLanguages].sort()).toEqual([...themeLanguages].sort())
  })

  it('should pick the language as the theme does: region subtags and case ignored, else English', () => {
    const en = adminMessagesFor('en')
    const sv = adminMessagesFor('sv')
    expect(sv.heading).toBe('Granska kommentarer')
    expect(en.heading).toBe('Comment moderation')
    for (const tag of ['sv-SE', 'SV', 'sv-FI', 'fi', 'de-DE', '', 'constructor', '__proto__', 'toString']) {
      const expected = catalogLanguage(tag) === 'sv' ? sv : en
      expect(adminMessagesFor(tag), tag).toBe(expected)
      expect(adminWords({ language: tag }), tag).toBe(expected)
    }
    expect(catalogLanguage('sv-SE')).toBe('sv')
    expect(catalogLanguage('constructor')).toBe('en')
  })

  it("should not define the theme's words again: the admin's catalog is its own", () => {
    // Note: the theme's catalog (page layout, comment form, server) no longer carries the admin's words.
    expect(Object.keys(messagesFor('en'))).not.toContain('admin')
    expect(messagesFor('constructor')).toBe(messagesFor('en'))
  })
})

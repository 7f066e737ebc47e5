import { describe, expect, it } from 'vitest'
import { primaryLanguage, stemmedLanguages } from '../src/index.js'

describe('primaryLanguage', () => {
  it('should read the primary subtag of a BCP 47 tag', () => {
    expect(primaryLanguage('sv-SE', 'en')).toBe('sv')
    expect(primaryLanguage('DE_at', 'en')).toBe('de')
    expect(primaryLanguage(undefined, 'fr')).toBe('fr')
  })

  it('should return `und` for a malformed tag', () => {
    expect(primaryLanguage('not a language', 'en')).toBe('und')
    expect(primaryLanguage('', 'en')).toBe('und')
  })
})

describe('stemmedLanguages', () => {
  it('should cover Swedish, English, German and French', () => {
    expect([...stemmedLanguages].sort()).toEqual(['de', 'en', 'fr', 'sv'])
  })
})

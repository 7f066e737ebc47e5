import { describe, expect, it } from 'vitest'
import { adminMessagesFor } from '../src/i18n.js'
import { reasonInWords } from '../src/reasons.js'

// The spam checks' reasons in the moderator's words: codes become the catalog's sentences.
describe('reasonInWords', () => {
  const en = adminMessagesFor('en')
  const sv = adminMessagesFor('sv')

  it('should say the known reasons in words, without addresses or milliseconds', () => {
    const cases: Array<[string, string, string]> = [
      ['too-many-links: 3 links (limit 2)', '3 links, at most 2 allowed', '3 länkar, högst 2 tillåts'],
      ['too-many-links: 1 links (limit 0)', '1 link, at most 0 allowed', '1 länk, högst 0 tillåts'],
      [
        'rate-limit: 4 comments within 60000 ms from 127.0.0.1 (limit 3)',
        'comment 4 from the same address within 60 s, at most 3 allowed',
        'kommentar nummer 4 från samma adress inom 60 s, högst 3 tillåts',
      ],
      [
        'rate-limit: 6 comments within 90000 ms from 2001:db8::1 (limit 5)',
        'comment 6 from the same address within 90 s, at most 5 allowed',
        'kommentar nummer 6 från samma adress inom 90 s, högst 5 tillåts',
      ],
      [
        'honeypot: hidden field was filled in',
        'the hidden field that only robots fill in was filled in',
        'det dolda fältet som bara robotar fyller i var ifyllt',
      ],
      [
        'held-parent: answers c-ai-9, which is pending',
        'it answers a comment that is pending',
        'den svarar på en kommentar som är väntande',
      ],
      ['akismet: spam', 'the spam service judged it spam', 'skräppostfiltret bedömde den som skräp'],
      ['akismet: blatant spam', 'the spam service judged it spam', 'skräppostfiltret bedömde den som skräp'],
      [
        'akismet: service answered HTTP 500',
        'the spam service gave no clear answer',
        'skräppostfiltret gav inget tydligt svar',
      ],
      [
        'akismet: check failed (fetch failed)',
        'the check “akismet” could not run, so a person looks first',
        'kontrollen ”akismet” kunde inte köras, så en person tittar först',
      ],
    ]
    for (const [reason, english, swedish] of cases) {
      expect(reasonInWords(reason, en), reason).toBe(english)
      expect(reasonInWords(reason, sv), reason).toBe(swedish)
    }
  })

  it("should show another check's reason with its name, and a reason without a name as it is", () => {
    expect(reasonInWords('my-check: too shouty', en)).toBe('my-check: too shouty')
    expect(reasonInWords('no name here', sv)).toBe('no name here')
  })
})

import { describe, expect, it } from 'vitest'
import { parsePost, slugify } from '../src/index.js'
import { problems } from './helpers.js'

describe('slugify', () => {
  it('should remove Swedish accents the way WordPress does', () => {
    expect(slugify('Strategisk kommunikation 2.0')).toBe('strategisk-kommunikation-2-0')
    expect(slugify('Läsårets början på Öland')).toBe('lasarets-borjan-pa-oland')
    expect(slugify('ÅÄÖ åäö')).toBe('aao-aao')
  })

  it('should handle other Latin letters, apostrophes and punctuation', () => {
    expect(slugify('Crème brûlée & Straße')).toBe('creme-brulee-strasse')
    expect(slugify("Don't panic!")).toBe('dont-panic')
    expect(slugify('  --Hello,   World--  ')).toBe('hello-world')
    expect(slugify('Łódź, Ærø, Þingvellir')).toBe('lodz-aero-thingvellir')
  })

  it('should keep letters of scripts without accents to remove', () => {
    expect(slugify('Привет, мир')).toBe('привет-мир')
    expect(slugify('日本語のブログ')).toBe('日本語のブログ')
    expect(slugify('हिन्दी')).toBe('हिन्दी')
  })

  it('should return an empty string when nothing is left', () => {
    expect(slugify('!!!')).toBe('')
  })
})

describe('parsePost', () => {
  it('should take the slug from front matter, else the file name, else the title', async () => {
    const value = '---\ntitle: Hej på dig\ndate: 2024-01-01\n---\n'
    expect((await parsePost(value)).slug).toBe('hej-pa-dig')
    expect((await parsePost({ path: 'posts/Mitt Inlägg.md', value })).slug).toBe('mitt-inlagg')
    expect((await parsePost(`---\nslug: eget_namn.1\n${value.slice(4)}`)).slug).toBe('eget_namn.1')
  })

  it('should report a front matter slug that cannot be part of a URL', async () => {
    expect(
      await problems(() =>
        parsePost({ path: 'a.md', value: '---\ntitle: A\ndate: 2024-01-01\nslug: a/b c\n---\n' }),
      ),
    ).toEqual(['a.md:4:7: slug: "a/b c" cannot be a URL slug: remove spaces, `/`, `?` and `#`'])
  })
})

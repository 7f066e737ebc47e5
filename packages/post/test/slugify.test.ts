import { describe, expect, it } from 'vitest'
import { parsePost, slugFromPath, slugify } from '../src/index.js'
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

describe('slugFromPath', () => {
  it('should give the slug and date of Jekyll names, page bundles and accented names', () => {
    expect(slugFromPath('posts/2021-01-01-hello.md')).toEqual({ slug: 'hello', date: '2021-01-01' })
    expect(slugFromPath('2023/hello/index.md')).toEqual({ slug: 'hello', date: undefined })
    expect(slugFromPath('Smörgåsbord.md')).toEqual({ slug: 'smorgasbord', date: undefined })
    expect(slugFromPath('posts\\2024-05-01-Läsårets början.markdown')).toEqual({
      slug: 'lasarets-borjan',
      date: '2024-05-01',
    })
    expect(slugFromPath('!!!.md')).toEqual({ slug: undefined, date: undefined })
    expect(() => slugFromPath(3 as unknown as string)).toThrow(TypeError)
  })

  it('should give what parsePost gives a post without `slug` and `date` in front matter', async () => {
    for (const path of [
      'posts/2021-01-01-hello.md',
      'b/2023/hej-då/index.md',
      'Smörgåsbord.md',
      '2022-12-24-God Jul!.md',
    ]) {
      const post = await parsePost({ path, value: '---\ntitle: Titel\ndate: 2020-01-01\n---\n\nText\n' })
      expect(post.slug, path).toBe(slugFromPath(path).slug)
      const dated = await parsePost({ path, value: '---\ntitle: Titel\n---\n\nText\n' }).catch(
        () => undefined,
      )
      const { date } = slugFromPath(path)
      if (date) expect(dated?.date.toISOString().slice(0, 10), path).toBe(date)
      else expect(dated, path).toBeUndefined()
    }
  })
})

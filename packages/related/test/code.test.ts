import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, type RelatedDoc } from '../src/index.js'
import { codeFromHtml, identifierLike } from '../src/lib/code.js'

// Two posts on the same topic (plot axes) whose code shares a data set, chunk options and helper
// names, and whose thank-you sections share contributors; and a third post that shares only code.
const axesCode = [
  '#| fig-alt: "Scatterplot of engine displacement versus highway miles per gallon"\n#| results: asis\nggplot(mpg, aes(displ, hwy)) + geom_point() + guides(x = guide_axis(minor.ticks = TRUE))',
  'tm_data',
]
function posts(): RelatedDoc[] {
  return [
    {
      id: 'axes',
      title: 'Axis guides in ggplot2',
      text: `Axis guides draw the ticks and labels of an axis. Minor ticks and capped axis lines are new. ${axesCode[0]} The helper tm_data lists them. Thanks to @teunbrand and @mtmorgan.`,
      code: axesCode,
    },
    {
      id: 'ticks',
      title: 'Minor ticks on an axis',
      text: `Minor ticks sit between the labels of an axis; axis guides decide where. ${axesCode[0]} Thanks to @teunbrand and @mtmorgan, and to fig.alt in readme.md.`,
      code: [axesCode[0]!],
    },
    {
      id: 'themes',
      title: 'Themes for reports',
      text: `A theme sets fonts and colours of a report. ${axesCode[0]} Thanks to @teunbrand and @mtmorgan.`,
      html: `<p>A theme sets fonts and colours of a report.</p><pre><code class="language-r">${axesCode[0]!.replace(/"/g, '&quot;')}</code></pre><p>Thanks to @teunbrand and @mtmorgan.</p>`,
    },
  ]
}

const codeWords = ['displacement', 'highway', 'gallon', 'asis', 'fig', 'alt', 'ggplot', 'mpg', 'hwy', 'displ']

describe('code', () => {
  it('should never give code words, identifiers, file names or handles as reasons', () => {
    for (const code of ['weak', 'keep', 'ignore'] as const) {
      const index = createRelatedIndex(posts(), { code })
      for (const list of index.relatedAll({ minScore: 0 }).values()) {
        for (const hit of list) {
          for (const word of [...codeWords, 'tm_data', 'fig.alt', 'readme.md', 'teunbrand', 'mtmorgan']) {
            expect(hit.reasons.terms).not.toContain(word)
          }
        }
      }
      expect(index.related('axes', { minScore: 0 })[0]?.reasons.terms).toEqual(
        expect.arrayContaining(['axis', 'ticks']),
      )
    }
  })

  it('should weigh code a quarter by default, like prose with keep, and not at all with ignore', () => {
    const score = (code: 'weak' | 'keep' | 'ignore') =>
      createRelatedIndex(posts(), { code })
        .related('axes', { minScore: 0 })
        .find((r) => r.id === 'themes')?.score ?? 0
    expect(score('keep')).toBeGreaterThan(score('weak'))
    expect(score('weak')).toBeGreaterThan(score('ignore'))
    // With code ignored, `themes` shares only the handles with `axes`.
    expect(score('ignore')).toBeGreaterThan(0)
  })

  it('should read the code of `html` when a post has no `code`, as `@blogkit/post` posts have', () => {
    const [axes, , themes] = posts()
    const withoutCode = { ...themes!, html: undefined }
    const keep = createRelatedIndex([axes!, themes!], { code: 'ignore' }).related('axes', { minScore: 0 })
    const plain = createRelatedIndex([axes!, withoutCode], { code: 'ignore' }).related('axes', {
      minScore: 0,
    })
    expect(keep[0]!.score).toBeLessThan(plain[0]!.score)
  })

  it('should keep which words are code through toJSON / fromJSON, after a removal too', () => {
    const index = createRelatedIndex([
      ...posts(),
      { id: 'extra', title: 'Axis labels', text: 'Axis labels.' },
    ])
    index.remove('extra')
    const restored = fromJSON(JSON.stringify(index))
    expect(restored.relatedAll({ minScore: 0 })).toEqual(index.relatedAll({ minScore: 0 }))
    const reasons = [...restored.relatedAll({ minScore: 0 }).values()].flat().flatMap((r) => r.reasons.terms)
    expect(reasons).not.toContain('displacement')
    expect(reasons).toContain('axis')
  })

  it('should find the code of HTML code blocks and inline code, entities decoded, tags removed', () => {
    expect(
      codeFromHtml(
        '<p>Use <code>left_join()</code>.</p><pre><code class="r">x &lt;- <span>1</span> &amp;&#x26; &#64;y</code></pre>',
      ),
    ).toEqual(['left_join()', 'x <- 1 && @y'])
    expect(codeFromHtml('<p>No code</p>')).toEqual([])
  })

  it('should tell identifiers and file names from words', () => {
    for (const word of ['group_by', 'fig.alt', 'readme.md', 'tm_data', 'utils.r'])
      expect(identifierLike(word)).toBe(true)
    for (const word of ['ggplot2', 'e.g', 'i.e', 'u.s.a', 'axis', 'don’t'])
      expect(identifierLike(word)).toBe(false)
  })

  it('should name the post and field of bad code or html', () => {
    expect(() => createRelatedIndex([{ id: 'a', title: 'A', text: '', code: 3 } as never])).toThrow(
      'Expected `code` of post `a` to be a string or an array of strings, got `3`',
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'A', text: '', code: ['x', null] } as never])).toThrow(
      'Expected `code[1]` of post `a` to be a string, got `null`',
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'A', text: '', html: {} } as never])).toThrow(
      'Expected `html` of post `a` to be a string, got `an object`',
    )
    expect(() => createRelatedIndex([], { code: 'light' as never })).toThrow(
      "Expected `code` to be `'weak'`, `'ignore'`, `'keep'`, got `\"light\"`",
    )
  })
})

describe('stopWords', () => {
  const docs: RelatedDoc[] = [
    { id: 'a', title: 'Release notes', text: 'This release fixes the parser. Releases come monthly.' },
    { id: 'b', title: 'Release day', text: 'The release of the compiler is out. Released today.' },
    { id: 'c', title: 'Parser internals', text: 'The parser reads tokens.' },
  ]

  it("should leave the site's own stop words and their inflections out", () => {
    const plain = createRelatedIndex(docs).related('a', { minScore: 0 })
    expect(plain[0]?.reasons.terms).toContain('release')
    const stopped = createRelatedIndex(docs, { stopWords: ['Release'] }).related('a', { minScore: 0 })
    for (const hit of stopped) {
      expect(hit.reasons.terms.filter((t) => t.startsWith('releas'))).toEqual([])
    }
    expect(stopped[0]?.id).toBe('c')
  })

  it('should reject stop words that are not a list of strings', () => {
    expect(() => createRelatedIndex(docs, { stopWords: 'release' as never })).toThrow(
      'Expected `stopWords` to be an array of words, got `"release"`',
    )
    expect(() => createRelatedIndex(docs, { stopWords: ['a', 1] as never })).toThrow(
      'Expected `stopWords[1]` to be a string, got `1`',
    )
  })
})

describe('weights', () => {
  it('should reject a weight above 1, saying what weights are', () => {
    expect(() => createRelatedIndex([], { tagWeight: 2 })).toThrow(
      'Expected `tagWeight` to be a number from 0 to 1, got `2` (each weight is the share of the score its part can add; to make one part count more than another, lower the others)',
    )
    expect(() => createRelatedIndex([], { vectorWeight: -0.1 })).toThrow('Expected `vectorWeight`')
    expect(() => createRelatedIndex([], { contentWeight: 1, tagWeight: 1 })).not.toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, type RelatedDoc } from '../src/index.js'
import { splitCompound, type Vocabulary } from '../src/lib/decompound.js'

// Posts written for this test: a compound in one post, its parts as words of their own in others.
function swedish(): RelatedDoc[] {
  return [
    {
      id: 'strategi',
      title: 'Vår nya kommunikationsstrategi',
      text: 'Kommunikationsstrategier för föreningen: vem skriver, när och till vem.',
      lang: 'sv',
    },
    {
      id: 'kommunikation',
      title: 'Kommunikation med medlemmar',
      text: 'God kommunikation gör att medlemmar vet vad som händer. Kommunikationen sker via e-post.',
      lang: 'sv',
    },
    {
      id: 'cykel',
      title: 'Cykelturen i maj',
      text: 'Vi cyklar runt sjön och fikar vid bryggan.',
      lang: 'sv',
    },
    { id: 'budget', title: 'Budget för året', text: 'Styrelsen lägger fram en budget för året.', lang: 'sv' },
  ]
}

function german(): RelatedDoc[] {
  return [
    {
      id: 'abfrage',
      title: 'Eine Datenbankabfrage beschleunigen',
      text: 'Jede Datenbankabfrage braucht einen Index.',
      lang: 'de',
    },
    {
      id: 'datenbank',
      title: 'Welche Datenbank?',
      text: 'Eine Datenbank speichert Tabellen. Die Datenbank läuft auf dem Server.',
      lang: 'de',
    },
    { id: 'garten', title: 'Der Garten im Herbst', text: 'Im Herbst schneiden wir die Rosen.', lang: 'de' },
  ]
}

describe('compound words (decompound)', () => {
  it('should match a Swedish compound with its parts, named as written', () => {
    const index = createRelatedIndex(swedish())
    const [first] = index.related('strategi', { minScore: 0 })
    expect(first?.id).toBe('kommunikation')
    expect(first?.reasons.terms).toContain('kommunikation')
    expect(index.related('kommunikation', { minScore: 0 })[0]?.id).toBe('strategi')
  })

  it('should match a German compound with its parts', () => {
    const index = createRelatedIndex(german())
    expect(index.related('abfrage', { minScore: 0 }).map((r) => r.id)).toEqual(['datenbank'])
  })

  it('should name a German part with an umlaut as it is written', () => {
    const docs: RelatedDoc[] = [
      {
        id: 'a',
        title: 'Datenträgerbezeichnung ändern',
        text: 'Die Datenträgerbezeichnung steht im Dateisystem.',
        lang: 'de',
      },
      { id: 'b', title: 'Ein Datenträger', text: 'Ein Datenträger speichert Daten.', lang: 'de' },
      { id: 'c', title: 'Der Garten', text: 'Im Herbst schneiden wir die Rosen.', lang: 'de' },
    ]
    const [first] = createRelatedIndex(docs).related('a', { minScore: 0 })
    expect(first?.id).toBe('b')
    expect(first?.reasons.terms).toContain('datenträger')
  })

  it('should not count a word twice where the post also writes it alone', () => {
    // Posts written for this test: `q` shares `Datei` with `datei` and `Garten` (twice) with `garten`.
    // Its twelve compounds of `Datei` must not add to the word it writes alone: `garten` comes first.
    const docs: RelatedDoc[] = [
      {
        id: 'q',
        title: 'Notizen',
        text: `Eine Datei. Der Garten, der Garten. ${'Dateisystem '.repeat(12)}`,
        lang: 'de',
      },
      { id: 'datei', title: 'Alpha', text: 'Eine Datei lesen.', lang: 'de' },
      { id: 'garten', title: 'Gamma', text: 'Einen Garten lesen.', lang: 'de' },
    ]
    const index = createRelatedIndex(docs)
    expect(index.related('q', { minScore: 0 }).map((r) => r.id)).toEqual(['garten', 'datei'])
    // The order it has without word parts at all.
    expect(createRelatedIndex(docs, { decompound: false }).related('q', { minScore: 0 })[0]?.id).toBe(
      'garten',
    )
  })

  it('should not split with `decompound: false`, nor in English', () => {
    expect(createRelatedIndex(swedish(), { decompound: false }).related('strategi', { minScore: 0 })).toEqual(
      [],
    )
    expect(createRelatedIndex(german(), { decompound: false }).related('abfrage', { minScore: 0 })).toEqual(
      [],
    )
    const english = german().map((doc) => ({ ...doc, lang: 'en' }))
    for (const hit of createRelatedIndex(english).related('abfrage', { minScore: 0 })) {
      expect(hit.reasons.terms).not.toContain('datenbank')
    }
  })

  it('should split a post added later and keep the parts through toJSON / fromJSON', () => {
    const [compound, ...rest] = swedish()
    const index = createRelatedIndex(rest)
    index.add(compound!)
    expect(index.related('strategi', { minScore: 0 })[0]?.id).toBe('kommunikation')
    const restored = fromJSON(JSON.stringify(index))
    expect(restored.relatedAll({ minScore: 0 })).toEqual(index.relatedAll({ minScore: 0 }))
    expect(() => createRelatedIndex([], { decompound: 'yes' as never })).toThrow(
      'Expected `decompound` to be a boolean, got `"yes"`',
    )
  })

  it('should split off known words, with linking letters, and only then', () => {
    const known = new Map([
      ['kommunikation', 20],
      ['strategi', 5],
      ['ning', 50],
    ])
    const vocabulary: Vocabulary = { frequency: (stem) => known.get(stem) ?? 0, stem: (word) => word }
    expect(splitCompound('kommunikationsstrategi', 'kommunikationsstrategier', 'sv', vocabulary)).toEqual({
      modifier: 'kommunikation',
      modifierSurface: 'kommunikation',
      head: 'strategi',
      headSurface: 'strategier',
    })
    // `ning` is a known word, but `kommunikatio` is not: no split.
    expect(splitCompound('kommunikationning', 'kommunikationning', 'sv', vocabulary)?.head).toBe('ning')
    // A first part the index does not know: no split (`fika` is no word of this vocabulary).
    expect(splitCompound('fikaplan', 'fikaplan', 'sv', vocabulary)).toBeUndefined()
    // A last part it does not know yet: a rare compound still splits off a known first part.
    expect(splitCompound('strategiplan', 'strategiplan', 'sv', vocabulary)?.modifier).toBe('strategi')
    expect(
      splitCompound('kommunikationsstrategi', 'kommunikationsstrategi', 'fr', vocabulary),
    ).toBeUndefined()
    // A whole word more frequent than its parts stays whole.
    const frequent: Vocabulary = {
      frequency: (stem) => (stem === 'kommunikationsstrategi' ? 100 : (known.get(stem) ?? 0)),
      stem: (w) => w,
    }
    expect(splitCompound('kommunikationsstrategi', 'kommunikationsstrategi', 'sv', frequent)).toBeUndefined()
  })
})

// Reader input in the reader's words: websites typed as people type them, messages in the site's language
// that say what to change (keeping what was typed), the author's name reserved, the author's badge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { readConfig } from '../src/config.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, svPost } from './helpers.js'

let server: BlogServer & { config: ReturnType<typeof readConfig> }

beforeAll(async () => {
  server = await start({ RATE_LIMIT: '1000', HOLD_AFTER: '1000' })
})
afterAll(cleanup)

async function send(page: string, fields: Record<string, string>) {
  const c = client(server.url)
  const token = csrfOf((await c.get(page)).text)
  return c.post(`${page}comments`, {
    csrf: token,
    name: 'Åsa Öberg',
    email: '',
    url: '',
    body: 'Bra skrivet!',
    website: '',
    ...fields,
  })
}

/** The error shown under a field of the form, as text. */
function fieldError(page: string, field: string): string | undefined {
  const match = new RegExp(`id="comment-${field}-error"[^>]*>([^<]*)<`).exec(page)
  return match?.[1]
}

describe('a website as readers type it', () => {
  for (const typed of ['www.åsaöberg.example', 'åsaöberg.example/blogg', 'https://www.åsaöberg.example']) {
    it(`should accept ${typed} and store it in ASCII form`, async () => {
      const { response } = await send(svPost, { url: typed, body: `Hej från ${typed}` })
      expect(response.status).toBe(303)
      const stored = await server.store.get(commentIdOf(response.headers.get('location')))
      expect(stored?.author.url).toMatch(/^https:\/\/(www\.)?xn--saberg-hua2l\.example\/(blogg)?$/)
    })
  }

  it('should refuse a bad website on a Swedish page in Swedish, saying what to change, keeping the text', async () => {
    const cases: Array<[string, string]> = [
      ['javascript:alert(1)', 'Webbplatsen måste vara en webbadress som www.exempel.se'],
      ['data:text/html,hej', 'Webbplatsen måste vara en webbadress som www.exempel.se'],
      ['localhost', 'Det här är ingen webbadress: kontrollera namnet före första'],
      ['åsa öberg.example', 'Det här är ingen webbadress. Skriv den som www.exempel.se'],
      ['https://åsa:hemligt@åsaöberg.example', 'Ta bort användarnamnet och lösenordet'],
    ]
    for (const [typed, message] of cases) {
      const { response, text } = await send(svPost, { url: typed, body: 'Texten finns kvar.' })
      expect(response.status).toBe(422)
      expect(fieldError(text, 'url')).toContain(message)
      expect(text).not.toContain('Expected')
      expect(text).toContain(`value="${typed.replace(/&/g, '&amp;')}"`)
      expect(text).toContain('Texten finns kvar.')
    }
  })

  it('should say it in English on an English post', async () => {
    const { response, text } = await send(post, { url: 'javascript:alert(1)' })
    expect(response.status).toBe(422)
    expect(fieldError(text, 'url')).toContain('Your website must be a web address such as www.example.com')
  })

  it('should let the browser send an address without a scheme (no type="url" on the field)', async () => {
    const page = (await client(server.url).get(svPost)).text
    expect(page).toMatch(/<input id="comment-url" name="url" type="text" inputmode="url"/)
  })
})

describe('names', () => {
  for (const name of ['Elin Skarp', 'elin skarp', '\u0415lin Skarp', 'El\u200Bin Skarp']) {
    it(`should refuse ${JSON.stringify(name)} (the author's name) in Swedish`, async () => {
      const { response, text } = await send(svPost, { name, body: 'Jag är författaren.' })
      expect(response.status).toBe(422)
      expect(fieldError(text, 'name')).toContain('Det är namnet på bloggens författare')
      expect(text).toContain('Jag är författaren.')
    })
  }

  it('should refuse a name made of invisible characters, and store a pasted name cleaned', async () => {
    const empty = await send(svPost, { name: '\u200B\u200D\u2060' })
    expect(empty.response.status).toBe(422)
    expect(fieldError(empty.text, 'name')).toContain('Namnet syns som tomt')
    const { response } = await send(svPost, { name: 'A\u030Asa \u200BÖberg\u202E', body: 'Ren.' })
    expect(response.status).toBe(303)
    expect((await server.store.get(commentIdOf(response.headers.get('location'))))?.author.name).toBe(
      'Åsa Öberg',
    )
  })

  it("should mark the author's own comments with a labelled badge, in the page's language", async () => {
    // A server of its own, so that no page of the post was read (and kept) before the comment is added.
    const fresh = await start()
    const postId = fresh.site.posts.find((p) => p.path === svPost)!.id
    const { comment } = await fresh.store.add(
      { postId, author: { name: 'Elin Skarp' }, body: 'Tack för kommentarerna!' },
      { byAuthor: true },
    )
    const c = client(fresh.url)
    const permalink = (await c.get(`${svPost}?comment=${comment.id}`)).response.headers.get('location')!
    const page = (await c.get(permalink)).text
    const card = page.slice(page.indexOf(`id="comment-${comment.id}"`))
    expect(card.slice(0, card.indexOf('</h3>'))).toContain(
      '<span class="comment-badge" role="img" aria-label="Kommentar av bloggens författare">Författare</span>',
    )
    // A reader's comment has none.
    expect(page.match(/class="comment-badge"/g)).toHaveLength(1)
  })
})

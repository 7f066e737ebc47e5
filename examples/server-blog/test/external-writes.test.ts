// Writes the server did not make (a script fixing a comment in the SQLite file, another process on the
// same file) show on the next page at once: the store's `externalVersion` (SQLite's `PRAGMA
// data_version`) is asked before each page, instead of kept pages being made again every 2 s.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, client, commentIdOf, csrfOf, post, start } from './helpers.js'

afterEach(cleanup)

describe('writes to the database made elsewhere', () => {
  it('should show a comment a script changed on the very next page, and hide one it marked as spam', async () => {
    const server = await start({ SEED: '0' })
    const reader = client(server.url)
    const form = await reader.get(post)
    const posted = await reader.post(`${post}comments`, {
      csrf: csrfOf(form.text),
      name: 'Magnus',
      body: 'Skrivet av en läsare.',
    })
    expect(posted.response.status).toBe(303)
    const id = commentIdOf(posted.response.headers.get('location'))
    // Kept now: the page is made once and served from memory.
    expect((await reader.get(post)).text).toContain('Skrivet av en läsare.')
    expect((await reader.get(post)).text).toContain('Skrivet av en läsare.')

    const script = new Database(server.config.databasePath)
    try {
      script.prepare('UPDATE comments SET body = ? WHERE id = ?').run('Rättat av ett skript.', id)
    } finally {
      script.close()
    }
    const page = (await reader.get(post)).text
    expect(page).toContain('Rättat av ett skript.')
    expect(page).not.toContain('Skrivet av en läsare.')

    const remove = new Database(server.config.databasePath)
    try {
      remove.prepare("UPDATE comments SET status = 'spam' WHERE id = ?").run(id)
    } finally {
      remove.close()
    }
    expect((await reader.get(post)).text).not.toContain('Rättat av ett skript.')
  })
})

// The CommentStore contract: every store (SQLite, PostgreSQL, yours) must pass these tests. A store's
// test file calls `runStoreContract` with its test runner's functions and a way to make a fresh, empty
// database for each test.

import type { CommentStore } from '../comment-store.js'
import { CommentError } from '../errors.js'
import { honeypotCheck, linkLimitCheck } from '../spam.js'
import type { CommentStoreOptions } from '../store-core.js'
import { threadComments } from '../thread-comments.js'
import { addContract } from './add.js'
import type { StoreContractApi } from './api.js'
import { magnus, type OpenStore, rejection, testOptions } from './helpers.js'
import { purgeContract } from './purge.js'

/** A store under test. */
export interface StoreContractSubject {
  /** Name of a `describe` block to put the tests in, e.g. `'MySQL store'`; without it they go where `runStoreContract` is called. */
  name?: string
  /**
   * A fresh, empty database for one test, and how to open stores on it: the returned function opens a
   * store with the options it is given (every call opens the same database, as several processes would).
   */
  database(): Promise<OpenStore>
}

/**
 * Register the CommentStore contract tests, with the test runner's functions
 * (`import { afterEach, beforeEach, describe, expect, it } from 'vitest'`): in a `describe` block named
 * `subject.name` when there is one, else where it is called.
 */
export function runStoreContract(t: StoreContractApi, subject: StoreContractSubject): void {
  if (subject.name === undefined) contract(t, subject)
  else t.describe(subject.name, () => contract(t, subject))
}

function contract(t: StoreContractApi, subject: StoreContractSubject): void {
  const { afterEach, beforeEach, describe, expect, it } = t
  let openOn: OpenStore
  const stores: CommentStore[] = []
  beforeEach(async () => {
    openOn = await subject.database()
  })
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
  })
  async function open(extra: CommentStoreOptions = {}) {
    const store = await openOn(testOptions(extra))
    stores.push(store)
    return store
  }
  /** A store on another fresh, empty database. */
  async function openElsewhere(extra: CommentStoreOptions = {}) {
    const store = await (await subject.database())(testOptions(extra))
    stores.push(store)
    return store
  }
  describe('add', () => addContract(t, { open, openElsewhere }))
  describe('purge', () => purgeContract(t, { open, openElsewhere }))

  it('should add, list and thread comments', async () => {
    const store = await open()
    const { comment: first } = await store.add({ postId: 'p1', author: magnus, body: 'Du har förstås rätt.' })
    expect(first).toMatchObject({ id: 'c1', status: 'approved', createdAt: '2021-10-30T20:01:00.000Z' })
    expect(first.author.url).toBe('http://www.sokmotorkonsult.se/')
    await store.add({
      postId: 'p1',
      parentId: 'c1',
      author: { name: 'Doktor Spinn' },
      body: '@Magnus: Tack för inspel.',
    })
    await store.add({ postId: 'p2', author: { name: 'Maria' }, body: 'Intressant :-)' })
    const list = await store.list({ postId: 'p1' })
    expect(list.map((c) => [c.id, c.parentId])).toEqual([
      ['c1', undefined],
      ['c2', 'c1'],
    ])
    expect(threadComments(list).threads[0]!.replies[0]!.comment.id).toBe('c2')
    expect(await store.get('c3')).toMatchObject({ postId: 'p2', body: 'Intressant :-)' })
    expect(await store.get('nope')).toBeUndefined()
  })

  describe('moderationQueue', () => {
    async function fill() {
      const store = await open({ spamChecks: [linkLimitCheck({ max: 0 }), honeypotCheck()] })
      await store.add({ postId: 'p1', author: magnus, body: 'ok' }) // c1 approved
      await store.add({ postId: 'p1', author: magnus, body: 'http://a.se' }) // c2 pending
      await store.add({ postId: 'p2', author: magnus, body: 'trap' }, { client: { honeypot: 'x' } }) // c3 spam
      await store.add({ postId: 'p2', author: magnus, body: 'http://b.se' }) // c4 pending
      await store.add({ postId: 'p1', author: magnus, body: 'bort' }) // c5 deleted
      await store.moderate({ id: 'c5', action: 'delete' })
      return store
    }

    it('should list pending and spam across posts, newest first, with the reasons', async () => {
      const store = await fill()
      const page = await store.moderationQueue()
      expect(page.items.map((i) => [i.comment.id, i.comment.status])).toEqual([
        ['c4', 'pending'],
        ['c3', 'spam'],
        ['c2', 'pending'],
      ])
      expect(page.items[0]!.reasons).toEqual(['too-many-links: 1 links (limit 0)'])
      expect(page.items[1]!.reasons).toEqual(['honeypot: hidden field was filled in'])
      expect(page.next).toBeUndefined()
    })

    it('should filter by status and post', async () => {
      const store = await fill()
      const ids = async (o: Parameters<CommentStore['moderationQueue']>[0]) =>
        (await store.moderationQueue(o)).items.map((i) => i.comment.id)
      expect(await ids({ statuses: ['deleted'] })).toEqual(['c5'])
      expect(await ids({ statuses: ['spam'] })).toEqual(['c3'])
      expect(await ids({ postId: 'p1' })).toEqual(['c2'])
      expect(await ids({ statuses: ['approved', 'deleted'], postId: 'p1' })).toEqual(['c5', 'c1'])
      expect(await ids({ postId: 'nope' })).toEqual([])
    })

    it('should page with a cursor, each comment once, also when dates are equal', async () => {
      let n = 0
      const store = await open({
        acceptedStatus: 'pending',
        now: () => new Date(Date.UTC(2021, 0, 1)),
        generateId: () => `id${String(++n).padStart(2, '0')}`,
      })
      for (let i = 0; i < 7; i++) await store.add({ postId: 'p', author: magnus, body: `b${i}` })
      const seen: string[] = []
      let before: string | undefined
      let pages = 0
      do {
        const page = await store.moderationQueue(before === undefined ? { limit: 3 } : { limit: 3, before })
        seen.push(...page.items.map((i) => i.comment.id))
        before = page.next
        pages++
      } while (before !== undefined)
      expect(pages).toBe(3)
      expect(seen).toEqual(['id07', 'id06', 'id05', 'id04', 'id03', 'id02', 'id01'])
    })

    it('should see a moderated comment leave the queue', async () => {
      const store = await fill()
      await store.moderate({ id: 'c4', action: 'approve' })
      await store.moderate({ id: 'c3', action: 'restore' })
      const page = await store.moderationQueue()
      expect(page.items.map((i) => i.comment.id)).toEqual(['c3', 'c2'])
      expect(page.items[0]!.comment.status).toBe('pending')
    })

    it('should refuse bad options and cursors', async () => {
      const store = await fill()
      expect((await rejection(store.moderationQueue({ before: 'garbage' }))).code).toBe('invalid-cursor')
      expect((await rejection(store.moderationQueue({ before: 'garbage' }))).field).toBe('before')
      await expect(store.moderationQueue({ limit: 0 })).rejects.toThrow(TypeError)
      await expect(store.moderationQueue({ limit: 501 })).rejects.toThrow(/1 to 500/)
      await expect(store.moderationQueue({ statuses: [] })).rejects.toThrow(/non-empty/)
      await expect(store.moderationQueue({ statuses: ['hidden' as 'spam'] })).rejects.toThrow(TypeError)
      await store.close()
      expect((await rejection(store.moderationQueue())).code).toBe('closed')
    })
  })

  it('should moderate: approve, mark spam, delete and restore', async () => {
    const store = await open({ acceptedStatus: 'pending' })
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'hej' })
    expect(comment.status).toBe('pending')
    expect(await store.list({ postId: 'p1' })).toEqual([])
    expect((await store.list({ postId: 'p1', moderator: true })).length).toBe(1)
    expect((await store.moderate({ id: 'c1', action: 'approve' })).status).toBe('approved')
    expect((await store.moderate({ id: 'c1', action: 'delete' })).status).toBe('deleted')
    expect((await store.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
    expect((await store.moderate({ id: 'c1', action: 'spam' })).status).toBe('spam')
    expect((await store.moderate({ id: 'c1', action: 'delete' })).status).toBe('deleted')
    expect((await store.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
    const missing = await rejection(store.moderate({ id: 'zz', action: 'approve' }))
    expect(missing.code).toBe('not-found')
  })

  it('should count approved comments per post', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await store.add({ postId: 'p1', author: magnus, body: 'b' })
    await store.add({ postId: 'p2', author: magnus, body: 'c' })
    await store.moderate({ id: 'c2', action: 'delete' })
    expect(await store.count()).toEqual({ p1: 1, p2: 1 })
    expect(await store.count({ postIds: ['p1', 'p3'] })).toEqual({ p1: 1, p3: 0 })
  })

  it('should reject a reply to a missing, other-post or deleted parent', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await store.add({ postId: 'p2', author: magnus, body: 'b' })
    const missing = await rejection(store.add({ postId: 'p1', parentId: 'zz', author: magnus, body: 'x' }))
    expect([missing.code, missing.field]).toEqual(['missing-parent', 'parentId'])
    const other = await rejection(store.add({ postId: 'p1', parentId: 'c2', author: magnus, body: 'x' }))
    expect(other.code).toBe('missing-parent')
    await store.moderate({ id: 'c1', action: 'delete' })
    const deleted = await rejection(store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'x' }))
    expect(deleted.code).toBe('deleted-parent')
    expect(await store.count()).toEqual({ p2: 1 })
  })

  it('should keep concurrent adds independent: one bad reply does not fail the others', async () => {
    const store = await open()
    const results = await Promise.allSettled([
      store.add({ postId: 'p1', author: magnus, body: 'a' }),
      store.add({ postId: 'p1', parentId: 'missing', author: magnus, body: 'b' }),
      store.add({ postId: 'p1', author: magnus, body: 'c' }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['a', 'c'])
  })

  it('should reject bad input with the field named', async () => {
    const store = await open()
    const cases: Array<[unknown, string, string]> = [
      [{ postId: 'p1', author: magnus, body: '   ' }, 'body', 'empty-field'],
      [{ postId: 'p1', author: magnus, body: 'x'.repeat(10_001) }, 'body', 'too-long'],
      [{ postId: 'p1', author: magnus, body: 'a\u0000\u0001\u0002\u0007b' }, 'body', 'control-character'],
      [{ postId: 'p1', author: magnus, body: 'a\u202Eb' }, 'body', 'control-character'],
      [{ postId: 'p1', author: { name: '' }, body: 'x' }, 'author.name', 'empty-field'],
      [{ postId: 'p1', author: { name: 'a\nb' }, body: 'x' }, 'author.name', 'control-character'],
      [{ postId: 'p1', author: { name: 'x'.repeat(101) }, body: 'x' }, 'author.name', 'too-long'],
      [
        { postId: 'p1', author: { name: 'A', url: 'javascript:alert(1)' }, body: 'x' },
        'author.url',
        'invalid-url',
      ],
      [
        { postId: 'p1', author: { name: 'A', url: 'JaVaScRiPt:alert(1)' }, body: 'x' },
        'author.url',
        'invalid-url',
      ],
      [
        { postId: 'p1', author: { name: 'A', url: 'data:text/html,x' }, body: 'x' },
        'author.url',
        'invalid-url',
      ],
      [
        { postId: 'p1', author: { name: 'A', email: 'not-an-address' }, body: 'x' },
        'author.email',
        'invalid-email',
      ],
      [{ author: magnus, body: 'x' }, 'postId', 'missing-field'],
      [{ postId: 'p1', body: 'x' }, 'author', 'missing-field'],
      [{ postId: 'p1', author: magnus }, 'body', 'missing-field'],
    ]
    for (const [input, field, code] of cases) {
      // @ts-expect-error: untyped input from a form
      const error = await rejection(store.add(input))
      expect([error.field, error.code]).toEqual([field, code])
      expect(error.message).toContain(`\`${field}\``)
    }
    expect(await store.count()).toEqual({})
  })

  it('should refuse an id that is taken (e.g. a bad id generator)', async () => {
    const store = await open({ generateId: () => 'same' })
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    const error = await rejection(store.add({ postId: 'p1', author: magnus, body: 'b' }))
    expect([error.code, error.field]).toEqual(['duplicate-id', 'id'])
  })

  it('should store a name with markup as plain text', async () => {
    const store = await open()
    const name = '<img src=x onerror=alert(1)> & <b>Bo</b>'
    await store.add({ postId: 'p1', author: { name }, body: 'hej' })
    expect((await store.get('c1'))!.author.name).toBe(name)
  })

  it('should run spam checks: honeypot to spam, many links to pending', async () => {
    const store = await open({ spamChecks: [honeypotCheck(), linkLimitCheck({ max: 2 })] })
    const bot = await store.add({ postId: 'p1', author: magnus, body: 'köp' }, { client: { honeypot: 'x' } })
    expect(bot.comment.status).toBe('spam')
    expect(bot.reasons).toEqual(['honeypot: hidden field was filled in'])
    const links = await store.add({ postId: 'p1', author: magnus, body: 'http://a.se http://b.se www.c.se' })
    expect(links.comment.status).toBe('pending')
    expect(links.reasons).toEqual(['too-many-links: 3 links (limit 2)'])
    const ok = await store.add(
      { postId: 'p1', author: magnus, body: 'http://a.se' },
      { client: { honeypot: '' } },
    )
    expect(ok).toEqual({ comment: expect.objectContaining({ status: 'approved' }), reasons: [] })
  })

  it('should export and import everything, all or nothing', async () => {
    const source = await open()
    await source.add({ postId: 'p1', author: { ...magnus, email: 'm@example.se' }, body: 'a' })
    await source.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'b' })
    await source.moderate({ id: 'c1', action: 'delete' })
    const data = JSON.parse(JSON.stringify(await source.export()))
    expect(data.comments.length).toBe(2)
    const target = await openElsewhere()
    // Parents may come after their replies in the file.
    data.comments.reverse()
    expect(await target.import(data)).toEqual({ imported: 2, skipped: 0 })
    expect((await target.export()).comments).toEqual((await source.export()).comments)
    expect(await target.import(data, { onConflict: 'skip' })).toEqual({ imported: 0, skipped: 2 })
    const conflict = await rejection(target.import(data))
    expect(conflict.code).toBe('duplicate-id')
    // A bare array of the records (what blogkit-import writes) imports the same way.
    const third = await openElsewhere()
    expect(await third.import(data.comments)).toEqual({ imported: 2, skipped: 0 })
    expect((await third.export()).comments).toEqual((await source.export()).comments)
  })

  it('should reject a bad import naming the record and store none of it', async () => {
    const store = await open()
    const good = {
      id: 'x1',
      postId: 'p1',
      author: { name: 'A' },
      createdAt: '2021-10-30T20:00:00Z',
      body: 'a',
      status: 'approved',
    }
    const bad = [
      [{ ...good, id: 'x2', createdAt: 'igår' }, 'comments[1].createdAt'],
      [{ ...good, id: 'x2', createdAt: '2021-02-31T20:00:00Z' }, 'comments[1].createdAt'],
      [{ ...good, id: 'x2', status: 'visible' }, 'comments[1].status'],
      [{ ...good, id: 'x2', author: { name: 'B', url: 'javascript:alert(1)' } }, 'comments[1].author.url'],
      [{ ...good, id: 'x2', parentId: 'nope' }, 'comments[1].parentId'],
      [{ ...good }, 'comments[1].id'],
    ] as const
    for (const [record, field] of bad) {
      const error = await rejection(
        store.import({ format: 'blogkit-comments', version: 1, comments: [good, record] }),
      )
      expect(error.field).toBe(field)
      expect(error.message).toContain(field)
    }
    expect((await rejection(store.import({ comments: [] }))).code).toBe('invalid-export')
    expect((await rejection(store.import('[]'))).code).toBe('invalid-export')
    expect((await rejection(store.import([good, { ...good, body: '' }]))).field).toBe('comments[1].body')
    expect(
      (await rejection(store.import({ format: 'blogkit-comments', version: 2, comments: [] }))).field,
    ).toBe('version')
    expect(await store.count()).toEqual({})
  })

  it('should refuse to work after close', async () => {
    const store = await open()
    await store.close()
    expect((await rejection(store.list({ postId: 'p1' }))).code).toBe('closed')
    expect((await rejection(store.check())).code).toBe('closed')
  })

  it('should answer check, cheap and thorough, on a sound database', async () => {
    const store = await open()
    await expect(store.check()).resolves.toBeUndefined()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await expect(store.check({ thorough: true })).resolves.toBeUndefined()
  })

  it('should keep data across stores: one store writes, a new one reads', async () => {
    const a = await open()
    await a.add({ postId: 'p1', author: magnus, body: 'kvar' })
    await a.moderate({ id: 'c1', action: 'spam' })
    await a.close()
    const b = await open({ generateId: () => 'b1' })
    expect(await b.list({ postId: 'p1', moderator: true })).toEqual([
      expect.objectContaining({ id: 'c1', body: 'kvar', status: 'spam' }),
    ])
    expect((await b.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
  })

  it('should open several stores at once on a new database (migrations do not race)', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map((i) => open({ generateId: () => `s${i}` })))
    await Promise.all(opened.map((s) => s.add({ postId: 'p1', author: magnus, body: 'x' })))
    expect(await opened[0]!.count()).toEqual({ p1: 4 })
  })

  it('should keep every add of two stores writing at once to one database', async () => {
    let n = 0
    const generateId = () => `id${++n}`
    const a = await open({ generateId })
    const b = await open({ generateId })
    const writers = 20
    const perWriter = 10
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const store = w % 2 === 0 ? a : b
        for (let i = 0; i < perWriter; i++) {
          await store.add({ postId: `p${w % 3}`, author: { name: `W${w}` }, body: `${w}-${i}` })
        }
      }),
    )
    const total = writers * perWriter
    const [fromA, fromB] = await Promise.all([a.export(), b.export()])
    expect(fromA.comments.length).toBe(total)
    expect(new Set(fromA.comments.map((c) => c.body)).size).toBe(total)
    expect(fromB.comments).toEqual(fromA.comments)
    const counts = await b.count()
    expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(total)
  })

  it('should store a taken id once when one store adds it twice at once', async () => {
    const store = await open({ generateId: () => 'same' })
    const results = await Promise.allSettled([
      store.add({ postId: 'p1', author: magnus, body: 'a' }),
      store.add({ postId: 'p1', parentId: 'nope', author: magnus, body: 'b' }),
      store.add({ postId: 'p1', author: magnus, body: 'c' }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect(results.map((r) => (r.status === 'rejected' ? r.reason.code : 'ok'))).toEqual([
      'ok',
      'missing-parent',
      'duplicate-id',
    ])
    expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['a'])
  })

  it('should store a taken id once when two stores add it at once', async () => {
    const a = await open({ generateId: () => 'same' })
    const b = await open({ generateId: () => 'same' })
    const results = await Promise.allSettled([
      a.add({ postId: 'p1', author: magnus, body: 'a' }),
      b.add({ postId: 'p1', author: magnus, body: 'b' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failure.reason).toBeInstanceOf(CommentError)
    expect(failure.reason.code).toBe('duplicate-id')
    expect((await a.export()).comments.length).toBe(1)
  })

  it('should never store a reply to a comment deleted by another store at the same time', async () => {
    let n = 0
    const a = await open({ generateId: () => `a${++n}` })
    const b = await open()
    const rounds = 10
    for (let r = 0; r < rounds; r++) await a.add({ postId: 'p1', author: magnus, body: `root ${r}` })
    const roots = (await a.list({ postId: 'p1' })).map((c) => c.id)
    const outcomes = await Promise.all(
      roots.flatMap((id) => [
        ...[1, 2, 3].map((k) =>
          b.add({ postId: 'p1', parentId: id, author: magnus, body: `svar ${k}` }).then(
            (r) => ({ ok: true as const, id: r.comment.id, parentId: id }),
            (error: unknown) => ({ ok: false as const, error, parentId: id }),
          ),
        ),
        a.moderate({ id, action: 'delete' }).then(() => ({ ok: 'deleted' as const, parentId: id })),
      ]),
    )
    const stored = new Set((await a.list({ postId: 'p1', moderator: true })).map((c) => c.id))
    for (const o of outcomes) {
      if (o.ok === true) expect(stored.has(o.id)).toBe(true)
      if (o.ok === false) {
        expect(o.error).toBeInstanceOf(CommentError)
        expect((o.error as CommentError).code).toBe('deleted-parent')
      }
    }
    const accepted = outcomes.filter((o) => o.ok === true).length
    expect(stored.size).toBe(rounds + accepted)
    for (const id of roots) expect((await a.get(id))!.status).toBe('deleted')
  })

  /** An exported comment record of post `p1`. */
  const record = (id: string) => ({
    id,
    postId: 'p1',
    author: { name: 'A' },
    createdAt: '2021-10-30T20:00:00Z',
    body: id,
    status: 'approved',
  })

  it('should run two imports of overlapping comments at once all or nothing', async () => {
    const file = (ids: string[]) => ({ format: 'blogkit-comments', version: 1, comments: ids.map(record) })
    const a = await open()
    const b = await open()
    const first = Array.from({ length: 300 }, (_, i) => `x${i}`)
    const second = Array.from({ length: 300 }, (_, i) => `x${i + 299}`)
    const results = await Promise.allSettled([a.import(file(first)), b.import(file(second))])
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.code).toBe('duplicate-id')
    const winner = results[0]!.status === 'fulfilled' ? first : second
    const stored = (await a.export()).comments.map((c) => c.id)
    expect(stored.sort()).toEqual([...winner].sort())
  })

  it('should run two imports of the same comments in opposite orders at once without a deadlock', async () => {
    const a = await open()
    const b = await open()
    const ids = (prefix: string) =>
      Array.from({ length: 2000 }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
    const both = (list: string[], onConflict: 'error' | 'skip') =>
      Promise.allSettled([
        a.import(list.map(record), { onConflict }),
        b.import([...list].reverse().map(record), { onConflict }),
      ])
    const strict = await both(ids('y'), 'error')
    expect(strict.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failed = strict.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.code).toBe('duplicate-id')
    // With `skip`, each comment is stored by one of them and skipped by the other.
    const skipping = await both(ids('z'), 'skip')
    const counts = skipping.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))
    expect(counts.reduce((sum, c) => sum + c.imported, 0)).toBe(2000)
    expect(counts.reduce((sum, c) => sum + c.skipped, 0)).toBe(2000)
    expect((await a.count()).p1).toBe(4000)
  })
}

import { describe, expect, it } from 'vitest'
import { fromDisqus, readDisqus } from '../src/index.js'
import { readFixture } from './helpers.js'

describe('fromDisqus', () => {
  it('should read threads and comments with parents, deleted and spam flags', async () => {
    const { threads, comments, warnings } = await fromDisqus(await readFixture('klartext.disqus.xml'))
    expect(threads.map((t) => [t.id, t.wordpressId, t.link])).toEqual([
      ['7001', '10', 'https://klartext.example/2019/03/forsta-timmen/'],
      ['7002', undefined, 'http://www.klartext.example/2020/02/pressmeddelandet'],
      ['7003', undefined, 'https://klartext.example/2017/gammal-sida/'],
    ])
    expect(comments).toHaveLength(8)
    const byId = new Map(comments.map((c) => [c.id, c]))
    // The reply comes before its deleted parent in the export; the parent is kept as a tombstone.
    expect(byId.get('dsq-9003')).toMatchObject({
      parentId: 'dsq-9002',
      status: 'approved',
      postId: 'forsta-timmen',
    })
    expect(byId.get('dsq-9002')).toMatchObject({ status: 'deleted', author: { name: 'Anonym' } })
    expect(byId.get('dsq-9005')!.status).toBe('spam')
    // A comment Disqus got from WordPress keeps its WordPress id; replies to it point there.
    expect(byId.get('wp-101')).toBeDefined()
    expect(byId.get('dsq-9004')).toMatchObject({
      parentId: 'wp-101',
      author: { name: 'Elsa Berg', url: 'https://elsa.example/', email: 'elsa@example.net' },
      body: '@Henrik: Vi har en jourlista som roterar varje vecka.\\\nFunkar bra.',
      createdAt: '2019-03-21T09:00:00.000Z',
    })
    expect(byId.get('dsq-9102')).toMatchObject({ parentId: 'dsq-9101', postId: 'pressmeddelandet' })
    expect(warnings).toEqual([])
  })

  it('should map threads to posts with `postId`', async () => {
    const { comments } = await fromDisqus(await readFixture('klartext.disqus.xml'), {
      postId: (thread) => (thread.wordpressId ? `post-${thread.wordpressId}` : undefined),
    })
    expect(new Set(comments.map((c) => c.postId))).toEqual(
      new Set(['post-10', 'pressmeddelandet', 'gammal-sida']),
    )
  })

  it('should make a reply whose parent is missing top-level, with a warning', async () => {
    const xml = `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><link>https://b.example/a/</link></thread>
<post dsq:id="2"><id/><message><![CDATA[<p>Svar</p>]]></message><createdAt>2021-03-01T12:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Bo</name></author><thread dsq:id="1"/><parent dsq:id="99"/></post>
</disqus>`
    const { comments, warnings } = await fromDisqus(xml)
    expect(comments).toEqual([
      {
        id: 'dsq-2',
        postId: 'a',
        author: { name: 'Bo' },
        createdAt: '2021-03-01T12:00:00.000Z',
        body: 'Svar',
        status: 'approved',
      },
    ])
    expect(warnings.map((w) => w.code)).toEqual(['missing-parent'])
  })
})

describe('readDisqus', () => {
  it('should stream threads before their comments', async () => {
    const types: string[] = []
    for await (const record of readDisqus(await readFixture('klartext.disqus.xml'))) types.push(record.type)
    expect(types.slice(0, 3)).toEqual(['thread', 'thread', 'thread'])
    expect(types.filter((t) => t === 'comment')).toHaveLength(8)
  })
})

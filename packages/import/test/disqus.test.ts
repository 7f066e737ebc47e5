import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fromDisqus, readDisqus } from '../src/index.js'
import { readFixture, run } from './helpers.js'

const disqus = (posts: string[]) =>
  `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><link>https://b.example/inlagg/</link></thread>
${posts.join('\n')}
</disqus>`
const post = (attributes: string, message: string, extra = '') =>
  `<post${attributes}>${extra}<message><![CDATA[<p>${message}</p>]]></message><createdAt>2021-03-01T12:00:00Z</createdAt><author><name>Bo</name></author><thread dsq:id="1"/></post>`

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

describe('Disqus posts without ids, and ids used twice', () => {
  it('should give posts without `dsq:id` ids of their own (their `<id>`, else a digest), never `dsq-`', async () => {
    const xml = disqus([
      post(' dsq:id="11"', 'Ett'),
      post('', 'Två'),
      post('', 'Tre'),
      post('', 'Fyra', '<id>eget-id</id>'),
      post(' dsq:id="12"', 'Fem'),
      post('', 'Sex', '<id>wp_id=77</id>'),
    ])
    const { comments, warnings } = await fromDisqus(xml, { file: 'd.xml' })
    expect(comments.map((c) => c.body)).toEqual(['Ett', 'Två', 'Tre', 'Fyra', 'Fem', 'Sex'])
    const ids = comments.map((c) => c.id)
    expect(new Set(ids).size).toBe(6)
    expect(ids).not.toContain('dsq-')
    expect(ids[1]).toMatch(/^dsq-sha-[0-9a-f]{12}$/)
    expect(ids.slice(3)).toEqual(['dsq-id-eget-id', 'dsq-12', 'wp-77'])
    expect(warnings.map((w) => w.message)).toEqual([
      `d.xml:4: a post without \`dsq:id\`: imported as ${ids[1]} (from a digest of its thread, parent, author, date and message)`,
      `d.xml:5: a post without \`dsq:id\`: imported as ${ids[2]} (from a digest of its thread, parent, author, date and message)`,
      'd.xml:6: a post without `dsq:id`: imported as dsq-id-eget-id (from its `<id>`)',
    ])
    // The same export gives the same ids.
    expect((await fromDisqus(xml)).comments.map((c) => c.id)).toEqual(ids)
  })

  it('should keep a post repeated exactly once, and rename one with the id of another, naming both lines', async () => {
    const xml = disqus([
      post(' dsq:id="21"', 'Först'),
      post(' dsq:id="21"', 'Först'),
      post(' dsq:id="21"', 'Annan text'),
      post(' dsq:id="22"', 'Svar', '<parent dsq:id="21"/>'),
    ])
    const { comments, warnings } = await fromDisqus(xml, { file: 'd.xml' })
    expect(comments.map((c) => [c.id, c.body, c.parentId])).toEqual([
      ['dsq-21', 'Först', undefined],
      ['dsq-21-2', 'Annan text', undefined],
      ['dsq-22', 'Svar', 'dsq-21'],
    ])
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['duplicate-comment', 'd.xml:4: post dsq-21 repeats the one at line 3 exactly: imported once'],
      [
        'duplicate-id',
        'd.xml:5: post dsq-21 has the id of the post at line 3, with other content: imported as dsq-21-2 (replies to it go to the one at line 3)',
      ],
    ])
  })

  it('should write every comment of such an export with the CLI, and count them all as new', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-disqus-'))
    try {
      await mkdir(path.join(dir, 'out', 'posts'), { recursive: true })
      await writeFile(
        path.join(dir, 'out', 'posts', 'inlagg.md'),
        '---\ntitle: Inlägg\ndate: 2021-01-01\n---\n\nText\n',
      )
      const file = path.join(dir, 'd.xml')
      await writeFile(
        file,
        disqus(
          ['Ett', 'Två', 'Tre', 'Fyra', 'Fem']
            .map((m, i) => post(` dsq:id="${i + 1}"`, m))
            .concat(post('', 'Sex'), post('', 'Sju')),
        ),
      )
      const result = await run(['disqus', file, '--out', path.join(dir, 'out')])
      expect(result.code).toBe(0)
      expect(result.stderr).toContain('7 comments in 1 post (7 new)')
      const written = JSON.parse(
        await readFile(path.join(dir, 'out', 'posts', 'inlagg.comments.json'), 'utf8'),
      )
      expect(written.map((c: { body: string }) => c.body).sort()).toEqual([
        'Ett',
        'Fem',
        'Fyra',
        'Sex',
        'Sju',
        'Tre',
        'Två',
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

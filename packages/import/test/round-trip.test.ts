import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Comment, threadComments } from '@blogkit/comments'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import { loadPosts } from '@blogkit/post/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mention } from '../src/index.js'
import { fixture, run } from './helpers.js'

let out: string
const kris = 'när-krisen-kommer-första-timmen'

async function readComments(file: string): Promise<Comment[]> {
  return JSON.parse(await readFile(path.join(out, file), 'utf8')) as Comment[]
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    const info = await stat(file)
    files.set(path.relative(dir, file), `${info.mtimeMs} ${await readFile(file, 'utf8')}`)
  }
  return files
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'blogkit-import-test-'))
  const wordpress = await run([
    'wordpress',
    fixture('klartext.wxr.xml'),
    '--out',
    out,
    '--time-zone',
    'Europe/Stockholm',
    '--quiet',
  ])
  expect(wordpress.code).toBe(0)
  expect(wordpress.stderr).toBe(
    '5 posts, 1 page, 7 comments, 2 pingbacks/trackbacks, 2 attachments: 12 files created, 0 updated, 0 unchanged; 4 warnings\n' +
      '3 of 3 posts have a new address (permalink /posts/:slug/): their old ones are kept as `aliases` and redirect to them\n',
  )
  const disqus = await run(['disqus', fixture('klartext.disqus.xml'), '--out', out])
  expect(disqus.code).toBe(0)
  expect(disqus.stderr).toContain('matches no post')
  expect(disqus.stderr).toMatch(
    /8 comments in 3 posts \(7 new\): 1 file created, 2 updated, 0 unchanged; 1 warning\n$/,
  )
})

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

// That the examples' site model reads the result is tested in examples/site/test/import-round-trip.test.ts
// (a package never imports an example: npm run check:design).
describe('round trip', () => {
  it('should write posts and pages that @blogkit/post reads back with every field', async () => {
    const posts = await loadPosts(path.join(out, 'posts'))
    const pages = await loadPosts(path.join(out, 'pages'))
    expect(posts).toHaveLength(5)
    expect(pages.map((p) => p.slug)).toEqual(['om'])
    const bySlug = new Map(posts.map((p) => [p.slug, p]))
    const post = bySlug.get(kris)!
    expect(post).toMatchObject({
      title: 'När krisen kommer: den första timmen',
      draft: false,
      tags: ['beredskap', 'krisledning'],
      categories: ['Kris'],
      lang: 'sv-SE',
      author: 'Karin Öberg',
      description: 'Den första timmen avgör resten av krisen. Min lista.',
    })
    expect(post.date.toISOString()).toBe('2019-03-14T20:07:00.000Z')
    expect(post.updated?.toISOString()).toBe('2019-06-02T08:15:00.000Z')
    // The `<!--more-->` split became @blogkit/post's excerpt.
    expect(post.excerpt.text).toBe(
      'Den första timmen avgör hur resten av krisen blir. Inte för att allt måste vara klart, utan för att tystnaden fylls av någon annan.\nHär är min lista, skriven efter tre kriser på två år.',
    )
    expect(post.headings).toEqual([
      { depth: 2, text: 'Innan telefonen ringer', id: 'innan-telefonen-ringer' },
    ])
    expect(post.images.map((i) => i.alt)).toContain('Ett konferensrum med en whiteboard')
    expect(bySlug.get('utkast-matning-som-betyder-nagot')).toMatchObject({ draft: true })
    expect(bySlug.get('utkast-matning-som-betyder-nagot')!.date.toISOString()).toBe(
      '2024-11-30T15:45:00.000Z',
    )
    expect(bySlug.get('lonesamtalet')).toMatchObject({ draft: true })
    expect(bySlug.get('podden')).toMatchObject({ draft: false })
    expect(bySlug.get('podden')!.date.toISOString()).toBe('2031-01-10T06:00:00.000Z')
    expect(bySlug.get('pressmeddelandet')!.html).toContain('<table>')
  })

  it('should keep every comment and parent link, WordPress and Disqus merged without duplicates', async () => {
    const krisComments = await readComments(`posts/${kris}.comments.json`)
    const pressComments = await readComments('posts/pressmeddelandet.comments.json')
    const unmatched = await readComments('disqus-unmatched/gammal-sida.comments.json')
    expect(krisComments.map((c) => c.id)).toEqual([
      'wp-101',
      'wp-102',
      'wp-103',
      'wp-104',
      'wp-107',
      'wp-108',
      'dsq-9002',
      'dsq-9003',
      'dsq-9004',
      'dsq-9005',
    ])
    expect(pressComments.map((c) => c.id)).toEqual(['wp-201', 'dsq-9101', 'dsq-9102'])
    expect(unmatched.map((c) => [c.id, c.postId])).toEqual([['dsq-9201', 'gammal-sida']])
    const all = [...krisComments, ...pressComments]
    expect(all).toHaveLength(13)
    const links = all.filter((c) => c.parentId !== undefined).map((c) => `${c.id}→${c.parentId}`)
    expect(links.sort()).toEqual([
      'dsq-9003→dsq-9002',
      'dsq-9004→wp-101',
      'dsq-9102→dsq-9101',
      'wp-102→wp-101',
      'wp-104→wp-103',
      'wp-108→wp-102',
    ])
    // The WordPress copy of comment 101 is kept (Disqus's copy is not added again).
    expect(krisComments.find((c) => c.id === 'wp-101')!.author.url).toBe('http://sandberg.example/?a=1&b=2')
    const mentions = JSON.parse(
      await readFile(path.join(out, `posts/${kris}.mentions.json`), 'utf8'),
    ) as Mention[]
    expect(mentions.map((m) => [m.id, m.type])).toEqual([
      ['wp-105', 'pingback'],
      ['wp-106', 'trackback'],
    ])
  })

  it('should thread with @blogkit/comments with every parent found', async () => {
    for (const [file, postId, total, replies] of [
      [`posts/${kris}.comments.json`, kris, 10, 5],
      ['posts/pressmeddelandet.comments.json', 'pressmeddelandet', 3, 1],
    ] as const) {
      const comments = await readComments(file)
      const threads = threadComments(comments, {
        postId,
        include: ['approved', 'pending', 'spam', 'deleted'],
      })
      expect(threads.problems).toEqual([])
      expect(threads.total).toBe(total)
      const count = (nodes: typeof threads.threads): number =>
        nodes.reduce((n, node) => n + node.replies.length + count(node.replies), 0)
      expect(count(threads.threads)).toBe(replies)
    }
    // As readers see it: the deleted Disqus comment is a placeholder holding its reply; spam and pending are hidden.
    const visible = threadComments(await readComments(`posts/${kris}.comments.json`), { postId: kris })
    expect(visible.total).toBe(5)
    const placeholder = visible.threads.find((node) => node.comment.id === 'dsq-9002')!
    expect(placeholder.placeholder).toBe(true)
    expect(placeholder.replies.map((node) => node.comment.id)).toEqual(['dsq-9003'])
  })

  it('should import into the SQLite comment store with parents intact', async () => {
    const store = createSqliteCommentStore({ filename: ':memory:' })
    try {
      let imported = 0
      for (const file of [
        `posts/${kris}.comments.json`,
        'posts/pressmeddelandet.comments.json',
        'disqus-unmatched/gammal-sida.comments.json',
      ]) {
        // The file as it is: the store takes a bare array of comments.
        const result = await store.import(JSON.parse(await readFile(path.join(out, file), 'utf8')))
        imported += result.imported
      }
      expect(imported).toBe(14)
      const stored = await store.list({ postId: kris, moderator: true })
      expect(stored).toHaveLength(10)
      expect(stored.find((c) => c.id === 'dsq-9004')!.parentId).toBe('wp-101')
      expect(await store.count({ postIds: [kris, 'pressmeddelandet'] })).toEqual({
        [kris]: 5,
        pressmeddelandet: 3,
      })
    } finally {
      await store.close()
    }
  })

  it('should change no file on a second run of both imports', async () => {
    const before = await snapshot(out)
    const wordpress = await run([
      'wordpress',
      fixture('klartext.wxr.xml'),
      '--out',
      out,
      '--time-zone',
      'Europe/Stockholm',
      '--quiet',
    ])
    expect(wordpress.stderr).toContain(': 0 files created, 0 updated, 12 unchanged')
    const disqus = await run(['disqus', fixture('klartext.disqus.xml'), '--out', out, '--quiet'])
    expect(disqus.stderr).toContain('(0 new): 0 files created, 0 updated, 3 unchanged')
    expect(await snapshot(out)).toEqual(before)
  })
})

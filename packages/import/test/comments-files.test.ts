// The comments files the import writes and merges into: named and read by @blogkit/comments' rules
// (`commentsFileName`, `readCommentsFile`), as the site names and reads them.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { commentsFileName } from '@blogkit/comments'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { run } from './helpers.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-comments-files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const disqus = `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><link>https://b.example/inlagg/</link></thread>
<post dsq:id="2"><id/><message><![CDATA[<p>Hej</p>]]></message><createdAt>2021-03-01T12:00:00Z</createdAt><author><name>Bo</name></author><thread dsq:id="1"/></post>
</disqus>`

async function importInto(postFile: string) {
  const out = path.join(dir, 'out')
  await mkdir(path.join(out, 'posts'), { recursive: true })
  await writeFile(path.join(out, 'posts', postFile), '---\ntitle: Inlägg\ndate: 2021-01-01\n---\n\nText\n')
  const file = path.join(dir, 'd.xml')
  await writeFile(file, disqus)
  return { out, result: await run(['disqus', file, '--out', out]) }
}

describe('the Disqus import’s comments files', () => {
  it('puts the comments of a `.markdown` post beside it, where the site reads them', async () => {
    const { out, result } = await importInto('inlagg.markdown')
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('1 comment in 1 post (1 new)')
    expect(result.stderr).not.toContain('matches no post')
    const name = commentsFileName('posts/inlagg.markdown')
    expect(name).toBe('posts/inlagg.comments.json')
    const written = JSON.parse(await readFile(path.join(out, name), 'utf8'))
    expect(written).toMatchObject([{ id: 'dsq-2', postId: 'inlagg', body: 'Hej' }])
    expect(await readdir(out)).not.toContain('disqus-unmatched')
  })

  it('stops at a damaged comments file of a `.markdown` post, naming file:line:column, and writes nothing', async () => {
    const out = path.join(dir, 'out')
    const comments = path.join(out, 'posts', 'inlagg.comments.json')
    await mkdir(path.dirname(comments), { recursive: true })
    await writeFile(comments, '[\n  {"id": "x",}\n]\n')
    const { result } = await importInto('inlagg.markdown')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(
        `${comments.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: .*fix or remove the file and import again`,
      ),
    )
    expect(await readFile(comments, 'utf8')).toBe('[\n  {"id": "x",}\n]\n')
  })
})

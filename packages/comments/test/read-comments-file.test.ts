import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CommentError, commentsFileName } from '../src/index.js'
import { createCommentsSession, readCommentsFile } from '../src/node.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-comments-file-'))
  dirs.push(dir)
  return dir
}

const record = {
  id: 'c1',
  author: { name: 'Maria' },
  createdAt: '2021-10-30T20:15:00Z',
  body: 'Hej!',
  status: 'approved',
}

describe('commentsFileName', () => {
  it('should name the file beside the post, its Markdown extension replaced', () => {
    expect(commentsFileName('hello.md')).toBe('hello.comments.json')
    expect(commentsFileName('posts/2021/hello.markdown')).toBe('posts/2021/hello.comments.json')
    expect(commentsFileName('C:\\blog\\Hello.MD')).toBe('C:\\blog\\Hello.comments.json')
    expect(commentsFileName('a.md.md')).toBe('a.md.comments.json')
  })

  it('should refuse a name that is not a Markdown file', () => {
    expect(() => commentsFileName('hello.txt')).toThrow(
      'Expected the name of a Markdown post file (`hello.md`, `hello.markdown`), got `hello.txt`',
    )
    expect(() => commentsFileName('posts/.md')).toThrow(TypeError)
    expect(() => commentsFileName('')).toThrow(TypeError)
    expect(() => commentsFileName(undefined as unknown as string)).toThrow(TypeError)
  })
})

describe('readCommentsFile', () => {
  it('should read and check the file, filling in the postId', async () => {
    const file = path.join(await folder(), 'hello.comments.json')
    await writeFile(file, `\uFEFF${JSON.stringify([record])}`)
    const comments = await readCommentsFile(file, { postId: 'hello' })
    expect(comments).toEqual([{ ...record, postId: 'hello' }])
  })

  it('should give no comments for a post without the file', async () => {
    expect(await readCommentsFile(path.join(await folder(), 'none.comments.json'))).toEqual([])
  })

  it('should name the file as shown, the line and the column of a problem', async () => {
    const file = path.join(await folder(), 'hello.comments.json')
    await writeFile(file, '[\n  {"id": "c1",}\n]')
    const error = await readCommentsFile(file, { shownAs: 'posts/hello.comments.json' }).catch((e) => e)
    expect(error).toBeInstanceOf(CommentError)
    expect(error).toMatchObject({
      code: 'invalid-json',
      file: 'posts/hello.comments.json',
      line: 2,
      column: 15,
    })
    await writeFile(file, JSON.stringify([{ ...record, postId: 'other' }]))
    const wrong = await readCommentsFile(file, { postId: 'hello' }).catch((e) => e)
    expect(wrong).toMatchObject({ code: 'wrong-post', file, field: 'comments[0].postId' })
    expect(wrong.message.startsWith(`${file}:1:`)).toBe(true)
  })

  it("should pass on the file system's error for a file it cannot read, and refuse a path that is not one", async () => {
    const dir = path.join(await folder(), 'a.comments.json')
    await mkdir(dir)
    await expect(readCommentsFile(dir)).rejects.toMatchObject({ code: 'EISDIR' })
    await expect(readCommentsFile('')).rejects.toThrow('Expected `file` to be a path, got ``')
  })
})

describe('readCommentsFile with a session', () => {
  const reply = { ...record, id: 'c2', body: 'Tack!' }

  it('should keep a file as read until the session is told it changed', async () => {
    const dir = await folder()
    const file = path.join(dir, 'hello.comments.json')
    const other = path.join(dir, 'other.comments.json')
    await writeFile(file, JSON.stringify([record]))
    await writeFile(other, JSON.stringify([record]))
    const session = createCommentsSession()
    const first = await readCommentsFile(file, { postId: 'hello', session })
    await readCommentsFile(other, { postId: 'other', session })
    await writeFile(file, JSON.stringify([record, reply]))
    await writeFile(other, JSON.stringify([record, reply]))
    // Not told: the comments as read (the very array), not the file's new text.
    expect(await readCommentsFile(file, { postId: 'hello', session })).toBe(first)
    // Told about one file (relative or absolute, as the caller has it): that one only is read again.
    session.changed([path.relative(process.cwd(), file)])
    expect((await readCommentsFile(file, { postId: 'hello', session })).map((c) => c.id)).toEqual([
      'c1',
      'c2',
    ])
    expect((await readCommentsFile(other, { postId: 'other', session })).map((c) => c.id)).toEqual(['c1'])
    // Told about the folder: every file in it is read again.
    await writeFile(file, JSON.stringify([reply]))
    session.changed([dir])
    expect((await readCommentsFile(file, { postId: 'hello', session })).map((c) => c.id)).toEqual(['c2'])
    // Told that anything may have changed: every file is read again.
    session.changed()
    expect((await readCommentsFile(other, { postId: 'other', session })).map((c) => c.id)).toEqual([
      'c1',
      'c2',
    ])
    // Without a session, always read.
    await writeFile(other, JSON.stringify([reply]))
    expect((await readCommentsFile(other, { postId: 'other' })).map((c) => c.id)).toEqual(['c2'])
  })

  it('should read again with other options, and keep no file that failed', async () => {
    const file = path.join(await folder(), 'hello.comments.json')
    await writeFile(file, JSON.stringify([record]))
    const session = createCommentsSession()
    await readCommentsFile(file, { postId: 'hello', session })
    await writeFile(file, JSON.stringify([record, reply]))
    // Another post id (the same file read for a renamed post) is another read.
    expect(await readCommentsFile(file, { postId: 'renamed', session })).toHaveLength(2)
    await writeFile(file, '[{')
    session.changed([file])
    await expect(readCommentsFile(file, { postId: 'hello', session })).rejects.toThrow(CommentError)
    // The broken file was not kept: fixed (and not told), it is read again.
    await writeFile(file, JSON.stringify([reply]))
    expect((await readCommentsFile(file, { postId: 'hello', session })).map((c) => c.id)).toEqual(['c2'])
  })

  it('should refuse a session that is not one', async () => {
    const file = path.join(await folder(), 'hello.comments.json')
    await writeFile(file, JSON.stringify([record]))
    await expect(
      readCommentsFile(file, {
        session: { changed() {} } as unknown as ReturnType<typeof createCommentsSession>,
      }),
    ).rejects.toThrow('Expected `session` to come from `createCommentsSession()`')
  })
})

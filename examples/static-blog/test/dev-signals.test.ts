import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const example = fileURLToPath(new URL('..', import.meta.url))

// `npm run dev`'s command (the supervisor and its dev server child) stopped by a signal: the build record
// is written, so that the next start finds the pages as they are instead of rendering every one again.
describe('the dev command stopped by a signal', { timeout: 120_000 }, () => {
  let work: string
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'blogkit-dev-signals-'))
  })
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it.each([
    'SIGHUP',
    'SIGTERM',
  ] as const)('should write the build record when %s reaches its process group (SIGHUP: the terminal closed)', async (signal) => {
    const dir = path.join(work, signal)
    const content = path.join(dir, 'content')
    const cache = path.join(dir, 'cache')
    await mkdir(content, { recursive: true })
    await writeFile(path.join(content, 'hello.md'), '---\ntitle: Hello\ndate: 2024-01-02\n---\n\nHi.\n')
    const args = ['bin/static-blog.js', 'dev', '--content', content, '--out', path.join(dir, 'out')]
    // Note: its own process group, signalled as a whole as a terminal does; the record is written 5 s
    // after a build by itself, so it is on disk right after "Serving" only if the signal wrote it.
    const child = spawn(process.execPath, [...args, '--cache', cache, '--port', '0'], {
      cwd: example,
      detached: true,
      env: { PATH: process.env.PATH, INIT_CWD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
    let output = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk
        if (/^Serving /m.test(output)) resolve()
      })
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk
      })
      void exited.then(() => reject(new Error(`the dev command ended:\n${output}`)))
    })
    process.kill(-child.pid!, signal)
    // Note: with what it printed, to say why when it is not 0.
    expect({ code: await exited, output }).toEqual({ code: 0, output: expect.any(String) })
    expect(await readdir(path.join(cache, 'builds'))).toEqual([expect.stringMatching(/\.json$/)])
  })
})

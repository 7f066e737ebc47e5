import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const example = fileURLToPath(new URL('..', import.meta.url))

// Module hooks that make a process fail as soon as it loads TypeScript or tsx (whatever the Node version:
// Node 22.18+ would strip types itself), registered before anything else runs: `registerHooks` where
// there is one (`register` is deprecated from Node 26), else `register` (Node 20).
const check = `(url) => {
  if (/\\.[cm]?tsx?$/.test(new URL(url).pathname) || url.includes('/node_modules/tsx/'))
    throw new Error('TypeScript at run time: ' + url)
}`
const asyncHooks = `const check = ${check}
export async function load(url, context, next) { check(url); return next(url, context) }`
const register = `import * as module from 'node:module'
const check = ${check}
if (module.registerHooks) module.registerHooks({ load(url, context, next) { check(url); return next(url, context) } })
else module.register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(asyncHooks)}`)})`
const guardFlag = `--import=data:text/javascript,${encodeURIComponent(register)}`

const scripts = JSON.parse(await readFile(path.join(example, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>

/** Runs an npm script's command as npm would (`node …` with this Node), under the guard, with a clean env. */
async function runScript(command: string | undefined, args: string[]) {
  const [program, ...rest] = (command ?? 'no such script').split(' ')
  expect(program).toBe('node')
  try {
    const { stdout, stderr } = await run(process.execPath, [guardFlag, ...rest, ...args], {
      cwd: example,
      // Note: no NODE_OPTIONS or loader from the test runner; PATH for npm should a compile be needed.
      env: { PATH: process.env.PATH, INIT_CWD: '' },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function postFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-compiled-cli-'))
  await writeFile(path.join(dir, 'hello.md'), '---\ntitle: Hello\ndate: 2024-01-02\n---\n\nHi.\n')
  return dir
}

describe('the CLI runs compiled, without TypeScript at run time', () => {
  it('should name no TypeScript loader in the scripts that run the CLI', () => {
    for (const name of ['build', 'preview', 'dev']) {
      if (scripts[name] === undefined) continue
      expect(scripts[name], name).not.toMatch(/tsx|ts-node|\.ts\b|--experimental-strip-types/)
    }
  })

  it('should build a site with `npm run build`’s command while any TypeScript load fails', async () => {
    const dir = await postFolder()
    const out = path.join(dir, 'out')
    const result = await runScript(scripts.build, ['--content', dir, '--out', out, '--no-cache'])
    // Note: the script compiles the CLI first when a source changed since (a line on stderr).
    expect(result.stderr.replace(/^Compiling the CLI \(.*\)…\n/, '')).toBe('')
    expect(result.stdout).toMatch(/^Built 1 posts into .*out: \d+ files/)
    expect(await readFile(path.join(out, 'posts/hello/index.html'), 'utf8')).toContain('<h1')
    expect(await readFile(path.join(out, 'styles.css'), 'utf8')).toContain('--')
  })

  it('should print the usage with `npm run preview`’s command and no TypeScript', async () => {
    const result = await runScript(scripts.preview, ['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('npm run preview -w examples/static-blog')
  })

  it('should ask Node to keep the compiled code of the CLI on disk (Node 22.1+: `module.enableCompileCache`)', async () => {
    // Note: a stand-in that says it was called, then calls Node's own where there is one (Node 20 has none).
    const stand = `import module from 'node:module'
const own = module.enableCompileCache
module.enableCompileCache = (...args) => {
  process.stderr.write('enableCompileCache called\\n')
  return own?.(...args)
}`
    const flag = `--import=data:text/javascript,${encodeURIComponent(stand)}`
    const { stdout, stderr } = await run(
      process.execPath,
      [flag, 'bin/static-blog.js', 'preview', '--help'],
      {
        cwd: example,
        env: { PATH: process.env.PATH, INIT_CWD: '' },
        timeout: 60_000,
      },
    )
    expect(stdout).toContain('npm run preview -w examples/static-blog')
    expect(stderr.split('\n')).toContain('enableCompileCache called')
  })

  it('should fail under the same guard when the CLI runs through tsx (the guard works)', async () => {
    const dir = await postFolder()
    const result = await runScript('node --import tsx src/cli.ts build', [
      '--content',
      dir,
      '--out',
      path.join(dir, 'out'),
      '--no-cache',
    ])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('TypeScript at run time')
  })
})

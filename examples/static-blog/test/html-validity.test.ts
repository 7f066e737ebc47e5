import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'

const run = promisify(execFile)
const java = ['/usr/bin/java', '/usr/local/bin/java'].find((file) => existsSync(file))
if (!java && process.env.CI) {
  throw new Error(
    'Java is missing: CI must install it for the Nu Html Checker (`apt-get install -y default-jre-headless`)',
  )
}
if (!java)
  console.warn(
    'Skipping the Nu Html Checker: no Java; install it with `apt-get install -y default-jre-headless`',
  )

// Note: the vnu-jar package ships the checker as a jar; its postinstall only downloads a Java runtime,
// which is not needed (and not run) when Debian's Java is there.
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error'
  subType?: string
  url?: string
  lastLine?: number
  message: string
  extract?: string
}

describe.skipIf(!java)('Nu Html Checker', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-vnu-'))
    await buildSite({ contentDir: defaultContentDir, outDir: dir, baseUrl: 'https://blog.example/' })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should find no errors or warnings in any page, the stylesheet or the icon', async () => {
    const files = (await readdir(dir, { recursive: true }))
      .filter((file) => /\.(html|css|svg)$/.test(file))
      .map((file) => path.join(dir, file))
    expect(files.filter((file) => file.endsWith('.html')).length).toBeGreaterThan(50)
    let output: string
    try {
      const result = await run(
        java!,
        ['-Xss2m', '-jar', vnuJar, '--format', 'json', '--also-check-css', '--also-check-svg', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
      )
      output = result.stderr
    } catch (error) {
      // vnu exits 1 when it found errors; the report is on stderr either way.
      output = (error as { stderr: string }).stderr
    }
    const { messages } = JSON.parse(output) as { messages: VnuMessage[] }
    const problems = messages
      .filter((message) => message.type !== 'info' || message.subType === 'warning')
      .map(
        (message) =>
          `${path.relative(dir, decodeURIComponent(new URL(message.url ?? 'file:///').pathname))}:${message.lastLine ?? 0}: ${message.type}${message.subType ? `/${message.subType}` : ''}: ${message.message}${message.extract ? ` (${message.extract.trim()})` : ''}`,
      )
    expect(problems).toEqual([])
  })
})

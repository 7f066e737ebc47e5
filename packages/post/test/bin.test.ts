import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/lib/run-cli.js'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

describe('blogkit-post --version', () => {
  it('should print the version it is given', async () => {
    for (const flag of ['--version', '-v']) {
      let stdout = ''
      const code = await runCli([flag], {
        stdout: (text) => {
          stdout += text
        },
        stderr: () => {},
        version: '1.2.3',
      })
      expect({ code, stdout }).toEqual({ code: 0, stdout: 'blogkit-post 1.2.3\n' })
    }
  })

  it("should run the committed bin with the package's version, or say that the package is not built", () => {
    const bin = fileURLToPath(new URL('../bin/blogkit-post.js', import.meta.url))
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })
    if (existsSync(new URL('../dist/cli.js', import.meta.url))) {
      expect({ status: result.status, stdout: result.stdout }).toEqual({
        status: 0,
        stdout: `blogkit-post ${version}\n`,
      })
    } else {
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('the package is not built; run `npm run build`')
    }
  })
})

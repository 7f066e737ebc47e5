// The CLIs' shared checks: `--version` prints the version it is given, and the committed
// `bin/<name>.js` (what npm links at install time) runs the built CLI with the package's version, or says
// the package is not built yet.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

type RunCli = (
  args: string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void; version?: string },
) => Promise<number>

/**
 * Defines the tests of one CLI.
 *
 * @param name The command, e.g. `blogkit-post`.
 * @param runCli The package's `runCli`.
 * @param packageRoot The package folder, e.g. `new URL('..', import.meta.url)` from its test/ folder.
 */
export function describeCliBin(name: string, runCli: RunCli, packageRoot: URL): void {
  const { version } = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as {
    version: string
  }

  describe(`${name} --version`, () => {
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
        expect({ code, stdout }).toEqual({ code: 0, stdout: `${name} 1.2.3\n` })
      }
    })

    it("should run the committed bin with the package's version, or say that the package is not built", () => {
      const bin = fileURLToPath(new URL(`bin/${name}.js`, packageRoot))
      const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })
      if (existsSync(new URL('dist/cli.js', packageRoot))) {
        expect({ status: result.status, stdout: result.stdout }).toEqual({
          status: 0,
          stdout: `${name} ${version}\n`,
        })
      } else {
        expect(result.status).toBe(1)
        expect(result.stderr).toContain('the package is not built; run `npm run build`')
      }
    })
  })
}

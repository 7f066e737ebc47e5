// HTML validity tests share this: the Nu Html Checker (npm `vnu-jar`) run with Debian's Java. Without Java
// the tests skip locally (one line says how to install it) and fail in CI (`CI` set): see tools.mjs.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { javaPath, requireTool } from './tools.mjs'

const run = promisify(execFile)

/** The Java binary, when the Nu Html Checker tests can run (else the skip line is printed, or CI fails). */
export const java: string | undefined = requireTool('java', 'the Nu Html Checker tests')
  ? javaPath()
  : undefined

// Note: the vnu-jar package ships the checker as a jar; its postinstall only downloads a Java runtime,
// which is not needed (and not run) when Debian's Java is there.
const vnuJar = () => createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error'
  subType?: string
  url?: string
  lastLine?: number
  message: string
  extract?: string
}

/**
 * Check HTML files (and CSS and SVG ones) and return every error and warning as
 * `<name>:<line>: <type>: <message> (<extract>)`, the name made by `name(file path)`; empty when valid.
 */
export async function checkWithVnu(
  files: readonly string[],
  options: { name: (file: string) => string },
): Promise<string[]> {
  if (!java) throw new Error('checkWithVnu needs Java: skip the test when `java` is undefined')
  let output: string
  try {
    const args = ['-Xss2m', '-jar', vnuJar(), '--format', 'json', '--also-check-css', '--also-check-svg']
    output = (await run(java, [...args, ...files], { maxBuffer: 64 * 1024 * 1024 })).stderr
  } catch (error) {
    // vnu exits 1 when it found errors; the report is on stderr either way.
    output = (error as { stderr: string }).stderr
  }
  const { messages } = JSON.parse(output) as { messages: VnuMessage[] }
  return messages
    .filter((message) => message.type !== 'info' || message.subType === 'warning')
    .map(
      (message) =>
        `${options.name(decodeURIComponent(new URL(message.url ?? 'file:///').pathname))}:${message.lastLine ?? 0}: ${message.type}${message.subType ? `/${message.subType}` : ''}: ${message.message}${message.extract ? ` (${message.extract.trim()})` : ''}`,
    )
}

// What a package README promises a new user, read for the release rehearsal: the `npm install` commands
// of its "Install" section, and its runnable example, marked in the info string of fenced blocks:
//   ```js rehearse                                     the example, run unchanged as example.mjs
//   ```markdown rehearse-file=posts/2021-10-30-a.md    a file the example reads, written beside it first
//   ```txt rehearse-output                             what it prints, in order (… stands for anything)
// The words after the language are invisible on GitHub and npm, which show the language only.

export class ReadmeError extends Error {}

/** Fenced code blocks with the level-2 section they are in, their language and their marks. */
export function fencedBlocks(markdown) {
  const lines = markdown.split(/\r?\n/)
  const blocks = []
  let section = ''
  for (let i = 0; i < lines.length; i++) {
    const heading = /^##\s+(.*?)\s*#*\s*$/.exec(lines[i])
    if (heading) section = heading[1]
    const open = /^(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i])
    if (!open) continue
    const [, fence, info] = open
    const close = new RegExp(`^${fence[0]}{${fence.length},}\\s*$`)
    const start = i
    const code = []
    for (i++; i < lines.length && !close.test(lines[i]); i++) code.push(lines[i])
    const [lang = '', ...words] = info.trim().split(/\s+/)
    const marks = new Map(words.map((word) => [word.split('=')[0], word.split('=').slice(1).join('=')]))
    blocks.push({ section, lang, marks, code: `${code.join('\n')}\n`, line: start + 1 })
  }
  return blocks
}

/** The `npm install` commands of a README's "Install" section, as argument lists after `npm`. */
export function installCommands(markdown, file) {
  const blocks = fencedBlocks(markdown)
  const install = []
  for (const block of blocks) {
    if (block.section !== 'Install' || !['sh', 'bash', 'shell', 'console'].includes(block.lang)) continue
    for (const raw of block.code.split('\n')) {
      const line = raw
        .replace(/^\$\s*/, '')
        .replace(/\s+#.*$/, '')
        .trim()
      if (!/^npm (install|i) /.test(line)) continue
      if (/[;&|<>`$()]/.test(line))
        throw new ReadmeError(`${file}:${block.line}: \`${line}\` is not a plain npm install command`)
      install.push(line.split(/\s+/).slice(1))
    }
  }
  if (install.length === 0)
    throw new ReadmeError(
      `${file}: no \`npm install …\` command in a \`\`\`sh block of its "Install" section`,
    )
  return install
}

/** The marked example of a README, the files it reads and the lines it prints. */
export function markedExample(markdown, file) {
  const blocks = fencedBlocks(markdown)
  const examples = blocks.filter((block) => block.marks.has('rehearse'))
  if (examples.length !== 1)
    throw new ReadmeError(
      examples.length === 0
        ? `${file}: no runnable example is marked: add \`rehearse\` to the info string of the JavaScript example in "Use" (\`\`\`js rehearse)`
        : `${file}: ${examples.length} blocks are marked \`rehearse\` (lines ${examples.map((b) => b.line).join(', ')}): mark one`,
    )
  const [example] = examples
  if (!['js', 'javascript', 'mjs'].includes(example.lang))
    throw new ReadmeError(
      `${file}:${example.line}: the \`rehearse\` example is \`${example.lang}\`, not JavaScript`,
    )

  const files = []
  for (const block of blocks.filter((b) => b.marks.has('rehearse-file'))) {
    const path = block.marks.get('rehearse-file')
    if (!path || path.startsWith('/') || path.split('/').includes('..'))
      throw new ReadmeError(
        `${file}:${block.line}: rehearse-file=${path} must be a relative path inside the project`,
      )
    files.push({ path, content: block.code })
  }
  const output = blocks
    .filter((b) => b.marks.has('rehearse-output'))
    .flatMap((b) => b.code.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '…')
  return { code: example.code, files, output }
}

/**
 * Checks that every expected line appears in the actual output, in order (both trimmed; `…` matches
 * anything). Returns undefined when it does, otherwise what is missing.
 */
export function missingOutput(expected, actual) {
  const lines = actual.split(/\r?\n/).map((line) => line.trim())
  let at = 0
  for (const want of expected) {
    const re = new RegExp(`^${want.split('…').map(escapeRegExp).join('.*')}$`)
    const found = lines.findIndex((line, i) => i >= at && re.test(line))
    if (found === -1) return `the README says it prints \`${want}\`; it does not (after output line ${at})`
    at = found + 1
  }
  return undefined
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

#!/usr/bin/env node
// `npm run check:bundles`: the packages' pure cores run where users run them (issue 16). Each core function
// is bundled alone from its package's main entry, as a user's bundler would (the built dist/, through the
// package's `exports`), with esbuild for the browser, minified. It fails when the bundle needs a Node
// built-in module (named with the chain of imports that pulls it in, mapped to the source by dist/'s source
// maps); when the function, bundled as for a worker or an edge runtime and run with web globals only (no
// `process`, `Buffer`, `require`, no DOM), fails or answers wrong when called once on a small input; and
// when it is over its size budget (then it names the largest parts). Prints a table of the sizes.
import { existsSync, readFileSync } from 'node:fs'
import { builtinModules, SourceMap } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const repo = fileURLToPath(new URL('..', import.meta.url))

const post =
  '---\ntitle: Hej\ndate: 2024-01-02\ntitel: a near miss, so a warning\n---\n\n# Rubrik\n\nSe [om](/om/).\n'
const comment = (id, parentId) => ({
  id,
  postId: 'p',
  ...(parentId ? { parentId } : {}),
  author: { name: `Namn ${id}` },
  createdAt: `2024-01-0${id}T10:00:00.000Z`,
  body: 'Hej',
  status: 'approved',
})
const feedMeta = {
  title: 'Bloggen',
  siteUrl: 'https://blog.example/',
  feedUrls: { rss: 'https://blog.example/rss.xml' },
  authors: [{ name: 'Åsa' }],
  items: [
    {
      url: 'https://blog.example/a/',
      title: 'A',
      contentHtml: '<p>Se <a href="/om/">om</a>.</p>',
      date: '2024-01-02T10:00:00Z',
    },
  ],
}

/**
 * The cores: each function, the package whose main entry exports it, a call on a small input that says
 * whether the answer is right (so the bundle is known to run, not only to load), and the size budget in
 * minified bytes (kB = 1,000 bytes).
 */
export const cores = [
  {
    name: 'parsePost',
    from: '@blogkit/post',
    run: async (parsePost) => {
      const result = await parsePost(post)
      return result.title === 'Hej' && result.html.includes('<h1')
    },
  },
  {
    name: 'slugify',
    from: '@blogkit/post',
    run: (slugify) => slugify('Smörgåsbord på svenska') === 'smorgasbord-pa-svenska',
  },
  {
    name: 'collectRedirects',
    from: '@blogkit/post',
    run: (collectRedirects) => {
      const posts = [{ aliases: ['/?p=1', '/gammal'], path: '/a/', title: 'A', lang: 'sv', file: 'a.md' }]
      const redirects = collectRedirects({ posts, paths: new Map([['/a/', 'a.md']]) })
      return redirects.map((redirect) => `${redirect.from} ${redirect.to}`).join() === '/?p=1 /a/,/gammal /a/'
    },
  },
  {
    name: 'placePosts',
    from: '@blogkit/post',
    run: (placePosts) => {
      const posts = [{ slug: 'sluta-mäta', date: new Date('2021-12-31T23:30:00Z') }]
      const paths = placePosts({
        posts,
        permalink: '/:year/:month/:day/:slug/',
        timeZone: 'Europe/Stockholm',
      })
      return paths.get(posts[0]) === '/2022/01/01/sluta-m%C3%A4ta/'
    },
  },
  {
    name: 'nestPages',
    from: '@blogkit/post',
    run: (nestPages) => {
      const pages = [
        { slug: 'team', data: { parent: 'om' } },
        { slug: 'om', data: { menu: true } },
      ]
      return nestPages(pages, { root: '/blogg/' }).get(pages[0]).path === '/blogg/om/team/'
    },
  },
  {
    name: 'createRelatedIndex',
    from: '@blogkit/related',
    run: (createRelatedIndex) => {
      const index = createRelatedIndex([
        {
          id: 'a',
          title: 'Joins in dplyr',
          text: 'Joins combine two tables by their keys.',
          tags: ['dplyr'],
        },
        { id: 'b', title: 'dplyr 1.1.0', text: 'This release improves joins of tables.', tags: ['dplyr'] },
        {
          id: 'c',
          title: 'Themes in ggplot2',
          text: 'A theme controls the fonts of plots.',
          tags: ['ggplot2'],
        },
      ])
      return Array.isArray(index.related('a', { limit: 2 }))
    },
  },
  {
    name: 'threadComments',
    from: '@blogkit/comments',
    budget: 12_000,
    run: (threadComments) => {
      const threads = threadComments([comment('1'), comment('2', '1'), comment('3')], { postId: 'p' })
      return threads.total === 3 && threads.threads.length === 2 && threads.threads[0].replies.length === 1
    },
  },
  {
    name: 'renderCommentHtml',
    from: '@blogkit/comments',
    run: (renderCommentHtml) =>
      renderCommentHtml('Hej *du*, se https://blog.example/').includes('<em>du</em>'),
  },
  {
    name: 'commentFeed',
    from: '@blogkit/comments',
    run: (commentFeed) => {
      const feed = commentFeed({
        comments: [comment('1'), comment('2', '1')],
        pageUrl: 'https://blog.example/p/',
        title: 'Kommentarer',
      })
      return feed.size === 2 && feed.atom().includes('href="https://blog.example/p/#comment-1"')
    },
  },
  {
    name: 'createCommentHandler',
    from: '@blogkit/comments/http',
    run: async (createCommentHandler) => {
      const page = 'https://blog.example/p/'
      const store = {
        threadPage: async () => ({
          comments: [comment('1'), comment('2', '1')],
          page: 1,
          pages: 1,
          threadCount: 1,
          total: 2,
        }),
        count: async ({ postIds }) => Object.fromEntries(postIds.map((id) => [id, 2])),
      }
      const handler = createCommentHandler({
        store,
        allowedOrigins: ['https://blog.example'],
        pageIdentifier: () => 'p',
      })
      const response = await handler(
        new Request(`https://comments.example/comments?page=${encodeURIComponent(page)}`, {
          headers: { origin: 'https://blog.example' },
        }),
      )
      const answer = await response.json()
      return (
        response.headers.get('access-control-allow-origin') === 'https://blog.example' &&
        /^W\//.test(response.headers.get('etag') ?? '') &&
        answer.total === 2 &&
        answer.threads[0].replies[0].html === '<p>Hej</p>'
      )
    },
  },
  {
    name: 'readServiceComments',
    from: '@blogkit/comments/client',
    budget: 8_000,
    run: async (readServiceComments) => {
      const page = 'https://blog.example/p/'
      const thread = { id: 'c1', author: { name: 'Bo' }, createdAt: '2024-01-01T00:00:00.000Z' }
      const answers = {
        '/counts': { counts: { [page]: 2 } },
        '/comments': {
          pages: 1,
          threads: [
            {
              ...thread,
              body: 'Hej',
              placeholder: false,
              replies: [
                { ...thread, id: 'c2', parentId: 'c1', body: 'Svar', placeholder: false, replies: [] },
              ],
            },
          ],
        },
      }
      const read = await readServiceComments({
        serviceUrl: 'https://comments.example/',
        pages: [{ id: 'p', url: page }],
        fetch: async (url) => Response.json(answers[url.pathname]),
      })
      const comments = read.comments.get('p') ?? []
      return read.requests === 2 && comments.map((comment) => comment.parentId ?? '-').join() === '-,c1'
    },
  },
  {
    name: 'createFeed',
    from: '@blogkit/feed',
    run: (createFeed) => createFeed(feedMeta).rss().includes('<rss'),
  },
  {
    name: 'discoveryLinks',
    from: '@blogkit/feed',
    budget: 5_000,
    run: (discoveryLinks) =>
      discoveryLinks({ title: 'Bloggen', feedUrls: { rss: 'https://blog.example/rss.xml' } }).includes(
        '<link',
      ),
  },
]

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])
/** Node's globals that browsers and edge runtimes do not have. */
const nodeGlobals = [
  'process',
  'Buffer',
  'require',
  'module',
  'global',
  '__dirname',
  '__filename',
  'setImmediate',
]
/** The web-standard globals a core may use (those of a worker or an edge runtime; no DOM, no `window`). */
const webGlobals = [
  'AbortController',
  'AbortSignal',
  'atob',
  'Blob',
  'btoa',
  'clearInterval',
  'clearTimeout',
  'crypto',
  'DOMException',
  'Event',
  'EventTarget',
  'fetch',
  'Headers',
  'performance',
  'queueMicrotask',
  'ReadableStream',
  'Request',
  'Response',
  'setInterval',
  'setTimeout',
  'structuredClone',
  'TextDecoder',
  'TextDecoderStream',
  'TextEncoder',
  'TextEncoderStream',
  'TransformStream',
  'URL',
  'URLSearchParams',
  'WritableStream',
]

/** esbuild plugin: keeps each Node built-in out of the bundle and records who imports it. */
function recordBuiltins(found) {
  return {
    name: 'record-node-builtins',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined
        found.push({ specifier: args.path, importer: args.importer })
        return { path: args.path, external: true }
      })
    },
  }
}

/** Where line `line`, column `column` (0-based) of `file` came from, following `map` (or `file.map`). */
function originOf(file, line, column, map) {
  const text = map ?? (existsSync(`${file}.map`) ? readFileSync(`${file}.map`, 'utf8') : undefined)
  if (text === undefined) return { file, line, column }
  const entry = new SourceMap(JSON.parse(text)).findEntry(line, column)
  if (!entry?.originalSource) return { file, line, column }
  const source = entry.originalSource.startsWith('file:')
    ? fileURLToPath(entry.originalSource)
    : path.resolve(path.dirname(file), entry.originalSource)
  return { file: source, line: entry.originalLine, column: entry.originalColumn }
}

const shown = (file) => path.relative(repo, file).split(path.sep).join('/')

/** `file:line` of the import of `specifier` in `file`, mapped to the source when a source map is there. */
function importSite(file, specifier) {
  if (!existsSync(file)) return shown(file)
  const text = readFileSync(file, 'utf8')
  const at = Math.max(text.indexOf(`"${specifier}"`), text.indexOf(`'${specifier}'`))
  if (at < 0) return shown(file)
  const before = text.slice(0, at)
  const origin = originOf(file, before.split('\n').length - 1, at - before.lastIndexOf('\n') - 1)
  return `${shown(origin.file)}:${origin.line + 1}`
}

/** The imports from the entry to `importer`, each as `file:line imports "specifier"`, built-in last. */
function importChain(metafile, found, resolveDir) {
  const inputs = metafile.inputs
  const key = path.relative(resolveDir, found.importer).split(path.sep).join('/')
  const previous = new Map([['<stdin>', null]])
  const queue = ['<stdin>']
  while (queue.length > 0 && !previous.has(key)) {
    const from = queue.shift()
    for (const edge of inputs[from]?.imports ?? []) {
      if (edge.external || previous.has(edge.path)) continue
      previous.set(edge.path, { from, specifier: edge.original ?? edge.path })
      queue.push(edge.path)
    }
  }
  const steps = [`${importSite(found.importer, found.specifier)} imports "${found.specifier}"`]
  for (let at = key; previous.get(at); at = previous.get(at).from) {
    const { from, specifier } = previous.get(at)
    if (from === '<stdin>') steps.push(`the entry imports "${specifier}"`)
    else steps.push(`${importSite(path.resolve(resolveDir, from), specifier)} imports "${specifier}"`)
  }
  return steps.reverse()
}

/** `file:line` in the sources of the first frame of `error` in the bundle (`bundle.js`, mapped twice). */
function failingLine(error, bundle, resolveDir) {
  const frame = /bundle\.js:(\d+):(\d+)/.exec(String(error?.stack ?? ''))
  if (!frame) return undefined
  const inBundle = originOf(
    path.join(resolveDir, 'bundle.js'),
    Number(frame[1]) - 1,
    Number(frame[2]) - 1,
    bundle.map,
  )
  const origin = originOf(inBundle.file, inBundle.line, inBundle.column)
  return `${shown(origin.file)}:${origin.line + 1}`
}

/** Runs the bundle with web globals only and calls the function once; returns a problem or undefined. */
async function runWithWebGlobals(bundle, core, resolveDir) {
  const sandbox = Object.fromEntries(
    webGlobals.filter((name) => name in globalThis).map((name) => [name, globalThis[name]]),
  )
  // Note: the warnings a core prints (parsePost's, without `process.emitWarning`) are not this check's.
  sandbox.console = { ...console, warn: () => {} }
  const context = vm.createContext(sandbox)
  vm.runInContext('globalThis.self = globalThis', context)
  let timer
  try {
    const exports = vm.runInContext(`${bundle.code}\n;globalThis.__core`, context, {
      filename: 'bundle.js',
      timeout: 10_000,
    })
    const call = Promise.resolve().then(() => core.run(exports[core.name]))
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the call did not settle within 10 s')), 10_000)
    })
    const right = await Promise.race([call, timeout])
    if (right !== true) return `called with a small input, ${core.name} gave a wrong answer`
    return undefined
  } catch (error) {
    const message = String(error?.message ?? error)
    const where = failingLine(error, bundle, resolveDir)
    const at = where ? ` at ${where}` : ''
    const global = nodeGlobals.find((name) => message === `${name} is not defined`)
    if (global) return `uses the Node global \`${global}\`${at}, which browsers do not have (${message})`
    return `fails without Node's globals${at}: ${error?.name ?? 'Error'}: ${message}`
  } finally {
    clearTimeout(timer)
  }
}

/** The five inputs that take most of the bundle, one a line with their minified bytes. */
function largestParts(metafile, resolveDir) {
  const parts = Object.values(metafile.outputs).flatMap((out) => Object.entries(out.inputs))
  return parts
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 5)
    .map(
      ([file, { bytesInOutput }]) =>
        `      ${bytesInOutput.toLocaleString('en').padStart(7)} B  ${shown(path.resolve(resolveDir, file))}`,
    )
    .join('\n')
}

/**
 * Bundles one core and checks it. `core` is `{ name, from, run, budget? }`; `resolveDir` is where `from`
 * is resolved (the repository). Returns `{ name, from, bytes, gzip, budget, problems }`.
 */
export async function checkCore(core, { resolveDir = repo } = {}) {
  const found = []
  const options = {
    stdin: { contents: `export { ${core.name} } from '${core.from}'\n`, resolveDir, loader: 'js' },
    absWorkingDir: resolveDir,
    bundle: true,
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
    metafile: true,
    plugins: [recordBuiltins(found)],
  }
  const problems = []
  let esm
  try {
    esm = await build({ ...options, format: 'esm' })
  } catch (error) {
    const messages = (error.errors ?? [{ text: String(error) }]).map(
      (message) =>
        `${message.location ? `${message.location.file}:${message.location.line}: ` : ''}${message.text}`,
    )
    return {
      ...core,
      bytes: undefined,
      gzip: undefined,
      problems: [`does not bundle: ${messages.join('; ')}`],
    }
  }
  const output = esm.outputFiles[0].contents
  const result = { ...core, bytes: output.length, gzip: gzipSync(output, { level: 9 }).length, problems }
  // Only the built-ins the bundle still imports: a module that tree shaking dropped needs nothing.
  const report = (bundle, kind) => {
    const kept = new Set(
      Object.values(bundle.metafile.outputs).flatMap((out) =>
        out.imports.filter((item) => item.external).map((item) => item.path),
      ),
    )
    for (const item of found.splice(0)) {
      if (!kept.has(item.specifier)) continue
      const chain = importChain(bundle.metafile, item, resolveDir)
      if (seen.has(chain.join())) continue
      seen.add(chain.join())
      needsBuiltin = true
      problems.push(
        `needs the Node built-in "${item.specifier}"${kind}, which browsers do not have:\n${chain.map((step) => `      ${step}`).join('\n')}`,
      )
    }
  }
  const seen = new Set()
  let needsBuiltin = false
  report(esm, '')
  if (core.budget !== undefined && result.bytes > core.budget)
    problems.push(
      `is ${result.bytes.toLocaleString('en')} bytes minified, over its budget of ${core.budget.toLocaleString('en')}; the largest parts:\n${largestParts(esm.metafile, resolveDir)}`,
    )
  // Run as a worker or an edge runtime would: esbuild's `worker` condition picks the builds made for
  // them (a `browser` build may use the DOM, e.g. decode-named-character-reference, which a page has).
  const worker = await build({
    ...options,
    format: 'iife',
    globalName: '__core',
    conditions: ['worker'],
    sourcemap: 'external',
    outfile: path.join(resolveDir, 'bundle.js'),
  })
  report(worker, ' (in a worker build)')
  if (!needsBuiltin) {
    const file = (suffix) => worker.outputFiles.find((output) => output.path.endsWith(suffix)).text
    const problem = await runWithWebGlobals({ code: file('.js'), map: file('.js.map') }, core, resolveDir)
    if (problem) problems.push(problem)
  }
  return result
}

/** The table (function, package, bytes minified, gzip, budget, ok) and each problem below it. */
export function formatReport(results) {
  const rows = [['function', 'package', 'minified', 'gzip', 'budget', 'ok']]
  const size = (bytes) => (bytes === undefined ? '-' : `${bytes.toLocaleString('en')} B`)
  for (const result of results)
    rows.push([
      result.name,
      result.from,
      size(result.bytes),
      size(result.gzip),
      result.budget === undefined ? '' : size(result.budget),
      result.problems.length === 0 ? 'ok' : 'FAIL',
    ])
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  const lines = rows.map((row) =>
    row
      .map((cell, column) =>
        column >= 2 && column <= 4 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd(),
  )
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '))
  for (const result of results)
    for (const problem of result.problems) lines.push('', `${result.name} (${result.from}) ${problem}`)
  const failed = results.filter((result) => result.problems.length > 0).length
  lines.push(
    '',
    failed === 0
      ? `check:bundles: all ${results.length} cores bundle for the browser without Node built-ins and run with web globals only.`
      : `check:bundles: ${failed} of ${results.length} cores fail. A package's main entry must run in a browser: move Node-only code (files, streams, workers, databases) to a subpath such as @blogkit/post/node.`,
  )
  return lines.join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const unbuilt = [...new Set(cores.map((core) => core.from))].filter(
    (name) => !existsSync(path.join(repo, 'packages', name.split('/')[1], 'dist/index.js')),
  )
  if (unbuilt.length > 0) {
    console.error(`check:bundles: ${unbuilt.join(', ')} not built; run \`npm run build\` first`)
    process.exit(1)
  }
  const results = []
  for (const core of cores) results.push(await checkCore(core))
  const report = formatReport(results)
  const failed = results.some((result) => result.problems.length > 0)
  ;(failed ? console.error : console.log)(report)
  process.exitCode = failed ? 1 : 0
}

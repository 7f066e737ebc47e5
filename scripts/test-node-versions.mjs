#!/usr/bin/env node
// Runs every package's tests (packages/*, vitest) on the newest Node 22, 24 and 26, beside the Node that
// runs `npm test`. The Node binaries come from the npm registry (`node-<os>-<arch>`, a plain binary
// package) and are kept in node_modules/.cache/blogkit-node/<version>. The packages must be built
// (`npm run build`; CI runs this after `npm test`).
//
//   node scripts/test-node-versions.mjs                  Node 22, 24 and 26
//   node scripts/test-node-versions.mjs --versions 22,24 only these majors
//
// Prints one line per Node version and package, the skip notes the tests printed, and a summary; exits 1
// when a suite fails. The environment (CI, BLOGKIT_TEST_DATABASE_URL, …) is passed on to the tests.
import { execFileSync, spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const cacheRoot = path.join(root, 'node_modules', '.cache', 'blogkit-node')
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function fail(message) {
  console.error(`test-node-versions: ${message}`)
  process.exit(1)
}

function parseVersions(argv) {
  let value = '22,24,26'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--versions') value = argv[++i] ?? ''
    else if (arg.startsWith('--versions=')) value = arg.slice('--versions='.length)
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/test-node-versions.mjs [--versions 22,24,26]')
      process.exit(0)
    } else fail(`unknown argument \`${arg}\` (usage: --versions 22,24,26)`)
  }
  const majors = value.split(',').map((v) => v.trim())
  if (majors.length === 0 || majors.some((m) => !/^[1-9]\d*$/.test(m))) {
    fail(`--versions takes Node major versions separated by commas, e.g. 22,24; got \`${value}\``)
  }
  return [...new Set(majors.map(Number))]
}

/** The npm package with this machine's Node binary at bin/node, or undefined when there is none. */
function binaryPackage() {
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform]
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch]
  return os && arch ? `node-${os}-${arch}` : undefined
}

function npmJson(args) {
  const out = execFileSync(npm, [...args, '--json'], { cwd: cacheRoot, encoding: 'utf8', stdio: 'pipe' })
  return out.trim() === '' ? undefined : JSON.parse(out)
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i]
  return 0
}

function cachedVersions(major) {
  if (!existsSync(cacheRoot)) return []
  return readdirSync(cacheRoot)
    .filter((v) => v.startsWith(`${major}.`) && existsSync(binaryIn(v)))
    .sort(compareVersions)
}

function binaryIn(version) {
  return path.join(cacheRoot, version, 'node_modules', pkgName, 'bin', 'node')
}

/** The newest published version of a major (or the newest cached one when the registry does not answer). */
function latestVersion(major) {
  try {
    const found = npmJson(['view', `${pkgName}@${major}`, 'version'])
    const versions = (Array.isArray(found) ? found : found === undefined ? [] : [found]).filter((v) =>
      /^\d+\.\d+\.\d+$/.test(v),
    )
    if (versions.length === 0)
      fail(`npm has no ${pkgName} for Node ${major} (see \`npm view ${pkgName} versions\`)`)
    return versions.sort(compareVersions).at(-1)
  } catch (error) {
    const cached = cachedVersions(major).at(-1)
    if (cached === undefined) {
      fail(`could not ask npm for ${pkgName}@${major}: ${String(error.stderr || error.message).trim()}`)
    }
    console.log(`npm did not answer for ${pkgName}@${major}; using the cached Node ${cached}`)
    return cached
  }
}

/** The path of Node `version`'s binary, installed into the cache when it is not there yet. */
function nodeBinary(version) {
  const binary = binaryIn(version)
  if (existsSync(binary)) return binary
  const dir = path.join(cacheRoot, version)
  mkdirSync(dir, { recursive: true })
  console.log(
    `fetching Node ${version} (${pkgName}@${version} from the npm registry) into ${path.relative(root, dir)}`,
  )
  execFileSync(
    npm,
    [
      'install',
      '--no-save',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefix',
      dir,
      `${pkgName}@${version}`,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  if (!existsSync(binary)) fail(`${pkgName}@${version} has no bin/node`)
  const reported = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()
  if (reported !== `v${version}`) fail(`${binary} says it is ${reported}, not v${version}`)
  return binary
}

function workspaces() {
  const dir = path.join(root, 'packages')
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'package.json')))
    .map((d) => {
      const packageDir = path.join(dir, d.name)
      const { name } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'))
      return { name, dir: packageDir }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Run one package's vitest suite on one Node; the output goes to a log file. */
function runSuite(binary, version, workspace, logFile) {
  const binDir = path.dirname(binary)
  const report = `${logFile}.json`
  const { FORCE_COLOR: _, ...inherited } = process.env
  const env = {
    ...inherited,
    // Child processes that run `node` (CLIs, workers started by path) get this version too.
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE: binary,
    npm_node_execpath: binary,
    NO_COLOR: '1',
  }
  const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]
  const log = createWriteStream(logFile)
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: workspace.dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk) => {
      output += stripVTControlCharacters(String(chunk))
      log.write(chunk)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('close', (code, signal) => {
      log.end()
      const seconds = (performance.now() - started) / 1000
      let counts
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'))
        counts = {
          passed: r.numPassedTests,
          failed: r.numFailedTests,
          skipped: r.numPendingTests + r.numTodoTests,
        }
      } catch {
        counts = undefined
      }
      const notes = [...new Set(output.split('\n').filter((l) => /^Skipping /.test(l.trim())))].map((l) =>
        l.trim(),
      )
      resolve({ ok: code === 0, code: code ?? signal, seconds, counts, notes, output, version, workspace })
    })
  })
}

const majors = parseVersions(process.argv.slice(2))
const pkgName = binaryPackage()
if (pkgName === undefined) {
  console.log(
    `test-node-versions: skipped: npm has no Node binary package for ${process.platform}-${process.arch} (only linux and darwin on x64 and arm64 are fetched)`,
  )
  process.exit(0)
}
if (!existsSync(vitest)) fail('vitest is not installed: run `npm install` (or `npm ci`) first')
const packages = workspaces()
const unbuilt = packages.filter((p) => !existsSync(path.join(p.dir, 'dist')))
if (unbuilt.length > 0) {
  fail(`${unbuilt.map((p) => p.name).join(', ')} not built (no dist/): run \`npm run build\` first`)
}
mkdirSync(cacheRoot, { recursive: true })
const logDir = path.join(cacheRoot, 'logs')
mkdirSync(logDir, { recursive: true })

const versions = majors.map((major) => latestVersion(major))
console.log(
  `Testing ${packages.length} packages on Node ${versions.join(', ')} (this Node: ${process.version}; logs in ${path.relative(root, logDir)})`,
)
const results = []
const perVersion = []
for (const version of versions) {
  const binary = nodeBinary(version)
  const started = performance.now()
  for (const workspace of packages) {
    const logFile = path.join(logDir, `node-${version}-${workspace.name.replace(/[@/]/g, '_')}.log`)
    const r = await runSuite(binary, version, workspace, logFile)
    results.push(r)
    const c = r.counts
    const counts = c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : 'no test report'
    console.log(
      `${r.ok ? 'pass' : 'FAIL'}  node ${version}  ${workspace.name.padEnd(18)} ${counts} (${r.seconds.toFixed(1)} s)`,
    )
    for (const note of r.notes) console.log(`      ${note}`)
    if (!r.ok) {
      const tail = r.output.trimEnd().split('\n').slice(-60).join('\n')
      console.log(`--- last lines of ${path.relative(root, logFile)} (exit ${r.code}) ---\n${tail}\n---`)
    }
  }
  perVersion.push({ version, seconds: (performance.now() - started) / 1000 })
}

const failed = results.filter((r) => !r.ok)
console.log('\nSummary:')
for (const { version, seconds } of perVersion) {
  const mine = results.filter((r) => r.version === version)
  const sum = (key) => mine.reduce((n, r) => n + (r.counts?.[key] ?? 0), 0)
  const bad = mine.filter((r) => !r.ok).map((r) => r.workspace.name)
  console.log(
    `  node ${version}: ${bad.length === 0 ? 'pass' : `FAIL (${bad.join(', ')})`}, ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped, ${seconds.toFixed(1)} s`,
  )
}
if (failed.length > 0) {
  console.log(`${failed.length} of ${results.length} suites failed`)
  process.exit(1)
}
console.log(`all ${results.length} suites passed`)

#!/usr/bin/env node
// `npm run release:rehearse`: a release, rehearsed end to end without publishing anything. In a scratch
// clone of HEAD (the real checkout is never touched) it runs what a contributor runs to release —
// `npm run version-packages` and `npm run release` — against a throwaway local registry (verdaccio on
// 127.0.0.1, in this process), then installs each published package into a fresh project outside the
// repository, as a user would, and follows its README: the install command, the imports its files make
// (declared?), every entry point (loaded, and typechecked as a TypeScript user would), the marked
// example (printing what the README says) and the bins. One line per step and package; exit 1 on any failure, naming the package and the step.
// Options: --keep (keep the temporary folders), --packages post,feed (check only these after publishing
// all), --timeout <minutes> (default 10).
import { execFileSync, spawn } from 'node:child_process'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { undeclaredImports } from './release-rehearsal/deps.mjs'
import { installCommands, markedExample, missingOutput, ReadmeError } from './release-rehearsal/readme.mjs'
import { publishedVersions, startRegistry } from './release-rehearsal/registry.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const started = performance.now()
const { values: options } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    packages: { type: 'string' },
    timeout: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (options.help) {
  console.log('usage: npm run release:rehearse -- [--keep] [--packages post,feed] [--timeout <minutes>]')
  process.exit(0)
}
const timeoutMinutes = Number(options.timeout)
if (!(timeoutMinutes > 0)) usage(`--timeout wants a number of minutes, not "${options.timeout}"`)

class StepError extends Error {
  constructor(message, output) {
    super(message)
    this.output = output
  }
}

const wanted = options.packages?.split(',').map((name) => name.trim().replace(/^@blogkit\//, ''))
const known = readdirSync(path.join(root, 'packages'))
const unknown = (wanted ?? []).filter((name) => !known.includes(name))
if (unknown.length > 0) usage(`--packages: no package ${unknown.join(', ')} (there are ${known.join(', ')})`)

const tmp = mkdtempSync(path.join(os.tmpdir(), 'blogkit-rehearsal-'))
const logs = path.join(tmp, 'logs')
mkdirSync(logs)
const children = new Set()
const failures = []
let passed = 0
let registry
const activities = new Set(['start'])
let finishing = false

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () =>
    finish(`interrupted (${signal}) during ${[...activities].join(', ')}`, signal === 'SIGINT' ? 130 : 143),
  )
}
setTimeout(
  () =>
    finish(
      `timed out after ${timeoutMinutes} min during ${[...activities].join(', ')} (--timeout <minutes> to allow more)`,
      1,
    ),
  timeoutMinutes * 60_000,
).unref()

try {
  await main()
  await finish(undefined, failures.length > 0 ? 1 : 0)
} catch (error) {
  await finish(error instanceof StepError ? undefined : (error?.stack ?? String(error)), 1)
}

async function main() {
  const repo = path.join(tmp, 'repo')
  const machineRegistry = execFileSync('npm', ['config', 'get', 'registry'], {
    cwd: root,
    encoding: 'utf8',
  }).trim()
  const cafileSetting = execFileSync('npm', ['config', 'get', 'cafile'], {
    cwd: root,
    encoding: 'utf8',
  }).trim()
  const cafile = ['', 'null', 'undefined'].includes(cafileSetting) ? undefined : cafileSetting
  const upstream = childEnv({ npm_config_registry: machineRegistry })

  await step('clone', async () => {
    const head = git(['rev-parse', 'HEAD'])
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length
    await run('clone', 'git', ['clone', '--quiet', '--no-checkout', root, repo], { cwd: tmp })
    await run('clone', 'git', ['checkout', '--quiet', '--detach', head], { cwd: repo })
    const note =
      dirty > 0 ? ` (HEAD only: ${dirty} uncommitted change(s) in the working tree are left out)` : ''
    return `HEAD ${head.slice(0, 7)} into ${repo}${note}`
  })
  await step('install', async () => {
    await run('install', 'npm', ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: repo,
      env: upstream,
    })
    return 'npm ci --prefer-offline --ignore-scripts (enough to build: no native addon is compiled)'
  })
  const before = workspacePackages(repo)
  let packages
  await step('version', async () => {
    await run('version', 'npm', ['run', 'version-packages'], {
      cwd: repo,
      env: { ...upstream, npm_config_prefer_offline: 'true' },
    })
    packages = workspacePackages(repo)
    const bumped = packages.filter((p) => before.find((b) => b.name === p.name)?.version !== p.version)
    return `npm run version-packages: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')} (${bumped.length} bumped)`
  })
  const selected = wanted ? packages.filter((p) => wanted.includes(p.dir)) : packages
  await step('registry', async () => {
    registry = await startRegistry({
      dir: mkdirP(path.join(tmp, 'registry')),
      uplink: machineRegistry,
      cafile,
    })
    const version = createRequire(import.meta.url)('verdaccio/package.json').version
    return `verdaccio ${version} on ${registry.url} (other packages from ${machineRegistry})`
  })
  const local = childEnv({ npm_config_registry: registry.url })
  await step('release', async () => {
    await run('release', 'npm', ['run', 'release'], {
      cwd: repo,
      env: { ...local, npm_config_userconfig: registry.npmrc },
    })
    const missing = []
    for (const p of packages) {
      const { versions, latest } = await publishedVersions(registry.url, p.name)
      if (!versions.includes(p.version) || latest !== p.version) missing.push(`${p.name}@${p.version}`)
    }
    if (missing.length > 0) throw new StepError(`not in the registry after publishing: ${missing.join(', ')}`)
    return `npm run release (build, changeset publish): ${packages.length} packages published`
  })
  activities.clear()
  // node-gyp, where a native addon has to be compiled (no prebuilt binary to download), on every core
  const projectEnv = { ...local, JOBS: 'max' }
  // two fresh projects at a time: one may spend minutes compiling a native addon, the other downloads
  const queue = [...selected]
  const lane = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await checkPackage(p, repo, projectEnv)
  }
  await Promise.all([lane(), lane()])
  const failed = new Set(failures.map((f) => f.split(' ')[0]))
  const passed = selected.filter((p) => !failed.has(`${p.name}@${p.version}`))
  console.log(
    `packages: ${passed.length} of ${selected.length} install and run from the registry` +
      (failed.size > 0 ? `; failing: ${[...failed].join(', ')}` : ''),
  )
}

/** A fresh project outside the repository installs one package as its README says and runs it. */
async function checkPackage(p, repo, env) {
  const ctx = { label: `${p.name}@${p.version}`, lines: [] }
  try {
    await checkPackageSteps(ctx, p, repo, env)
  } finally {
    console.log(ctx.lines.join('\n'))
  }
}

async function checkPackageSteps(ctx, p, repo, env) {
  const dir = mkdirP(path.join(tmp, `project-${p.dir}`))
  const readmeFile = path.join(repo, 'packages', p.dir, 'README.md')
  const readmeName = `packages/${p.dir}/README.md`
  let readme
  const ok = await packageStep(ctx, 'install', async () => {
    readme = readFileSync(readmeFile, 'utf8')
    const install = installCommands(readme, readmeName)
    writeFileSync(path.join(dir, '.npmrc'), `registry=${env.npm_config_registry}\n`)
    await run(`${p.dir}-init`, 'npm', ['init', '-y'], { cwd: dir, env })
    await run(`${p.dir}-init`, 'npm', ['pkg', 'set', 'type=module'], { cwd: dir, env })
    for (const args of install)
      await run(`${p.dir}-install`, 'npm', [...args, '--prefer-online', '--no-audit', '--no-fund'], {
        cwd: dir,
        env,
      })
    const installed = readJson(path.join(dir, 'node_modules', p.name, 'package.json'))
    if (installed.version !== p.version)
      throw new StepError(`installed ${p.name}@${installed.version}, not the published ${p.version}`)
    return install.map((args) => `npm ${args.join(' ')}`).join('; ')
  })
  if (!ok) return
  const manifest = readJson(path.join(dir, 'node_modules', p.name, 'package.json'))
  await packageStep(ctx, 'deps', async () => {
    const undeclared = undeclaredImports(path.join(dir, 'node_modules', p.name), manifest)
    if (undeclared.length > 0)
      throw new StepError(
        `imports packages its package.json does not declare (add them to dependencies): ${undeclared
          .map((u) => `${u.name} (${u.files.join(', ')})`)
          .join('; ')}`,
      )
    return 'every package its files (JavaScript, .d.ts) import is a declared dependency or peer'
  })
  let loaded = []
  await packageStep(ctx, 'imports', async () => {
    const imports = await checkImports(p, manifest, dir, env)
    loaded = imports.loaded
    return imports.detail
  })
  await packageStep(ctx, 'example', async () => {
    const example = markedExample(readme, readmeName)
    for (const file of example.files) {
      mkdirP(path.dirname(path.join(dir, file.path)))
      writeFileSync(path.join(dir, file.path), file.content)
    }
    writeFileSync(path.join(dir, 'example.mjs'), example.code)
    const { output } = await run(`${p.dir}-example`, 'node', ['example.mjs'], {
      cwd: dir,
      env,
      timeout: 60_000,
    })
    const missing = missingOutput(example.output, output)
    if (missing) throw new StepError(`${readmeName}: ${missing}`, output)
    const files = example.files.length > 0 ? ` with ${example.files.map((f) => f.path).join(', ')}` : ''
    return `${readmeName} example${files}: exit 0, ${example.output.length} output lines as the README says`
  })
  const bins = Object.keys(
    typeof manifest.bin === 'string' ? { [p.dir]: manifest.bin } : (manifest.bin ?? {}),
  )
  if (bins.length > 0) await packageStep(ctx, 'bins', () => checkBins(p, bins, dir, env))
  if (loaded.length > 0) await packageStep(ctx, 'types', () => checkTypes(p, loaded, repo, dir, env))
}

// Every entry point loads in the fresh project; one that needs an optional peer the README's install
// command leaves out is noted, not failed.
async function checkImports(p, manifest, dir, env) {
  const specifiers = Object.keys(manifest.exports ?? { '.': null })
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => (key === '.' ? p.name : `${p.name}/${key.slice(2)}`))
  const code = `const r = {}
for (const s of ${JSON.stringify(specifiers)}) {
  try { await import(s); r[s] = null } catch (e) { r[s] = String(e?.message ?? e).split('\\n')[0] }
}
console.log(JSON.stringify(r))`
  const { output } = await run(`${p.dir}-imports`, 'node', ['--input-type=module', '-e', code], {
    cwd: dir,
    env,
  })
  const results = JSON.parse(output.trim().split('\n').at(-1))
  const optional = Object.keys(manifest.peerDependenciesMeta ?? {}).filter(
    (name) => manifest.peerDependenciesMeta[name]?.optional,
  )
  const notes = []
  const broken = []
  const loaded = []
  for (const [specifier, error] of Object.entries(results)) {
    if (error === null) {
      loaded.push(specifier)
      continue
    }
    const peer = optional.find((name) => error.includes(`'${name}'`) || error.includes(`\`${name}\``))
    if (peer) notes.push(`${specifier} needs the optional peer ${peer}`)
    else broken.push(`${specifier}: ${error}`)
  }
  if (broken.length > 0) throw new StepError(`entry points that do not load: ${broken.join('; ')}`)
  const detail = `${loaded.length} of ${specifiers.length} entry points load`
  return { loaded, detail: notes.length > 0 ? `${detail}; ${notes.join('; ')}` : detail }
}

// A TypeScript user's view: the loaded entry points typecheck in the fresh project, strict, NodeNext,
// with their .d.ts files checked too (skipLibCheck off). TypeScript and the Node types are the scratch
// clone's (the repository's pinned versions), so the project itself holds nothing but what its README
// installs.
async function checkTypes(p, specifiers, repo, dir, env) {
  const modules = path.join(repo, 'node_modules')
  const imports = specifiers.map(
    (s, i) => `import * as entry${i} from '${s}'\nexport type Entry${i} = typeof entry${i}\n`,
  )
  writeFileSync(path.join(dir, 'types-check.ts'), imports.join(''))
  const compilerOptions = {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    noEmit: true,
    skipLibCheck: false,
    typeRoots: [path.join(modules, '@types')],
    types: ['node'],
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: ['types-check.ts'] }),
  )
  const tsc = path.join(modules, 'typescript', 'bin', 'tsc')
  await run(`${p.dir}-types`, 'node', [tsc, '-p', 'tsconfig.json'], { cwd: dir, env, timeout: 120_000 })
  const { version } = readJson(path.join(modules, 'typescript', 'package.json'))
  return `${specifiers.length} entry point(s) typecheck (tsc ${version}, strict, NodeNext, skipLibCheck off)`
}

async function checkBins(p, bins, dir, env) {
  const done = []
  for (const bin of bins) {
    const help = await run(`${p.dir}-bin`, 'npx', ['--no', '--', bin, '--help'], {
      cwd: dir,
      env,
      timeout: 60_000,
    })
    if (!help.output.includes(bin))
      throw new StepError(`\`npx ${bin} --help\` does not name ${bin}`, help.output)
    const version = await run(`${p.dir}-bin`, 'npx', ['--no', '--', bin, '--version'], {
      cwd: dir,
      env,
      timeout: 60_000,
      allowFailure: true,
    })
    if (version.code !== 0) done.push(`${bin} --help (no --version yet)`)
    else if (!version.output.includes(p.version))
      throw new StepError(`\`npx ${bin} --version\` does not print ${p.version}`, version.output)
    else done.push(`${bin} --help, --version`)
  }
  return `npx ${done.join('; npx ')}`
}

// ---- steps and reporting

async function step(name, fn) {
  activities.clear()
  activities.add(`step ${name}`)
  const t = performance.now()
  try {
    console.log(report('ok', name, await fn(), t))
    passed++
  } catch (error) {
    console.log(report('FAIL', name, describe(error), t))
    failures.push(`step ${name}`)
    throw new StepError(`step ${name} failed`)
  }
}

async function packageStep(ctx, name, fn) {
  const what = `${ctx.label} ${name}`
  activities.add(what)
  const t = performance.now()
  try {
    ctx.lines.push(report('ok', what, await fn(), t))
    passed++
    return true
  } catch (error) {
    ctx.lines.push(report('FAIL', what, describe(error), t))
    failures.push(what)
    return false
  } finally {
    activities.delete(what)
  }
}

function report(status, what, detail, t) {
  return `${status.padEnd(4)} ${what.padEnd(31)} ${detail}  (${seconds(performance.now() - t)})`
}

function describe(error) {
  if (error instanceof ReadmeError) return error.message
  if (!(error instanceof StepError)) return error?.stack ?? String(error)
  if (!error.output) return error.message
  const tail = error.output.trimEnd().split('\n').slice(-25)
  return `${error.message}\n${tail.map((line) => `       │ ${line}`).join('\n')}`
}

function seconds(ms) {
  const s = ms / 1000
  return s < 60
    ? `${s.toFixed(1)} s`
    : `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`
}

async function finish(message, code) {
  if (finishing) return
  finishing = true
  if (message) console.error(`${message}: stopping`)
  for (const child of children) killGroup(child, 'SIGTERM')
  await waitForChildren(5000)
  for (const child of children) killGroup(child, 'SIGKILL')
  await waitForChildren(2000)
  if (registry) await Promise.race([registry.close(), new Promise((r) => setTimeout(r, 3000))])
  if (!options.keep) rmSync(tmp, { recursive: true, force: true })
  const total = seconds(performance.now() - started)
  if (code === 0) console.log(`release rehearsal passed in ${total}`)
  else
    console.error(
      `release rehearsal failed (${total}): ${[message?.split('\n')[0], ...failures].filter(Boolean).join('; ')}`,
    )
  if (options.keep) console.log(`kept: ${tmp} (logs in ${logs})`)
  const failed = failures.length > 0 || code === 0 ? failures.length : 1
  console.log(`rehearsal: ${passed} passed, ${failed} failed`)
  process.exit(code)
}

// ---- child processes

// The environment of the npm commands: without what `npm run` put there for this repository (its
// local prefix, its package fields, its registry), so each runs in its own folder with the registry
// it is given.
function childEnv(extra) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(npm_(package|lifecycle)_.*|npm_command|npm_execpath|npm_config_(local_prefix|registry)|init_cwd)$/i.test(
          key,
        ),
    ),
  )
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false', ...extra }
}

/** Runs a command (in its own process group, so all of it can be stopped), logging to logs/<log>.log. */
function run(log, command, args, { cwd, env = childEnv({}), timeout, allowFailure = false }) {
  const file = createWriteStream(path.join(logs, `${log}.log`), { flags: 'a' })
  file.write(`$ ${command} ${args.join(' ')}  (in ${cwd})\n`)
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    let output = ''
    const collect = (chunk) => {
      file.write(chunk)
      output = (output + chunk).slice(-200_000)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    let timedOut = false
    const timer =
      timeout &&
      setTimeout(() => {
        timedOut = true
        killGroup(child, 'SIGKILL')
      }, timeout)
    child.on('error', (error) => {
      children.delete(child)
      reject(new StepError(`${command}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      children.delete(child)
      clearTimeout(timer)
      file.end()
      const shown = `\`${[command, ...args].join(' ').slice(0, 120)}\``
      if (timedOut) reject(new StepError(`${shown} did not finish in ${timeout / 1000} s`, output))
      else if (code !== 0 && !allowFailure)
        reject(
          new StepError(`${shown} exited ${code ?? signal} (log: ${path.join(logs, `${log}.log`)})`, output),
        )
      else resolve({ code, output })
    })
  })
}

async function waitForChildren(ms) {
  const deadline = Date.now() + ms
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

// ---- the repository

function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
}

function workspacePackages(repo) {
  const packagesDir = path.join(repo, 'packages')
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(path.join(packagesDir, dir, 'package.json')))
    .map((dir) => ({ dir, ...readJson(path.join(packagesDir, dir, 'package.json')) }))
    .filter((p) => !p.private)
    .map(({ dir, name, version }) => ({ dir, name, version }))
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

function mkdirP(dir) {
  mkdirSync(dir, { recursive: true })
  return dir
}

function usage(message) {
  console.error(`release:rehearse: ${message}`)
  process.exit(2)
}

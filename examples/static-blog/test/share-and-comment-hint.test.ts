import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'

const run = promisify(execFile)
// Note: the compiled CLI, as `npm run build` runs it (compiled by test/compile.ts before the tests).
const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url))

/** The `content` of `<meta property|name="…">` in a page, or undefined. */
const meta = (page: string, name: string) =>
  new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)">`).exec(page)?.[1]

describe('the static blog: where to comment, share images, archives by month', () => {
  let dir: string
  let content: string
  const read = (out: string, file: string) => readFile(path.join(dir, out, file), 'utf8')
  const siteJson = async (change: (settings: Record<string, unknown>) => void) => {
    const file = path.join(content, 'site.json')
    const settings = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    change(settings)
    await writeFile(file, JSON.stringify(settings, null, 2))
  }
  const build = (out: string) =>
    buildSite({ contentDir: content, outDir: path.join(dir, out), baseUrl: 'https://static.example/' })

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-hint-'))
    content = path.join(dir, 'content')
    await cp(defaultContentDir, content, { recursive: true })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should give no hint where to comment while site.json names no live blog', async () => {
    await build('plain')
    const page = await read('plain', 'posts/newsletters-and-rss/index.html')
    expect(page).not.toContain('comment-hint')
    expect(meta(page, 'twitter:card')).toBe('summary_large_image')
    expect(
      meta(await read('plain', 'posts/strategisk-kommunikation-inifran/index.html'), 'twitter:card'),
    ).toBe('summary')
  })

  it('should link each post to the same post on the live blog, and fall back to the site image', async () => {
    await siteJson((settings) => {
      settings.liveSite = 'https://skarptlage.example/'
      settings.image = { src: '/images/rss.svg', alt: 'Flödessymbolen' }
    })
    await build('live')
    const swedish = await read('live', 'posts/strategisk-kommunikation-inifran/index.html')
    expect(swedish).toContain(
      '<p class="comment-hint"><a href="https://skarptlage.example/posts/strategisk-kommunikation-inifran/#comment-form">Skriv en kommentar på skarptlage.example</a></p>',
    )
    expect(meta(swedish, 'og:image')).toBe('https://static.example/images/rss.svg')
    expect(meta(swedish, 'og:image:alt')).toBe('Flödessymbolen')
    const english = await read('live', 'posts/measuring-pr-beyond-clicks/index.html')
    expect(english).toContain(
      '<a href="https://skarptlage.example/posts/measuring-pr-beyond-clicks/#comment-form">Write a comment on skarptlage.example</a>',
    )
    // The post's own image comes first.
    expect(meta(english, 'og:image')).toBe('https://static.example/images/matning.svg')
    expect(meta(english, 'og:image:alt')).toBe('Three bars of rising height beside a small magnifying glass')
  })

  it('should list a year’s posts by month in its archive', async () => {
    const page = await read('live', 'archive/2019/index.html')
    expect(page).toContain('<h2 id="month-03">Mars</h2>')
    expect(page).toContain('href="/posts/strategisk-kommunikation-inifran/"')
  })

  it('should stop on a bad `liveSite` with one line naming site.json and the field, and exit 1', async () => {
    await siteJson((settings) => {
      settings.liveSite = 'skarptlage.example'
    })
    let result: { code: number; stderr: string }
    try {
      await run(
        process.execPath,
        [cli, 'build', '--no-cache', '--content', content, '--out', path.join(dir, 'bad')],
        {
          env: { ...process.env, INIT_CWD: '' },
          timeout: 60_000,
        },
      )
      result = { code: 0, stderr: '' }
    } catch (error) {
      result = error as { code: number; stderr: string }
    }
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `${path.relative(process.cwd(), path.join(content, 'site.json'))}: \`liveSite\` should be the http(s) address of the live blog, such as \`https://blog.example/\`, got \`"skarptlage.example"\`\n`,
    )
  })
})

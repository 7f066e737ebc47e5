import type { StandardSchemaV1 } from '@standard-schema/spec'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { assertTimeZone, parseDate } from './dates.js'
import { createMessage } from './errors.js'
import { type BuiltInFields, readFields } from './fields.js'
import { nameParts } from './file-name.js'
import type { SplitPost } from './front-matter.js'
import { createIsInternal } from './links.js'
import { slugify } from './slug.js'
import type { Heading, ParsePostOptions, Post, PostInput } from './types.js'
import { unknownFieldWarnings } from './unknown-fields.js'

interface Engine {
  markdown: typeof import('./markdown.js')
  splitFrontMatter: typeof import('./front-matter.js').splitFrontMatter
  processor: import('./markdown.js').MarkdownProcessor
}

/** Outcome of parsing one file: a post, or the problems that stopped it; and its warnings either way. */
export type ParseResult = (
  | { post: Post; raw: Record<string, unknown>; messages: [] }
  | { post: undefined; messages: VFileMessage[] }
) & { warnings: VFileMessage[] }

/** Settings after defaults are applied and checked. */
export interface ResolvedOptions {
  frontmatter: boolean
  schema: StandardSchemaV1 | undefined
  defaults: Readonly<Record<string, unknown>>
  timeZone: string
  lang: string
  wordsPerMinute: number
  excerptWords: number
  allowDangerousHtml: boolean
  siteUrl: string | undefined
  /** Sorted, without duplicates. */
  customFields: string[]
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Expected \`${name}\` to be a positive number, got \`${String(value)}\``)
  }
  return value
}

/**
 * Apply defaults to options and check them (programmer errors throw a `TypeError`).
 */
export function resolveOptions(
  options: Readonly<ParsePostOptions<StandardSchemaV1 | undefined>> | null | undefined,
): ResolvedOptions {
  const settings = options ?? {}
  const timeZone = settings.timeZone ?? 'UTC'
  assertTimeZone(timeZone)
  let lang: string
  try {
    lang = Intl.getCanonicalLocales(settings.lang ?? 'en')[0]!
  } catch {
    throw new TypeError(
      `Expected \`lang\` to be a BCP 47 language tag such as \`en\` or \`sv\`, got \`${settings.lang}\``,
    )
  }
  const schema = settings.schema
  if (schema !== undefined && (typeof schema !== 'object' || schema === null || !('~standard' in schema))) {
    throw new TypeError('Expected `schema` to be a Standard Schema validator (zod, valibot, arktype, …)')
  }
  const customFields = settings.customFields ?? []
  if (!Array.isArray(customFields) || customFields.some((key) => typeof key !== 'string')) {
    throw new TypeError("Expected `customFields` to be a list of front matter keys (`['data']`)")
  }
  return {
    frontmatter: settings.frontmatter ?? true,
    schema,
    defaults: settings.defaults ?? {},
    timeZone,
    lang,
    wordsPerMinute: positive('wordsPerMinute', settings.wordsPerMinute, 200),
    excerptWords: positive('excerptWords', settings.excerptWords, 70),
    allowDangerousHtml: settings.allowDangerousHtml ?? true,
    siteUrl: settings.siteUrl,
    customFields: [...new Set(customFields)].sort(),
  }
}

/** Decode file bytes as UTF-8, refusing binary files and invalid encodings. */
export function decode(value: string | Uint8Array, file: string | undefined): string | VFileMessage {
  if (typeof value === 'string') return value
  const head = value.subarray(0, 8000)
  if (head.includes(0)) {
    return createMessage(
      'this is a binary file, not a Markdown post: move it out of the posts folder or add it to `ignore`',
      {
        ruleId: 'binary-file',
        place: { line: 1, column: 1 },
        file,
      },
    )
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value)
  } catch {
    return createMessage('this file is not valid UTF-8: save it as UTF-8', {
      ruleId: 'invalid-encoding',
      place: { line: 1, column: 1 },
      file,
    })
  }
}

/**
 * Create a function that parses posts with fixed options (one unified processor for all posts).
 */
export function createPostParser(
  options: Readonly<ParsePostOptions<StandardSchemaV1 | undefined>> | null | undefined,
): {
  settings: ResolvedOptions
  parse: (input: PostInput) => Promise<ParseResult>
  /** Warnings of a file's front matter alone (for a post taken from the cache). */
  frontMatterWarnings: (input: PostInput) => Promise<VFileMessage[]>
  /** Load the Markdown and front matter parsers now rather than on the first parse. */
  prepare: () => Promise<void>
} {
  const settings = resolveOptions(options)
  // Note: the Markdown and front matter parsers load on the first parse, so that a `loadPosts`
  // served from its cache does not pay for loading unified, micromark, yaml and smol-toml.
  let engine: Promise<Engine> | undefined
  const load = () => {
    engine ??= Promise.all([import('./markdown.js'), import('./front-matter.js')]).then(
      ([markdown, frontMatter]) => ({
        markdown,
        splitFrontMatter: frontMatter.splitFrontMatter,
        processor: markdown.createProcessor({
          allowDangerousHtml: settings.allowDangerousHtml,
          remarkPlugins: options?.remarkPlugins ?? [],
          rehypePlugins: options?.rehypePlugins ?? [],
        }),
      }),
    )
    return engine
  }
  const isInternal = createIsInternal(settings.siteUrl)
  const customFields = new Set(settings.customFields)
  const segmenterFor = createSegmenters()

  async function parse(input: PostInput): Promise<ParseResult> {
    const path = typeof input === 'string' ? undefined : input.path
    const value = readText(typeof input === 'string' ? input : input.value, path)
    if (typeof value !== 'string') return { post: undefined, messages: [value], warnings: [] }

    const { markdown, splitFrontMatter, processor } = await load()
    const { collectFacts, countWords, createExcerpt, textOf, tidyText } = markdown
    const split = settings.frontmatter
      ? splitFrontMatter(value, path)
      : {
          data: {},
          body: value,
          locate: () => undefined,
          locateKey: () => undefined,
          messages: [] as VFileMessage[],
          format: undefined,
        }
    if (split.messages.length > 0) return { post: undefined, messages: split.messages, warnings: [] }
    // Note: only the file's own keys (not `defaults`, which are the caller's).
    const warnings = unknownFieldWarnings(split.data, {
      file: path,
      customFields,
      locateKey: split.locateKey,
    })
    const data: Record<string, unknown> = { ...settings.defaults, ...split.data }
    const { fields, messages } = readFields(data, {
      file: path,
      timeZone: settings.timeZone,
      siteUrl: settings.siteUrl,
      locate: split.locate,
    })

    const names = nameParts(path)
    if (!fields.date && names.date) dateFromFileName(names.date, fields, messages, settings.timeZone, path)

    const file = new VFile({ value: split.body })
    if (path !== undefined) file.path = path
    const mdast = processor.parse(file)
    const hast = await processor.run(mdast, file)
    const html = processor.stringify(hast, file)
    const facts = collectFacts(hast, isInternal)

    const { title, slug } = titleAndSlug(fields, data, facts.headings, names.name, {
      file: path,
      locate: split.locate,
      messages,
    })

    let postData: unknown = data
    if (settings.schema) {
      const result = await validate(settings.schema, data, { file: path, locate: split.locate })
      if (result.ok) postData = result.value
      else messages.push(...result.messages)
    }
    if (messages.length > 0 || title === undefined || slug === undefined || !fields.date) {
      return { post: undefined, messages, warnings }
    }

    const lang = fields.lang ?? settings.lang
    const segmenter = segmenterFor(lang)
    const text = tidyText(textOf(hast))
    const words = countWords(text, segmenter)
    const post: Post = {
      id: slug,
      slug,
      title,
      date: fields.date,
      draft: fields.draft,
      tags: fields.tags,
      categories: fields.categories,
      aliases: fields.aliases,
      lang,
      html,
      text,
      excerpt: createExcerpt(hast, {
        moreOffset: file.data.moreOffset,
        description: fields.description,
        words: settings.excerptWords,
        segmenter,
        stringify: (tree) => processor.stringify(tree),
      }),
      headings: facts.headings,
      readingTime: {
        words,
        minutes: words === 0 ? 0 : Math.max(1, Math.ceil(words / settings.wordsPerMinute)),
      },
      images: facts.images,
      links: facts.links,
      data: postData as Record<string, unknown>,
    }
    if (fields.updated) post.updated = fields.updated
    if (fields.author !== undefined) post.author = fields.author
    if (fields.description !== undefined) post.description = fields.description
    if (path !== undefined) post.path = path
    return { post, raw: data, messages: [], warnings }
  }

  async function frontMatterWarnings(input: PostInput): Promise<VFileMessage[]> {
    const path = typeof input === 'string' ? undefined : input.path
    const decoded = decode(typeof input === 'string' ? input : input.value, path)
    if (typeof decoded !== 'string' || !settings.frontmatter) return []
    const { splitFrontMatter } = await load()
    const split = splitFrontMatter(decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded, path)
    return unknownFieldWarnings(split.data, { file: path, customFields, locateKey: split.locateKey })
  }

  return {
    settings,
    parse,
    frontMatterWarnings,
    prepare: async () => {
      await load()
    },
  }
}

/** A small post that runs most of the engine: front matter, headings, inline marks, lists, code, a table, HTML. */
const warmUpPost = `---
title: Warm-up
date: 2024-01-01
tags: [a, b]
---

# Heading

Some *text*, **strong** and \`code\`, a [link](/x/), an ![image](/x.png) and https://example.com.

- a list
- of items

1. numbered

\`\`\`js
const a = 1
\`\`\`

> a quote

| a | b |
| --- | --- |
| 1 | 2 |

<div>html</div>
`

let warmedUp: Promise<void> | undefined

/**
 * Load the Markdown and front matter engine in this thread and parse one small post with it, once per
 * thread: the next parse does not pay for loading and first compiling it (see `PostsSession.prepare`).
 */
export function warmUpParser(): Promise<void> {
  warmedUp ??= createPostParser(null)
    .parse(warmUpPost)
    .then(
      () => undefined,
      () => undefined,
    )
  return warmedUp
}

/** A word segmenter per language, made once each. */
function createSegmenters(): (lang: string) => Intl.Segmenter {
  const segmenters = new Map<string, Intl.Segmenter>()
  return (lang) => {
    let segmenter = segmenters.get(lang)
    if (!segmenter) {
      segmenter = new Intl.Segmenter(lang, { granularity: 'word' })
      segmenters.set(lang, segmenter)
    }
    return segmenter
  }
}

/** Sets `fields.date` from the date a file name starts with (`2024-05-01-hello.md`), or adds a message. */
function dateFromFileName(
  date: string,
  fields: BuiltInFields,
  messages: VFileMessage[],
  timeZone: string,
  file: string | undefined,
) {
  const result = parseDate(date, timeZone)
  if (result.ok) fields.date = result.date
  else
    messages.push(
      createMessage(`the file name starts with ${date}, which ${result.reason.replace(/^"[^"]*" /, '')}`, {
        ruleId: 'invalid-date',
        place: { line: 1, column: 1 },
        file,
      }),
    )
}

/** The file's text: decoded, without a byte order mark; or the message refusing it (binary, not UTF-8, empty). */
function readText(input: string | Uint8Array, path: string | undefined): string | VFileMessage {
  const decoded = decode(input, path)
  if (typeof decoded !== 'string') return decoded
  // Note: a byte order mark is not content; editors on Windows add it.
  const value = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded
  if (value.trim() === '') {
    return createMessage(
      'the file is empty: write front matter with at least a `title` and a `date`, then the post',
      {
        ruleId: 'empty-file',
        place: { line: 1, column: 1 },
        file: path,
      },
    )
  }
  return value
}

/**
 * The post's title (the front matter's, else its first `# Heading`) and slug (the front matter's, else
 * made of the file name or the title), with a message in `messages` for a missing title, date or slug.
 */
function titleAndSlug(
  fields: BuiltInFields,
  data: Record<string, unknown>,
  headings: readonly Heading[],
  fileName: string | undefined,
  {
    file,
    locate,
    messages,
  }: { file: string | undefined; locate: SplitPost['locate']; messages: VFileMessage[] },
): { title: string | undefined; slug: string | undefined } {
  const title = fields.title ?? headings.find((heading) => heading.depth === 1)?.text
  if (title === undefined && (data.title === undefined || data.title === null)) {
    messages.push(
      createMessage(
        'expected a title: add `title: …` to the front matter (or start the post with a `# Heading`)',
        {
          ruleId: 'missing-title',
          field: 'title',
          place: locate([]) ?? { line: 1, column: 1 },
          file,
        },
      ),
    )
  }
  if (!fields.date && !messages.some((message) => message.ruleId === 'invalid-date')) {
    messages.push(
      createMessage(
        'expected a date: add `date: YYYY-MM-DD` to the front matter (or name the file `YYYY-MM-DD-slug.md`)',
        {
          ruleId: 'missing-date',
          field: 'date',
          place: locate([]) ?? { line: 1, column: 1 },
          file,
        },
      ),
    )
  }
  let slug = fields.slug
  if (slug === undefined && fileName !== undefined) slug = slugify(fileName) || undefined
  if (slug === undefined && title !== undefined) slug = slugify(title) || undefined
  if (slug === undefined && title !== undefined) {
    messages.push(
      createMessage('cannot make a slug from the file name or title: add `slug: …` to the front matter', {
        ruleId: 'missing-slug',
        field: 'slug',
        place: locate([]) ?? { line: 1, column: 1 },
        file,
      }),
    )
  }
  return { title, slug }
}

/**
 * Validate front matter with a Standard Schema validator; issues become diagnostics at the
 * YAML node of the field.
 */
export async function validate(
  schema: StandardSchemaV1,
  data: Record<string, unknown>,
  context: {
    file: string | undefined
    locate: (path: ReadonlyArray<PropertyKey>) => { line: number; column: number } | undefined
  },
): Promise<{ ok: true; value: unknown } | { ok: false; messages: VFileMessage[] }> {
  const result = await schema['~standard'].validate(data)
  if (!result.issues) return { ok: true, value: result.value }
  const messages = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment))
    const field = path
      .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`))
      .join('')
    const actual = path.reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
      data,
    )
    const shown = actual === undefined ? '' : ` (got ${JSON.stringify(actual) ?? String(actual)})`
    return createMessage(`${issue.message}${shown}`, {
      ruleId: 'schema',
      field: field || undefined,
      place: context.locate(path) ?? { line: 1, column: 1 },
      file: context.file,
    })
  })
  return { ok: false, messages }
}

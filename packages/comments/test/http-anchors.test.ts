// The handler's anchors follow `commentAnchor` (one rule with the pages): a comment's `id` attribute, a
// flattened reply's "in reply to" link and a reply's @Name link, for ids with whitespace too (an imported
// comment's id may hold any character but a line break).
import { afterEach, describe, expect, it } from 'vitest'
import { type CommentsAnswer, createCommentHandler, normalizePageUrl } from '../src/http.js'
import { type CommentStore, commentAnchor } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const page = normalizePageUrl(`${site}/2024/hej/`)!

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

const record = (id: string, name: string, body: string, second: number, parentId?: string) => ({
  id,
  postId: page,
  ...(parentId === undefined ? {} : { parentId }),
  author: { name },
  createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString(),
  body,
  status: 'approved',
})

async function setup() {
  const store = createSqliteCommentStore({ filename: ':memory:' })
  stores.push(store)
  // Note: maxDepth 1 shows the reply's reply beside it, with an "in reply to" link to `old 1`.
  const handler = createCommentHandler({ store, allowedOrigins: [site], maxDepth: 1 })
  await store.import([
    record('old 1', 'Anna', 'Hej', 0),
    record('old\t2', 'Omar', '@Anna tack', 1, 'old 1'),
    record('old 3', 'Elin', '@Omar ja', 2, 'old\t2'),
  ])
  const get = (query: string) =>
    handler(new Request(`https://comments.example/comments?page=${encodeURIComponent(page)}${query}`))
  return { get }
}

describe('the handler’s comment anchors', () => {
  it('are commentAnchor’s in the HTML fragment: ids, in-reply-to and @Name links', async () => {
    const { get } = await setup()
    const html = await (await get('&format=html')).text()
    for (const id of ['old 1', 'old\t2', 'old 3']) expect(html).toContain(`id="${commentAnchor({ id })}"`)
    expect(html).toContain(`class="blogkit-in-reply-to" href="#${commentAnchor({ id: 'old\t2' })}"`)
    expect(html).toContain(`href="#${commentAnchor({ id: 'old 1' })}"`)
    expect(html).not.toMatch(/(id|href)="#?comment-old\s/)
  })

  it('are commentAnchor’s in the JSON answer’s bodies', async () => {
    const { get } = await setup()
    const answer = (await (await get('')).json()) as CommentsAnswer
    const [anna] = answer.threads
    const [omar, elin] = anna!.replies
    expect(omar!.html).toContain(`href="#${commentAnchor({ id: 'old 1' })}"`)
    expect(elin!.inReplyTo).toEqual({ id: 'old\t2', name: 'Omar' })
    expect(elin!.html).toContain(`href="#${commentAnchor({ id: 'old\t2' })}"`)
  })
})

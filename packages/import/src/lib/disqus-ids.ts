import { createHash } from 'node:crypto'
import { stripControls } from './text.js'
import type { ImportWarning } from './types.js'
import { child, childText, type XmlNode } from './xml.js'

/** The comment id of a Disqus post, or why the post is left out. */
export type Identified =
  | { id: string; warnings: ImportWarning[]; repeat?: undefined }
  | { id: string; warnings: []; repeat: ImportWarning }

/**
 * Give each Disqus post of one export its comment id: `dsq-<dsq:id>`, or `wp-<id>` for a comment
 * Disqus got from WordPress (`<id>wp_id=123</id>`). Never the same id for two records of one import:
 *
 * * a post without `dsq:id` (real exports have it; damaged or hand-merged ones may not) takes
 *   `dsq-id-<its <id>>`, else `dsq-sha-<digest>` of its thread, parent, author, date and message, with a
 *   `missing-id` warning (they all got `dsq-` before, so each replaced the one before);
 * * a post repeating an earlier one exactly (same id, same digest) is left out, with a
 *   `duplicate-comment` warning naming both lines;
 * * a post with the id of an earlier, different one becomes `<id>-2` (`-3`, …), with a `duplicate-id`
 *   warning naming both lines.
 *
 * Holds one short entry per comment of the export (about 100 bytes).
 */
export function createDisqusIdentifier(file: string | undefined) {
  const seen = new Map<string, string>()
  return (node: XmlNode, threadId: string): Identified => {
    const where = `${file ?? 'export'}:${node.line}`
    const disqusId = node.attributes['dsq:id']?.trim() ?? ''
    const source = childText(node, 'id').trim()
    const wordpressId = /^wp_id=(\d+)$/.exec(source)?.[1]
    const author = child(node, 'author')
    const digest = createHash('sha256')
      .update(
        JSON.stringify([
          threadId,
          child(node, 'parent')?.attributes['dsq:id'] ?? '',
          author ? childText(author, 'name') || childText(author, 'username') : '',
          author ? childText(author, 'email') : '',
          childText(node, 'createdAt').trim(),
          childText(node, 'message'),
        ]),
      )
      .digest('hex')
      .slice(0, 12)
    const warnings: ImportWarning[] = []
    let id = wordpressId ? `wp-${wordpressId}` : `dsq-${disqusId}`
    if (!wordpressId && disqusId === '') {
      const own = stripControls(source).value.slice(0, 100)
      id = own ? `dsq-id-${own}` : `dsq-sha-${digest}`
      warnings.push({
        code: 'missing-id',
        message: `${where}: a post without \`dsq:id\`: imported as ${id} (${own ? 'from its `<id>`' : 'from a digest of its thread, parent, author, date and message'})`,
        postId: threadId,
        commentId: id,
      })
    }
    const first = seen.get(id)
    if (first !== undefined) {
      const [line, firstDigest] = first.split(' ')
      if (firstDigest === digest) {
        const repeat = {
          code: 'duplicate-comment',
          message: `${where}: post ${id} repeats the one at line ${line} exactly: imported once`,
          postId: threadId,
          commentId: id,
        }
        return { id, warnings: [], repeat }
      }
      let n = 2
      while (seen.has(`${id}-${n}`)) n++
      warnings.push({
        code: 'duplicate-id',
        message: `${where}: post ${id} has the id of the post at line ${line}, with other content: imported as ${id}-${n} (replies to it go to the one at line ${line})`,
        postId: threadId,
        commentId: `${id}-${n}`,
      })
      id = `${id}-${n}`
    }
    seen.set(id, `${node.line} ${digest}`)
    return { id, warnings }
  }
}

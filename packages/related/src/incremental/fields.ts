import type { RelatedDoc } from '../lib/types.js'

/**
 * The fields of a post that the related index reads (those of `RelatedDoc`): what decides its related
 * posts, and so what a cache must watch. A `Post` of @blogkit/post has them (`code` and `vector` as
 * you add them).
 */
export const relatedFields = [
  'id',
  'title',
  'text',
  'code',
  'html',
  'vector',
  'tags',
  'categories',
  'date',
  'lang',
  'draft',
] as const satisfies ReadonlyArray<keyof RelatedDoc>

/**
 * A plain copy of the fields of `post` that the related index reads (see `relatedFields`), e.g. to
 * send it to a worker thread or to keep it in a file; fields that are `undefined` are left out.
 */
export function relatedDocFrom(post: RelatedDoc): RelatedDoc {
  const doc: Record<string, unknown> = {}
  for (const field of relatedFields) {
    const value = post[field]
    if (value !== undefined) doc[field] = value
  }
  return doc as unknown as RelatedDoc
}

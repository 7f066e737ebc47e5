import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, RelatedError } from '../src/index.js'
import { fixturePosts } from './helpers.js'

/** The error `fn` throws (fails the test when it throws none). */
function caught(fn: () => unknown): RelatedError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(RelatedError)
    return error as RelatedError
  }
  throw new Error('expected an error')
}

/** The fields of an error worth comparing. */
function shape(error: RelatedError) {
  const { name, code, reason, field, post, itemIndex, message } = error
  return { name, code, reason, field, post, itemIndex, same: message === reason }
}

describe('RelatedError', () => {
  it('should give a malformed post the code invalid-post, the field, the post and its position', () => {
    const docs = [...fixturePosts(), { id: 'late', title: 'x', text: '', tags: ['r', 3] }]
    expect(shape(caught(() => createRelatedIndex(docs as never)))).toEqual({
      name: 'RelatedError',
      code: 'invalid-post',
      reason: 'Expected `tags[1]` of post `late` to be a string, got `3`',
      field: 'tags[1]',
      post: 'late',
      itemIndex: 10,
      same: true,
    })
    expect(shape(caught(() => createRelatedIndex([{ id: '', title: 'x', text: 'y' }])))).toMatchObject({
      code: 'invalid-post',
      field: 'id',
      post: undefined,
      itemIndex: 0,
    })
    const vector = caught(() => createRelatedIndex([{ id: 'v', title: 'x', text: '', vector: [0, 0] }]))
    expect(shape(vector)).toMatchObject({ code: 'invalid-post', field: 'vector', post: 'v', itemIndex: 0 })
    const code = caught(() => createRelatedIndex([{ id: 'c', title: 'x', text: '', code: [1] } as never]))
    expect(shape(code)).toMatchObject({ code: 'invalid-post', field: 'code[0]', post: 'c' })
  })

  it('should name the option of a bad option, and the ids of unknown and repeated posts', () => {
    expect(shape(caught(() => createRelatedIndex([], { tagWeight: 2 })))).toMatchObject({
      code: 'invalid-option',
      field: 'tagWeight',
    })
    expect(shape(caught(() => createRelatedIndex([], { maxTerm: 5 } as never)))).toMatchObject({
      code: 'unknown-option',
      field: 'maxTerm',
    })
    expect(shape(caught(() => createRelatedIndex(null as never)))).toMatchObject({
      code: 'invalid-docs',
      field: 'docs',
    })
    const docs = [...fixturePosts(), { id: 'dplyr-joins', title: 'Again', text: '' }]
    expect(shape(caught(() => createRelatedIndex(docs)))).toMatchObject({
      code: 'duplicate-id',
      field: 'id',
      post: 'dplyr-joins',
      itemIndex: 10,
    })
    const index = createRelatedIndex(fixturePosts())
    expect(shape(caught(() => index.related('dplyr-joins', { limit: 0 })))).toMatchObject({
      code: 'invalid-option',
      field: 'limit',
    })
    expect(shape(caught(() => index.related('nope')))).toMatchObject({ code: 'unknown-id', post: 'nope' })
    expect(shape(caught(() => index.related(3 as never)))).toMatchObject({ code: 'invalid-id', field: 'id' })
    expect(shape(caught(() => index.update({ id: 'nope', title: '', text: '' })))).toMatchObject({
      code: 'unknown-id',
    })
    expect(shape(caught(() => index.add({ id: 'dplyr-joins', title: '', text: '' })))).toMatchObject({
      code: 'duplicate-id',
      post: 'dplyr-joins',
    })
  })

  it('should tell a saved index that is not one, of another version or damaged apart', () => {
    expect(shape(caught(() => fromJSON('{')))).toMatchObject({ code: 'invalid-json' })
    expect(shape(caught(() => fromJSON({ format: 'blogkit-related', version: 2 } as never)))).toMatchObject({
      code: 'unsupported-version',
      field: 'version',
    })
    const saved = createRelatedIndex(fixturePosts()).toJSON()
    const damaged = caught(() => fromJSON({ ...saved, columns: { ...saved.columns, all: 42 } } as never))
    expect(shape(damaged)).toEqual({
      name: 'RelatedError',
      code: 'damaged-index',
      reason:
        'The saved related index is damaged (`columns.all` is not a base64 string); rebuild it with `createRelatedIndex`',
      field: 'columns.all',
      post: undefined,
      itemIndex: undefined,
      same: true,
    })
    const repeated = fromJSON({ ...saved, terms: [saved.terms[1]!, ...saved.terms.slice(1)] })
    expect(shape(caught(() => repeated.add({ id: 'new', title: 'Joins', text: 'joins' })))).toMatchObject({
      code: 'damaged-index',
      field: 'terms',
    })
  })
})

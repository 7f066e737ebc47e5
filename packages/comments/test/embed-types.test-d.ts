import { describe, expectTypeOf, it } from 'vitest'
import type { EmbedWords, PostOutcome } from '../src/embed.js'
import { defineCommentsElement, embedWords } from '../src/embed.js'
import type { CommentHandlerOptions, CommentsAnswer, PostAnswer, PublicComment } from '../src/http.js'

describe('the embed and its answers: types', () => {
  it('should keep the public shapes', () => {
    expectTypeOf(defineCommentsElement).parameters.toEqualTypeOf<[name?: string]>()
    expectTypeOf(embedWords).toEqualTypeOf<Readonly<Record<string, EmbedWords>>>()
    expectTypeOf<CommentHandlerOptions['embedScript']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<CommentsAnswer['lang']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Extract<PostAnswer, { status: 'approved' }>['comment']>().toEqualTypeOf<PublicComment>()
    expectTypeOf<PostAnswer['status']>().toEqualTypeOf<'approved' | 'pending' | 'error'>()
    expectTypeOf<PostOutcome['status']>().toEqualTypeOf<'approved' | 'pending' | 'error' | 'failed'>()
  })
})

import { describe, expect, it } from 'vitest'
import {
  commentIdOf,
  commentsUrl,
  pageUrlOf,
  postOutcomeOf,
  readAnswerOf,
  safeHttpUrl,
  serviceUrlOf,
} from '../src/lib/embed/answers.js'
import { embedWords, embedWordsFor } from '../src/lib/embed/words.js'

const target = { service: 'https://comments.example/', page: 'https://blog.example/hej/' }

describe('the embed element: pure parts', () => {
  it('should link only http(s) websites', () => {
    expect(safeHttpUrl('https://maria.example/')).toBe('https://maria.example/')
    expect(safeHttpUrl('HTTP://Maria.example')).toBe('http://maria.example/')
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      '//x.example',
      'x',
      '',
    ]) {
      expect(safeHttpUrl(bad), bad).toBeUndefined()
    }
    expect(safeHttpUrl(undefined)).toBeUndefined()
  })

  it('should read a comment anchor and nothing else', () => {
    expect(commentIdOf('#comment-0b1c-2d')).toBe('0b1c-2d')
    expect(commentIdOf('#comment-')).toBeUndefined()
    expect(commentIdOf('#comment-a"b')).toBeUndefined()
    expect(commentIdOf('#other')).toBeUndefined()
  })

  it('should ask the service for a page of threads, the page holding a comment, with identifier and lang', () => {
    expect(commentsUrl(target)).toBe(
      'https://comments.example/comments?page=https%3A%2F%2Fblog.example%2Fhej%2F',
    )
    expect(commentsUrl({ ...target, identifier: '42 a', lang: 'sv' }, { p: 3 })).toBe(
      'https://comments.example/comments?page=https%3A%2F%2Fblog.example%2Fhej%2F&identifier=42+a&lang=sv&p=3',
    )
    expect(commentsUrl(target, { p: 1 })).not.toContain('&p=')
    expect(commentsUrl(target, { p: 2, comment: 'c1' })).toMatch(/&comment=c1$/)
  })

  it('should take the page without its fragment and the service from the script or an attribute', () => {
    const here = 'https://blog.example/2024/hej/#comment-1'
    expect(pageUrlOf('https://blog.example/hej/?a=1#comment-x', here)).toBe('https://blog.example/hej/?a=1')
    expect(pageUrlOf('/2024/hej/', here)).toBe('https://blog.example/2024/hej/')
    expect(pageUrlOf('http://[bad', here)).toBe('https://blog.example/2024/hej/')
    expect(serviceUrlOf(null, 'https://comments.example/embed.js')).toBe('https://comments.example/')
    expect(serviceUrlOf(null, 'https://x.example/api/embed.js?v=2')).toBe('https://x.example/api/')
    expect(serviceUrlOf('https://c.example/api', 'https://x.example/embed.js')).toBe('https://c.example/api/')
  })

  it('should take a read answer only when it has threads and page numbers', () => {
    const answer = { p: 1, pages: 1, total: 0, order: 'oldest', threads: [], identifier: 'x' }
    expect(readAnswerOf(answer)).toBe(answer)
    for (const bad of [null, 'x', {}, { ...answer, threads: 'no' }, { ...answer, p: '1' }]) {
      expect(readAnswerOf(bad)).toBeUndefined()
    }
  })

  it('should read what the service answered a post, and call anything else a failure', () => {
    const comment = {
      id: 'c1',
      author: { name: 'M' },
      createdAt: '',
      html: '',
      placeholder: false,
      replies: [],
    }
    expect(postOutcomeOf({ status: 'approved', comment, location: 'x' })).toMatchObject({ comment })
    expect(postOutcomeOf({ status: 'pending', why: 'links', message: 'Thanks', location: 'x' })).toEqual({
      status: 'pending',
      message: 'Thanks',
    })
    expect(
      postOutcomeOf({ status: 'error', errors: { name: 'Enter your name.', evil: 'x', body: 3 } }),
    ).toEqual({ status: 'error', errors: { name: 'Enter your name.' } })
    for (const bad of [
      null,
      '<!doctype html>',
      { status: 'approved' },
      { status: 'pending' },
      { status: 'error', errors: {} },
      { error: { code: 'x' } },
    ]) {
      expect(postOutcomeOf(bad)).toEqual({ status: 'failed' })
    }
  })

  it('should speak English and Swedish, by language or its region, and English otherwise', () => {
    expect(embedWordsFor('sv').reply).toBe('Svara')
    expect(embedWordsFor('SV-se').count(2)).toBe('2 kommentarer')
    expect(embedWordsFor('de').count(1)).toBe('1 comment')
    expect(embedWordsFor(undefined)).toBe(embedWords.en)
    expect(Object.keys(embedWords.sv!).sort()).toEqual(Object.keys(embedWords.en!).sort())
  })
})

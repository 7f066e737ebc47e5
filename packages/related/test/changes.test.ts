import { describe, expect, it } from 'vitest'
import { createRelatedIndex } from '../src/index.js'
import { fixturePosts } from './helpers.js'

describe('add', () => {
  it('should make a new post findable without a rebuild, as a fresh build would', () => {
    const posts = fixturePosts()
    const index = createRelatedIndex(posts.slice(1), { refreshThreshold: 0 })
    index.add(posts[0]!)
    expect(index.size).toBe(posts.length)
    const fresh = createRelatedIndex([...posts.slice(1), posts[0]!])
    expect(index.related('dplyr-joins')).toEqual(fresh.related('dplyr-joins'))
    expect(index.related('dplyr-release')[0]?.id).toBe('dplyr-joins')
  })

  it('should serve the new post right away between refreshes', () => {
    const posts = fixturePosts()
    const index = createRelatedIndex(posts.slice(1))
    index.add(posts[0]!)
    expect(index.related('dplyr-joins')[0]?.id).toBe('dplyr-release')
    expect(index.related('dplyr-release')[0]?.id).toBe('dplyr-joins')
  })

  it('should make a new post findable by the others between refreshes, also in a large blog', () => {
    // 400 posts, each using 16 of 40 words: every word is in 160 posts, more than the part of a
    // posting a query reads (150), so the new post must be inserted where its weight puts it, not
    // after every other post.
    const words = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`)
    let seed = 1
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 8) % n
    }
    const posts = Array.from({ length: 400 }, (_, i) => ({
      id: `post-${i}`,
      title: `${words[i % 40]} ${words[(i * 7) % 40]}`,
      text: Array.from({ length: 60 }, () => words[(i + random(16)) % 40]).join(' '),
    }))
    const index = createRelatedIndex(posts)
    index.add({ ...posts[7]!, id: 'copy-of-7' })
    expect(index.related('post-7', { limit: 3 }).map((hit) => hit.id)).toContain('copy-of-7')
  })

  it('should reject an id already in the index', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(() => index.add({ id: 'dplyr-joins', title: 'x', text: 'y' })).toThrow(
      'Cannot add post `dplyr-joins`: the index already has a post with this id; use `update`',
    )
  })
})

describe('update', () => {
  it('should replace a post so that it relates by its new content', () => {
    const index = createRelatedIndex(fixturePosts(), { refreshThreshold: 0 })
    index.update({
      id: 'dplyr-joins',
      title: 'Chevaux',
      text: 'Les chevaux de course et un cheval.',
      lang: 'fr',
    })
    expect(index.related('dplyr-joins')[0]?.id).toMatch(/cheva/)
    expect(index.size).toBe(fixturePosts().length)
  })

  it('should reject an unknown id and leave the index unchanged on a bad post', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(() => index.update({ id: 'nope', title: '', text: '' })).toThrow(
      'Cannot update post `nope`: it is not in the index; use `add`',
    )
    expect(() => index.update({ id: 'dplyr-joins', title: 't', text: 't', date: 'soon' } as never)).toThrow(
      'Expected `date` of post `dplyr-joins`',
    )
    expect(index.has('dplyr-joins')).toBe(true)
  })
})

describe('remove', () => {
  it('should drop the post from every result, as a fresh build without it would', () => {
    const posts = fixturePosts()
    const index = createRelatedIndex(posts, { refreshThreshold: 0 })
    expect(index.remove('dplyr-release')).toBe(true)
    expect(index.has('dplyr-release')).toBe(false)
    for (const list of index.relatedAll().values())
      expect(list.map((r) => r.id)).not.toContain('dplyr-release')
    const fresh = createRelatedIndex(posts.filter((p) => p.id !== 'dplyr-release'))
    expect(index.relatedAll()).toEqual(fresh.relatedAll())
  })

  it('should return false for an unknown id', () => {
    expect(createRelatedIndex(fixturePosts()).remove('nope')).toBe(false)
  })
})

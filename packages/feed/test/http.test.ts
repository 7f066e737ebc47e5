import { describe, expect, it } from 'vitest'
import { createFeed, discoveryLinks, feedContentType, isNotModified } from '../src/index.js'
import { feedHeaders } from '../src/node.js'

const feed = createFeed({
  title: 'Bloggen "om" <allt> & mer',
  siteUrl: 'https://blog.example/',
  feedUrls: { rss: 'https://blog.example/rss.xml', json: 'https://blog.example/feed.json?x=1&y=2' },
  authors: [{ name: 'Åsa' }],
  items: [{ url: 'https://blog.example/a/', date: '2024-05-01T10:00:00+02:00' }],
})

describe('discoveryLinks', () => {
  it('should write one escaped alternate link per format with a URL', () => {
    expect(discoveryLinks(feed)).toBe(
      [
        '<link rel="alternate" type="application/rss+xml" title="Bloggen &quot;om&quot; &lt;allt&gt; &amp; mer" href="https://blog.example/rss.xml">',
        '<link rel="alternate" type="application/feed+json" title="Bloggen &quot;om&quot; &lt;allt&gt; &amp; mer" href="https://blog.example/feed.json?x=1&amp;y=2">',
      ].join('\n'),
    )
    expect(discoveryLinks({ title: 'x' })).toBe('')
    // Absolute URLs are written serialized, as in the feeds; a relative one as given.
    expect(
      discoveryLinks({
        title: 'x',
        feedUrls: { rss: 'https://Blog.Example/flöde.xml', atom: '/atom.xml' },
      }),
    ).toBe(
      [
        '<link rel="alternate" type="application/rss+xml" title="x" href="https://blog.example/fl%C3%B6de.xml">',
        '<link rel="alternate" type="application/atom+xml" title="x" href="/atom.xml">',
      ].join('\n'),
    )
  })
})

describe('feedContentType', () => {
  it('should give the registered media type per format', () => {
    expect(feedContentType('rss')).toBe('application/rss+xml; charset=utf-8')
    expect(feedContentType('atom')).toBe('application/atom+xml; charset=utf-8')
    expect(feedContentType('json')).toBe('application/feed+json; charset=utf-8')
    expect(() => feedContentType('xml' as 'rss')).toThrow(TypeError)
  })
})

describe('feedHeaders', () => {
  it('should give Content-Type, a body ETag and Last-Modified from the feed date', () => {
    const body = feed.rss()
    const headers = feedHeaders({ format: 'rss', body, updated: feed.updated })
    expect(headers['Content-Type']).toBe('application/rss+xml; charset=utf-8')
    expect(headers.ETag).toMatch(/^"[\w-]{27}"$/)
    expect(headers['Last-Modified']).toBe('Wed, 01 May 2024 08:00:00 GMT')
    expect(feedHeaders({ format: 'rss', body }).ETag).toBe(headers.ETag)
    expect(feedHeaders({ format: 'rss', body: `${body} ` }).ETag).not.toBe(headers.ETag)
    expect(() => feedHeaders({ format: 'rss', body, updated: new Date('x') })).toThrow('valid `Date`')
  })
})

describe('isNotModified', () => {
  const headers = feedHeaders({ format: 'atom', body: feed.atom(), updated: feed.updated })
  it('should compare If-None-Match first, then If-Modified-Since', () => {
    expect(isNotModified({ 'if-none-match': headers.ETag }, headers)).toBe(true)
    expect(isNotModified(new Headers({ 'If-None-Match': `"a", W/${headers.ETag}` }), headers)).toBe(true)
    expect(
      isNotModified(
        { 'if-none-match': '"other"', 'if-modified-since': 'Thu, 02 May 2024 00:00:00 GMT' },
        headers,
      ),
    ).toBe(false)
    expect(isNotModified({ 'if-modified-since': 'Thu, 02 May 2024 00:00:00 GMT' }, headers)).toBe(true)
    expect(isNotModified({ 'if-modified-since': 'Tue, 30 Apr 2024 00:00:00 GMT' }, headers)).toBe(false)
    expect(isNotModified({ 'if-modified-since': 'garbage' }, headers)).toBe(false)
    expect(isNotModified({}, headers)).toBe(false)
  })
})

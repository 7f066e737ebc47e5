import { afterAll, describe, expect, it } from 'vitest'
import { createClientAddress, normalizeAddress } from '../src/client-ip.js'
import { readConfig } from '../src/config.js'
import { cleanup, client, commentIdOf, csrfOf, post, start } from './helpers.js'

afterAll(cleanup)

describe('the client address behind proxies (TRUST_PROXY)', () => {
  it('should take the connection address when no proxy is trusted, whatever the header says', () => {
    const address = createClientAddress(0)
    expect(address('::ffff:192.0.2.1', '198.51.100.7')).toBe('192.0.2.1')
    expect(address('2001:db8::1', undefined)).toBe('2001:db8::1')
  })

  it('should take the entry the n-th proxy appended, never one the client wrote', () => {
    const one = createClientAddress(1)
    // nginx ($proxy_add_x_forwarded_for), Caddy and cloud balancers append the address they saw.
    expect(one('127.0.0.1', '198.51.100.66, 203.0.113.7')).toBe('203.0.113.7')
    expect(one('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7')
    expect(one('127.0.0.1', '203.0.113.7:51234')).toBe('203.0.113.7')
    expect(one('127.0.0.1', '[2001:db8::7]:443')).toBe('2001:db8::7')
    // No header: the proxy itself (a request that did not come through it, or a health check).
    expect(one('127.0.0.1', undefined)).toBe('127.0.0.1')
    const two = createClientAddress(2)
    // client → CDN (appends the client) → nginx (appends the CDN) → server
    expect(two('127.0.0.1', 'spoofed, 203.0.113.7, 10.0.0.3')).toBe('203.0.113.7')
    expect(two('127.0.0.1', '10.0.0.3')).toBe('10.0.0.3')
  })

  it('should skip the trusted proxy addresses and networks from the right', () => {
    const list = createClientAddress(['127.0.0.1', '10.0.0.0/8', 'fd00::/8'])
    expect(list('::ffff:127.0.0.1', '198.51.100.66, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7')
    expect(list('127.0.0.1', '198.51.100.66, 2001:db8::9, fd00::1')).toBe('2001:db8::9')
    // A connection that is not from a trusted proxy: its own address, the header is ignored.
    expect(list('192.0.2.50', '203.0.113.7')).toBe('192.0.2.50')
    // Every entry trusted: the furthest.
    expect(list('127.0.0.1', '10.0.0.9')).toBe('10.0.0.9')
  })

  it('should normalize addresses', () => {
    expect(normalizeAddress(' ::FFFF:10.0.0.1 ')).toBe('10.0.0.1')
    expect(normalizeAddress('[::1]')).toBe('::1')
  })

  it('should read TRUST_PROXY as a number of proxies or a list, and name a bad value', () => {
    expect(readConfig({}).trustProxy).toBe(0)
    expect(readConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(0)
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(readConfig({ TRUST_PROXY: '10.0.0.2, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '10.0.0.2',
      '10.0.0.0/8',
      '::1',
    ])
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY=true is not valid: give the number/,
    )
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/`10.0.0.0\/33` has a prefix length/)
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.2,proxy.internal' })).toThrow(
      /`proxy.internal` is not an IP address/,
    )
    expect(() => readConfig({ TRUST_PROXY: '99' })).toThrow(/0 to 32/)
  })

  it('should apply RATE_LIMIT and HOLD_AFTER to the address the proxy appended, not the one the client wrote', async () => {
    const lines: string[] = []
    const server = await start(
      { TRUST_PROXY: '1', RATE_LIMIT: '10', HOLD_AFTER: '3', SEED: '0', LOG: '1' },
      (line) => lines.push(line),
    )
    const c = client(server.url)
    const token = csrfOf((await c.get(post)).text)
    const statuses: string[] = []
    for (let i = 0; i < 15; i++) {
      // What an appending proxy forwards when the client sent `X-Forwarded-For: 198.51.100.<i>`.
      const { response } = await c.post(
        `${post}comments`,
        { csrf: token, name: 'Spoofer', body: `spoofed ${i}` },
        { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
      )
      if (response.status === 303) {
        const id = commentIdOf(response.headers.get('location'))
        statuses.push((await server.store.get(id))!.status)
      } else statuses.push(String(response.status))
    }
    expect(statuses).toEqual([
      ...Array(3).fill('approved'),
      ...Array(7).fill('pending'),
      ...Array(5).fill('429'),
    ])
    expect(lines.filter((line) => line.includes(' POST '))).toHaveLength(15)
    expect(lines.filter((line) => / 203\.0\.113\.7 POST /.test(line))).toHaveLength(15)
  })
})

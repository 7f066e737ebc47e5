import { BlockList, isIP } from 'node:net'

/**
 * Which reverse proxies to believe about the client's address (`TRUST_PROXY`): `0` none (the
 * connection's address is the client), a number of proxy hops in front of the server, or the proxies'
 * addresses and networks (`10.0.0.2`, `10.0.0.0/8`, `fd00::/8`).
 */
export type TrustProxy = number | readonly string[]

/** `::ffff:127.0.0.1` → `127.0.0.1`, `[::1]` → `::1`, `1.2.3.4:5678` → `1.2.3.4` (some proxies add the port). */
export function normalizeAddress(address: string): string {
  let value = address.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracketed) value = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'))
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value)
  return mapped ? mapped[1]! : value
}

/**
 * Check one `TRUST_PROXY` list entry (an address or a network in CIDR notation).
 * @returns A problem to report, or `undefined` when the entry is good.
 */
export function trustedProxyProblem(entry: string): string | undefined {
  const [address = '', bits, extra] = entry.split('/')
  const family = isIP(normalizeAddress(address))
  if (family === 0 || extra !== undefined) return `\`${entry}\` is not an IP address or network`
  if (bits === undefined) return undefined
  const prefix = Number(bits)
  const max = family === 4 ? 32 : 128
  if (!/^\d+$/.test(bits) || prefix > max) return `\`${entry}\` has a prefix length that is not 0 to ${max}`
  return undefined
}

/** The addresses and networks of a `TRUST_PROXY` list, for `check`. */
function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/')
    const normal = normalizeAddress(address)
    const type = isIP(normal) === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(normal, type)
    else list.addSubnet(normal, Number(bits), type)
  }
  return list
}

/**
 * The client's address from the connection's address and the `X-Forwarded-For` header, believing only
 * the proxies `trust` names. Each proxy appends the address it was connected from, so the trustworthy
 * entries are the right-most ones: with `trust = n`, the address the n-th proxy from the server saw
 * (entries further left were written by the client and are ignored); with a list, the right-most
 * address that is not one of the trusted proxies. With `0`, the connection's address.
 */
export function createClientAddress(trust: TrustProxy): (remote: string, forwardedFor?: string) => string {
  if (trust === 0 || (Array.isArray(trust) && trust.length === 0)) {
    return (remote) => normalizeAddress(remote)
  }
  // Note: the chain, nearest first: the connection, then the header's entries from the right.
  const chain = (remote: string, forwardedFor: string | undefined) => [
    normalizeAddress(remote),
    ...(forwardedFor ?? '')
      .split(',')
      .map(normalizeAddress)
      .filter((entry) => entry !== '')
      .reverse(),
  ]
  if (typeof trust === 'number') {
    return (remote, forwardedFor) => {
      const hops = chain(remote, forwardedFor)
      // Note: fewer entries than proxies: a request that came past some of them; the furthest known.
      return hops[Math.min(trust, hops.length - 1)]!
    }
  }
  const proxies = blockListOf(trust as readonly string[])
  const trusted = (address: string) => {
    const family = isIP(address)
    return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (remote, forwardedFor) => {
    const hops = chain(remote, forwardedFor)
    const client = hops.find((address) => !trusted(address))
    return client ?? hops.at(-1)!
  }
}

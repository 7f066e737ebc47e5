// Deterministic comment data shared by the benchmarks (run.mjs, compare-thread.mjs).

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One post, `n` comments oldest first: 30% top-level, the rest answer a recent comment; 2% deleted. */
export function makeComments(n, seed = 1) {
  const rnd = random(seed)
  const start = Date.UTC(2021, 0, 1)
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const c = {
      id: `c${i}`,
      postId: 'p1',
      author: { name: `Reader ${i % 997}` },
      createdAt: new Date(start + i * 1000).toISOString(),
      body: 'x',
      status: rnd() < 0.02 ? 'deleted' : 'approved',
    }
    if (i > 0 && rnd() >= 0.3) c.parentId = `c${Math.max(0, i - 1 - Math.floor(rnd() * Math.min(i, 50)))}`
    out[i] = c
  }
  return out
}

export function shuffle(list, seed = 2) {
  const rnd = random(seed)
  const a = list.slice()
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

// Deterministic posts of about 5 KB of HTML each, for the benchmarks.
const words =
  'strategisk kommunikation räksmörgås blogg inlägg läsare kommentar feed flöde översikt exempel struktur rubrik stycke länk bild kod svar fråga tanke'.split(
    ' ',
  )

function sentence(i, j) {
  let out = ''
  for (let k = 0; k < 14; k++) out += `${words[(i * 7 + j * 3 + k * 5) % words.length]} `
  return `${out.trim()} &amp; mer.`
}

/** HTML of post `i`; `relative` makes its links and images site-relative. */
export function html(i, relative) {
  const base = relative ? '' : 'https://blog.example'
  let out = `<h2>Avsnitt ${i}</h2>\n`
  for (let p = 0; out.length < 4900; p++) {
    out += `<p>${sentence(i, p)} Läs <a href="${base}/posts/${(i + p) % 997}/">inlägg ${p}</a> och ${sentence(i, p + 1)} 😀</p>\n`
    if (p % 4 === 0) out += `<p><img src="${base}/bilder/${i}-${p}.png" alt="Bild ${p}"></p>\n`
    if (p % 5 === 0) out += `<pre><code>if (a &lt; b &amp;&amp; b &gt; c) return "]]&gt;"</code></pre>\n`
  }
  return out
}

/** Item `i` in the shape of @blogkit/feed. */
export function item(i, relative) {
  return {
    url: `https://blog.example/posts/${i}/`,
    title: `Inlägg ${i}: kommunikation & strategi`,
    summary: `Sammanfattning av inlägg ${i}, med <tecken> & sånt.`,
    contentHtml: html(i, relative),
    date: new Date(Date.UTC(2024, 0, 1) - i * 3_600_000),
    authors: [{ name: 'Åsa Öberg' }, { name: 'Bo Ek' }],
    tags: ['kommunikation', 'strategi'],
  }
}

export const meta = {
  title: 'Bloggen',
  description: 'Om kommunikation',
  siteUrl: 'https://blog.example/',
  feedUrls: {
    rss: 'https://blog.example/rss.xml',
    atom: 'https://blog.example/atom.xml',
    json: 'https://blog.example/feed.json',
  },
  language: 'sv',
  authors: [{ name: 'Åsa Öberg' }],
}

/** The same feed through npm `feed` 6.0.0 (the baseline). */
export function baseline(Feed, items) {
  const feed = new Feed({
    title: meta.title,
    description: meta.description,
    id: meta.siteUrl,
    link: meta.siteUrl,
    language: 'sv',
    copyright: '',
    updated: items[0]?.date,
    feedLinks: { rss: meta.feedUrls.rss, atom: meta.feedUrls.atom, json: meta.feedUrls.json },
    author: { name: 'Åsa Öberg' },
  })
  for (const post of items) {
    feed.addItem({
      title: post.title,
      id: post.url,
      link: post.url,
      description: post.summary,
      content: post.contentHtml,
      date: post.date,
      author: post.authors,
      category: post.tags.map((name) => ({ name })),
    })
  }
  return feed
}

export const baselineMethod = { rss: 'rss2', atom: 'atom1', json: 'json1' }

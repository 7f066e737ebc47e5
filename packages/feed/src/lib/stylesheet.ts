/**
 * A ready-made XSLT 1.0 stylesheet that shows an RSS or Atom feed from `@blogkit/feed` as a readable page in
 * browsers, with a note on how to subscribe. Serve it as a file (for example `/feed.xsl`, with
 * `Content-Type: text/xsl`) and pass its URL as `stylesheet` to `createFeed`. Browsers only apply a stylesheet
 * served from the same origin as the feed.
 */
export const defaultStylesheet = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <html lang="{/rss/channel/language | /atom:feed/@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/atom:feed/atom:title"/><xsl:value-of select="/rss/channel/title"/></title>
        <style>
          :root { color-scheme: light dark; --accent: #b4451f; }
          body { margin: 0; font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
          main { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
          .note { background: color-mix(in srgb, var(--accent) 12%, transparent); border-left: 4px solid var(--accent);
            padding: .75rem 1rem; border-radius: .25rem; font-size: .95rem; }
          h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 .25rem; }
          header p { margin: 0 0 .5rem; opacity: .8; }
          a { color: var(--accent); }
          article { border-top: 1px solid color-mix(in srgb, currentColor 15%, transparent); padding: 1rem 0; }
          article h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
          article h2 a { text-decoration: none; }
          time { font-size: .85rem; opacity: .7; }
          article p { margin: .5rem 0 0; }
        </style>
      </head>
      <body>
        <main>
          <p class="note"><strong>This is a web feed.</strong> Subscribe by copying this page's address into your
            feed reader. Visit <a href="https://aboutfeeds.com/">About Feeds</a> to get started.</p>
          <header>
            <!-- Note: titles and the channel description are plain text in both formats; only an RSS item
                 description is HTML (an HTML-escaped summary when content:encoded holds the post). -->
            <h1><xsl:value-of select="/atom:feed/atom:title"/><xsl:value-of select="/rss/channel/title"/></h1>
            <p><xsl:value-of select="/atom:feed/atom:subtitle"/><xsl:value-of select="/rss/channel/description"/></p>
            <a href="{/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href}">Visit the site →</a>
          </header>
          <xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
            <article>
              <h2>
                <a href="{link | atom:link[@rel='alternate']/@href}">
                  <xsl:value-of select="atom:title | title"/>
                </a>
              </h2>
              <time><xsl:value-of select="pubDate | atom:published"/></time>
              <xsl:choose>
                <xsl:when test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:when>
                <xsl:when test="*[local-name()='encoded']">
                  <p><xsl:value-of select="description" disable-output-escaping="yes"/></p>
                </xsl:when>
              </xsl:choose>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
`

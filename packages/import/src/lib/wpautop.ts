// A port of WordPress's `wpautop()` (wp-includes/formatting.php) for the cases posts and comments hit:
// double line breaks become paragraphs, single ones `<br />`, block elements are left alone, and `<pre>`,
// `<script>`, `<style>`, `<svg>` and `<math>` keep their line breaks.

const allBlocks =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)'

const blockOpenBefore = new RegExp(`(<${allBlocks}[\\s/>])`, 'g')
const blockCloseAfter = new RegExp(`(</${allBlocks}>)`, 'g')
const wrappedBlock = new RegExp(`<p>\\s*(</?${allBlocks}[^>]*>)\\s*</p>`, 'g')
const pBeforeBlock = new RegExp(`<p>\\s*(</?${allBlocks}[^>]*>)`, 'g')
const pAfterBlock = new RegExp(`(</?${allBlocks}[^>]*>)\\s*</p>`, 'g')
const brAfterBlock = new RegExp(`(</?${allBlocks}[^>]*>)\\s*<br />`, 'g')

/** Replace newlines inside tags and comments (WordPress's `wp_replace_in_html_tags`). */
function newlinesInTags(text: string, replacement: string): string {
  return text.replace(/<!--[\s\S]*?-->|<[^>]*>/g, (tag) => tag.replace(/\n/g, replacement))
}

/**
 * Add paragraphs and line breaks to text the way WordPress shows posts and comments.
 *
 * @param input Post or comment HTML as stored by WordPress (raw newlines).
 * @returns HTML with `<p>` and `<br />`.
 */
export function wpautop(input: string): string {
  if (input.trim() === '') return ''
  let text = `${input}\n`
  const pres: string[] = []
  if (text.includes('<pre')) {
    const parts = text.split('</pre>')
    const last = parts.pop()!
    text = ''
    for (const part of parts) {
      const start = part.indexOf('<pre')
      if (start === -1) {
        text += `${part}</pre>`
        continue
      }
      const name = `<pre wp-pre-tag-${pres.length}></pre>`
      pres.push(`${part.slice(start)}</pre>`)
      text += part.slice(0, start) + name
    }
    text += last
  }
  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/g, '\n\n')
  text = text.replace(blockOpenBefore, '\n\n$1')
  text = text.replace(blockCloseAfter, '$1\n\n')
  text = text.replace(/(<hr\s*?\/?>)/g, '$1\n\n')
  text = text.replace(/\r\n?/g, '\n')
  text = newlinesInTags(text, ' <!-- wpnl --> ')
  if (text.includes('<option')) {
    text = text.replace(/\s*<option/g, '<option').replace(/<\/option>\s*/g, '</option>')
  }
  if (text.includes('</object>')) {
    text = text.replace(/(<object[^>]*>)\s*/g, '$1').replace(/\s*<\/object>/g, '</object>')
    text = text.replace(/\s*(<\/?(?:param|embed)[^>]*>)\s*/g, '$1')
  }
  if (text.includes('<source') || text.includes('<track')) {
    text = text.replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, '$1')
    text = text.replace(/\s*([<[]\/(?:audio|video)[>\]])/g, '$1')
    text = text.replace(/\s*(<(?:source|track)[^>]*>)\s*/g, '$1')
  }
  if (text.includes('<figcaption')) {
    text = text.replace(/\s*(<figcaption[^>]*>)/g, '$1').replace(/<\/figcaption>\s*/g, '</figcaption>')
  }
  text = text.replace(/\n\n+/g, '\n\n')
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p !== '')
  text = ''
  for (const paragraph of paragraphs) text += `<p>${paragraph.replace(/^\n+|\n+$/g, '')}</p>\n`
  text = text.replace(/<p>\s*<\/p>/g, '')
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
  text = text.replace(wrappedBlock, '$1')
  text = text.replace(/<p>(<li.+?)<\/p>/g, '$1')
  text = text.replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
  text = text.replaceAll('</blockquote></p>', '</p></blockquote>')
  text = text.replace(pBeforeBlock, '$1')
  text = text.replace(pAfterBlock, '$1')
  text = text.replace(/<(script|style|svg|math)[\s\S]*?<\/\1>/g, (m) =>
    m.replace(/\n/g, '<WPPreserveNewline />'),
  )
  text = text.replace(/<br>|<br\/>/g, '<br />')
  text = text.replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
  text = text.replaceAll('<WPPreserveNewline />', '\n')
  text = text.replace(brAfterBlock, '$1')
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, '$1')
  text = text.replace(/\n<\/p>$/, '</p>')
  pres.forEach((pre, i) => {
    text = text.replace(`<pre wp-pre-tag-${i}></pre>`, pre)
  })
  if (text.includes('<!-- wpnl -->')) text = text.replace(/ <!-- wpnl --> |<!-- wpnl -->/g, '\n')
  return text
}

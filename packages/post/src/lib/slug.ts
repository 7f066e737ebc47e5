// Note: letters that do not decompose into a base letter + accent under NFD, mapped the way
// WordPress's `remove_accents()` does for its default (non-German, non-Danish) locales.
const special: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ł: 'l',
  þ: 'th',
  ŧ: 't',
}

/**
 * Turn a title or file name into a URL slug the way WordPress's `sanitize_title()`
 * does for Latin text: accents are removed (`å`, `ä` → `a`, `ö` → `o`, `é` → `e`),
 * letters are lowercased, anything else becomes `-`. Letters of other scripts
 * (Cyrillic, CJK, …) are kept as they are (WordPress would percent-encode them).
 *
 * @param value
 *   Text to turn into a slug.
 * @returns
 *   Slug, possibly empty when `value` has no letters or digits.
 */
export function slugify(value: string): string {
  return (
    value
      .normalize('NFD')
      // Remove accents from Latin letters only: in other scripts marks carry meaning.
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[ßæœøđðħıłþŧ]/g, (letter) => special[letter] ?? letter)
      // Apostrophes vanish instead of splitting words (`don't` → `dont`), as in WordPress.
      .replace(/['’‘`]/g, '')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
  )
}

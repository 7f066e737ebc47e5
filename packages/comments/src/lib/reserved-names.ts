// Names only the site's author may use, and names that look like them (UTS #39 confusables).
// Note: Unicode's confusables table (through `unhomoglyph`, ~100 KB) is imported only when a name is first
// checked against reserved names, so importing the package or validating a comment does not load it.
import { CommentError } from './errors.js'
import { cleanName } from './reader-input.js'

type Skeletonize = (text: string) => string
let table: Promise<Skeletonize> | undefined

const loadTable = () => {
  table ??= import('unhomoglyph').then((module) => {
    const unhomoglyph = (module.default ?? module) as Skeletonize
    return (text: string) => unhomoglyph(text).normalize('NFD')
  })
  return table
}

/** The UTS #39 skeletons of a name, as written and case-folded (see `checkReservedName`). */
function skeletons(name: string, skeleton: Skeletonize): [asWritten: string, folded: string] {
  const clean = cleanName(name).normalize('NFD')
  return [skeleton(clean), skeleton(clean.toLowerCase()).toLowerCase()]
}

/** Options of `checkReservedName`. */
export interface CheckReservedNameOptions {
  /** Names only the site's author may use, e.g. `['Elin Skarp']`. */
  reservedNames: readonly string[]
  /** The field named in the error. @default 'author.name' */
  field?: string
}

/**
 * Refuse a commenter's name that is one of `reservedNames` or looks like one: the same after Unicode
 * normalization (NFC), with zero-width and bidi characters removed, spaces collapsed, in any case, and
 * with look-alike letters mapped by Unicode's confusables table (UTS #39 skeletons): `Еlin Skarp` with
 * a Cyrillic Е, `El\u200Bin Skarp`, `EIin Skarp` with a capital I, `ELIN SKARP`.
 *
 * @throws {CommentError} `reserved-name` with `field` (`author.name`).
 */
export async function checkReservedName(
  name: string,
  options: Readonly<CheckReservedNameOptions>,
): Promise<void> {
  const field = options.field ?? 'author.name'
  const reserved = options.reservedNames.filter((other) => cleanName(other) !== '')
  if (reserved.length === 0) return
  const skeleton = await loadTable()
  const [asWritten, folded] = skeletons(name, skeleton)
  const hit = reserved.find((other) => {
    const [otherAsWritten, otherFolded] = skeletons(other, skeleton)
    return otherAsWritten === asWritten || otherFolded === folded
  })
  if (hit !== undefined) {
    throw new CommentError(
      'reserved-name',
      `Expected \`${field}\` to be your own name, got \`${name.slice(0, 80)}\`, which is or looks like the name of the site's author (\`${hit.slice(0, 80)}\`); choose another name`,
      field,
    )
  }
}

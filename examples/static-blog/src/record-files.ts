/**
 * Per output file, as last written: `[content, size, mtime in ms]`, `content` being a digest of the
 * rendered body, or for a copied file the size and mtime of its source; for a rendered file, then what
 * its render read of its inputs (`reads`, a digest of the values, and `shape`, the index of the list of
 * what was read in the record's `shapes`: see page-memo.ts), and the regions of its inputs and reads
 * (`<input regions>;<regions read>`, indexes in the record's `regions`: see regions.ts).
 */
export type Entry =
  | [content: string, size: number, mtimeMs: number]
  | [content: string, size: number, mtimeMs: number, reads: string, shape: number]
  | [content: string, size: number, mtimeMs: number, reads: string, shape: number, regions: string]

/**
 * The regions of a page's line (see `Entry`): its inputs' region indexes, then those it read through (`k`
 * after a keyed region's).
 */
const regionsPattern = /^[\d,]*;[\d,k]*$/

/** A file's name as written in its line: as it is, or as a JSON string when it could be misread. */
function writtenName(relative: string): string {
  return /[\t\n\r]|^"/.test(relative) ? JSON.stringify(relative) : relative
}

/** The line of `relative` and its entry: tab-separated fields, numbers as `String` writes them. */
function lineOf(relative: string, entry: Entry): string {
  return `${writtenName(relative)}\t${entry.join('\t')}`
}

/** The name a line is written for; `undefined` for a line that is not one this module wrote. */
function nameOf(line: string): string | undefined {
  if (!line.startsWith('"')) {
    const tab = line.indexOf('\t')
    return tab > 0 ? line.slice(0, tab) : undefined
  }
  const end = line.indexOf('"\t')
  try {
    const name: unknown = end === -1 ? undefined : JSON.parse(line.slice(0, end + 1))
    return typeof name === 'string' ? name : undefined
  } catch {
    return undefined
  }
}

/** The entry of a line (after its name); `undefined` when it is not one (a damaged record). */
function entryOf(line: string, name: string): Entry | undefined {
  const fields = line.slice(writtenName(name).length + 1).split('\t')
  const size = Number(fields[1])
  const mtimeMs = Number(fields[2])
  const numbers = fields[1] !== '' && fields[2] !== '' && Number.isFinite(size) && Number.isFinite(mtimeMs)
  if (fields.length === 3 && numbers) return [fields[0]!, size, mtimeMs]
  const shape = Number(fields[4])
  if (!numbers || !Number.isInteger(shape) || shape < 0 || fields[4] === '') return undefined
  if (fields.length === 5) return [fields[0]!, size, mtimeMs, fields[3]!, shape]
  if (fields.length === 6 && regionsPattern.test(fields[5]!))
    return [fields[0]!, size, mtimeMs, fields[3]!, shape, fields[5]!]
  return undefined
}

/**
 * The files of a build record, by their path in the output folder (`/`-separated). Saved as one line per
 * file; a record read back keeps each line as read until its entry is asked for, and writes it again as
 * it is when the entry was kept: at 10,000 posts 41,245 lines, where a JSON object of arrays cost a
 * second copy of every entry in memory, each a few objects, parsed and written again on every build.
 */
export class RecordFiles {
  /** Per file, its line as read, or its entry once asked for or set. */
  readonly #files = new Map<string, string | Entry>()

  /** The files of the lines of a saved record (`text`: its lines after the first). */
  static parse(text: string): RecordFiles {
    const files = new RecordFiles()
    if (text === '') return files
    for (const line of text.split('\n')) {
      const name = nameOf(line)
      if (name !== undefined) files.#files.set(name, line)
    }
    return files
  }

  get size(): number {
    return this.#files.size
  }

  has(relative: string): boolean {
    return this.#files.has(relative)
  }

  /**
   * The entry of a file; `undefined` when there is none or its line is damaged. Note: a line is parsed
   * each time (a page asks once per build), not kept parsed beside it.
   */
  get(relative: string): Entry | undefined {
    const known = this.#files.get(relative)
    return typeof known === 'string' ? entryOf(known, relative) : known
  }

  /**
   * The shape and regions of a rendered file's line with regions (its last two fields), read from its end
   * without the rest; `undefined` for other lines (then `get` tells what they are).
   */
  tail(relative: string): { shape: number; regions: string } | undefined {
    const known = this.#files.get(relative)
    if (typeof known !== 'string')
      return known?.length === 6 ? { shape: known[4], regions: known[5] } : undefined
    const last = known.lastIndexOf('\t')
    const before = known.lastIndexOf('\t', last - 1)
    if (before <= 0) return undefined
    const regions = known.slice(last + 1)
    const shape = Number(known.slice(before + 1, last))
    // Note: the fields before are read when the page's file is not known to be intact (`get`).
    return Number.isInteger(shape) && shape >= 0 && regionsPattern.test(regions)
      ? { shape, regions }
      : undefined
  }

  set(relative: string, entry: Entry): void {
    this.#files.set(relative, entry)
  }

  /** Give a file the entry `from` has for it, as it is there (its line as read, not written again). */
  keepFrom(relative: string, from: RecordFiles): void {
    const known = from.#files.get(relative)
    if (known !== undefined) this.#files.set(relative, known)
  }

  names(): IterableIterator<string> {
    return this.#files.keys()
  }

  /** The lines to save, one per file. */
  *lines(): Generator<string> {
    for (const [relative, known] of this.#files)
      yield typeof known === 'string' ? known : lineOf(relative, known)
  }
}

import { hash } from 'node:crypto'

/**
 * A build's regions as its record saves them (regions.ts): a column per field, each one string (a record
 * of 10,000 posts has 41,000 regions: four long strings parse in a few milliseconds, where an array per
 * region took a tenth of a second).
 */
export interface SavedRegions {
  /** Each region's name, one per line (`storedName`). */
  names: string
  /** The index of each region's union in the record's `shapes` (`-1`: none), joined by commas. */
  shapes: string
  /** The digest of what each region's union read, one per line. */
  digests: string
  /** Each region's stamp (`storedName`; empty: none), one per line. */
  stamps: string
}

/** Saved regions as read: per region (by index), its name, its union's shape, digest and stamp. */
export interface RegionTable {
  names: string[]
  shapes: Int32Array
  digests: string[]
  /** `''` for a region without a stamp. */
  stamps: string[]
}

/** Names and stamps longer than this are saved as their digest. */
const longest = 512

/** What starts a name saved as its digest (and is in no name kept as it is). */
const digested = '\u0001'

/**
 * A region's name or stamp as it is kept and saved: itself, or, when it could not be one line of a column
 * (a newline in it, or too long: a primitive input's region is named by its value, say a stylesheet), a
 * digest of it behind a mark no other name starts with.
 */
export function storedName(name: string): string {
  return name.length <= longest && !name.includes('\n') && !name.includes(digested)
    ? name
    : `${digested}${hash('sha1', name, 'base64url')}`
}

const split = (column: string, separator: string, count: number): string[] | undefined => {
  if (count === 0) return column === '' ? [] : undefined
  const parts = column.split(separator)
  return parts.length === count ? parts : undefined
}

/** The saved regions of a record with `shapeCount` shapes; `undefined` when they are not (damaged). */
export function readRegions(saved: unknown, shapeCount: number): RegionTable | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined
  const { names, shapes, digests, stamps } = saved as Partial<SavedRegions>
  if (
    typeof names !== 'string' ||
    typeof shapes !== 'string' ||
    typeof digests !== 'string' ||
    typeof stamps !== 'string'
  )
    return undefined
  const nameList = names === '' ? [] : names.split('\n')
  const count = nameList.length
  const digestList = split(digests, '\n', count)
  const stampList = split(stamps, '\n', count)
  const shapeList = split(shapes, ',', count)
  if (!digestList || !stampList || !shapeList) return undefined
  const shapeIndexes = new Int32Array(count)
  for (let index = 0; index < count; index++) {
    const shape = Number(shapeList[index])
    if (!Number.isInteger(shape) || shape < -1 || shape >= shapeCount || shapeList[index] === '')
      return undefined
    shapeIndexes[index] = shape
  }
  return { names: nameList, shapes: shapeIndexes, digests: digestList, stamps: stampList }
}

/** The regions of a build to save (each name and stamp a `storedName`, each digest one line). */
export function writeRegions(table: {
  names: readonly string[]
  shapes: Int32Array | readonly number[]
  digests: readonly string[]
  stamps: readonly string[]
}): SavedRegions {
  return {
    names: table.names.join('\n'),
    shapes: table.shapes.join(','),
    digests: table.digests.join('\n'),
    stamps: table.stamps.join('\n'),
  }
}

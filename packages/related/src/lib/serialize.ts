// Saving: the index as `toJSON()` gives it: the posts' fields as JSON, their numbers in compact
// base64 columns (see columns.ts), so that loading it again needs no analysis.

import { proseFlag } from './analysis.js'
import { joinFloat32 } from './arrays.js'
import { encodeFloat32, VarintWriter } from './columns.js'
import type { IndexState } from './state.js'
import type { RelatedDocJSON, RelatedIndexJSON } from './types.js'

/** The saved form of the index (what `toJSON()` returns). */
export function saveIndex(state: IndexState): RelatedIndexJSON {
  const { maxTerms, ...rest } = state.settings
  const v = state.vectors
  const entries = state.entries
  let integerTfs = true
  let keptTotal = 0
  for (const entry of entries) {
    if (entry === undefined) continue
    keptTotal += entry.tfs.length
    for (const tf of entry.tfs) if (!Number.isInteger(tf)) integerTfs = false
  }
  const docs: (RelatedDocJSON | null)[] = []
  const keptLengths = new VarintWriter()
  const keptTerms = new VarintWriter()
  const keptTfs = new VarintWriter()
  const tfFloats = integerTfs ? undefined : new Float32Array(keptTotal)
  let tfAt = 0
  let lastEmbedded = 0
  const keptSurfaces = new VarintWriter()
  const keptCode = new VarintWriter()
  const embeddingSlots = new VarintWriter()
  const embeddingLength = state.embeddingLength
  const embeddings: Float32Array[] = []
  const allLengths = new VarintWriter()
  const all = new VarintWriter()
  const titleLengths = new VarintWriter()
  const titleTerms = new VarintWriter()
  const vectorLengths = new VarintWriter()
  const vectorTerms = new VarintWriter()
  const vectorOrder = new VarintWriter()
  for (let slot = 0; slot < entries.length; slot++) {
    const qStart = v.qStart[slot]!
    const qLength = v.qLength[slot]!
    vectorLengths.uint(qLength)
    vectorTerms.ascending(v.qTerms, qStart, qStart + qLength)
    for (let k = 0; k < qLength; k++) vectorOrder.uint(v.qOrder[qStart + k]!)
    const tStart = v.tStart[slot]!
    titleLengths.uint(v.tLength[slot]!)
    titleTerms.ascending(v.tTerms, tStart, tStart + v.tLength[slot]!)
    const entry = entries[slot]
    if (entry === undefined) {
      docs.push(null)
      keptLengths.uint(0)
      keptCode.uint(0)
      allLengths.uint(0)
      continue
    }
    docs.push({
      id: entry.id,
      lang: entry.lang,
      date: Number.isNaN(entry.date) ? null : entry.date,
      draft: entry.draft,
      tags: entry.tags,
      categories: entry.categories,
      length: entry.length,
    })
    keptLengths.uint(entry.terms.length)
    keptTerms.ascending(entry.terms)
    if (tfFloats === undefined) for (const tf of entry.tfs) keptTfs.uint(tf)
    else {
      tfFloats.set(entry.tfs, tfAt)
      tfAt += entry.tfs.length
    }
    for (const surface of entry.surfaces) keptSurfaces.uint(surface)
    let code = 0
    for (const flag of entry.flags) if ((flag & proseFlag) === 0) code++
    keptCode.uint(code)
    for (let i = 0, last = 0; i < entry.flags.length; i++) {
      if ((entry.flags[i]! & proseFlag) !== 0) continue
      keptCode.uint(i - last)
      last = i
    }
    if (entry.embedding !== undefined) {
      embeddingSlots.uint(slot - (embeddings.length === 0 ? 0 : lastEmbedded))
      lastEmbedded = slot
      embeddings.push(entry.embedding)
    }
    allLengths.uint(entry.all.length)
    all.bytes(entry.all)
  }
  return {
    format: 'blogkit-related',
    version: 3,
    options: { ...rest, maxTerms: Number.isFinite(maxTerms) ? maxTerms : null },
    terms: state.terms.slice(),
    surfaces: state.surfaces.slice(),
    state: {
      lengthSum: state.lengthSum,
      refreshedSize: state.refreshedSize,
      changes: state.changes,
    },
    docs,
    columns: {
      keptLengths: keptLengths.toBase64(),
      keptTerms: keptTerms.toBase64(),
      keptTfsEncoding: tfFloats === undefined ? 'varint' : 'float32',
      keptTfs: tfFloats === undefined ? keptTfs.toBase64() : encodeFloat32(tfFloats),
      keptSurfaces: keptSurfaces.toBase64(),
      keptCode: keptCode.toBase64(),
      allLengths: allLengths.toBase64(),
      all: all.toBase64(),
      titleLengths: titleLengths.toBase64(),
      titleTerms: titleTerms.toBase64(),
      // Note: slots are appended in order, so the flat arrays hold them contiguously from 0.
      titleWeights: encodeFloat32(v.tWeights, 0, v.tUsed),
      vectorLengths: vectorLengths.toBase64(),
      vectorTerms: vectorTerms.toBase64(),
      vectorWeights: encodeFloat32(v.qWeights, 0, v.qUsed),
      vectorOrder: vectorOrder.toBase64(),
      embeddingLength,
      embeddingSlots: embeddingSlots.toBase64(),
      embeddings: encodeFloat32(joinFloat32(embeddings, embeddingLength)),
    },
  }
}

#!/usr/bin/env node
// Memory the index holds when posts contain long words found in no other post (German compounds,
// code identifiers): 5,000 posts of about 9 KB, each with two unique words of 30+ characters.
//   node --expose-gc bench/long-words.mjs [dist folder, default dist] [another dist folder ...]
// e.g. PREVIOUS_DIST as in run.mjs: node --expose-gc bench/long-words.mjs .bench-cache/prev-dist dist
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc bench/long-words.mjs')
  process.exit(2)
}
const here = path.dirname(fileURLToPath(import.meta.url))
const folders = process.argv.length > 2 ? process.argv.slice(2) : [path.join(here, '../dist')]
const words =
  'alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega river mountain forest'.split(' ')
const posts = []
for (let i = 0; i < 5000; i++) {
  let text = ''
  for (let w = 0; w < 1300; w++) text += `${words[(i * 7 + w * 13) % words.length]} `
  text += ` Donaudampfschifffahrt${i.toString(36)}gesellschaft Kapitänsmütze${i.toString(36)}sammlung`
  // Note: a flat copy, as text read from a file is (the loop above builds a rope).
  posts.push({ id: `p${i}`, title: `Post ${i}`, text: Buffer.from(text).toString() })
}
// Note: typed arrays are freed after a collection, on another thread; wait for it.
const collect = async () => {
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 200))
  globalThis.gc()
}
const mb = (v) => `${(v / 2 ** 20).toFixed(1)} MB`
for (const folder of folders) {
  const { createRelatedIndex } = await import(pathToFileURL(path.resolve(folder, 'index.js')).href)
  await collect()
  const before = process.memoryUsage()
  let index = createRelatedIndex(posts)
  await collect()
  const after = process.memoryUsage()
  console.log(
    `${folder}: ${index.size} posts (${mb(before.heapUsed)} of heap with them); the index holds ${mb(after.heapUsed - before.heapUsed)} of heap and ${mb(after.arrayBuffers - before.arrayBuffers)} of typed arrays`,
  )
  index = undefined
}

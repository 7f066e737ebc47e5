// threadComments of 10,000 posts without comments, as a blog's build threads every post's comments: the
// first round in a fresh process (cold code, as a build meets it) and the median of four more.
//
//   node bench/empty-posts.mjs [built module, default ../dist/index.js]
import { pathToFileURL } from 'node:url'

const module = process.argv[2] ? pathToFileURL(process.argv[2]).href : '../dist/index.js'
const { threadComments } = await import(module)
const round = () => {
  const started = performance.now()
  for (let i = 0; i < 10_000; i++) threadComments([], { postId: `post-${i}`, maxDepth: 4 })
  return performance.now() - started
}
const first = round()
const more = [round(), round(), round(), round()].sort((a, b) => a - b)
console.log(
  `10,000 empty lists: first ${first.toFixed(1)} ms, then median ${((more[1] + more[2]) / 2).toFixed(1)} ms`,
)

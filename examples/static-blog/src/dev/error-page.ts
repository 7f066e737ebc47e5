import { type BuildProblem, formatProblem } from './problems.js'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!)

/**
 * The page the dev server shows instead of the site while the last build failed: each problem with its
 * file, line and column, and what to do. (For the writer at work, not readers: English, like the CLI.)
 */
export function renderErrorPage(problems: readonly BuildProblem[]): string {
  const items = problems
    .map(
      (problem) => `<li>
<p class="place">${escapeHtml(problem.file ? formatProblem({ ...problem, reason: '' }).replace(/: $/, '') : 'Content folder')}</p>
<p class="reason">${escapeHtml(problem.reason)}</p>
</li>`,
    )
    .join('\n')
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
  return `<!doctype html>
<html lang="en" data-blogkit-error>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: ${escapeHtml(formatProblem(problems[0] ?? { reason: 'unknown problem' }))}</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; color: #a40000; }
ol { padding: 0; list-style: none; }
li { border-left: 4px solid #a40000; padding: 0.25rem 1rem; margin: 1rem 0; background: #fdf2f2; }
.place { font-family: ui-monospace, monospace; font-weight: 600; margin: 0; }
.reason { margin: 0.25rem 0 0; white-space: pre-wrap; }
</style>
</head>
<body>
<main>
<h1>The site was not rebuilt: ${count} to fix</h1>
<ol>
${items}
</ol>
<p>Fix the file and save it: this page reloads by itself. Until then the last good build stays on disk.</p>
</main>
</body>
</html>
`
}

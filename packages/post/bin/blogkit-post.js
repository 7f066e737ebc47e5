#!/usr/bin/env node
// The `blogkit-post` command. npm links a bin only if its file exists at install time, and dist/ is
// built after that in a clone of the repository, so this small file imports the built CLI.
try {
  await import('../dist/cli.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error
  console.error('blogkit-post: the package is not built; run `npm run build` in the repository first')
  process.exitCode = 1
}

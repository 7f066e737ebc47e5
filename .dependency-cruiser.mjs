// The package rules of blogkit (issue 16), checked by `npm run check:design` (scripts/check-design.mjs,
// part of `npm test`) with dependency-cruiser. Each rule's `comment` is what a contributor reads when an
// import breaks it, so it says what the rule is for and what to do instead.
//
// A blogkit package is matched in both forms dependency-cruiser may report it: resolved through the
// workspace link (`packages/feed/dist/index.js`, `examples/site/src/index.ts`) or, when not resolvable
// (not built yet), by the name as written (`@blogkit/feed`, `@blogkit/example-site`).

/** The other blogkit packages, seen from package `name`, except those in `allowed`. */
const otherPackages = (name, allowed = []) => {
  const keep = [name, ...allowed].join('|')
  return [`^packages/(?!(?:${keep})/)[^/]+/`, `^@blogkit/(?!(?:${keep}|example-[^/]+)(?:/|$))[^/]+`]
}

/** Whole package folders: source, tests, benches, evals and config files. */
const inPackage = (name) => `^packages/${name}/`

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-example-in-package',
      severity: 'error',
      comment:
        'A package (its source, tests or benches) never imports an example: examples are built on the ' +
        'packages, not the other way round, and a published package has no examples beside it. A test ' +
        "that needs an example's code belongs in that example's test folder.",
      from: { path: '^packages/' },
      to: { path: ['^examples/', '^@blogkit/example-'] },
    },
    {
      name: 'post-stands-alone',
      severity: 'error',
      comment:
        '@blogkit/post is at the bottom of the package graph: it imports no other blogkit package, so ' +
        'that every other package can build on it.',
      from: { path: inPackage('post') },
      to: { path: otherPackages('post') },
    },
    {
      name: 'feed-stands-alone',
      severity: 'error',
      comment:
        '@blogkit/feed imports no other blogkit package: it takes plain item objects, so any site (or ' +
        '@blogkit/comments) can use it without the rest.',
      from: { path: inPackage('feed') },
      to: { path: otherPackages('feed') },
    },
    {
      name: 'related-core-stands-alone',
      severity: 'error',
      comment:
        "@blogkit/related's core imports no other blogkit package, so that installing it does not " +
        'install the Markdown stack: it takes plain post objects. Only its CLI (src/cli.ts, src/lib/cli.ts) ' +
        'may load posts with @blogkit/post.',
      from: { path: '^packages/related/src/', pathNot: '^packages/related/src/(?:lib/)?cli\\.ts$' },
      to: { path: otherPackages('related') },
    },
    {
      name: 'related-uses-only-post',
      severity: 'error',
      comment:
        'Outside its core (the CLI, tests, benches, eval), @blogkit/related may use @blogkit/post to load ' +
        'posts, and no other blogkit package.',
      from: { path: inPackage('related') },
      to: { path: otherPackages('related', ['post']) },
    },
    {
      name: 'comments-uses-only-feed',
      severity: 'error',
      comment:
        '@blogkit/comments imports no blogkit package but @blogkit/feed (which reads the feed of a ' +
        "commenter's site for the latest post).",
      from: { path: inPackage('comments') },
      to: { path: otherPackages('comments', ['feed']) },
    },
    {
      name: 'theme-without-admin',
      severity: 'error',
      comment:
        'The theme (examples/site) is templates, styles, its catalog and composition: it never imports the ' +
        'moderation pages (examples/admin, @blogkit/example-admin), which build on it, so that the static ' +
        'blog never loads them. Put what both need in the theme (its engine-free `parts`).',
      from: { path: '^examples/site/' },
      to: { path: ['^examples/admin/', '^@blogkit/example-admin(?:/|$)'] },
    },
  ],
  options: {
    // Note: no `exclude`: a dependency on an excluded module is dropped, and then a rule could not see an
    // import of a built package (`packages/feed/dist/index.js`). The files to check are listed by
    // scripts/check-design.mjs; built and installed code is reached but not followed.
    doNotFollow: { path: ['(?:^|/)node_modules/', '^packages/[^/]+/dist/'] },
    // `import type` counts: a type-only import still needs the other package installed to typecheck.
    tsPreCompilationDeps: true,
    detectJSDocImports: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.d.ts', '.json'],
    },
  },
}

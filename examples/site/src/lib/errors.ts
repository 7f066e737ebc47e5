/**
 * A problem with the content folder (site.json, a comments file, a missing folder). `problems` holds one
 * line per problem, each starting with the file it is about (`posts/a.comments.json: …`).
 */
export class SiteError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(problems.join('\n'))
    this.name = 'SiteError'
    this.problems = problems
  }
}

// `--comments-url`: the approved comments of each post read from a comment service
// (examples/comment-service, `@blogkit/comments/http`) at build time, so that the static pages show them
// (readers without JavaScript and search engines see them) through the theme's own comment rendering.
// The reading is @blogkit/comments/client's `readServiceComments`; this file says what went wrong in the
// CLI's words (`--comments-url`, how to start the example service) and puts the comments into the site.
import {
  CommentError,
  CommentServiceError,
  serviceBase as checkedBase,
  type ReadServiceCommentsOptions,
  readServiceComments as readComments,
  type ServiceComments,
} from '@blogkit/comments/client'
import { type Site, SiteError, threadPostComments } from '@blogkit/example-site'

/** The service's address, checked (@blogkit/comments/client's rule), with a trailing slash. */
export function serviceBase(value: string): string {
  try {
    return checkedBase(value)
  } catch (error) {
    if (!(error instanceof CommentError)) throw error
    throw new SiteError([
      `--comments-url: expected the http(s) address of the comment service, such as http://127.0.0.1:3100/, got \`${value}\``,
    ])
  }
}

/** What went wrong with the service, in the CLI's words: the flag, the request, what to do. */
function cliProblem(base: string, error: CommentServiceError): string {
  const start = 'start it (npm start -w examples/comment-service) or give its address with --comments-url'
  const notService = 'is --comments-url the address of a blogkit comment service?'
  const reason = (): string => {
    switch (error.code) {
      case 'service-unreachable':
      case 'service-timeout':
        return `${error.answer}: ${start}`
      case 'service-port-refused':
        return `${error.answer.replace(/\)$/, ': run the service on another PORT)')}: ${start}`
      case 'service-refused':
        return error.serviceCode === 'invalid-url'
          ? `${error.answer}; build with the --base-url the site is published at, and add its origin to the service's ALLOWED_ORIGINS`
          : error.reason
      case 'service-status':
        return `${error.answer}: check that it runs and that --comments-url is its address`
      case 'service-not-json':
      case 'service-bad-answer':
        return `${error.answer}: ${notService}`
      default:
        return error.reason
    }
  }
  return `--comments-url ${base}: ${error.request}: ${reason()}`
}

/**
 * Read the approved comments of many pages from the comment service (@blogkit/comments/client's
 * `readServiceComments`: counts first, then the threads of the pages with comments).
 *
 * @throws {SiteError}
 *   When the service cannot be reached, refuses a page (a site origin not in its `ALLOWED_ORIGINS`) or
 *   answers something that is not its JSON: naming `--comments-url`, the request and what to do. The
 *   build stops (a site built without them would drop the comments).
 */
export async function readServiceComments(
  options: Readonly<Omit<ReadServiceCommentsOptions, 'serviceUrl'> & { serviceUrl: string }>,
): Promise<ServiceComments> {
  const base = serviceBase(options.serviceUrl)
  try {
    return await readComments({ ...options, serviceUrl: base })
  } catch (error) {
    if (error instanceof CommentServiceError) throw new SiteError([cliProblem(base, error)])
    throw error
  }
}

/**
 * Show each post's comments from the service on its page, beside those of its comments file
 * (`<slug>.comments.json`): merged by id (the service's copy wins, so comments imported into both are
 * shown once), threaded again as the theme threads. The pages that show comments (the post, its comment
 * pages and feeds, lists with counts) read them from the site model, so the build's page memo renders
 * again exactly those whose comments changed.
 * @returns How many comments came from the service, and the requests made.
 */
export async function addServiceComments(
  site: Site,
  serviceUrl: string,
): Promise<{ comments: number; posts: number; requests: number }> {
  const read = await readServiceComments({
    serviceUrl,
    pages: site.posts.map((item) => ({ id: item.id, url: item.url })),
  })
  let count = 0
  for (const item of site.posts) {
    const fromService = read.comments.get(item.id)
    if (fromService === undefined) continue
    count += fromService.filter((comment) => comment.status === 'approved').length
    const ids = new Set(fromService.map((comment) => comment.id))
    const comments = [...item.comments.filter((comment) => !ids.has(comment.id)), ...fromService]
    item.comments = comments
    item.threads = threadPostComments(site, item.id, comments)
  }
  return { comments: count, posts: read.comments.size, requests: read.requests }
}

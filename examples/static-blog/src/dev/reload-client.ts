/** Where the dev server sends its events (server-sent events). */
export const eventsPath = '/__blogkit/events'

/**
 * What the browser does (plain JavaScript, called with the page's build number, whether that build
 * failed, and the events URL): listen to the dev server's events; reload when the page it shows was
 * rebuilt, when a build failed or was fixed (the error page comes and goes), or when the server
 * restarted or built in between (a page loaded while a rebuild ran). `EventSource` reconnects by itself
 * when the server restarts.
 */
const client = `function (build, failed, url) {
  var events = new EventSource(url)
  var server
  function reload() {
    events.close()
    location.reload()
  }
  events.addEventListener('hello', function (event) {
    var state = JSON.parse(event.data)
    if ((server !== undefined && state.server !== server) || state.build !== build || state.failed !== failed) reload()
    server = state.server
  })
  events.addEventListener('build', function (event) {
    var state = JSON.parse(event.data)
    build = state.build
    var here = decodeURIComponent(location.pathname)
    if (state.failed || failed || state.changed.indexOf(here) !== -1) reload()
  })
}`

/** The script the dev server adds to each HTML page it serves (never to the files it built). */
export function reloadScript(build: number, failed: boolean): string {
  const args = [build, failed, eventsPath].map((value) => JSON.stringify(value)).join(', ')
  return `<script>(${client})(${args})</script>`
}

/** `html` with the reload script before `</body>` (or at the end when there is none). */
export function injectReloadScript(html: string, build: number, failed: boolean): string {
  const script = reloadScript(build, failed)
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at)
}

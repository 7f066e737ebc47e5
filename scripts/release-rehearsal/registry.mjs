// A throwaway npm registry for the release rehearsal: verdaccio, run in this process (so it cannot
// outlive it) on 127.0.0.1 and a free port, with its config, storage, users and log in `dir`.
// `@blogkit/*` lives only here (nothing is asked of the real registry for it, so a dependency on an
// unpublished version fails as it would for a user); every other package is proxied to `uplink`.

import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export async function startRegistry({ dir, uplink, cafile }) {
  const { runServer } = await import('verdaccio')
  const config = {
    storage: path.join(dir, 'storage'),
    auth: { htpasswd: { file: path.join(dir, 'htpasswd') } },
    uplinks: {
      npm: {
        url: uplink,
        timeout: '60s',
        maxage: '10m',
        // the CA file npm is set to use, so the proxy trusts what npm trusts
        ...(cafile ? { ca: readFileSync(cafile, 'utf8') } : {}),
      },
    },
    packages: {
      '@blogkit/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$nobody', proxy: 'npm' },
    },
    web: { enable: false },
    log: { type: 'file', path: path.join(dir, 'verdaccio.log'), format: 'json', level: 'http' },
    max_body_size: '200mb',
  }
  // YAML is a superset of JSON: verdaccio reads this as its config.yaml
  const configFile = path.join(dir, 'config.yaml')
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`)

  const server = await runServer(configFile)
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const url = `http://127.0.0.1:${server.address().port}/`
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  try {
    const token = await addUser(url)
    const npmrc = path.join(dir, 'npmrc')
    writeFileSync(npmrc, `registry=${url}\n${url.replace(/^https?:/, '')}:_authToken=${token}\n`)
    return { url, npmrc, configFile, close }
  } catch (error) {
    await close()
    throw error
  }
}

// What `npm adduser` does: one PUT creates the user and answers with a token.
async function addUser(url) {
  const name = 'rehearsal'
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      _id: `org.couchdb.user:${name}`,
      name,
      password: randomBytes(18).toString('base64url'),
      type: 'user',
      roles: [],
      date: new Date().toISOString(),
    }),
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok || typeof body.token !== 'string')
    throw new Error(
      `the local registry did not create a user: HTTP ${response.status} ${JSON.stringify(body)}`,
    )
  return body.token
}

/** The versions of `name` the registry has, and its `latest` dist-tag. */
export async function publishedVersions(url, name) {
  const response = await fetch(`${url}${name.replace('/', '%2f')}`, {
    headers: { accept: 'application/json' },
  })
  if (response.status === 404) return { versions: [], latest: undefined }
  if (!response.ok) throw new Error(`GET ${name}: HTTP ${response.status}`)
  const body = await response.json()
  return { versions: Object.keys(body.versions ?? {}), latest: body['dist-tags']?.latest }
}

// The CommentStore contract and PostgreSQL-specific tests against a real server.
// Server: BLOGKIT_TEST_DATABASE_URL (e.g. postgres://user:password@127.0.0.1:5432/db), else
// postgres://postgres@127.0.0.1:5432/postgres. The role needs CREATEDB (each run makes and drops its own
// database); without it the tests use schemas in the given database and drop them after.
// No server: the tests are skipped with a note, unless CI is set, where they fail.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { toolSkipped } from '../../../scripts/testing/tools.mjs'
import * as main from '../src/index.js'
import { CommentError, type CommentStore } from '../src/index.js'
import { magnus, rejection, testOptions } from '../src/lib/store-contract/helpers.js'
import * as postgres from '../src/postgres.js'
import { createPostgresCommentStore, type PostgresCommentStoreOptions } from '../src/postgres.js'
import { runStoreContract } from '../src/store-kit.js'

const serverUrl = process.env.BLOGKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const shownUrl = serverUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
const howTo =
  'Set BLOGKIT_TEST_DATABASE_URL to a PostgreSQL server whose role may create databases, or start a throwaway one: ' +
  '`apt-get install -y postgresql`, then `. .ci/start-postgres.sh` from the repository root (see packages/comments/README.md, "Run the tests").'

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return (error as Error).message || String(error)
  } finally {
    await client.end().catch(() => {})
  }
}

const unreachable = toolSkipped('postgresql') ? 'BLOGKIT_SKIP_TOOLS names it' : await probe()
if (unreachable !== undefined && !process.env.CI) {
  console.warn(
    `Skipping the PostgreSQL comment store tests: no server at ${shownUrl} (${unreachable}). ${howTo}`,
  )
}

// A database (or, without CREATEDB, a schema prefix) for this file; each test gets its own schema.
const runId = `${process.pid}_${Date.now().toString(36)}`
let fileUrl = serverUrl
let schemaPrefix = 't'
let ownDatabase: string | undefined

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

// WITH (FORCE) ends the test's own leftover sessions, but PostgreSQL 15 refuses it (42501, "must be a member of
// the role whose process is being terminated") when an autovacuum worker happens to be in the database: the
// worker has no role. A plain DROP DATABASE asks autovacuum workers to stop and waits up to 5 s for them.
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error
    await client.query(`DROP DATABASE IF EXISTS ${name}`)
  }
}

describe.skipIf(unreachable !== undefined && !process.env.CI)('createPostgresCommentStore', () => {
  if (unreachable !== undefined) {
    it('should reach the PostgreSQL test server (CI is set, so it must be there)', () => {
      throw new Error(`No PostgreSQL server at ${shownUrl}: ${unreachable}. ${howTo}`)
    })
    return
  }

  beforeAll(async () => {
    const name = `blogkit_comments_test_${runId}`
    try {
      await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`))
      ownDatabase = name
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      fileUrl = url.href
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error
      schemaPrefix = `blogkit_test_${runId}_`
    }
  })
  afterAll(async () => {
    if (ownDatabase !== undefined) {
      await admin(serverUrl, (c) => dropDatabase(c, ownDatabase as string))
    } else {
      await admin(serverUrl, async (c) => {
        const { rows } = await c.query('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [
          schemaPrefix,
        ])
        for (const { nspname } of rows) await c.query(`DROP SCHEMA "${nspname}" CASCADE`)
      })
    }
  })

  let schemas = 0
  const newSchema = () => `${schemaPrefix}${++schemas}`

  describe('the CommentStore contract', () => {
    runStoreContract(
      { afterEach, beforeEach, describe, expect, it },
      {
        async database() {
          const schema = newSchema()
          // Note: every store makes its own pool, as separate server processes would.
          return (options) =>
            createPostgresCommentStore({ connectionString: fileUrl, schema, maxConnections: 4, ...options })
        },
      },
    )
  })

  const stores: CommentStore[] = []
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
  })
  async function open(options: Partial<PostgresCommentStoreOptions> = {}) {
    const store = await createPostgresCommentStore({
      connectionString: fileUrl,
      maxConnections: 2,
      ...testOptions(),
      ...options,
    })
    stores.push(store)
    return store
  }

  it('should create the schema and its tables, and record the schema version', async () => {
    const schema = newSchema()
    await open({ schema })
    const tables = await admin(fileUrl, async (c) => {
      const { rows } = await c.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      )
      const version = (await c.query(`SELECT version FROM "${schema}".comments_schema`)).rows
      return { names: rows.map((r) => r.table_name), version }
    })
    expect(tables).toEqual({ names: ['comments', 'comments_schema'], version: [{ version: 4 }] })
  })

  it('should open when another program creates the same schema at the same moment', async () => {
    // A server creating its own tables in the schema while its store starts (a CI run where two server
    // instances started at once); the store's lock does not cover the other program. The other
    // program's CREATE SCHEMA is held open until the store waits on it, then committed.
    const schema = newSchema()
    const other = new pg.Client({ connectionString: fileUrl })
    await other.connect()
    try {
      await other.query('BEGIN')
      await other.query(`CREATE SCHEMA "${schema}"`)
      const opening = open({ schema })
      for (let waited = 0; ; waited += 20) {
        // Note: from another connection: pg_stat_activity stays the same within a transaction.
        const { rows } = await admin(fileUrl, (c) =>
          c.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'CREATE SCHEMA%'",
          ),
        )
        if (rows[0].n > 0) break
        if (waited > 10_000) throw new Error('the store never waited on the other CREATE SCHEMA')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await other.query('COMMIT')
      const store = await opening
      await store.add({ postId: 'p1', author: magnus, body: 'hej' })
      expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['hej'])
    } finally {
      await other.end()
    }
  })

  it('should refuse a schema from a newer version', async () => {
    const schema = newSchema()
    await (await open({ schema })).close()
    await admin(fileUrl, (c) => c.query(`UPDATE "${schema}".comments_schema SET version = 99`))
    const error = await rejection(open({ schema }))
    expect([error.code, error.field]).toEqual(['newer-schema', 'schema'])
    expect(error.message).toMatch(/schema version 99, newer than this @blogkit\/comments knows \(4\)/)
  })

  it('should migrate a version 1 schema and keep its comments', async () => {
    const schema = newSchema()
    const a = await open({ schema })
    await a.add({ postId: 'p1', author: magnus, body: 'gammal' })
    await admin(fileUrl, async (c) => {
      await c.query(`DROP INDEX "${schema}".comments_roots`)
      await c.query(`ALTER TABLE "${schema}".comments DROP COLUMN purged_at`)
      await c.query(`ALTER TABLE "${schema}".comments DROP COLUMN by_author`)
      await c.query(`UPDATE "${schema}".comments_schema SET version = 1`)
    })
    const b = await open({ schema, generateId: () => 'new' })
    expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['gammal'])
    // Version 4 added by_author: old comments are not the author's.
    expect((await b.get('c1'))?.byAuthor).toBeUndefined()
    expect((await b.threadPage({ postId: 'p1' })).comments.map((c) => c.body)).toEqual(['gammal'])
    expect((await b.purge({ id: 'c1' })).purgedAt).toBe('2021-10-30T20:01:00.000Z')
    expect(
      (await b.add({ postId: 'p1', author: magnus, body: 'ny' }, { byAuthor: true })).comment.byAuthor,
    ).toBe(true)
  })

  it('should fail a thorough check when another server migrated the schema past this version', async () => {
    const schema = newSchema()
    const store = await open({ schema })
    await admin(fileUrl, (c) => c.query(`UPDATE "${schema}".comments_schema SET version = 99`))
    await expect(store.check()).resolves.toBeUndefined()
    const error = await rejection(store.check({ thorough: true }))
    expect([error.code, error.field]).toEqual(['newer-schema', 'schema'])
  })

  it('should reject a check with the reason when the database does not answer', async () => {
    const pool = new pg.Pool({ connectionString: fileUrl, max: 1 })
    const store = await createPostgresCommentStore({ pool, schema: newSchema(), ...testOptions() })
    await pool.end()
    await expect(store.check()).rejects.toThrow(/pool/i)
    await store.close()
  })

  it('should work on a pool of yours and leave it open on close', async () => {
    const pool = new pg.Pool({ connectionString: fileUrl, max: 2 })
    try {
      const store = await createPostgresCommentStore({ pool, schema: newSchema(), ...testOptions() })
      await store.add({ postId: 'p1', author: magnus, body: 'hej' })
      expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['hej'])
      await store.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    } finally {
      await pool.end()
    }
  })

  it('should finish the adds in progress when closed', async () => {
    const schema = newSchema()
    const store = await createPostgresCommentStore({ connectionString: fileUrl, schema, ...testOptions() })
    const adding = Promise.all(
      [1, 2, 3].map((i) => store.add({ postId: 'p1', author: magnus, body: `${i}` })),
    )
    await store.close()
    await adding
    expect(await (await open({ schema })).count()).toEqual({ p1: 3 })
  })

  it('should keep dates exact to the millisecond, also far from now', async () => {
    const store = await open({ schema: newSchema() })
    const dates = ['1970-01-01T00:00:00.000Z', '2021-10-30T20:15:00.123Z', '1899-12-31T23:59:59.999Z']
    await store.import({
      format: 'blogkit-comments',
      version: 1,
      comments: dates.map((createdAt, i) => ({
        id: `d${i}`,
        postId: 'p1',
        author: { name: 'A', latestPost: { title: 'T', url: 'https://a.se/x' } },
        createdAt,
        body: 'x',
        status: 'approved',
        score: 2.5,
        parentInferred: i === 1,
      })),
    })
    const listed = await store.list({ postId: 'p1' })
    expect(listed.map((c) => c.createdAt)).toEqual([dates[2], dates[0], dates[1]])
    expect(listed[0]).toMatchObject({
      score: 2.5,
      author: { latestPost: { title: 'T', url: 'https://a.se/x' } },
    })
    expect(listed.map((c) => c.parentInferred)).toEqual([undefined, undefined, true])
  })

  it('should reject bad options with a TypeError', async () => {
    await expect(createPostgresCommentStore({})).rejects.toThrow(/connectionString.*or `pool`/)
    await expect(
      createPostgresCommentStore({ connectionString: fileUrl, pool: new pg.Pool() }),
    ).rejects.toThrow(/not both/)
    await expect(
      createPostgresCommentStore({ connectionString: fileUrl, schema: 'a"; DROP' }),
    ).rejects.toThrow(TypeError)
    await expect(
      createPostgresCommentStore({ connectionString: fileUrl, maxConnections: 0 }),
    ).rejects.toThrow(/maxConnections/)
  })

  it("should run the README's example", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### `createPostgresCommentStore(options)`'))
    const code = /```js\n([\s\S]*?)```/
      .exec(section)![1]!
      .replace(/import \{([^}]+)\} from '@blogkit\/comments\/postgres'/, 'const {$1} = postgres')
      .replace(/import \{([^}]+)\} from '@blogkit\/comments'/, 'const {$1} = main')
      .replace('process.env.DATABASE_URL', 'url')
      .replace(
        '// … the CommentStore methods, as above …',
        "await store.add({ postId: 'p', author: { name: 'A' }, body: 'hej' }); seen.push(await store.count())",
      )
    const seen: unknown[] = []
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
    await new AsyncFunction('main', 'postgres', 'url', 'seen', code)(main, postgres, fileUrl, seen)
    expect(seen).toEqual([{ p: 1 }])
    await admin(fileUrl, (c) => c.query('DROP TABLE public.comments, public.comments_schema'))
  })

  it('should say so clearly when the server cannot be reached', async () => {
    // A port nothing listens on: taken from the kernel, then closed.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo
        s.close(() => resolve(port))
      })
    })
    const error = await createPostgresCommentStore({
      connectionString: `postgres://nobody@127.0.0.1:${port}/none`,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(CommentError)
    expect((error as Error).message).toMatch(/^Could not open the PostgreSQL comment store: .*ECONNREFUSED/)
  })
})

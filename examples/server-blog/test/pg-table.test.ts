// The server's own PostgreSQL tables (change stamps, admin sessions, limit counters) when several
// server instances start at once on a new schema: `CREATE … IF NOT EXISTS` is not atomic in PostgreSQL,
// so the instance that loses the race must try again rather than exit (a CI run failed so).
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgresTable } from '../src/pg-table.js'
import { dropSchema, testPostgres } from './helpers.js'

const postgres = await testPostgres('the server blog tables on PostgreSQL')
const schemas: string[] = []

afterAll(async () => {
  if (!postgres.skip) for (const schema of schemas) await dropSchema(postgres.url, schema)
})

describe.skipIf(postgres.skip)('openPostgresTable', () => {
  it('should open the same new table from eight instances at once, every time', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = `blogkit_pg_table_${process.pid}_${Date.now()}_${round}`
      schemas.push(schema)
      const opened = await Promise.all(
        Array.from({ length: 8 }, () =>
          openPostgresTable({
            connectionString: postgres.url,
            schema,
            name: 'stamps',
            columns: 'name text PRIMARY KEY, at bigint NOT NULL',
            poolSize: 1,
          }),
        ),
      )
      try {
        expect(new Set(opened.map((o) => o.table))).toEqual(new Set([`"${schema}".stamps`]))
        const { rows } = await opened[0]!.pool.query(`SELECT count(*)::int AS n FROM "${schema}".stamps`)
        expect(rows).toEqual([{ n: 0 }])
      } finally {
        await Promise.all(opened.map((o) => o.pool.end()))
      }
    }
  })

  it('should refuse a schema name that is not a plain identifier, naming the setting', async () => {
    await expect(
      openPostgresTable({
        connectionString: postgres.url,
        schema: 'a-b',
        name: 't',
        columns: 'x int',
        poolSize: 1,
      }),
    ).rejects.toThrow(/DATABASE_SCHEMA=a-b is not a plain identifier/)
  })
})

import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, defaultDatabasePath, readConfig } from '../src/config.js'

const origins = { ALLOWED_ORIGINS: 'https://blog.example, http://localhost:8080/' }

describe('readConfig', () => {
  it('should read the defaults and the allowed origins', () => {
    const config = readConfig(origins)
    expect(config).toMatchObject({
      port: 3100,
      host: '127.0.0.1',
      databasePath: defaultDatabasePath,
      databaseUrl: undefined,
      allowedOrigins: ['https://blog.example', 'http://localhost:8080'],
      rateLimit: 10,
      holdAfter: 3,
      maxLinks: 2,
      language: 'en',
    })
    expect(
      readConfig({
        ...origins,
        DATABASE_PATH: 'x/c.db',
        PAGE_LANGUAGE: 'SV',
        RESERVED_NAMES: 'Elin Skarp, Bo Ek,',
      }),
    ).toMatchObject({
      databasePath: path.resolve('x/c.db'),
      language: 'sv',
      reservedNames: ['Elin Skarp', 'Bo Ek'],
    })
  })

  it('should stop on a wrong value with a message naming the variable', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{}, 'ALLOWED_ORIGINS', /^ALLOWED_ORIGINS is not set: give the origins/],
      [
        { ALLOWED_ORIGINS: 'https://blog.example/blog' },
        'ALLOWED_ORIGINS',
        /`https:\/\/blog\.example\/blog` is not an origin/,
      ],
      [{ ALLOWED_ORIGINS: 'blog.example' }, 'ALLOWED_ORIGINS', /`blog\.example` is not an origin/],
      [
        { ...origins, PORT: 'abc' },
        'PORT',
        /^PORT=abc is not valid: give a whole number from 0 to 65535 \(default 3100\)/,
      ],
      [{ ...origins, PORT: '70000' }, 'PORT', /^PORT=70000 is not valid/],
      [{ ...origins, DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL', /^DATABASE_URL is not a PostgreSQL URL/],
      [{ ...origins, DATABASE_SCHEMA: 'a-b' }, 'DATABASE_SCHEMA', /^DATABASE_SCHEMA=a-b is not valid/],
      [{ ...origins, ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN', /^ADMIN_TOKEN is too short/],
      [{ ...origins, RATE_LIMIT: '0' }, 'RATE_LIMIT', /^RATE_LIMIT=0 is not valid/],
      [{ ...origins, PAGE_LANGUAGE: 'de' }, 'PAGE_LANGUAGE', /^PAGE_LANGUAGE=de is not valid: use en or sv/],
      [{ ...origins, LOG: 'maybe' }, 'LOG', /^LOG=maybe is not valid: use 1 or 0/],
    ]
    for (const [env, variable, message] of cases) {
      let error: unknown
      try {
        readConfig(env)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).variable).toBe(variable)
      expect((error as ConfigError).message).toMatch(message)
    }
  })
})

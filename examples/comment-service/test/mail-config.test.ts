import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../src/config.js'

const base = { ALLOWED_ORIGINS: 'https://blog.example' }
const smtp = {
  SMTP_URL: 'smtp://user:p%40ss@mail.example:587',
  MAIL_FROM: 'Comments <comments@blog.example>',
}

describe('the mail settings', () => {
  it('should read none by default, and all of them when given', () => {
    expect(readConfig(base).mail).toEqual({
      smtpUrl: undefined,
      from: undefined,
      moderatorEmail: undefined,
      onHeldUrl: undefined,
      adminUrl: undefined,
      publicUrl: undefined,
    })
    expect(
      readConfig({
        ...base,
        ...smtp,
        MODERATOR_EMAIL: 'elin@blog.example',
        ON_HELD_URL: 'https://hooks.example/held',
        ADMIN_URL: 'https://comments.blog.example/admin',
        PUBLIC_URL: 'https://comments.blog.example',
      }).mail,
    ).toEqual({
      smtpUrl: smtp.SMTP_URL,
      from: smtp.MAIL_FROM,
      moderatorEmail: 'elin@blog.example',
      onHeldUrl: 'https://hooks.example/held',
      adminUrl: 'https://comments.blog.example/admin',
      publicUrl: 'https://comments.blog.example/',
    })
  })

  it('should stop on a wrong value with a message naming the variable, never showing the SMTP password', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { SMTP_URL: 'mail.example:587', MAIL_FROM: smtp.MAIL_FROM },
        'SMTP_URL',
        /^SMTP_URL is not valid: give smtp:\/\/user:password@host:587/,
      ],
      [
        { SMTP_URL: 'http://user:hemligt@mail.example', MAIL_FROM: smtp.MAIL_FROM },
        'SMTP_URL',
        /^SMTP_URL is not valid/,
      ],
      [{ SMTP_URL: smtp.SMTP_URL }, 'MAIL_FROM', /^MAIL_FROM is not set but SMTP_URL is: give the sender/],
      [{ ...smtp, MAIL_FROM: 'comments' }, 'MAIL_FROM', /^MAIL_FROM=comments is not valid: give an address/],
      [
        { MODERATOR_EMAIL: 'elin@blog.example' },
        'MODERATOR_EMAIL',
        /^MODERATOR_EMAIL is set but SMTP_URL is not/,
      ],
      [{ ...smtp, MODERATOR_EMAIL: 'elin' }, 'MODERATOR_EMAIL', /^MODERATOR_EMAIL=elin is not valid/],
      [
        { ON_HELD_URL: 'ftp://hooks.example' },
        'ON_HELD_URL',
        /^ON_HELD_URL=ftp:\/\/hooks\.example is not valid: give an http\(s\) URL/,
      ],
      [{ ADMIN_URL: '/admin' }, 'ADMIN_URL', /^ADMIN_URL=\/admin is not valid/],
      [
        { PUBLIC_URL: 'comments.blog.example' },
        'PUBLIC_URL',
        /^PUBLIC_URL=comments\.blog\.example is not valid/,
      ],
    ]
    for (const [env, variable, message] of cases) {
      let error: unknown
      try {
        readConfig({ ...base, ...env })
      } catch (caught) {
        error = caught
      }
      expect(error, variable).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).variable).toBe(variable)
      expect((error as ConfigError).message).toMatch(message)
      expect((error as ConfigError).message).not.toContain('hemligt')
    }
  })
})

import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'
import { problems } from './helpers.js'

async function dateOf(value: string, timeZone?: string): Promise<string> {
  const post = await parsePost(`---\ntitle: D\ndate: ${value}\n---\n`, timeZone ? { timeZone } : {})
  return post.date.toISOString()
}

describe('parsePost', () => {
  it('should read date-only values at midnight UTC by default', async () => {
    expect(await dateOf('2024-03-10')).toBe('2024-03-10T00:00:00.000Z')
    expect(await dateOf("'2018-06-28'")).toBe('2018-06-28T00:00:00.000Z')
  })

  it('should read values without an offset in `timeZone`, across daylight saving changes', async () => {
    expect(await dateOf('2024-03-10', 'America/New_York')).toBe('2024-03-10T05:00:00.000Z')
    expect(await dateOf('2024-03-11', 'America/New_York')).toBe('2024-03-11T04:00:00.000Z')
    expect(await dateOf('2021-10-30 18:45', 'Europe/Stockholm')).toBe('2021-10-30T16:45:00.000Z')
    expect(await dateOf('2021-12-30T18:45:10', 'Europe/Stockholm')).toBe('2021-12-30T17:45:10.000Z')
    expect(await dateOf('2024-06-01', 'Asia/Kolkata')).toBe('2024-05-31T18:30:00.000Z')
  })

  it('should honour explicit offsets whatever the time zone', async () => {
    expect(await dateOf('2024-03-10T12:00:00Z', 'Asia/Tokyo')).toBe('2024-03-10T12:00:00.000Z')
    expect(await dateOf('2024-03-10T12:00:00.250+02:00', 'Asia/Tokyo')).toBe('2024-03-10T10:00:00.250Z')
    expect(await dateOf('2024-03-10 12:00:00 -0500')).toBe('2024-03-10T17:00:00.000Z')
  })

  it('should read TOML offset date-times and local dates', async () => {
    const post = await parsePost(
      '+++\ntitle = "T"\ndate = 2024-03-10T12:00:00+01:00\nupdated = 2024-03-11\n+++\n',
      {
        timeZone: 'Europe/Stockholm',
      },
    )
    expect(post.date.toISOString()).toBe('2024-03-10T11:00:00.000Z')
    expect(post.updated?.toISOString()).toBe('2024-03-10T23:00:00.000Z')
  })

  it('should report impossible dates and times, and numbers', async () => {
    const parse = (date: string) =>
      problems(() => parsePost({ path: 'p.md', value: `---\ntitle: D\ndate: ${date}\n---\n` }))
    expect(await parse('2023-13-01')).toEqual([
      'p.md:3:7: date: "2023-13-01" is not a real date or time (check the month, day and hour)',
    ])
    expect(await parse('2024-01-01T25:00')).toEqual([
      'p.md:3:7: date: "2024-01-01T25:00" is not a real date or time (check the month, day and hour)',
    ])
    expect(await parse('20240101')).toEqual([
      'p.md:3:7: date: expected a date (YYYY-MM-DD or ISO 8601), got a number `20240101`; quote it or write it as YYYY-MM-DD',
    ])
  })

  it('should report an impossible date in a Jekyll-style file name', async () => {
    expect(
      await problems(() => parsePost({ path: '2023-02-30-hello.md', value: '---\ntitle: Hi\n---\n' })),
    ).toEqual([
      '2023-02-30-hello.md:1:1: the file name starts with 2023-02-30, which is not a real date or time (check the month, day and hour)',
    ])
  })
})

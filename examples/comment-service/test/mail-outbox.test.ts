import { describe, expect, it } from 'vitest'
import { createOutbox } from '../src/mail/outbox.js'

describe('the mail log', () => {
  it('should leave addresses out of a failure it logs', async () => {
    const lines: string[] = []
    const outbox = createOutbox({ log: (line) => lines.push(line), retryDelays: [] })
    outbox.send('reply mail for comment c1', async () => {
      throw new Error(
        "Can't send mail - all recipients were rejected: 550 5.1.1 <maria@example.se>: no such user",
      )
    })
    await outbox.idle()
    expect(lines).toEqual([
      "mail: reply mail for comment c1 was not sent after 1 attempt: Can't send mail - all recipients were rejected: 550 5.1.1 <<address>>: no such user",
    ])
  })
})

// Sending that may fail (an SMTP server or a webhook that does not answer) without holding up the reader: each
// job runs at once and, when it fails, again after each delay; every failure is logged with what was not
// sent, and the last one says it was given up, so nothing is lost silently.

/** Runs jobs in the background and retries them. */
export interface Outbox {
  /** Run `job` now and retry it on failure; `what` names it in the log (never an address). */
  send(what: string, job: () => Promise<void>): void
  /** Resolves when no job is running or waiting (for tests and shutdown). */
  idle(): Promise<void>
  /** Stop retrying: jobs still waiting are logged as not sent. */
  close(): Promise<void>
}

/** Options of `createOutbox`. */
export interface OutboxOptions {
  /** Waits before the second, third, … attempt, in milliseconds. @default [10 s, 1 min, 5 min] */
  retryDelays?: readonly number[]
  /** Where failures go (one line each). */
  log: (line: string) => void
}

/** The error's message on one line, with any e-mail address in it (an SMTP server's refusal names it) left out. */
export const reason = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .replace(/[^\s<>@"',;:()]+@[^\s<>@"',;:()]+/g, '<address>')
    .replace(/\s+/g, ' ')
    .slice(0, 300)

export function createOutbox(options: OutboxOptions): Outbox {
  const delays = options.retryDelays ?? [10_000, 60_000, 300_000]
  const waiting = new Map<ReturnType<typeof setTimeout>, string>()
  const running = new Set<Promise<void>>()
  let idleWaiters: (() => void)[] = []
  let closed = false
  const settle = () => {
    if (running.size > 0 || waiting.size > 0) return
    for (const resolve of idleWaiters.splice(0)) resolve()
  }
  const attempt = (what: string, job: () => Promise<void>, tried: number) => {
    const run = (async () => {
      try {
        await job()
      } catch (error) {
        const delay = delays[tried - 1]
        if (delay === undefined || closed) {
          options.log(
            `mail: ${what} was not sent after ${tried} attempt${tried === 1 ? '' : 's'}: ${reason(error)}`,
          )
          return
        }
        options.log(
          `mail: ${what} failed (attempt ${tried} of ${delays.length + 1}): ${reason(error)}; trying again in ${Math.round(delay / 1000)} s`,
        )
        const timer = setTimeout(() => {
          waiting.delete(timer)
          attempt(what, job, tried + 1)
        }, delay)
        timer.unref()
        waiting.set(timer, what)
      }
    })()
    running.add(run)
    void run.finally(() => {
      running.delete(run)
      settle()
    })
  }
  return {
    send(what, job) {
      if (closed) {
        options.log(`mail: ${what} was not sent: the service is stopping`)
        return
      }
      attempt(what, job, 1)
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve)
        settle()
      })
    },
    async close() {
      closed = true
      for (const [timer, what] of waiting) {
        clearTimeout(timer)
        options.log(`mail: ${what} was not sent: the service stopped before trying again`)
      }
      waiting.clear()
      await Promise.allSettled([...running])
      settle()
      idleWaiters = []
    },
  }
}

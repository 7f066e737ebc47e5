import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventsPath } from '../src/dev/reload-client.js'
import { type DevServer, startDevServer } from '../src/dev/server.js'
import { devOptions, exampleWork } from './dev-work.js'

interface BuildEvent {
  build: number
  failed: boolean
  changed: string[]
}

// What the browsers hear after a post is saved: its page as soon as it is written, then the rest.
describe('the dev server’s events', { timeout: 120_000 }, () => {
  const work = exampleWork('dev-events')
  let dev: DevServer
  let events: ReadableStreamDefaultReader<string>
  let buffer = ''

  /** The next server-sent event. */
  async function next(): Promise<{ event: string; data: BuildEvent }> {
    while (!buffer.includes('\n\n')) {
      const { value, done } = await events.read()
      if (done) throw new Error('the event stream ended')
      buffer += value
    }
    const end = buffer.indexOf('\n\n')
    const message = buffer.slice(0, end)
    buffer = buffer.slice(end + 2)
    const field = (name: string) =>
      /^(\w+): (.*)$/m.exec(message.split('\n').find((line) => line.startsWith(`${name}:`)) ?? '')?.[2]
    return { event: field('event') ?? '', data: JSON.parse(field('data') ?? 'null') as BuildEvent }
  }

  beforeAll(async () => {
    dev = await startDevServer(devOptions(work.dir))
    const response = await fetch(new URL(eventsPath, dev.url))
    events = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    expect((await next()).event).toBe('hello')
  })
  afterAll(async () => {
    await events?.cancel()
    await dev?.close()
  })

  it('should send the saved post’s page before the rest of the rebuild, then the rest without it', async () => {
    const post = 'ai-and-the-communicator'
    await appendFile(path.join(work.dir, 'content/posts', `${post}.md`), '\n\nA paragraph sent first.\n')
    const first = await next()
    expect(first.event).toBe('build')
    expect(first.data).toEqual({ build: 2, failed: false, changed: [`/posts/${post}/`] })
    const rest = await next()
    expect(rest.event).toBe('build')
    expect(rest.data.build).toBe(2)
    expect(rest.data.changed).toContain('/feed.xml')
    expect(rest.data.changed).not.toContain(`/posts/${post}/`)
  })
})

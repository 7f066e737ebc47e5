/** Options of `createRebuildQueue`. */
export interface RebuildQueueOptions {
  /** Rebuild with the paths changed since the last one (absolute). Never called twice at once. */
  rebuild: (changed: ReadonlySet<string>) => Promise<void>
  /**
   * Milliseconds without a new change before the rebuild starts: an editor's save is often several
   * events (write, rename, chmod), and "save all" several files (within a few ms of each other). @default 10
   */
  debounce?: number | undefined
}

/** What `createRebuildQueue` returns. */
export interface RebuildQueue {
  /** A file changed: a rebuild follows once changes stop for `debounce` ms. */
  changed(file: string): void
  /** Resolves when no change is waiting and no rebuild is running. */
  idle(): Promise<void>
  /** Forget waiting changes; a rebuild running finishes. */
  close(): Promise<void>
}

/**
 * Coalesce file changes into rebuilds: changes in quick succession make one rebuild, changes during a
 * rebuild make one more after it (with all of them), and rebuilds never overlap.
 */
export function createRebuildQueue(options: Readonly<RebuildQueueOptions>): RebuildQueue {
  const debounce = options.debounce ?? 10
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let closed = false
  const waiters: Array<() => void> = []

  const settle = () => {
    if (timer === undefined && running === undefined && pending.size === 0)
      for (const resolve of waiters.splice(0)) resolve()
  }
  const start = () => {
    timer = undefined
    if (running || closed) return settle()
    const batch = pending
    pending = new Set()
    running = options
      .rebuild(batch)
      .catch(() => undefined)
      .finally(() => {
        running = undefined
        // Note: what changed during the rebuild is built now (its debounce time has passed already).
        if (pending.size > 0 && !closed && timer === undefined) start()
        else settle()
      })
  }
  return {
    changed(file) {
      if (closed) return
      pending.add(file)
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(start, debounce)
    },
    idle() {
      return new Promise((resolve) => {
        waiters.push(resolve)
        settle()
      })
    },
    async close() {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      pending.clear()
      await running
      settle()
    },
  }
}

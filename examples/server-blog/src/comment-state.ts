import type { Comment, CommentStore } from '@blogkit/comments'
import { type Site, type SitePost, threadPostComments } from '@blogkit/example-site'
import type { ChangeStamp, ChangeStamps } from './changes.js'

/**
 * How long kept pages may lag behind changes this server did not make or hear of (a script writing to
 * the database) when the store cannot tell them (`externalVersion`: PostgreSQL): every post is read again
 * at most this long after the last full read.
 */
export const pageCacheMs = 2000

/** The comments the server shows, read from the store and kept in step with changes. */
export interface CommentState {
  /** A post's approved comments, read from the store (at most one read per post and version at a time). */
  refresh(item: SitePost): Promise<Comment[]>
  /** Read again every post whose comments changed (before a list or feed shows comment counts). */
  refreshDirty(): Promise<void>
  /** After a change made here: record it for the other instances, then drop what this one kept. */
  markChanged(postId: string): Promise<void>
  /** Before serving a post's page or feed: act on changes recorded by other instances. */
  syncPost(postId: string): Promise<void>
  /** A post's comment version: goes up with every change. */
  versionOf(slug: string): number
  /**
   * Whether writes to the database by others (a script, another process) are seen at once (the store has
   * `externalVersion`); else kept pages are made again `pageCacheMs` after they were made.
   */
  tellsExternalWrites: boolean
  /** When this server last changed a post's comments, or any post's without `postId` (ms; 0 never). */
  changedAt(postId?: string): number | undefined
  /** Call `listener` with the post id whenever a post's comments change. */
  onChange(listener: (postId: string) => void): void
}

/**
 * Keep the site's approved comments (`item.comments`, `item.threads`: comment counts on lists, comment
 * feeds, "@Name:" replies) in step with `store` and `changes`. Post pages read their page of threads
 * from the store (`threadPage`) instead.
 */
export function createCommentState(options: {
  site: Site
  store: CommentStore
  changes?: ChangeStamps | undefined
}): CommentState {
  const { site, store, changes } = options
  // Each post's comment version goes up with every change made here; work started on an older version
  // is never handed to a request that came after the change.
  const versions = new Map<string, number>()
  const versionOf = (slug: string) => versions.get(slug) ?? 0
  const listeners: Array<(postId: string) => void> = []

  // Comment counts on lists and feeds come from `item.threads`; posts whose comments changed are read
  // again before such a page is rendered.
  const dirty = new Set<string>(site.posts.map((item) => item.id))
  const reading = new Map<string, { version: number; comments: Promise<Comment[]> }>()
  const applied = new Map<string, number>()
  const readComments = async (item: SitePost, version: number): Promise<Comment[]> => {
    const slug = item.id
    const previous = new Map(item.comments.map((comment) => [comment.id, comment]))
    // Note: the theme keeps each comment's rendered Markdown per comment object; unchanged comments keep
    // their object, so a page view renders only new or edited comments.
    // Note: approved comments only: pending and spam are read by the admin pages alone.
    const comments = (await store.list({ postId: slug })).map((comment) => {
      const old = previous.get(comment.id)
      return old &&
        old.status === comment.status &&
        old.body === comment.body &&
        old.parentId === comment.parentId
        ? old
        : comment
    })
    if (version >= (applied.get(slug) ?? -1)) {
      applied.set(slug, version)
      item.comments = comments
      item.threads = threadPostComments(site, slug, comments)
    }
    return comments
  }
  const refresh = (item: SitePost): Promise<Comment[]> => {
    const slug = item.id
    const version = versionOf(slug)
    const running = reading.get(slug)
    if (running && running.version === version) return running.comments
    dirty.delete(slug)
    const comments = readComments(item, version)
    reading.set(slug, { version, comments })
    const done = () => {
      if (reading.get(slug)?.comments === comments) reading.delete(slug)
    }
    comments.then(done, done)
    return comments
  }
  // Note: comments may also change through another process (a script, or another server instance
  // without shared change stamps). A store that tells such writes (`externalVersion`, SQLite's
  // `PRAGMA data_version`) is asked before each page: any write elsewhere drops everything kept, at once.
  // Otherwise every post is read again at most `pageCacheMs` after the last full read.
  let lastFullRead = performance.now()
  const refreshDirty = async () => {
    await syncAll()
    if (!tellsExternalWrites && performance.now() - lastFullRead > pageCacheMs) {
      for (const item of site.posts) dirty.add(item.id)
      lastFullRead = performance.now()
    }
    for (const slug of [...dirty]) {
      const item = site.bySlug.get(slug)
      if (item) await refresh(item)
      else dirty.delete(slug)
    }
  }
  // When this server last changed a post's comments (ms): a moderator approving an older comment
  // changes the comment feed without a newer comment date, and Last-Modified must still move.
  const changedAt = new Map<string, number>()
  let anyChangedAt = 0
  const invalidate = (postId: string, at: number) => {
    changedAt.set(postId, Math.max(changedAt.get(postId) ?? 0, at))
    anyChangedAt = Math.max(anyChangedAt, at)
    versions.set(postId, versionOf(postId) + 1)
    dirty.add(postId)
    for (const listener of listeners) listener(postId)
  }
  // The stamp versions this instance has acted on, per post.
  const seen = new Map<string, number>()
  const apply = (postId: string, stamp: ChangeStamp | undefined) => {
    if (stamp === undefined || stamp.version <= (seen.get(postId) ?? 0)) return
    seen.set(postId, stamp.version)
    invalidate(postId, stamp.changedAt)
  }
  const stampError = (error: unknown): undefined => {
    // Note: the comment itself is stored (or the read goes on): other instances show the change within
    // `pageCacheMs` instead of at once.
    console.error(`change stamps: ${(error as Error)?.message ?? String(error)}`)
  }
  const markChanged = async (postId: string): Promise<void> => {
    if (changes === undefined) return invalidate(postId, Date.now())
    // Note: the stamp is written before this instance drops its copy, so a read started after that
    // also sees every change another instance recorded before this one.
    const stamp = await changes.changed(postId).catch(stampError)
    invalidate(postId, stamp?.changedAt ?? Date.now())
    if (stamp) seen.set(postId, stamp.version)
  }
  const tellsExternalWrites = store.externalVersion !== undefined
  let externalVersion: number | undefined
  const syncExternal = async (): Promise<void> => {
    if (!store.externalVersion) return
    const version = await store.externalVersion().catch(versionError)
    if (version === undefined) return
    const changed = externalVersion !== undefined && version !== externalVersion
    externalVersion = version
    // Note: which post changed is not known: every post's kept pages and comments go.
    if (changed) for (const item of site.posts) invalidate(item.id, Date.now())
  }
  const versionError = (error: unknown): undefined => {
    // Note: the page is still served from what is kept; the store's own error shows on the next read.
    console.error(`external changes: ${(error as Error)?.message ?? String(error)}`)
  }
  const syncPost = async (postId: string): Promise<void> => {
    await syncExternal()
    if (changes) apply(postId, await changes.read(postId).catch(stampError))
  }
  const syncAll = async (): Promise<void> => {
    await syncExternal()
    if (!changes) return
    const stamps = await changes.readAll().catch(stampError)
    for (const [postId, stamp] of stamps ?? []) apply(postId, stamp)
  }
  return {
    refresh,
    refreshDirty,
    markChanged,
    syncPost,
    versionOf,
    tellsExternalWrites,
    changedAt: (postId) => (postId === undefined ? anyChangedAt : changedAt.get(postId)),
    onChange: (listener) => listeners.push(listener),
  }
}

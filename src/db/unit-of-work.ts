import type { Db, PrismaClient } from './client.js'

// The one door every write goes through. A unit of work opens the write transaction,
// hands the writer a change log, and just before commit stores what changed as
// OutboxEvent rows in that same transaction: a change that rolls back leaves no event,
// and a committed one always has its event, even if the process dies a moment later.
// After commit, in-process listeners (the response cache, re-analysis) hear the same
// changes; other processes and webhook receivers read the outbox.

export type Resource = 'article' | 'image' | 'entity' | 'relation' | 'mention' | 'quote' | 'comment' | 'like' | 'token' | 'privacy' | 'author' | 'section' | 'tag' | 'webhook'

export interface Change {
  resource: Resource
  /** The changed resource's id (its slug where it has one). */
  id: string
  /** created, updated, published, unpublished, deleted, approved, spam, ...: the event type is `${resource}.${event}`. */
  event: string
  /** The resource's public shape at commit, if the consumers need it (never an email, IP hash or token secret). */
  data?: unknown
}

/** What one unit of work changed, in order. */
export class ChangeLog {
  readonly #changes: Change[] = []

  record (change: Change): void {
    this.#changes.push(change)
  }

  get changes (): readonly Change[] {
    return this.#changes
  }
}

export type CommitListener = (changes: readonly Change[]) => void
/** Runs inside the unit's transaction, after its outbox rows: what it does commits or rolls back with the writes. */
export type BeforeCommitHook = (tx: Db, changes: readonly Change[]) => Promise<void>

/**
 * Options for a write's interactive transaction. SQLite runs one writer at a time,
 * so a write may wait for another: Prisma's defaults (2 s to start, 5 s to run)
 * would turn a brief queue of editors into errors.
 */
export const writeTransaction = { maxWait: 15_000, timeout: 30_000 }

export type Work<T> = (tx: Db, changes: ChangeLog) => Promise<T>

export class UnitOfWork {
  readonly #listeners = new Set<CommitListener>()
  readonly #beforeCommit = new Set<BeforeCommitHook>()
  readonly #rollbackListeners = new Set<() => void>()

  constructor (private readonly prisma: PrismaClient) {}

  /**
   * Runs `work` in one write transaction and commits it with its outbox rows. No
   * network call belongs inside `work`: it holds the write lock (all of SQLite's).
   */
  async run<T> (work: Work<T>, options: { timeout?: number, maxWait?: number } = {}): Promise<T> {
    const changes = new ChangeLog()
    const result = await this.#transaction(changes, async tx => {
      const value = await work(tx, changes)
      if (changes.changes.length > 0) {
        await tx.outboxEvent.createMany({
          data: changes.changes.map(change => ({
            resource: change.resource,
            resourceId: change.id,
            event: change.event,
            data: change.data === undefined ? null : JSON.stringify(change.data)
          }))
        })
        for (const hook of this.#beforeCommit) await hook(tx, changes.changes)
      }
      return value
    }, options)
    if (changes.changes.length > 0) this.#notify(changes.changes)
    return result
  }

  async #transaction<T> (changes: ChangeLog, work: (tx: Db) => Promise<T>, options: { timeout?: number, maxWait?: number }): Promise<T> {
    try {
      return await this.prisma.$transaction(work, { ...writeTransaction, ...options })
    } catch (error) {
      // A long unit (an import) yields between records; on SQLite's one connection a
      // read in between sees its uncommitted rows, so whoever kept such a read must drop it.
      if (changes.changes.length > 0) for (const listener of this.#rollbackListeners) listener()
      throw error
    }
  }

  /** Calls `listener` when a unit that had recorded changes rolls back. Returns a function that stops it. */
  onRollback (listener: () => void): () => void {
    this.#rollbackListeners.add(listener)
    return () => { this.#rollbackListeners.delete(listener) }
  }

  /** Calls `listener` with each committed unit's changes, in this process. Returns a function that stops it. */
  onCommit (listener: CommitListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Calls `hook` inside each unit's transaction that changed something, just before it commits (PostgreSQL's NOTIFY, say). Returns a function that stops it. */
  beforeCommit (hook: BeforeCommitHook): () => void {
    this.#beforeCommit.add(hook)
    return () => { this.#beforeCommit.delete(hook) }
  }

  #notify (changes: readonly Change[]): void {
    for (const listener of this.#listeners) {
      // A listener's failure is its own: the write has committed and stays a success.
      try { listener(changes) } catch { /* listeners log their own errors */ }
    }
  }
}

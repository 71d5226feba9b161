import type { Redis } from 'ioredis'

// The comment flood window across processes: a commenter (by IP hash and by a keyed
// hash of the email) claims a Redis key that lives for the window. SET NX is atomic,
// so two comments sent at the same moment to two processes cannot both get through,
// which the database check alone (read, then write) cannot promise.

export interface FloodWindow {
  /** Claims each key for `windowMs`; answers how many ms to wait if one was already claimed, else 0. */
  claim (keys: string[], windowMs: number): Promise<number>
}

export class RedisFloodWindow implements FloodWindow {
  constructor (private readonly redis: Redis, private readonly onError: (error: unknown) => void) {}

  async claim (keys: string[], windowMs: number): Promise<number> {
    try {
      for (const key of keys) {
        const name = `dateline-flood:${key}`
        if (await this.redis.set(name, '1', 'PX', windowMs, 'NX') === null) {
          return Math.max(1, await this.redis.pttl(name))
        }
      }
      return 0
    } catch (error) {
      // Redis down: the database check still holds the window, per process.
      this.onError(error)
      return 0
    }
  }
}

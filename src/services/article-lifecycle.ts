import type { ChangeLog } from '../db/unit-of-work.js'
import { ProblemError, validationType, type FieldError } from '../errors.js'
import type { BundleArticle } from '../schemas/bundle.js'
import type { Change } from './articles.js'

// An article's status transitions and the lifecycle events they make, side by side,
// so "what may happen to an article" and "what the outbox says happened" cannot drift.

export type Status = BundleArticle['status']

/** Where each status may go. A new article may start in any status (imports of old content). */
export const transitions: Record<Status, Status[]> = {
  draft: ['scheduled', 'published', 'archived'],
  scheduled: ['draft', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft', 'published']
}

export function failIfAny (errors: FieldError[]): void {
  if (errors.length === 0) return
  throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer} ${e.message}`).join('; '), { type: validationType, errors })
}

export interface Stored { status: string, publishedAt: Date | null }

/**
 * Checks a change of status and publish time, and fills in publishedAt for an
 * article published without one. Returns the publishedAt to store.
 */
export function settle (current: Stored | null, next: { status: Status, publishedAt: string | null }, now = new Date()): string | null {
  const errors: FieldError[] = []
  const statusChanged = current === null || current.status !== next.status
  const timeChanged = current === null || (current.publishedAt?.toISOString() ?? null) !== (next.publishedAt ? new Date(next.publishedAt).toISOString() : null)
  if (current && statusChanged && !(transitions[current.status as Status] ?? []).includes(next.status)) {
    errors.push({ in: 'body', pointer: '/status', message: `cannot go from ${current.status} to ${next.status}; from ${current.status} it may go to: ${transitions[current.status as Status].join(', ')}` })
  }
  let publishedAt = next.publishedAt
  if (next.status === 'scheduled') {
    if (!publishedAt) errors.push({ in: 'body', pointer: '/publishedAt', message: 'is required when status is scheduled' })
    else if ((statusChanged || timeChanged) && new Date(publishedAt) <= now) errors.push({ in: 'body', pointer: '/publishedAt', message: 'must be in the future for a scheduled article (or use status published)' })
  }
  if (next.status === 'published') {
    // Without a time, publishing keeps the time it first went public (so PUTting the
    // same published article again changes nothing), or else publishes now.
    if (!publishedAt) publishedAt = (current?.publishedAt && current.publishedAt <= now ? current.publishedAt : now).toISOString()
    else if ((statusChanged || timeChanged) && new Date(publishedAt) > now) errors.push({ in: 'body', pointer: '/publishedAt', message: 'is in the future: use status scheduled to publish later' })
  }
  failIfAny(errors)
  return publishedAt
}

const live = (article: { status: string } | null) => article?.status === 'published'

/**
 * The events one article write makes: created (and published, when it starts
 * public), published or unpublished when it crosses into or out of public view,
 * updated for any other change, deleted when it goes. Nothing when nothing changed.
 */
export function articleLifecycleEvents (before: { status: string } | null, after: { status: string } | null, change: Change | 'deleted' = 'updated'): string[] {
  if (change === 'unchanged') return []
  if (after === null) return before === null ? [] : ['deleted']
  if (before === null || change === 'created') return live(after) ? ['created', 'published'] : ['created']
  if (live(before) !== live(after)) return [live(after) ? 'published' : 'unpublished']
  return ['updated']
}

/** Records an article write's lifecycle events in the unit of work's change log. */
export function recordArticle (changes: ChangeLog, slug: string, before: { status: string } | null, after: { status: string } | null, change: Change | 'deleted', data: unknown): void {
  for (const event of articleLifecycleEvents(before, after, change)) changes.record({ resource: 'article', id: slug, event, data })
}

// The event types a webhook can subscribe to: `${resource}.${event}` as the unit of
// work records them. webhook.* changes (subscriptions themselves) are recorded in the
// outbox too, but never delivered: a receiver learns about content, not about who
// else listens.

const eventsByResource = {
  article: ['created', 'updated', 'published', 'unpublished', 'deleted'],
  image: ['created', 'updated', 'deleted'],
  entity: ['created', 'updated', 'deleted'],
  relation: ['created', 'updated', 'deleted'],
  mention: ['created', 'updated', 'deleted'],
  quote: ['created', 'updated', 'deleted'],
  comment: ['created', 'approved', 'spam', 'deleted'],
  like: ['created'],
  author: ['created', 'updated', 'deleted'],
  section: ['created', 'updated', 'deleted'],
  tag: ['updated']
} as const

export const eventTypes: readonly string[] = Object.entries(eventsByResource).flatMap(([resource, events]) => events.map(event => `${resource}.${event}`))

/** `*`, `article.*` or an exact type. */
export const eventPattern = '^(\\*|[a-z]+\\.(\\*|[a-z_]+))$'

const resources = new Set(Object.keys(eventsByResource))

/** The first pattern that names no known event type, or undefined when all do. */
export function unknownPattern (patterns: readonly string[]): string | undefined {
  return patterns.find(pattern => {
    if (pattern === '*') return false
    const [resource, event] = pattern.split('.')
    if (event === '*') return !resources.has(resource)
    return !eventTypes.includes(pattern)
  })
}

export function deliverable (type: string): boolean {
  return !type.startsWith('webhook.')
}

/** Whether a subscription to `patterns` receives events of `type`. */
export function matches (patterns: readonly string[], type: string): boolean {
  if (!deliverable(type)) return false
  const resource = type.slice(0, type.indexOf('.'))
  return patterns.some(pattern => pattern === '*' || pattern === type || pattern === `${resource}.*`)
}

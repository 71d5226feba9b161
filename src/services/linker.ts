import { escapeRegExp, fold } from './text.js'

// Finds where known entities are named in an article: by name and aliases, whole
// words only, case- and diacritics-insensitive ("Erdogan" finds "Erdoğan"), curly or
// straight apostrophes alike, and the longest name wins where names overlap
// ("Syrian government troops" is the group, not the demonym "Syrian").

export interface Nameable { id: string, name: string, aliases: string[] }
export interface Offset { field: string, start: number, end: number }
export interface FoundMention { entityId: string, count: number, offsets: Offset[] }

interface Pattern { folded: string, entityId: string, caseSensitive: boolean }

/** A short all-capital alias ("UN", "EU") must match its case, so "un" in a sentence does not. */
function isAcronym (name: string): boolean {
  return name.length <= 4 && name === name.toUpperCase() && /\p{Lu}/u.test(name)
}

export class Linker {
  readonly #insensitive: RegExp | null
  readonly #sensitive: RegExp | null
  readonly #owner = new Map<string, string>()

  constructor (entities: Nameable[]) {
    const patterns: Pattern[] = []
    for (const entity of entities) {
      for (const name of new Set([entity.name, ...entity.aliases])) {
        const trimmed = name.trim()
        if (trimmed.length < 2) continue
        const caseSensitive = isAcronym(trimmed)
        patterns.push({ folded: fold(trimmed, caseSensitive), entityId: entity.id, caseSensitive })
      }
    }
    // Longest first: a regex alternation takes the first alternative that matches.
    patterns.sort((a, b) => b.folded.length - a.folded.length || a.folded.localeCompare(b.folded))
    const build = (list: Pattern[]) => list.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(p => escapeRegExp(p.folded)).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
    for (const p of patterns) {
      const key = (p.caseSensitive ? 'S:' : 'I:') + p.folded
      if (!this.#owner.has(key)) this.#owner.set(key, p.entityId)
    }
    this.#insensitive = build(patterns.filter(p => !p.caseSensitive))
    this.#sensitive = build(patterns.filter(p => p.caseSensitive))
  }

  /** Mentions in the given fields ({ title, body, ... }), one per entity, offsets in document order. */
  find (fields: Record<string, string | null | undefined>): FoundMention[] {
    const found = new Map<string, FoundMention>()
    for (const [field, text] of Object.entries(fields)) {
      if (!text) continue
      const spans = [
        ...this.#scan(this.#insensitive, fold(text), 'I:'),
        ...this.#scan(this.#sensitive, fold(text, true), 'S:')
      ].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start))
      let lastEnd = -1
      for (const span of spans) {
        if (span.start < lastEnd) continue // overlapped by a longer, earlier match
        lastEnd = span.end
        const mention = found.get(span.entityId) ?? { entityId: span.entityId, count: 0, offsets: [] }
        mention.count++
        mention.offsets.push({ field, start: span.start, end: span.end })
        found.set(span.entityId, mention)
      }
    }
    return [...found.values()]
  }

  * #scan (regex: RegExp | null, folded: string, prefix: string) {
    if (!regex) return
    for (const match of folded.matchAll(regex)) {
      const entityId = this.#owner.get(prefix + match[0])
      if (entityId) yield { entityId, start: match.index, end: match.index + match[0].length }
    }
  }
}

import { titles, type Offset } from './linker.js'
import { fold } from './text.js'

// Suggests entities the registry lacks: capitalised names that recur in an article
// ("Lavrov" twice), or that name a thing by a generic head noun ("Astana process").
// Suggestions only: nothing is created from them.

export interface Candidate {
  name: string
  count: number
  offsets: Offset[]
  /** Named as the speaker of a quote (kept on the quote by name). */
  speaker?: boolean
  /** The role the text gives them ("Kremlin spokesman"). */
  role?: string
}

/** Lowercase nouns that make the capitalised words before them a name ("Astana process", "Sochi agreement"). */
const headNouns = ['process', 'talks', 'summit', 'agreement', 'accord', 'accords', 'deal', 'format', 'initiative', 'plan', 'memorandum', 'declaration', 'conference', 'province', 'governorate', 'front', 'brigade', 'brigades', 'movement', 'council', 'committee']

/** Capitalised words that start sentences or stand before names without being names. */
const stopWords = new Set([
  'a', 'an', 'the', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'my', 'your', 'this', 'that',
  'these', 'those', 'there', 'here', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'without', 'to', 'of', 'and', 'but', 'or', 'nor',
  'so', 'yet', 'if', 'when', 'while', 'as', 'after', 'before', 'despite', 'although', 'though', 'since', 'until', 'all', 'both',
  'some', 'many', 'most', 'more', 'few', 'no', 'not', 'one', 'two', 'three', 'four', 'five', 'also', 'however', 'meanwhile',
  'then', 'now', 'today', 'yesterday', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'what', 'who', 'why', 'how', 'where', 'which', 'our', 'us', 'me', 'him', 'them', 'was', 'is', 'are', 'be', 'do', 'does', 'did',
  'according', 'under', 'over', 'about', 'because', 'other', 'such', 'each', 'every', 'any', 'only', 'even', 'still', 'just',
  'special', 'foreign', 'deputy', 'vice', 'state', 'minister', 'reporters', 'officials', 'sources'
])
const titleWords = new Set(titles.flatMap(t => fold(t).replace(/\./g, '').split(/[\s-]+/)))
const isStop = (word: string) => stopWords.has(fold(word).replace(/[’']s$/, '')) || titleWords.has(fold(word).replace(/\./g, ''))

const connector = String.raw`(?:of|the|de|del|da|al|bin|ibn|van|von|la|le)`
const capWord = String.raw`(?:(?:al|el|ad|as|ash|at|ar)[-‐‑])?\p{Lu}[\p{L}\p{M}'’-]*`
const namePattern = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${capWord}(?:[ \t]+(?:${connector}[ \t]+)?${capWord})*(?:[ \t]+(?:${headNouns.join('|')}))?(?![\p{L}\p{N}])`,
  'gu'
)

/**
 * Capitalised names in the fields that no known mention covers. `covered` holds the
 * linker's offsets, so a name the registry knows is never suggested.
 */
export function findCandidates (fields: Record<string, string | null | undefined>, covered: Offset[]): Candidate[] {
  const byName = new Map<string, Candidate>()
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue
    const taken = covered.filter(o => o.field === field)
    for (const match of text.matchAll(namePattern)) {
      for (const piece of uncovered(match.index, match[0], taken)) {
        const name = trimName(piece.text)
        if (!name) continue
        const at = piece.text.indexOf(name)
        if (at < 0) continue
        const start = piece.start + at
        const key = fold(name).replace(/[’']s$/, '')
        const candidate = byName.get(key) ?? { name: name.replace(/[’']s$/, ''), count: 0, offsets: [] }
        candidate.count++
        candidate.offsets.push({ field, start, end: start + name.length })
        byName.set(key, candidate)
      }
    }
  }
  return [...byName.values()]
    .filter(c => c.count >= 2 || headNouns.some(n => fold(c.name).endsWith(` ${n}`)))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}

/** The parts of a matched run that no known mention covers. */
function uncovered (start: number, text: string, taken: Offset[]): Array<{ start: number, text: string }> {
  const pieces: Array<{ start: number, text: string }> = []
  let cursor = start
  const end = start + text.length
  for (const o of taken.filter(o => o.end > start && o.start < end).sort((a, b) => a.start - b.start)) {
    if (o.start > cursor) pieces.push({ start: cursor, text: text.slice(cursor - start, o.start - start) })
    cursor = Math.max(cursor, o.end)
  }
  if (cursor < end) pieces.push({ start: cursor, text: text.slice(cursor - start) })
  return pieces
}

/** Drops leading and trailing stop and title words and dangling connectors; null when nothing of a name is left. */
function trimName (text: string): string | null {
  const words = text.trim().split(/[ \t]+/).filter(Boolean)
  while (words.length > 0 && (isStop(words[0]) || !/^(?:(?:al|el|ad|as|ash|at|ar)[-‐‑])?\p{Lu}/u.test(words[0]))) words.shift()
  while (words.length > 0 && (isStop(words[words.length - 1]) || new RegExp(`^${connector}$`).test(words[words.length - 1]))) words.pop()
  if (words.length === 0) return null
  const name = words.join(' ').replace(/[.'’]+$/, '')
  return /\p{Lu}/u.test(name) && name.length >= 3 ? name : null
}

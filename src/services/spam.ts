import type { SpamCheck } from '../schemas/comment.js'

// The built-in spam checks: rules that need no outside service. Each rule that
// fires adds a reason; the worst verdict wins (spam over hold over pass).

export interface SpamRules { maxLinks: number, blocklist: string[] }
export interface Submission { name: string, body: string, website?: string, honeypot?: string }

const linkPattern = /\bhttps?:\/\/|\bwww\.|<a\s/gi

export function countLinks (text: string): number {
  return text.match(linkPattern)?.length ?? 0
}

/**
 * A blocklist entry as a whole word or phrase, in any script: "ass" must not mark
 * "Assad" or "class" as spam. Spaces in a phrase match any run of whitespace.
 */
function wholeWord (entry: string): RegExp {
  const escaped = entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u')
}

export function builtInCheck (submission: Submission, rules: SpamRules): SpamCheck {
  const spam: string[] = []
  const hold: string[] = []
  if (submission.honeypot !== undefined && submission.honeypot.trim() !== '') spam.push('honeypot field filled in')
  const haystack = [submission.name, submission.body, submission.website ?? ''].join('\n').toLowerCase()
  for (const word of rules.blocklist) {
    if (wholeWord(word).test(haystack)) spam.push(`blocklisted word "${word}"`)
  }
  const links = countLinks(submission.body)
  if (links > rules.maxLinks) hold.push(`too many links (${links}, at most ${rules.maxLinks})`)
  if (spam.length > 0) return { verdict: 'spam', reasons: [...spam, ...hold] }
  if (hold.length > 0) return { verdict: 'hold', reasons: hold }
  return { verdict: 'pass', reasons: [] }
}

/** Reads a stored spamCheck column; tolerant of rows written before a field existed. */
export function parseSpamCheck (stored: string | null): SpamCheck | null {
  if (!stored) return null
  try {
    const parsed = JSON.parse(stored) as SpamCheck
    return { verdict: parsed.verdict, reasons: Array.isArray(parsed.reasons) ? parsed.reasons : [], ...(parsed.akismet ? { akismet: parsed.akismet } : {}) }
  } catch {
    return null
  }
}

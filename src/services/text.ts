// Text folding shared by the entity linker and quote placement, and what both call a title.

const apostrophes = /[\u2018\u2019\u201B\u02BC\u2032`]/
const hyphens = /[\u2010\u2011\u2012\u2013\u2014\u2212]/

/**
 * Folds one UTF-16 code unit for matching: case and diacritics removed, curly
 * apostrophes and dash variants made plain. Always returns exactly one code unit,
 * so an offset in the folded text is the same offset in the original.
 */
function foldUnit (unit: string): string {
  if (apostrophes.test(unit)) return "'"
  if (hyphens.test(unit)) return '-'
  const folded = unit.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return folded.length === 1 ? folded : unit.toLowerCase().length === 1 ? unit.toLowerCase() : unit
}

/** Folds text for matching (see foldUnit); the result has the same length as the input. */
export function fold (text: string, keepCase = false): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const unit = text[i]
    out += keepCase ? foldKeepingCase(unit) : foldUnit(unit)
  }
  return out
}

function foldKeepingCase (unit: string): string {
  if (apostrophes.test(unit)) return "'"
  if (hyphens.test(unit)) return '-'
  const folded = unit.normalize('NFD').replace(/\p{M}/gu, '')
  return folded.length === 1 ? folded : unit
}

export function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const smallWords = new Set(['a', 'an', 'the', 'of', 'with', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'by', 'from'])

/**
 * Words in title case, as a show, book or law is named ("Late Show with David
 * Letterman"): every word capitalised but for small ones, at least two capitalised,
 * and no sentence punctuation. A quotation in such words is a title, not a quote.
 */
export function isTitleCase (text: string): boolean {
  if (/[.,;:!?]$|[.!?]\s/.test(text)) return false
  const words = text.split(/\s+/).filter(w => w !== '')
  return words.every(w => /^[\p{Lu}\p{N}]/u.test(w) || smallWords.has(w)) && words.filter(w => /^\p{Lu}/u.test(w)).length >= 2
}

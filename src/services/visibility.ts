// What the public may see: published (or scheduled) articles whose publish time has
// come. Evaluated at query time, so a scheduled article goes live with no job to run.
export function publicArticles (now = new Date()) {
  return { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now } }
}

// Mentions and quotes an editor has rejected stay stored, so that re-analysis does
// not bring them back, but nobody reads them.
export const shownMentions = { source: { not: 'rejected' } }
export const shownQuotes = { source: { not: 'rejected' } }

// What the public may see: published (or scheduled) articles whose publish time has
// come. Evaluated at query time, so a scheduled article goes live with no job to run.
export function publicArticles (now = new Date()) {
  return { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now } }
}

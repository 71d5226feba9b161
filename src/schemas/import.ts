import { Type } from 'typebox'

// What POST /v1/import answers: per kind of record, how many were (or, in a dry run,
// would be) created, updated and left unchanged.

const Counts = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() })

export const ImportReportSchema = Type.Object({
  dryRun: Type.Boolean({ description: 'true: nothing was written; the counts say what would change.' }),
  entities: Counts,
  relations: Counts,
  articles: Counts,
  quotes: Counts,
  mentions: Type.Object(Counts.properties, { description: 'Articles whose automatic mentions changed (updated) or not (unchanged).' })
}, { title: 'ImportReport' })

export const ImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Validate and report what would change, writing nothing.' }))
}, { additionalProperties: false })

import type { DatabaseKind } from '../db/client.js'
import type { Statement } from './scenarios.js'

// What `npm run bench` needs from a database: where each corpus lives, and a query
// plan of each statement with the scans of a whole large table picked out.
// One implementation per database: sqlite.ts, postgresql.ts.

export interface PlannedStatement extends Statement {
  /** The plan on one line. */
  summary: string
  /** The plan in full, for the statements that scan. */
  plan: string
  /** The plan's steps that read a whole large table. */
  scans: string[]
}

export interface BenchTarget {
  kind: DatabaseKind
  /** The database of the named corpus (`1k_v3`, `100k_v3`), created empty if missing, and how to print it. */
  corpusDatabase: (name: string) => Promise<{ url: string, label: string }>
  /** Environment for the server under test beyond DATABASE_URL. */
  serverEnv: Record<string, string>
  /** How the plans are taken, for the report's heading. */
  explainMethod: string
  explain: (databaseUrl: string, statements: Statement[]) => Promise<PlannedStatement[]>
}

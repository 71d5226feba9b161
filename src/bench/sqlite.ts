import path from 'node:path'
import Database from 'better-sqlite3'
import { sqliteFile } from '../db/client.js'
import type { BenchTarget } from './target.js'

// The benchmark on SQLite: one file per corpus in data/bench/, plans from
// EXPLAIN QUERY PLAN.

// A scan of a whole table is what breaks at scale. Walks of an index in sort order
// (stopped by LIMIT), FTS index scans, and scans of the small Tag table (tens of
// rows, so SQLite rightly prefers them to index lookups) are not.
// A scan of a CO-ROUTINE (the page Prisma counts in a subquery) is not a table scan.
const fullScan = (detail: string, plan: string[]) => /^SCAN /.test(detail) && !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(detail) &&
  !/^SCAN (main\.)?Tag$/.test(detail) && !plan.includes(`CO-ROUTINE ${detail.slice(5)}`)

export function sqliteTarget (root: string): BenchTarget {
  return {
    kind: 'sqlite',
    async corpusDatabase (name) {
      const file = path.join(root, 'data', 'bench', `${name}.db`)
      return { url: `file:${file}`, label: path.relative(root, file) }
    },
    serverEnv: {},
    explainMethod: 'EXPLAIN QUERY PLAN',
    async explain (databaseUrl, statements) {
      const db = new Database(sqliteFile(databaseUrl), { readonly: true })
      try {
        return statements.map(statement => {
          const params = statement.params.map(p => typeof p === 'boolean' ? Number(p) : p)
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...params) as Array<{ detail: string }>).map(r => r.detail)
          return { ...statement, summary: plan.join(' | '), plan: plan.join(' | '), scans: plan.filter(detail => fullScan(detail, plan)) }
        })
      } finally {
        db.close()
      }
    }
  }
}

import { fileURLToPath } from 'node:url'

// prisma/schema.prisma (SQLite) is the one model. The PostgreSQL schema is derived
// from it by swapping the datasource and the generated client's folder; nothing else
// may differ, and test/db/schemas.test.ts fails when the committed copy drifts.

export const sqliteSchemaFile = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url))
export const postgresqlSchemaFile = fileURLToPath(new URL('../../prisma/postgresql/schema.prisma', import.meta.url))

const header = `// GENERATED from prisma/schema.prisma by \`npm run db:migration\`: do not edit.
// Change prisma/schema.prisma instead; this copy differs only in the datasource
// provider and the generated client's folder (src/generated/postgresql).

`

function replaceOnce (text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer matches ${pattern}; update src/db/schemas.ts`)
  return text.replace(pattern, replacement)
}

export function derivePostgresqlSchema (sqliteSchema: string): string {
  let schema = replaceOnce(sqliteSchema, /(output\s*=\s*)"\.\.\/src\/generated\/prisma"/, '$1"../../src/generated/postgresql"')
  schema = replaceOnce(schema, /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
  schema = replaceOnce(schema, /(datasource db \{[^}]*url\s*=\s*)"file:[^"]*"/, '$1"postgresql://localhost/dateline"')
  return header + schema
}

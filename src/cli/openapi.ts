import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openapiFile, openapiTypesFile, renderOpenapi, renderOpenapiTypes } from '../plugins/external/swagger.js'

// npm run openapi: writes openapi/openapi.json from the routes' schemas, and its
// TypeScript types (openapi/schema.d.ts) for typed clients.
const dir = mkdtempSync(path.join(tmpdir(), 'dateline-openapi-'))
try {
  const app = await buildApp(loadConfig({ DATABASE_URL: `file:${path.join(dir, 'openapi.db')}`, SEED_ON_START: 'never', LOG_LEVEL: 'warn' }, false))
  const document = app.swagger()
  writeFileSync(openapiFile, renderOpenapi(document))
  writeFileSync(openapiTypesFile, await renderOpenapiTypes(document))
  await app.close()
  for (const file of [openapiFile, openapiTypesFile]) console.log(`Wrote ${path.relative(process.cwd(), file)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

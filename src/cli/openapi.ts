import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openapiFile, renderOpenapi } from '../plugins/external/swagger.js'

// npm run openapi: writes openapi/openapi.json from the routes' schemas.
const dir = mkdtempSync(path.join(tmpdir(), 'dateline-openapi-'))
try {
  const app = await buildApp(loadConfig({ DATABASE_URL: `file:${path.join(dir, 'openapi.db')}`, SEED_ON_START: 'never', LOG_LEVEL: 'warn' }, false))
  writeFileSync(openapiFile, renderOpenapi(app.swagger()))
  await app.close()
  console.log(`Wrote ${path.relative(process.cwd(), openapiFile)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { tokenSecret } from '../plugins/app/auth.js'
import { scopes, type Scope } from '../schemas/token.js'
import { TokenService } from '../services/tokens.js'
import { writeDoorFor } from '../services/compose.js'

// npm run token -- create --name <name> --scopes <a,b> [--expires-in 90d]
// npm run token -- list
// npm run token -- revoke <id or name>
const usage = `Usage:
  npm run token -- create --name <name> --scopes <${scopes.join(',')}> [--expires-in <days>d]
  npm run token -- list
  npm run token -- revoke <id or name>`

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scopes: { type: 'string' }, 'expires-in': { type: 'string' } }
})

function fail (message: string): never {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

const config = loadConfig()
await migrate(config)
const prisma = createPrismaClient(config)
const tokens = new TokenService(prisma, writeDoorFor(prisma, config).unitOfWork, tokenSecret(config))
try {
  const [command, arg] = positionals
  if (command === 'create') {
    if (!values.name) fail('--name is required.')
    const wanted = (values.scopes ?? '').split(',').map(s => s.trim()).filter(Boolean)
    const unknown = wanted.filter(s => !(scopes as readonly string[]).includes(s))
    if (wanted.length === 0 || unknown.length > 0) fail(`--scopes must list some of: ${scopes.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}.`)
    let expiresAt: string | undefined
    if (values['expires-in']) {
      const days = /^(\d+)d$/.exec(values['expires-in'])
      if (!days || Number(days[1]) < 1) fail('--expires-in takes a number of days, such as 90d.')
      expiresAt = new Date(Date.now() + Number(days[1]) * 86_400_000).toISOString()
    }
    const created = await tokens.create({ name: values.name, scopes: wanted as Scope[], expiresAt })
    console.error(`Created token "${created.name}" (${created.scopes.join(' ')})${created.expiresAt ? `, expiring ${created.expiresAt}` : ''}.`)
    console.error('It is shown this once; store it now:')
    console.log(created.token)
  } else if (command === 'list') {
    const page = await tokens.list({ limit: 100 })
    for (const t of page.data) console.log([t.id, t.name, t.prefix + '…', t.scopes.join(' '), t.status, t.lastUsedAt ?? 'never used'].join('\t'))
  } else if (command === 'revoke' && arg) {
    const revoked = await tokens.revoke(arg)
    console.log(`Revoked "${revoked.name}".`)
  } else {
    fail(command ? `Unknown command "${command}".` : 'No command.')
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await prisma.$disconnect()
}

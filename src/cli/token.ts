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

function fail (message: string): never {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

// Strict: an option or word the CLI does not understand (a README's `[--expires-in 90d]`
// copied with its brackets, say) is an error, never silently ignored.
const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      strict: true,
      options: { name: { type: 'string' }, scopes: { type: 'string' }, 'expires-in': { type: 'string' } }
    })
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
})()

const [command, ...rest] = positionals
const takes: Record<string, { words: number, options: string[] }> = {
  create: { words: 0, options: ['name', 'scopes', 'expires-in'] },
  list: { words: 0, options: [] },
  revoke: { words: 1, options: [] }
}
const expected = command && Object.hasOwn(takes, command) ? takes[command] : undefined
if (!expected) fail(command ? `Unknown command "${command}".` : 'No command.')
const extra = rest.slice(expected.words)
if (extra.length > 0) {
  const bracketed = extra.some(word => /^\[|\]$/.test(word)) ? ' (drop the brackets: in the usage they mark an optional part)' : ''
  fail(`Unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}${bracketed}`)
}
if (rest.length < expected.words) fail(`${command} needs ${expected.words === 1 ? 'an id or name' : 'more arguments'}.`)
const stray = Object.keys(values).filter(option => !expected.options.includes(option))
if (stray.length > 0) fail(`${command} does not take ${stray.map(o => `--${o}`).join(', ')}.`)

/** One line a person can act on; never a driver's raw error. */
function explain (error: unknown): string {
  if ((error as { code?: unknown }).code === 'P2002') return `A token named "${values.name?.trim()}" already exists. Pick another --name, or see them with: npm run token -- list`
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}

const config = loadConfig()
await migrate(config)
const prisma = createPrismaClient(config)
const tokens = new TokenService(prisma, writeDoorFor(prisma, config).unitOfWork, tokenSecret(config))
try {
  const arg = rest[0]
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
  } else {
    const revoked = await tokens.revoke(arg)
    console.log(`Revoked "${revoked.name}".`)
  }
} catch (error) {
  console.error(explain(error))
  process.exitCode = 1
} finally {
  await prisma.$disconnect()
}

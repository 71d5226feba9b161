import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { databaseKind, sqliteFile } from '../../db/client.js'
import { ProblemError } from '../../errors.js'
import type { Scope } from '../../schemas/token.js'
import { grants, type Principal } from '../../services/tokens.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that lets the request through only with a Bearer token holding the scope. */
    requireScope: (scope: Scope) => onRequestAsyncHookHandler
    /** The request's token if it sent a valid one (else null); 401 if it sent a bad one. */
    authenticate: (request: FastifyRequest) => Promise<Principal | null>
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

/** Where the made-up token key is kept: beside the SQLite database, or data/ for PostgreSQL. */
export function tokenSecretFile (databaseUrl: string): string {
  if (databaseKind(databaseUrl) === 'sqlite') return path.join(path.dirname(path.resolve(sqliteFile(databaseUrl))), 'token-secret')
  mkdirSync('data', { recursive: true })
  return path.resolve('data', 'token-secret')
}

/**
 * The HMAC key for tokens: TOKEN_SECRET, or else a random key kept in a file (made on
 * first start), so the embedded default needs no setup. Several instances on one
 * PostgreSQL database must share TOKEN_SECRET: the file is per machine.
 */
export function tokenSecret (config: { tokenSecret?: string, databaseUrl: string }): string {
  if (config.tokenSecret) return config.tokenSecret
  const file = tokenSecretFile(config.databaseUrl)
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return readFileSync(file, 'utf8').trim()
}

const realm = 'Bearer realm="dateline"'
const queryTokenNames = ['access_token', 'token', 'api_key', 'apikey']

function unauthorized (detail: string, error?: string): ProblemError {
  return new ProblemError(401, detail, { headers: { 'www-authenticate': error ? `${realm}, error="${error}"` : realm } })
}

// Bearer-token authentication and scope checks. Tokens travel only in the
// Authorization header: one in the query string would end up in logs and caches.
// Both run in onRequest, before the body is read: an anonymous 200 MB upload is
// refused with 401 from its headers, and a bad token is a 401 on every route,
// public lists included (the README promises it).
export default fp(async function auth (app: FastifyInstance) {
  app.decorateRequest('principal', null)

  app.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined
    const named = queryTokenNames.find(name => query && name in query)
    if (named) throw new ProblemError(400, `Tokens are not accepted in the query string (${named}); send "Authorization: Bearer <token>".`)
    await app.authenticate(request)
  })

  app.decorate('authenticate', async (request: FastifyRequest) => {
    if (request.principal) return request.principal
    const header = request.headers.authorization
    if (header === undefined) return null
    const match = /^Bearer +([^\s]+) *$/i.exec(header)
    if (!match) throw unauthorized('The Authorization header must read "Bearer <token>".', 'invalid_request')
    const verdict = await app.tokens.verify(match[1])
    if (!verdict.ok) throw unauthorized(`The token is ${verdict.reason === 'unknown' ? 'not valid' : verdict.reason}.`, 'invalid_token')
    request.principal = verdict.principal
    return verdict.principal
  })

  app.decorate('requireScope', (scope: Scope): onRequestAsyncHookHandler => async (request) => {
    const principal = await app.authenticate(request)
    if (!principal) throw unauthorized(`This needs an API token with the ${scope} scope.`)
    if (!grants(principal.scopes, scope)) {
      throw new ProblemError(403, `The token "${principal.name}" lacks the ${scope} scope.`, {
        headers: { 'www-authenticate': `${realm}, error="insufficient_scope", scope="${scope}"` }
      })
    }
  })
}, { name: 'auth', dependencies: ['prisma', 'services'] })

import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError, validationType, type FieldError } from '../../errors.js'
import { maskEmails } from '../../logger.js'
import type { Problem } from '../../schemas/common.js'

/** One title per problem type (RFC 9457): every validation problem reads the same. */
const validationTitle = 'Invalid request'

const locations: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

interface AjvError { instancePath: string, keyword: string, params: Record<string, unknown>, message?: string }

/** One `{ in, pointer, message }` per Ajv error, pointing at the field a person must fix. */
export function fieldErrors (context: string | undefined, validation: AjvError[]): FieldError[] {
  const where = locations[context ?? 'body'] ?? 'body'
  // One error per field: a nullable field that fails reports each branch of its union
  // (and a string its length and pattern); the first says what a person must fix.
  const seen = new Set<string>()
  const firstPerField = validation.filter(e => {
    const key = e.keyword === 'required' || e.keyword === 'additionalProperties'
      ? `${e.instancePath}/${String(e.params.missingProperty ?? e.params.additionalProperty)}`
      : e.instancePath
    return !seen.has(key) && seen.add(key)
  })
  return firstPerField.map(e => {
    if (e.keyword === 'required') return { in: where, pointer: `${e.instancePath}/${String(e.params.missingProperty)}`, message: 'is required' }
    if (e.keyword === 'additionalProperties') {
      return { in: where, pointer: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: where === 'query' ? 'is not a known parameter' : 'is not a known property' }
    }
    if (e.keyword === 'enum' || e.keyword === 'anyOf') {
      const allowed = e.params.allowedValues as unknown[] | undefined
      return { in: where, pointer: e.instancePath, message: allowed ? `must be one of: ${allowed.join(', ')}` : (e.message ?? 'is invalid') }
    }
    return { in: where, pointer: e.instancePath, message: e.message ?? 'is invalid' }
  })
}

function describe (errors: FieldError[]): string {
  return errors.map(e => `${e.in} ${e.pointer || '/'} ${e.message}`).join('; ')
}

interface DriverCause { kind?: string, code?: string, originalCode?: string }
interface PrismaLikeError {
  code?: string
  meta?: { target?: unknown, modelName?: string, driverAdapterError?: { cause?: DriverCause } }
  name?: string
  cause?: unknown
}

// PostgreSQL SQLSTATEs that mean "not now" rather than "wrong": connection exceptions
// (08), insufficient resources (53), operator intervention (57P: shut down, crashed,
// cannot connect now), a database closed to connections (55000 at connect) and a
// statement cancelled by DATABASE_STATEMENT_TIMEOUT_MS (57014).
const unavailableSqlState = /^(08|53|57P)|^57014$|^55000$/
const unavailableDriverKinds = ['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']

/** The SQLSTATE or adapter kind of a driver error, however Prisma wrapped it. */
function driverCause (error: PrismaLikeError): DriverCause | undefined {
  if (error.meta?.driverAdapterError?.cause) return error.meta.driverAdapterError.cause
  if (error.name === 'DriverAdapterError' && typeof error.cause === 'object' && error.cause) return error.cause as DriverCause
  return undefined
}

export function isDatabaseUnavailable (error: Error & PrismaLikeError): boolean {
  const cause = driverCause(error)
  const sqlState = cause?.originalCode ?? cause?.code
  return error.name === 'PrismaClientInitializationError' ||
    ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037'].includes(error.code ?? '') ||
    (sqlState !== undefined && unavailableSqlState.test(sqlState)) ||
    unavailableDriverKinds.includes(cause?.kind ?? '') ||
    /SQLITE_BUSY|SQLITE_CANTOPEN|ECONNREFUSED|ECONNRESET|database is locked|Connection terminated|timeout exceeded when trying to connect|not currently accepting connections|the database system is (starting up|shutting down)/i.test(error.message)
}

/** The problem with anything shaped like an email masked: answers and logs echo the input (a path, a parameter name, a value). */
function withoutEmails (problem: Problem): Problem {
  return {
    ...problem,
    ...(problem.detail === undefined ? {} : { detail: maskEmails(problem.detail) }),
    ...(problem.instance === undefined ? {} : { instance: maskEmails(problem.instance) }),
    ...(problem.errors ? { errors: problem.errors.map(e => ({ ...e, pointer: maskEmails(e.pointer), message: maskEmails(e.message) })) } : {})
  }
}

/** "ApiToken" -> "API token", "ArticleTag" -> "article tag": the record as a person would say it. */
function recordName (model: string | undefined): string {
  if (!model) return 'record'
  return model.replace(/^Api/, 'API ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`).replace(/^([A-Z])(?=[a-z])/, c => c.toLowerCase())
}

/**
 * A unique constraint hit (P2002): names the field(s) and, when the body carried them,
 * the values that identify the other record. Driver adapters report the fields under
 * driverAdapterError.cause.constraint, not meta.target.
 */
function conflict (error: PrismaLikeError, body: unknown) {
  const cause = driverCause(error) as (DriverCause & { constraint?: { fields?: string[] } }) | undefined
  const fields = Array.isArray(error.meta?.target) ? error.meta.target.map(String) : cause?.constraint?.fields ?? []
  const sent = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const values = fields.filter(f => typeof sent[f] === 'string' || typeof sent[f] === 'number').map(f => `${f} ${JSON.stringify(sent[f])}`)
  const what = values.length === fields.length && values.length > 0 ? values.join(' and ') : `the same ${fields.join(' and ') || 'unique field'}`
  const errors = fields.filter(f => f in sent).map(f => ({ in: 'body' as const, pointer: `/${f}`, message: `is taken by another ${recordName(error.meta?.modelName)}` }))
  return {
    type: 'about:blank', title: 'Conflict', status: 409,
    detail: `Another ${recordName(error.meta?.modelName)} already has ${what}.`,
    ...(errors.length > 0 ? { errors } : {})
  }
}

function toProblem (error: FastifyError & PrismaLikeError, request: FastifyRequest): { problem: Problem, headers: Record<string, string> } {
  const base = { instance: request.url.split('?')[0], requestId: String(request.id) }
  if (error.validation) {
    const errors = fieldErrors(error.validationContext, error.validation as AjvError[])
    return { problem: { type: validationType, title: validationTitle, status: 400, detail: describe(errors), ...base, errors }, headers: {} }
  }
  if (error instanceof ProblemError) {
    const status = error.statusCode
    return {
      problem: { type: error.extras.type ?? 'about:blank', title: error.extras.type === validationType ? validationTitle : STATUS_CODES[status] ?? 'Error', status, detail: error.message, ...base, ...(error.extras.errors ? { errors: error.extras.errors } : {}) },
      headers: error.extras.headers ?? {}
    }
  }
  if (error.code === 'P2002') return { problem: { ...conflict(error, request.body), ...base }, headers: {} }
  if (error.code === 'P2025') {
    return { problem: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'The record was not found.', ...base }, headers: {} }
  }
  if (isDatabaseUnavailable(error)) {
    return { problem: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The database is unavailable. Try again shortly.', ...base }, headers: { 'retry-after': '5' } }
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  if (status < 500) {
    return { problem: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail: error.message, ...base }, headers: {} }
  }
  return { problem: { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred. Quote the request id when reporting it.', ...base }, headers: {} }
}

export function sendProblem (reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers({ ...headers, 'cache-control': 'no-store' }).type('application/problem+json').send(problem)
}

// Every error leaves as RFC 9457 problem+json. 5xx answers carry the request id and
// nothing of the cause; the cause goes to the log under the same id.
export default fp(async function problems (app: FastifyInstance) {
  app.setErrorHandler(function (error: FastifyError, request, reply) {
    const { problem: raw, headers } = toProblem(error, request)
    const problem = withoutEmails(raw)
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ status: problem.status, detail: problem.detail }, 'request rejected')
    return sendProblem(reply, problem, headers)
  })

  app.setNotFoundHandler(function (request, reply) {
    return sendProblem(reply, withoutEmails({
      type: 'about:blank', title: 'Not Found', status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      instance: request.url.split('?')[0], requestId: String(request.id)
    }))
  })
}, { name: 'problems' })

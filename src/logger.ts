import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'

// Paths pino removes from every log line. Request headers are not logged by
// Fastify's default serializers; these cover anything that logs them or a body.
const secretKeys = ['authorization', 'token', 'hash', 'email', 'authorEmail', 'ipHash', 'readerHash', 'password']

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  // Top level and one level down (pino's `*` matches exactly one level).
  ...secretKeys,
  ...secretKeys.map(key => `*.${key}`)
]

export function loggerOptions (config: Pick<Config, 'logLevel'>, pretty = process.stdout.isTTY): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {})
  }
}

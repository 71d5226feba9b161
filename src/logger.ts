import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'

// Paths pino removes from every log line. Request headers are not logged by
// Fastify's default serializers; these cover anything that logs them or a body.
const secretKeys = ['authorization', 'token', 'hash', 'email', 'authorEmail', 'ipHash', 'readerHash', 'password', 'secret']

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  // Top level and one level down (pino's `*` matches exactly one level).
  ...secretKeys,
  ...secretKeys.map(key => `*.${key}`)
]

// An email typed into a URL (a moderator trying `filter[authorEmail]=...`, a pasted
// link) must reach neither the access log nor an error answer that echoes the input:
// anything shaped like an address, raw or percent-encoded, is masked.
const emailLike = /[^\s/?&=#"'<>()[\],;:]+(?:@|%40)[^\s/?&=#"'<>()[\],;:]+/gi

export function maskEmails (text: string): string {
  return text.replace(emailLike, '[redacted]')
}

// A token pasted into a URL is refused (auth.ts), but the access log line is written
// before that: the values of token-like parameters, and anything shaped like one of
// our tokens, are masked there too.
const tokenParameter = /([?&](?:access_token|token|api_key|apikey|key|secret)=)[^&#]*/gi
const tokenLike = /dl_[A-Za-z0-9_-]{20,}/g

export function maskUrl (url: string): string {
  return maskEmails(url.replace(tokenParameter, '$1[redacted]').replace(tokenLike, '[redacted]'))
}

/** Fastify's own request serializer, with the URL masked. */
function serializeRequest (req: FastifyRequest) {
  return {
    method: req.method,
    url: maskUrl(req.url),
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort
  }
}

export function loggerOptions (config: Pick<Config, 'logLevel'>, pretty = process.stdout.isTTY): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {})
  }
}

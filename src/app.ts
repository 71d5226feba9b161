import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server } from 'node:http'
import Fastify, { LogController, type FastifyHttpOptions, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import { databaseKind } from './db/client.js'
import { clientErrorHandler, frameworkErrors } from './client-errors.js'
import { loggerOptions } from './logger.js'
import { schemaController } from './validators.js'
import auth, { tokenSecret } from './plugins/app/auth.js'
import metrics from './plugins/app/metrics.js'
import httpCache from './plugins/app/http-cache.js'
import responseCache, { answerFromCache } from './plugins/app/response-cache.js'
import nulGuard from './plugins/app/nul-guard.js'
import problems from './plugins/app/problems.js'
import comments from './plugins/app/comments.js'
import scheduler from './plugins/app/scheduler.js'
import seed from './plugins/app/seed.js'
import services from './plugins/app/services.js'
import webhooks from './plugins/app/webhooks.js'
import reanalysis from './plugins/app/reanalysis.js'
import cors from './plugins/external/cors.js'
import helmet from './plugins/external/helmet.js'
import prisma from './plugins/external/prisma.js'
import underPressure from './plugins/external/under-pressure.js'
import rateLimit from './plugins/external/rate-limit.js'
import redis from './plugins/external/redis.js'
import openapi from './plugins/external/swagger.js'
import tracing from './plugins/external/tracing.js'
import health from './routes/health.js'
import v1 from './routes/v1/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/

/** Keeps a caller's X-Request-Id when it is sane (a load balancer's, say); makes one otherwise. */
function requestId (req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID()
}

export function serverOptions (config: Config, logger: FastifyServerOptions['logger'] = loggerOptions(config)): FastifyHttpOptions<Server> {
  return {
    logger,
    genReqId: requestId,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Load balancers poll these every few seconds; their lines would drown the rest.
      disableRequestLogging: (req: { url?: string }) => req.url === '/health' || req.url === '/ready'
    }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
    frameworkErrors,
    // A client gets headersTimeoutMs to send its headers and requestTimeoutMs for the
    // whole request: a body trickled a byte at a time cannot hold a connection open.
    requestTimeout: config.requestTimeoutMs,
    // Node checks the timeouts on this interval; its default (30 s) would let a slow
    // client overstay a short timeout by that much.
    http: { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: schemaController()
  }
}

/** Everything Dateline serves, as a plugin: no listening here (see server.ts). */
export async function app (instance: FastifyInstance, options: { config: Config }) {
  const { config } = options
  instance.decorate('config', config)
  await instance.register(tracing, { otlp: config.tracing })
  instance.addHook('onRequest', answerFromCache)
  instance.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  await instance.register(problems)
  await instance.register(nulGuard)
  await instance.register(underPressure, { maxEventLoopDelay: config.maxEventLoopDelay })
  await instance.register(helmet)
  await instance.register(cors, { origins: config.corsOrigins })
  await instance.register(prisma, { database: config, migrate: config.migrateOnStart })
  await instance.register(httpCache, { publicMaxAge: config.publicCacheMaxAge })
  await instance.register(openapi)
  if (!config.tokenSecret && databaseKind(config.databaseUrl) === 'postgresql') {
    instance.log.warn('TOKEN_SECRET is unset: tokens are keyed by data/token-secret on this machine only; set the same TOKEN_SECRET on every instance')
  }
  const secret = tokenSecret(config)
  await instance.register(redis, { url: config.redisUrl })
  await instance.register(services, { secret })
  await instance.register(responseCache, { ...config.responseCache, ttlSeconds: config.publicCacheMaxAge })
  await instance.register(metrics, { ...config.metrics, poolMax: config.databasePoolSize })
  await instance.register(reanalysis)
  await instance.register(auth)
  await instance.register(rateLimit)
  await instance.register(comments)
  await instance.register(seed, { when: config.seedOnStart })
  await instance.register(scheduler, { intervalMs: config.schedulerIntervalMs })
  await instance.register(webhooks, { config: config.webhooks })
  await instance.register(health)
  await instance.register(v1, { prefix: '/v1' })
}

/** Builds the app, ready to inject requests into or to listen. */
export async function buildApp (config: Config, logger?: FastifyServerOptions['logger']) {
  const instance = Fastify(serverOptions(config, logger)).withTypeProvider<TypeBoxTypeProvider>()
  await instance.register(fp(app, { name: 'dateline' }), { config })
  await instance.ready()
  return instance
}

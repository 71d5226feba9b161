import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok } from '../schemas/common.js'

const Status = Type.Object({ status: Type.Literal('ok') })

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: { tags: ['system'], summary: 'The process is up', response: { 200: ok(Status, 'The process answers.') } }
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    schema: {
      tags: ['system'],
      summary: 'The database is reachable',
      response: { 200: ok(Status, 'Ready to serve.'), 503: errorResponses[503] }
    }
  }, async () => {
    await app.prisma.$queryRaw`SELECT 1`
    return { status: 'ok' as const }
  })
}

export default health

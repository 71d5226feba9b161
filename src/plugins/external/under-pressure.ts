import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sendProblem } from '../app/problems.js'

// Sheds load with a 503 problem and Retry-After when the event loop lags, instead
// of letting every request slow down until clients time out.
export default fp(async function underPressurePlugin (app: FastifyInstance, options: { maxEventLoopDelay: number }) {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay,
    retryAfter: 5,
    pressureHandler: (request, reply, type, value) => {
      request.log.warn({ type, value }, 'under pressure: shedding load')
      sendProblem(reply, {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The server is overloaded. Try again shortly.',
        instance: request.url.split('?')[0],
        requestId: String(request.id)
      }, { 'retry-after': '5' })
    }
  })
}, { name: 'under-pressure' })

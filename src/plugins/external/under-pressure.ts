import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sendProblem } from '../app/problems.js'

// Sheds load with a 503 problem and Retry-After when the event loop lags, instead
// of letting every request slow down until clients time out.
//
// Token-bearing writes are let through. The lag is measured as the mean delay over
// the last second, so one slow moment (an article's analysis, a busy CPU) sheds
// everything for a whole second; a script seeding 200 articles 4 at a time was
// refused that way by the lag its own writes caused, and turning a write away only
// means it is sent again. Writes come from the few holders of a token and queue on
// the database's write lock anyway; what shedding protects is the many anonymous
// readers (and anonymous comments and likes, which stay shed). A forged token gets
// a cheap 401 before its body is read (see auth.ts).
const isTokenWrite = (request: FastifyRequest) =>
  request.method !== 'GET' && request.method !== 'HEAD' && /^Bearer\s/i.test(request.headers.authorization ?? '')
export default fp(async function underPressurePlugin (app: FastifyInstance, options: { maxEventLoopDelay: number }) {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay,
    retryAfter: 5,
    pressureHandler: (request, reply, type, value) => {
      if (isTokenWrite(request)) return
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

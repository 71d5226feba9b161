import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AcceptCandidateBody } from '../../schemas/candidate.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { acceptSpeakerCandidate, listSpeakerCandidates } from '../../services/speaker-candidates.js'
import { authResponses } from './tokens.js'

// Quote speakers the registry lacks, for editors to register (see speaker-candidates.ts).
const candidates: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/candidates', {
    config: { cache: 'no-store' },
    onRequest: app.requireScope('content:read'),
    schema: {
      tags: ['analysis'],
      summary: 'Speakers named in articles whom the registry lacks',
      description: 'Each with the role an article gives them, how many quotes are kept under their name, and in which articles, most quoted first.',
      security: [{ bearerAuth: ['content:read'] }],
      response: { 200: ok(Type.Object({ data: Type.Array(Type.Ref('SpeakerCandidate')) }), 'The candidates.'), ...authResponses, ...errorResponses }
    }
  }, async () => ({ data: await listSpeakerCandidates(app.prisma) }))

  app.post('/candidates', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['analysis'],
      summary: 'Accept a candidate speaker: register the entity and link their quotes',
      description: 'Creates the entity (its role as office) and makes it the speaker of every quote kept under that name; the articles that name it are then analysed again in the background.',
      security: [{ bearerAuth: ['content:write'] }],
      body: AcceptCandidateBody,
      response: {
        201: ok(Type.Object({ entity: Type.Ref('EntityRef'), quotes: Type.Integer({ description: 'Quotes now attributed to it.' }) }), 'The new entity.'),
        ...authResponses,
        404: problem('No quote is kept under this name.'),
        409: problem('An entity has this slug already.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => reply.code(201).send(await acceptSpeakerCandidate(app.unitOfWork, request.body)))
}

export default candidates

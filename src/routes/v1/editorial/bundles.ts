import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok } from '../../../schemas/common.js'
import { ImportQuery, ImportReportSchema } from '../../../schemas/import.js'
import { bundleFieldProblem, importBundle } from '../../../services/bundle.js'
import { fieldErrors } from '../../../plugins/app/problems.js'
import { exportBundle } from '../../../services/export.js'
import { authResponses } from '../tokens.js'

/** Large enough for a bundle of tens of thousands of articles. */
const bundleLimit = 256 * 1024 * 1024

// Bulk: the content bundle format (the seed's) in and out.
const bundles: FastifyPluginAsyncTypebox = async (app) => {
  // Closing the app (SIGTERM) stops a running import, which rolls back and answers 503,
  // so the process ends within its grace period instead of waiting for the import.
  // The close also waits for the import to have rolled back, before the database
  // client is closed under it (which would turn the 503 into a 500).
  const closing = new AbortController()
  const running = new Set<Promise<unknown>>()
  app.addHook('preClose', async () => {
    closing.abort()
    await Promise.allSettled(running)
  })

  app.post('/import', {
    onRequest: app.requireScope('content:write'),
    bodyLimit: bundleLimit,
    // Field errors are named by record slug (bundleFieldProblem) before they are answered.
    attachValidation: true,
    schema: {
      tags: ['bulk'],
      summary: 'Import a content bundle, all or nothing',
      description: 'Entities, relations, articles and quotes, matched by slug (quotes by article and text) and written only where they differ, in one transaction: any bad record and nothing is written. Changed articles get a revision naming the token. With `dryRun=true`, reports what would change and writes nothing.',
      security: [{ bearerAuth: ['content:write'] }],
      querystring: ImportQuery,
      body: Type.Ref('Bundle'),
      response: { 200: ok(ImportReportSchema, 'What changed (or would change).'), ...authResponses, ...errorResponses }
    }
  }, async (request) => {
    if (request.validationError) {
      const { validation, validationContext } = request.validationError as { validation?: Parameters<typeof fieldErrors>[1], validationContext?: string }
      if (validationContext === 'body' && validation) throw bundleFieldProblem(request.body, fieldErrors(validationContext, validation))
      throw request.validationError
    }
    const importing = importBundle(app.writeDoor, request.body as Parameters<typeof importBundle>[1], {
      actor: request.principal?.name ?? 'unknown',
      dryRun: request.query.dryRun ?? false,
      signal: closing.signal
    })
    running.add(importing)
    try {
      return await importing
    } finally {
      running.delete(importing)
    }
  })

  app.get('/export', {
    onRequest: app.requireScope('content:read'),
    schema: {
      tags: ['bulk'],
      summary: 'Export the published corpus as a content bundle',
      description: 'Every entity and relation, every public article and its quotes. POST it to /v1/import (here or elsewhere) to get the same content.',
      security: [{ bearerAuth: ['content:read'] }],
      response: { 200: ok(Type.Ref('Bundle'), 'The bundle.'), ...authResponses, ...errorResponses }
    }
  }, async () => exportBundle(app.prisma))
}

export default bundles

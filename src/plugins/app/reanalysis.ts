import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Reanalysis } from '../../services/reanalysis.js'
import { searchFor } from '../../db/dialect.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Background re-analysis of articles after registry changes commit. */
    reanalysis: Reanalysis
  }
}

// Hears committed entity changes (created, or updated: a new alias) and re-analyses
// the articles that may name the entity, after the write's transaction has committed,
// so the write never waits for it.
export default fp(async function reanalysis (app: FastifyInstance) {
  const service = new Reanalysis(app.prisma, app.unitOfWork, searchFor(app.dialect.kind), app.log, app.analyzers)
  app.decorate('reanalysis', service)
  const stop = app.unitOfWork.onCommit(changes => {
    const slugs = [...new Set(changes.filter(c => c.resource === 'entity' && (c.event === 'created' || c.event === 'updated')).map(c => c.id))]
    if (slugs.length > 0) service.schedule(slugs)
  })
  app.addHook('onClose', async () => {
    stop()
    await service.idle()
  })
}, { name: 'reanalysis', dependencies: ['services'] })

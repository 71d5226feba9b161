import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Runs the article scheduler every SCHEDULER_INTERVAL_MS in the server process (0:
// never; tests call app.scheduler.publishDue() themselves). The timer never keeps the
// process alive and skips a tick while the last one still runs; closing waits for a
// running tick, so the database is not closed under its transaction.
export default fp(async function scheduler (app: FastifyInstance, options: { intervalMs: number }) {
  if (options.intervalMs === 0) return
  let running: Promise<void> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = app.scheduler.publishDue()
      .then(slugs => { if (slugs.length > 0) app.log.info({ slugs }, 'published scheduled articles') })
      .catch(err => app.log.error({ err }, 'could not publish scheduled articles'))
      .finally(() => { running = null })
  }, options.intervalMs)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await running
  })
}, { name: 'scheduler', dependencies: ['services'] })

import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const hour = 3_600_000

// Comments, likes and the privacy duties that come with them. Expired IP hashes are
// purged at start, on comment writes, and hourly by a timer that never keeps the
// process alive and stops when the app closes: no outside job runner needed.
export default fp(async function comments (app: FastifyInstance) {
  const { privacy } = app

  await privacy.purgeExpiredIps()
  const timer = setInterval(() => {
    privacy.purgeExpiredIps().catch(err => app.log.error({ err }, 'could not purge expired IP hashes'))
  }, hour)
  timer.unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
}, { name: 'comments', dependencies: ['prisma', 'services'] })

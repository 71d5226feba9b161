import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WebhookConfig } from '../../config.js'
import { WebhookService } from '../../services/webhooks/subscriptions.js'
import { WebhookTargets } from '../../services/webhooks/targets.js'
import { DeliveryWorker } from '../../services/webhooks/worker.js'

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookService
    /** The delivery worker; null when WEBHOOK_WORKER is off in this process. */
    webhookWorker: DeliveryWorker | null
  }
}

// Webhook subscriptions, and the worker that delivers the outbox to them: started when
// the app is ready, stopped (after its current pass) when it closes.
export default fp(async function webhooks (app: FastifyInstance, options: { config: WebhookConfig }) {
  const targets = new WebhookTargets(options.config.allowedHosts)
  const service = new WebhookService(app.prisma, app.unitOfWork, targets)
  app.decorate('webhooks', service)
  if (!options.config.worker) {
    app.decorate('webhookWorker', null)
    return
  }
  const worker = new DeliveryWorker(app.prisma, app.dialect.kind, options.config, targets, app.log.child({ module: 'webhooks' }))
  app.decorate('webhookWorker', worker)
  service.wake = () => worker.wake()
  const stopListening = app.unitOfWork.onCommit(() => worker.wake())
  app.addHook('onReady', async () => { worker.start() })
  // preClose: before the database plugin disconnects in onClose.
  app.addHook('preClose', async () => {
    stopListening()
    await worker.stop()
  })
}, { name: 'webhooks', dependencies: ['prisma', 'services'] })

import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { CommentConfig } from '../../config.js'
import { Akismet } from '../../services/akismet.js'
import { CommentService } from '../../services/comments.js'
import { LikeService } from '../../services/likes.js'
import { ModerationService } from '../../services/moderation.js'
import { Hasher, PrivacyService } from '../../services/privacy.js'

declare module 'fastify' {
  interface FastifyInstance {
    comments: CommentService
    moderation: ModerationService
    likes: LikeService
    privacy: PrivacyService
  }
}

const hour = 3_600_000

// Comments, likes and the privacy duties that come with them. Expired IP hashes are
// purged at start, on comment writes, and hourly by a timer that never keeps the
// process alive and stops when the app closes: no outside job runner needed.
export default fp(async function comments (app: FastifyInstance, options: { secret: string, config: CommentConfig }) {
  const { config } = options
  const hasher = new Hasher(options.secret)
  const akismet = config.akismet ? new Akismet(config.akismet, app.log.child({ module: 'akismet' })) : null
  const privacy = new PrivacyService(app.prisma, config.ipRetentionDays)
  app.decorate('privacy', privacy)
  app.decorate('comments', new CommentService(app.prisma, config, hasher, privacy, akismet))
  app.decorate('moderation', new ModerationService(app.prisma, akismet))
  app.decorate('likes', new LikeService(app.prisma, hasher))

  await privacy.purgeExpiredIps()
  const timer = setInterval(() => {
    privacy.purgeExpiredIps().catch(err => app.log.error({ err }, 'could not purge expired IP hashes'))
  }, hour)
  timer.unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
}, { name: 'comments', dependencies: ['prisma'] })

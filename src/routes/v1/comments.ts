import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleParams } from '../../schemas/article.js'
import { CreateCommentBody, LikeHeaders, LikeResultSchema, PostedCommentSchema, PublicCommentListQuery, PublicCommentListSchema } from '../../schemas/comment.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { ProblemError } from '../../errors.js'
import { sendPage } from '../page.js'

const tooMany = problem('Too many requests from this client; wait as long as Retry-After says.')

// A comment is at most a few thousand characters (5,000 of body, each up to 6 bytes
// as a JSON escape); a like has no body. Anything bigger is refused with 413 unread.
const commentBodyLimit = 64 * 1024
const likeBodyLimit = 1024

// The public side of comments: the comment form, the threads, and likes. No token;
// writes are rate limited per client.
const comments: FastifyPluginAsyncTypebox = async (app) => {
  const rateLimit = { max: app.config.comments.publicWriteRateLimit, timeWindow: '1 minute' }

  app.get('/articles/:slug/comments', {
    config: { cache: 'public' },
    schema: {
      tags: ['comments'],
      summary: 'List the approved comments on an article, threaded',
      description: 'A page of top-level comments, oldest first by default, each with its approved replies nested (oldest first) under `replies`.',
      params: ArticleParams,
      querystring: PublicCommentListQuery,
      response: { 200: ok(PublicCommentListSchema, 'A page of comment threads.'), 404: problem('No published article has this slug.'), ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.comments.listPublic(request.params.slug, request.query)))

  app.post('/articles/:slug/comments', {
    config: { rateLimit },
    bodyLimit: commentBodyLimit,
    schema: {
      tags: ['comments'],
      summary: 'Leave a comment',
      description: [
        'Name, email and body are required; the email is never published nor returned. `parentId` makes it a reply.',
        'The answer says whether the comment is `published` or `held` for moderation. Spam checks run on every comment:',
        'a filled honeypot, too many links, blocklisted words and (when configured) Akismet.'
      ].join(' '),
      params: ArticleParams,
      body: CreateCommentBody,
      response: {
        201: ok(PostedCommentSchema, 'The comment was received.'),
        403: problem('Comments are closed on this article.'),
        404: problem('No published article has this slug.'),
        409: problem('The same author already posted the same comment on this article.'),
        429: problem('A comment from the same IP or email came within the flood window, or too many requests; wait as long as Retry-After says.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const posted = await app.comments.submit(request.params.slug, request.body, {
      ip: request.ip, userAgent: request.headers['user-agent'], referrer: request.headers.referer
    })
    return reply.code(201).send(posted)
  })

  // Any X-Reader-Key is a new reader, so likes are bounded by IP too: one IP may send
  // this many likes an hour to one article, whatever keys they carry (a reader key
  // itself counts once per article). On top of the per-minute limit of every public
  // write (the route's own rateLimit): @fastify/rate-limit runs one of its hooks per
  // request, so this second limit is checked with its createRateLimit (same store,
  // shared through Redis when REDIS_URL is set).
  const likesPerIpPerArticle = app.createRateLimit({
    max: app.config.comments.likesPerIpPerArticle,
    timeWindow: 3_600_000,
    keyGenerator: (request: FastifyRequest) => `likes:${request.ip}:${(request.params as { slug: string }).slug}`
  })
  const likeLimit = async (request: FastifyRequest) => {
    const limit = await likesPerIpPerArticle(request)
    if (!limit.isAllowed && limit.isExceeded) {
      throw new ProblemError(429, `Too many likes of this article from one address; try again in ${limit.ttlInSeconds} seconds.`, { headers: { 'retry-after': String(limit.ttlInSeconds) } })
    }
  }

  app.post('/articles/:slug/likes', {
    config: { rateLimit },
    onRequest: likeLimit,
    bodyLimit: likeBodyLimit,
    schema: {
      tags: ['comments'],
      summary: 'Like an article',
      description: 'One like per reader, no account: the reader is known by the `X-Reader-Key` header if sent, else by IP (both stored only as keyed hashes). Liking again changes nothing. One IP may like one article at most `LIKES_PER_IP_PER_ARTICLE` times an hour (default 20), whatever reader keys it sends; more answer 429, as do more than `PUBLIC_WRITE_RATE_LIMIT` public writes a minute from one client. No body.',
      params: ArticleParams,
      headers: LikeHeaders,
      response: {
        201: ok(LikeResultSchema, 'The like was counted.'),
        200: ok(LikeResultSchema, 'This reader had already liked the article; nothing changed.'),
        404: problem('No published article has this slug.'),
        429: tooMany,
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const key = request.headers['x-reader-key']
    const result = await app.likes.like(request.params.slug, { key: typeof key === 'string' ? key : undefined, ip: request.ip })
    return reply.code(result.created ? 201 : 200).send({ liked: true, likeCount: result.likeCount })
  })
}

export default comments

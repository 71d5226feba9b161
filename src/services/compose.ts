import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import { databaseKind, type Db, type PrismaClient } from '../db/client.js'
import { UnitOfWork } from '../db/unit-of-work.js'
import { Akismet } from './akismet.js'
import { AnalysisService, RegistryCache, type AnalyzerSource } from './analysis.js'
import { ArticleWriter } from './article-writes.js'
import { ArticleService } from './articles.js'
import { AuthorService, AuthorWriter } from './authors.js'
import { CommentService } from './comments.js'
import { RedisFloodWindow } from './flood-window.js'
import { CorrectionWriter } from './corrections.js'
import { EntityWriter } from './entity-writes.js'
import { EntityService } from './entities.js'
import { FeedService } from './feeds.js'
import { GraphService } from './graph.js'
import { LikeService } from './likes.js'
import { ModerationService } from './moderation.js'
import { Hasher, PrivacyService } from './privacy.js'
import { QuoteWriter } from './quote-writes.js'
import { QuoteService } from './quotes.js'
import { ArticleScheduler } from './scheduler.js'
import { searchFor } from '../db/dialect.js'
import type { SearchDialect } from './search.js'
import { SectionService, SectionWriter } from './sections.js'
import { Site } from './site.js'
import { SitemapService } from './sitemaps.js'
import { TagService, TagWriter } from './tags.js'
import { TokenService } from './tokens.js'
import { ImageService, ImageWriter } from './images.js'
import { LocalMediaStorage } from './media/storage.js'

// The composition root: the one place that builds services and hands each what it
// needs (database, search dialect, site, the unit of work). Writers get a factory of
// readers bound to their transaction, so no service builds another with `new`.

export interface Readers {
  articles: ArticleService
  entities: EntityService
  quotes: QuoteService
  authors: AuthorService
  sections: SectionService
  tags: TagService
}

/** The readers on `db` (the app's client, or a unit of work's transaction). */
export type ReadersOn = (db: Db) => Readers

export function readersOn (search: SearchDialect, site: Site): ReadersOn {
  return db => ({
    articles: new ArticleService(db, search, site),
    entities: new EntityService(db, search),
    quotes: new QuoteService(db, search),
    authors: new AuthorService(db, site),
    sections: new SectionService(db, site),
    tags: new TagService(db, site)
  })
}

/** What a writer is given: the one door for writes and the readers to use inside it. */
export interface WriteDoor {
  /** The app's client, for reads outside a write. */
  db: Db
  unitOfWork: UnitOfWork
  readers: ReadersOn
  /** The entity linker, built once per process and rebuilt when the registry changes. */
  analyzers: AnalyzerSource
}

/** The write door on a client: for the app, and for command-line tools that write. */
export function writeDoorOn (prisma: PrismaClient, search: SearchDialect, site: Site): WriteDoor {
  const unitOfWork = new UnitOfWork(prisma)
  const analyzers = new RegistryCache()
  // This process's own entity changes drop the analyzer at once; other processes'
  // changes are caught by the registry's version token before each use.
  unitOfWork.onCommit(changes => { if (changes.some(c => c.resource === 'entity')) analyzers.drop() })
  return { db: prisma, unitOfWork, readers: readersOn(search, site), analyzers }
}

/** The write door of a command-line tool, configured as the server would be. */
export function writeDoorFor (prisma: PrismaClient, config: Pick<Config, 'databaseUrl' | 'site'>): WriteDoor {
  return writeDoorOn(prisma, searchFor(databaseKind(config.databaseUrl)), new Site(config.site))
}

export interface CompositionInput {
  prisma: PrismaClient
  databaseKind: 'sqlite' | 'postgresql'
  config: Pick<Config, 'comments' | 'site' | 'media'>
  /** The server secret that keys token and reader hashes. */
  secret: string
  log: FastifyBaseLogger
  /** With REDIS_URL: the comment flood window is shared by every process through it. */
  redis?: Redis | null
}

export function compose ({ prisma, databaseKind, config, secret, log, redis = null }: CompositionInput) {
  const site = new Site(config.site)
  const writeDoor = writeDoorOn(prisma, searchFor(databaseKind), site)
  const { unitOfWork, analyzers } = writeDoor
  const read = writeDoor.readers(prisma)
  const hasher = new Hasher(secret)
  const akismet = config.comments.akismet ? new Akismet(config.comments.akismet, log.child({ module: 'akismet' })) : null
  const privacy = new PrivacyService(prisma, unitOfWork, config.comments.ipRetentionDays)
  const media = new LocalMediaStorage(config.media.dir)
  return {
    unitOfWork,
    writeDoor,
    analyzers,
    site,
    ...read,
    graph: new GraphService(prisma, read),
    analysis: new AnalysisService(prisma, analyzers),
    feeds: new FeedService(prisma, site, read.articles),
    sitemaps: new SitemapService(prisma, site),
    articleWriter: new ArticleWriter(writeDoor),
    entityWriter: new EntityWriter(writeDoor),
    quoteWriter: new QuoteWriter(writeDoor),
    authorWriter: new AuthorWriter(writeDoor),
    sectionWriter: new SectionWriter(writeDoor),
    tagWriter: new TagWriter(writeDoor),
    correctionWriter: new CorrectionWriter(writeDoor),
    images: new ImageService(prisma, media, site),
    imageWriter: new ImageWriter(unitOfWork, media, site, config.media.maxPixels),
    scheduler: new ArticleScheduler(writeDoor),
    tokens: new TokenService(prisma, unitOfWork, secret),
    privacy,
    comments: new CommentService(prisma, unitOfWork, config.comments, hasher, privacy, akismet,
      redis ? new RedisFloodWindow(redis, error => log.warn({ err: error }, 'Redis flood window unavailable; the database check still applies')) : null),
    moderation: new ModerationService(prisma, unitOfWork, akismet),
    likes: new LikeService(prisma, unitOfWork, hasher)
  }
}

export type Services = ReturnType<typeof compose>

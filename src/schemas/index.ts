import { AnalysisSchema } from './analysis.js'
import { SpeakerCandidateSchema } from './candidate.js'
import { ArticleListItemSchema, ArticleSchema, ArticleSummarySchema } from './article.js'
import { ModeratedCommentListItemSchema, ModeratedCommentSchema, PublicCommentSchema } from './comment.js'
import { RevisionSchema, RevisionSummarySchema } from './article-write.js'
import { BundleSchema } from './bundle.js'
import { StoredRelationSchema } from './entity-write.js'
import { StoredMentionSchema } from './quote-write.js'
import { sharedSchemas } from './common.js'
import { EntityListItemSchema, EntitySchema, EntitySummarySchema, RelationSchema } from './entity.js'
import { NewsArticleSchema, RelatedSchema } from './graph.js'
import { QuoteListItemSchema, QuoteSchema } from './quote.js'
import { TokenSchema } from './token.js'
import { AuthorListItemSchema, AuthorRefSchema, AuthorSchema } from './author.js'
import { CorrectionSchema } from './correction.js'
import { DeliverySchema, WebhookSchema } from './webhook.js'
import { SectionRefSchema, SectionSchema, TagDetailSchema } from './section.js'
import { ImageListItemSchema, ImageSchema, LeadImageSchema } from './image.js'

/** Every schema routes refer to by $id; each becomes an OpenAPI component. */
export const componentSchemas = [
  ...sharedSchemas,
  ArticleSummarySchema, ArticleSchema, ArticleListItemSchema,
  EntitySummarySchema, EntitySchema, EntityListItemSchema, RelationSchema,
  QuoteSchema, QuoteListItemSchema,
  TokenSchema,
  PublicCommentSchema, ModeratedCommentSchema, ModeratedCommentListItemSchema,
  AnalysisSchema, SpeakerCandidateSchema, RelatedSchema, NewsArticleSchema,
  RevisionSummarySchema, RevisionSchema, StoredRelationSchema, StoredMentionSchema, BundleSchema,
  AuthorSchema, AuthorRefSchema, AuthorListItemSchema, SectionRefSchema, SectionSchema, TagDetailSchema, CorrectionSchema,
  WebhookSchema, DeliverySchema,
  ImageSchema, ImageListItemSchema, LeadImageSchema
]

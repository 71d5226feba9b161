import { ArticleSchema, ArticleSummarySchema } from './article.js'
import { ModeratedCommentSchema, PublicCommentSchema } from './comment.js'
import { sharedSchemas } from './common.js'
import { EntitySchema, EntitySummarySchema, RelationSchema } from './entity.js'
import { QuoteSchema } from './quote.js'
import { TokenSchema } from './token.js'

/** Every schema routes refer to by $id; each becomes an OpenAPI component. */
export const componentSchemas = [
  ...sharedSchemas,
  ArticleSummarySchema, ArticleSchema,
  EntitySummarySchema, EntitySchema, RelationSchema,
  QuoteSchema,
  TokenSchema,
  PublicCommentSchema, ModeratedCommentSchema
]

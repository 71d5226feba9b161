import { ArticleListItemSchema, ArticleSchema, ArticleSummarySchema } from './article.js'
import { sharedSchemas } from './common.js'
import { EntityListItemSchema, EntitySchema, EntitySummarySchema, RelationSchema } from './entity.js'
import { QuoteListItemSchema, QuoteSchema } from './quote.js'

/** Every schema routes refer to by $id; each becomes an OpenAPI component. */
export const componentSchemas = [
  ...sharedSchemas,
  ArticleSummarySchema, ArticleSchema, ArticleListItemSchema,
  EntitySummarySchema, EntitySchema, EntityListItemSchema, RelationSchema,
  QuoteSchema, QuoteListItemSchema
]

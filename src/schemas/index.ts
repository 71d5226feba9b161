import { ArticleSchema, ArticleSummarySchema } from './article.js'
import { RevisionSchema, RevisionSummarySchema } from './article-write.js'
import { BundleSchema } from './bundle.js'
import { StoredRelationSchema } from './entity-write.js'
import { StoredMentionSchema } from './quote-write.js'
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
  RevisionSummarySchema, RevisionSchema, StoredRelationSchema, StoredMentionSchema, BundleSchema
]

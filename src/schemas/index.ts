import { AnalysisSchema } from './analysis.js'
import { ArticleSchema, ArticleSummarySchema } from './article.js'
import { sharedSchemas } from './common.js'
import { EntitySchema, EntitySummarySchema, RelationSchema } from './entity.js'
import { NewsArticleSchema, RelatedSchema } from './graph.js'
import { QuoteSchema } from './quote.js'

/** Every schema routes refer to by $id; each becomes an OpenAPI component. */
export const componentSchemas = [
  ...sharedSchemas,
  ArticleSummarySchema, ArticleSchema,
  EntitySummarySchema, EntitySchema, RelationSchema,
  QuoteSchema,
  AnalysisSchema, RelatedSchema, NewsArticleSchema
]

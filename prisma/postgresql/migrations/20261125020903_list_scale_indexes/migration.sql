-- DropIndex
DROP INDEX "ArticleTag_tagId_idx";

-- CreateIndex
CREATE INDEX "ArticleTag_tagId_articleId_idx" ON "ArticleTag"("tagId", "articleId");


-- The search ranking window (src/services/search.ts): the order rows were first
-- indexed in, which SQLite's FTS5 tables have as the source row's rowid. A search
-- matching more rows than the window ranks the newest of them.
ALTER TABLE "article_search" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "article_search_seq_idx" ON "article_search" ("seq");
ALTER TABLE "entity_search" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "entity_search_seq_idx" ON "entity_search" ("seq");
ALTER TABLE "quote_search" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "quote_search_seq_idx" ON "quote_search" ("seq");

-- DropIndex
DROP INDEX "ArticleTag_tagId_idx";

-- CreateIndex
CREATE INDEX "ArticleTag_tagId_articleId_idx" ON "ArticleTag"("tagId", "articleId");


-- DropIndex
DROP INDEX "Article_status_publishedAt_id_idx";

-- CreateIndex
CREATE INDEX "Article_title_id_idx" ON "Article"("title", "id");

-- CreateIndex
CREATE INDEX "Article_updatedAt_id_idx" ON "Article"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Quote_createdAt_id_idx" ON "Quote"("createdAt", "id");


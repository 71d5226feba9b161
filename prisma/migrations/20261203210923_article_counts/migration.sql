-- Comment and like counts kept on the article row, so a read does not count them.
-- ADD COLUMN, not Prisma's table redefinition: dropping "Article" would drop its
-- full-text triggers.
ALTER TABLE "Article" ADD COLUMN "commentCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Article" ADD COLUMN "likeCount" INTEGER NOT NULL DEFAULT 0;

-- The counts move with every change to a comment or a like, in the writer's own
-- transaction, whoever writes (API, moderation, privacy erase, import, a script).
-- commentCount is what readers see: approved comments, and a reply only while its
-- parent is approved too. A change is recounted over the article's index, so a
-- parent's moderation also corrects its replies' share.
CREATE TRIGGER "article_comment_count_insert" AFTER INSERT ON "Comment" BEGIN
    UPDATE "Article" SET "commentCount" = (
        SELECT COUNT(*) FROM "Comment" c WHERE c."articleId" = NEW."articleId" AND c."status" = 'approved'
          AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
    ) WHERE "id" = NEW."articleId";
END;
CREATE TRIGGER "article_comment_count_update" AFTER UPDATE OF "status", "parentId", "articleId" ON "Comment" BEGIN
    UPDATE "Article" SET "commentCount" = (
        SELECT COUNT(*) FROM "Comment" c WHERE c."articleId" = "Article"."id" AND c."status" = 'approved'
          AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
    ) WHERE "id" IN (NEW."articleId", OLD."articleId");
END;
CREATE TRIGGER "article_comment_count_delete" AFTER DELETE ON "Comment" BEGIN
    UPDATE "Article" SET "commentCount" = (
        SELECT COUNT(*) FROM "Comment" c WHERE c."articleId" = OLD."articleId" AND c."status" = 'approved'
          AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
    ) WHERE "id" = OLD."articleId";
END;
CREATE TRIGGER "article_like_count_insert" AFTER INSERT ON "Like" BEGIN
    UPDATE "Article" SET "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = NEW."articleId") WHERE "id" = NEW."articleId";
END;
CREATE TRIGGER "article_like_count_update" AFTER UPDATE OF "articleId" ON "Like" BEGIN
    UPDATE "Article" SET "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = "Article"."id") WHERE "id" IN (NEW."articleId", OLD."articleId");
END;
CREATE TRIGGER "article_like_count_delete" AFTER DELETE ON "Like" BEGIN
    UPDATE "Article" SET "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = OLD."articleId") WHERE "id" = OLD."articleId";
END;

-- Backfill.
UPDATE "Article" SET
    "commentCount" = (
        SELECT COUNT(*) FROM "Comment" c WHERE c."articleId" = "Article"."id" AND c."status" = 'approved'
          AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
    ),
    "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = "Article"."id");

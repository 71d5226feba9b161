-- Comment and like counts kept on the article row, so a read does not count them.
ALTER TABLE "Article" ADD COLUMN     "commentCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "likeCount" INTEGER NOT NULL DEFAULT 0;

-- The counts move with every change to a comment or a like, in the writer's own
-- transaction, whoever writes (API, moderation, privacy erase, import, a script).
-- commentCount is what readers see: approved comments, and a reply only while its
-- parent is approved too. A change is recounted over the article's index, so a
-- parent's moderation also corrects its replies' share.
CREATE FUNCTION "article_comment_count"(article TEXT) RETURNS INTEGER LANGUAGE sql STABLE AS $$
    SELECT COUNT(*)::INTEGER FROM "Comment" c WHERE c."articleId" = article AND c."status" = 'approved'
      AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
$$;
CREATE FUNCTION "article_comment_count_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE "Article" SET "commentCount" = "article_comment_count"(NEW."articleId") WHERE "id" = NEW."articleId";
    END IF;
    IF TG_OP = 'DELETE' OR OLD."articleId" IS DISTINCT FROM NEW."articleId" THEN
        UPDATE "Article" SET "commentCount" = "article_comment_count"(OLD."articleId") WHERE "id" = OLD."articleId";
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "article_comment_count" AFTER INSERT OR DELETE OR UPDATE OF "status", "parentId", "articleId" ON "Comment"
    FOR EACH ROW EXECUTE FUNCTION "article_comment_count_refresh"();
CREATE FUNCTION "article_like_count_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE "Article" SET "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = NEW."articleId") WHERE "id" = NEW."articleId";
    END IF;
    IF TG_OP = 'DELETE' OR OLD."articleId" IS DISTINCT FROM NEW."articleId" THEN
        UPDATE "Article" SET "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = OLD."articleId") WHERE "id" = OLD."articleId";
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "article_like_count" AFTER INSERT OR DELETE OR UPDATE OF "articleId" ON "Like"
    FOR EACH ROW EXECUTE FUNCTION "article_like_count_refresh"();

-- Backfill.
UPDATE "Article" SET
    "commentCount" = (
        SELECT COUNT(*) FROM "Comment" c WHERE c."articleId" = "Article"."id" AND c."status" = 'approved'
          AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "Comment" p WHERE p."id" = c."parentId" AND p."status" = 'approved'))
    ),
    "likeCount" = (SELECT COUNT(*) FROM "Like" l WHERE l."articleId" = "Article"."id");

-- Full-text search (issue 5) on PostgreSQL: one tsvector table per searchable
-- resource with a GIN index, kept in sync by triggers, so every writer updates the
-- index in the same transaction as the row. The text search configuration
-- dateline_search is `simple` (no stemming, like SQLite's unicode61) behind the
-- unaccent dictionary, so case and diacritics fold ("erdogan" finds "Erdoğan").
-- unaccent ships with PostgreSQL (contrib); creating it needs a role allowed to.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION dateline_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION dateline_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, simple;

CREATE TABLE "article_search" (
  "id" TEXT NOT NULL PRIMARY KEY REFERENCES "Article"("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
CREATE INDEX "article_search_document_idx" ON "article_search" USING GIN ("document");

CREATE FUNCTION article_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "article_search" ("id", "document") VALUES (NEW."id",
    setweight(to_tsvector('dateline_search', NEW."title"), 'A') ||
    setweight(to_tsvector('dateline_search', coalesce(NEW."standfirst", '')), 'B') ||
    setweight(to_tsvector('dateline_search', NEW."body"), 'C'))
  ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
  RETURN NULL;
END $$;
CREATE TRIGGER "article_search_refresh" AFTER INSERT OR UPDATE OF "title", "standfirst", "body" ON "Article"
  FOR EACH ROW EXECUTE FUNCTION article_search_refresh();
INSERT INTO "article_search" ("id", "document")
  SELECT "id",
    setweight(to_tsvector('dateline_search', "title"), 'A') ||
    setweight(to_tsvector('dateline_search', coalesce("standfirst", '')), 'B') ||
    setweight(to_tsvector('dateline_search', "body"), 'C')
  FROM "Article";

-- Entities are found by name and by every alias, former name and demonym.
CREATE TABLE "entity_search" (
  "id" TEXT NOT NULL PRIMARY KEY REFERENCES "Entity"("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
CREATE INDEX "entity_search_document_idx" ON "entity_search" USING GIN ("document");

CREATE FUNCTION entity_search_refresh_for(entity_id TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "entity_search" ("id", "document")
    SELECT e."id",
      setweight(to_tsvector('dateline_search', e."name"), 'A') ||
      setweight(to_tsvector('dateline_search', coalesce((SELECT string_agg(a."name", ' | ') FROM "EntityAlias" a WHERE a."entityId" = e."id"), '')), 'B')
    FROM "Entity" e WHERE e."id" = entity_id
  ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
END $$;
CREATE FUNCTION entity_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM entity_search_refresh_for(NEW."id");
  RETURN NULL;
END $$;
CREATE FUNCTION entity_alias_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM entity_search_refresh_for(OLD."entityId"); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM entity_search_refresh_for(NEW."entityId"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "entity_search_refresh" AFTER INSERT OR UPDATE OF "name" ON "Entity"
  FOR EACH ROW EXECUTE FUNCTION entity_search_refresh();
CREATE TRIGGER "entity_alias_search_refresh" AFTER INSERT OR UPDATE OR DELETE ON "EntityAlias"
  FOR EACH ROW EXECUTE FUNCTION entity_alias_search_refresh();
SELECT entity_search_refresh_for("id") FROM "Entity";

CREATE TABLE "quote_search" (
  "id" TEXT NOT NULL PRIMARY KEY REFERENCES "Quote"("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);
CREATE INDEX "quote_search_document_idx" ON "quote_search" USING GIN ("document");

CREATE FUNCTION quote_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "quote_search" ("id", "document") VALUES (NEW."id", to_tsvector('dateline_search', NEW."text"))
  ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
  RETURN NULL;
END $$;
CREATE TRIGGER "quote_search_refresh" AFTER INSERT OR UPDATE OF "text" ON "Quote"
  FOR EACH ROW EXECUTE FUNCTION quote_search_refresh();
INSERT INTO "quote_search" ("id", "document") SELECT "id", to_tsvector('dateline_search', "text") FROM "Quote";

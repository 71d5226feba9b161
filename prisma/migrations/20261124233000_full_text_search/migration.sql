-- Full-text search (issue 5): one FTS5 table per searchable resource, kept in sync by
-- triggers, so every writer (the API, the seed, a script, the SQLite shell) updates
-- the index in the same transaction as the row. The tokenizer folds case and
-- diacritics ("erdogan" finds "Erdoğan").
--
-- Each FTS row's rowid is its source row's rowid, so triggers update it by key. A
-- later migration that redefines Article, Entity, EntityAlias or Quote (Prisma's
-- "RedefineTables" copies) drops these triggers and renumbers rowids: it must drop
-- and re-create the matching FTS table and triggers below.

CREATE VIRTUAL TABLE "article_fts" USING fts5(
  "id" UNINDEXED, "title", "standfirst", "body",
  tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO "article_fts" ("rowid", "id", "title", "standfirst", "body")
  SELECT "rowid", "id", "title", coalesce("standfirst", ''), "body" FROM "Article";
CREATE TRIGGER "article_fts_insert" AFTER INSERT ON "Article" BEGIN
  INSERT INTO "article_fts" ("rowid", "id", "title", "standfirst", "body")
    VALUES (new."rowid", new."id", new."title", coalesce(new."standfirst", ''), new."body");
END;
CREATE TRIGGER "article_fts_update" AFTER UPDATE OF "title", "standfirst", "body" ON "Article" BEGIN
  UPDATE "article_fts" SET "title" = new."title", "standfirst" = coalesce(new."standfirst", ''), "body" = new."body"
    WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "article_fts_delete" AFTER DELETE ON "Article" BEGIN
  DELETE FROM "article_fts" WHERE "rowid" = old."rowid";
END;

-- Entities are found by name and by every alias, former name and demonym.
CREATE VIRTUAL TABLE "entity_fts" USING fts5(
  "id" UNINDEXED, "name", "aliases",
  tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO "entity_fts" ("rowid", "id", "name", "aliases")
  SELECT e."rowid", e."id", e."name",
    coalesce((SELECT group_concat(a."name", ' | ') FROM "EntityAlias" a WHERE a."entityId" = e."id"), '')
  FROM "Entity" e;
CREATE TRIGGER "entity_fts_insert" AFTER INSERT ON "Entity" BEGIN
  INSERT INTO "entity_fts" ("rowid", "id", "name", "aliases")
    VALUES (new."rowid", new."id", new."name",
      coalesce((SELECT group_concat("name", ' | ') FROM "EntityAlias" WHERE "entityId" = new."id"), ''));
END;
CREATE TRIGGER "entity_fts_update" AFTER UPDATE OF "name" ON "Entity" BEGIN
  UPDATE "entity_fts" SET "name" = new."name" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "entity_fts_delete" AFTER DELETE ON "Entity" BEGIN
  DELETE FROM "entity_fts" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "entity_alias_fts_insert" AFTER INSERT ON "EntityAlias" BEGIN
  UPDATE "entity_fts" SET "aliases" = coalesce((SELECT group_concat("name", ' | ') FROM "EntityAlias" WHERE "entityId" = new."entityId"), '')
    WHERE "rowid" = (SELECT "rowid" FROM "Entity" WHERE "id" = new."entityId");
END;
CREATE TRIGGER "entity_alias_fts_update" AFTER UPDATE OF "name", "entityId" ON "EntityAlias" BEGIN
  UPDATE "entity_fts" SET "aliases" = coalesce((SELECT group_concat("name", ' | ') FROM "EntityAlias" WHERE "entityId" = old."entityId"), '')
    WHERE "rowid" = (SELECT "rowid" FROM "Entity" WHERE "id" = old."entityId");
  UPDATE "entity_fts" SET "aliases" = coalesce((SELECT group_concat("name", ' | ') FROM "EntityAlias" WHERE "entityId" = new."entityId"), '')
    WHERE "rowid" = (SELECT "rowid" FROM "Entity" WHERE "id" = new."entityId");
END;
CREATE TRIGGER "entity_alias_fts_delete" AFTER DELETE ON "EntityAlias" BEGIN
  UPDATE "entity_fts" SET "aliases" = coalesce((SELECT group_concat("name", ' | ') FROM "EntityAlias" WHERE "entityId" = old."entityId"), '')
    WHERE "rowid" = (SELECT "rowid" FROM "Entity" WHERE "id" = old."entityId");
END;

CREATE VIRTUAL TABLE "quote_fts" USING fts5(
  "id" UNINDEXED, "text",
  tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO "quote_fts" ("rowid", "id", "text") SELECT "rowid", "id", "text" FROM "Quote";
CREATE TRIGGER "quote_fts_insert" AFTER INSERT ON "Quote" BEGIN
  INSERT INTO "quote_fts" ("rowid", "id", "text") VALUES (new."rowid", new."id", new."text");
END;
CREATE TRIGGER "quote_fts_update" AFTER UPDATE OF "text" ON "Quote" BEGIN
  UPDATE "quote_fts" SET "text" = new."text" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "quote_fts_delete" AFTER DELETE ON "Quote" BEGIN
  DELETE FROM "quote_fts" WHERE "rowid" = old."rowid";
END;

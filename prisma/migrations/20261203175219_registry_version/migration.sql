-- CreateTable
CREATE TABLE "RegistryVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "token" TEXT NOT NULL
);

-- The registry's version token moves with every change to an entity or an alias,
-- in the writer's own transaction, whoever writes (API, seed, import, a script).
INSERT INTO "RegistryVersion" ("id", "token") VALUES (1, lower(hex(randomblob(8))));
CREATE TRIGGER "registry_version_entity_insert" AFTER INSERT ON "Entity" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;
CREATE TRIGGER "registry_version_entity_update" AFTER UPDATE ON "Entity" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;
CREATE TRIGGER "registry_version_entity_delete" AFTER DELETE ON "Entity" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;
CREATE TRIGGER "registry_version_alias_insert" AFTER INSERT ON "EntityAlias" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;
CREATE TRIGGER "registry_version_alias_update" AFTER UPDATE ON "EntityAlias" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;
CREATE TRIGGER "registry_version_alias_delete" AFTER DELETE ON "EntityAlias" BEGIN
    UPDATE "RegistryVersion" SET "token" = lower(hex(randomblob(8))) WHERE "id" = 1;
END;

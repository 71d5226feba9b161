-- CreateTable
CREATE TABLE "RegistryVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "token" TEXT NOT NULL,

    CONSTRAINT "RegistryVersion_pkey" PRIMARY KEY ("id")
);

-- The registry's version token moves with every change to an entity or an alias,
-- in the writer's own transaction, whoever writes (API, seed, import, a script).
INSERT INTO "RegistryVersion" ("id", "token") VALUES (1, md5(random()::text || clock_timestamp()::text));
CREATE FUNCTION "registry_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "RegistryVersion" SET "token" = md5(random()::text || clock_timestamp()::text) WHERE "id" = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "registry_version_entity" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Entity"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_version_bump"();
CREATE TRIGGER "registry_version_alias" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EntityAlias"
    FOR EACH STATEMENT EXECUTE FUNCTION "registry_version_bump"();

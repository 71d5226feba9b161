import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../generated/prisma/client.js'

export type { PrismaClient }
/** A client or the client handed to a transaction callback: services take either. */
export type Db = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

/** Path of the SQLite file a `file:` URL names, with its folder created. */
export function sqliteFile (databaseUrl: string): string {
  const file = databaseUrl.replace(/^file:/, '')
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  return file
}

export function createPrismaClient (databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFile(databaseUrl)}` })
  return new PrismaClient({ adapter })
}

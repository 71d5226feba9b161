import { databaseKind } from './client.js'

// What an operator sees when the database named by DATABASE_URL cannot be reached at
// start: one line on stderr and exit code 1, instead of a driver's stack trace.

/** The URL without its password or query, for a message. */
function where (databaseUrl: string): string {
  if (databaseKind(databaseUrl) === 'sqlite') return databaseUrl
  const url = new URL(databaseUrl)
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`
}

interface DriverError { code?: unknown, message?: unknown, errno?: unknown }

/** One line saying what is wrong with the database, or null when `error` is not about reaching it. */
export function databaseStartupProblem (error: unknown, databaseUrl: string): string | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, message } = error as DriverError
  const text = typeof message === 'string' ? message : ''
  const target = where(databaseUrl)
  switch (code) {
    case '3D000': return `The PostgreSQL database at ${target} does not exist: create it (createdb) or fix DATABASE_URL.`
    case '28P01':
    case '28000': return `PostgreSQL at ${target} refused the login: check the user and password in DATABASE_URL.`
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT': return `Cannot reach the database at ${target} (${code}): is the server running, and is DATABASE_URL right?`
    case 'SQLITE_CANTOPEN': return `Cannot open the SQLite database ${target}: check that its folder exists and is writable.`
  }
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const line = databaseStartupProblem(inner, databaseUrl)
      if (line) return line
    }
  }
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(text)) {
    return `Timed out connecting to the database at ${target} (DATABASE_CONNECT_TIMEOUT_MS): is the server up and reachable?`
  }
  if (/self[- ]signed certificate|unable to verify|does not support SSL|SSL/i.test(text)) {
    return `The TLS connection to the database at ${target} failed (${text.split('\n')[0]}): check DATABASE_SSL and DATABASE_SSL_CA.`
  }
  return null
}

/**
 * Runs a command's or the server's start; a database that cannot be reached ends the
 * process with one line on stderr and exit code 1. Anything else is rethrown.
 */
export async function orExitOnDatabaseError<T> (databaseUrl: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start()
  } catch (error) {
    const line = databaseStartupProblem(error, databaseUrl)
    if (line === null) throw error
    process.stderr.write(line + '\n')
    process.exit(1)
  }
}

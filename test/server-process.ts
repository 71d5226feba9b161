import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import type { Test } from 'tap'

// Starts the real server (src/server.ts through tsx) as a child process listening on
// 127.0.0.1 on a free port: for the few tests that need a process to kill, signal or
// run twice (test/process/*). Shared so that they start it the same way.

const server = path.resolve(import.meta.dirname, '..', 'src', 'server.ts')

export interface ServerProcess {
  /** The base URL it listens on, e.g. http://127.0.0.1:40123 */
  url: string
  child: ChildProcess
  /** Every line it wrote to stdout (JSON log lines at LOG_LEVEL=info). */
  lines: string[]
  /** Emits 'line' for each of them as it comes. */
  output: Interface
  /** Resolves when the process has exited, with its code and signal. */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

export interface StartOptions {
  databaseUrl: string
  /** TOKEN_SECRET: tokens made beside the process with the same secret work in it. */
  secret: string
  /** Environment on top of the defaults (seeded if empty, load shedding off, info logs). */
  env?: Record<string, string>
  /** How the test's teardown ends it if it still runs (SIGKILL unless told). */
  teardownSignal?: NodeJS.Signals
}

/**
 * Spawns the server and resolves once it logs "Server listening at"; rejects (with
 * what it wrote) if it exits first. The test's teardown ends it if it still runs.
 */
export function startServer (t: Test, options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', server], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      TOKEN_SECRET: options.secret,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SEED_ON_START: 'if-empty',
      // Load shedding off: a busy CI machine must not turn assertions into 503s.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  // stderr is passed on as it comes and kept, so a start that fails says why.
  let errors = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk)
    errors = (errors + chunk.toString('utf8')).slice(-4000)
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill(options.teardownSignal ?? 'SIGKILL')
    await exited
  })
  const lines: string[] = []
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server exited with ${code} before listening:\n${lines.join('\n')}\n${errors}`))
    child.once('exit', onExit)
    const output = createInterface({ input: child.stdout! })
    output.on('line', line => {
      lines.push(line)
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (listening) {
        child.off('exit', onExit)
        resolve({ url: listening[1], child, lines, output, exited })
      }
    })
  })
}

/** Ends the process with SIGKILL (if it still runs) and waits for it to be gone. */
export async function killServer (server: ServerProcess): Promise<void> {
  const { child } = server
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGKILL')
  await server.exited
}

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { randomUUID } from 'node:crypto'

/**
 * Where image files live. Keys are relative paths made by Dateline itself
 * (`originals/<sha-256>.jpeg`, `variants/<id>/640x360.webp`), never from a request.
 * The local folder is the embedded default; an object store would implement the same.
 */
export interface MediaStorage {
  /** The bytes under `key`, or null when there are none. */
  get (key: string): Promise<Buffer | null>
  put (key: string, bytes: Buffer): Promise<void>
  /** Removes `key`, and everything under it when it names a folder. */
  remove (key: string): Promise<void>
}

export class LocalMediaStorage implements MediaStorage {
  constructor (private readonly root: string) {}

  #path (key: string): string {
    const full = path.resolve(this.root, key)
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`media key outside the media folder: ${key}`)
    return full
  }

  async get (key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.#path(key))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  async put (key: string, bytes: Buffer): Promise<void> {
    const file = this.#path(key)
    await mkdir(path.dirname(file), { recursive: true })
    // Written aside, then renamed: a reader never sees half a file, even across processes.
    const partial = `${file}.${randomUUID()}.partial`
    await writeFile(partial, bytes)
    await rename(partial, file)
  }

  async remove (key: string): Promise<void> {
    await rm(this.#path(key), { recursive: true, force: true })
  }
}

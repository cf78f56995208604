import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import { openStore, type Store, type StoreOptions } from '../store'

/** A temporary folder of the running test, and a database file's path in it. */
export interface TempDir {
  dir: string
  /** `name` in `dir`, not created. */
  file: string
  /** A store on `file`, closed when the test finishes (a test that closes it sooner may). */
  open(opts?: StoreOptions): Store
}

/** A fresh temporary folder for the running test, removed with all it holds when the test finishes.
 *  Call it in the test or in a beforeEach (both run as the test, so the cleanup is the test's). */
export function tempDir(prefix: string, name = 'runs.db'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, name)
  return {
    dir,
    file,
    open(opts = {}) {
      const store = openStore(file, opts)
      // registered after the folder's removal, so run before it (onTestFinished runs in reverse)
      onTestFinished(() => store.close())
      return store
    }
  }
}

export type TempStore = TempDir & { store: Store }

/** A store on a new database (runs.db) in a fresh temporary folder (tempDir), closed and removed
 *  when the running test finishes. */
export function tempStore(prefix: string, opts: StoreOptions = {}): TempStore {
  const t = tempDir(prefix)
  return { ...t, store: t.open(opts) }
}

// The runs the app stopped as it last closed (a normal quit while they trained, or waited to
// resume): the quit keeps them interrupted, resumable, and the next start says so once. The
// database cannot hold the list without a migration, so it lies beside it, as the session marker
// does (electron/main/startup.ts): `runs.db.stopped`, written by the close that stopped them, read
// and removed by the next open. A start says them; the one after says nothing of them.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Store } from '../../core/store'

export const stoppedFile = (dbPath: string): string => `${dbPath}.stopped`

/** The ids the last close wrote beside `dbPath`, removing the file: read once. [] where there is
 *  none; a file that is not a list of run ids, or that cannot be removed, is said in `log` and read
 *  as none. */
export function takeStoppedAtQuit(dbPath: string, log: (line: string) => void = () => {}): number[] {
  const file = stoppedFile(dbPath)
  // each failure's line: what went wrong with the file, then the one consequence, said once here
  const unnamed = (what: string, lest = '') => log(`${file}: ${what}; the runs stopped when the app last closed are not named at this start${lest} (Runs lists them as interrupted)`)
  if (!existsSync(file)) return []
  let ids: unknown
  try {
    ids = (JSON.parse(readFileSync(file, 'utf8')) as { runIds?: unknown }).runIds
  } catch (e) {
    ids = null
    unnamed(`not read (${e instanceof Error ? e.message : String(e)})`)
  }
  try {
    rmSync(file, { force: true })
  } catch (e) {
    // a folder that cannot be written (or a folder of that name): named now, they would be named
    // at every start after, and the start must go on
    unnamed(`not removed (${e instanceof Error ? e.message : String(e)})`, ', lest every start name them again')
    return []
  }
  if (ids === null) return []
  if (!Array.isArray(ids) || !ids.every((v) => Number.isSafeInteger(v) && (v as number) > 0)) {
    unnamed('runIds is not a list of run ids')
    return []
  }
  return ids as number[]
}

/** The runs this process's close stopped: interrupted by this store's owner (the app) at or after
 *  `since`, the moment the close began. */
export function stoppedSince(store: Store, since: number): number[] {
  return store.runs.listed().filter((r) => r.status === 'interrupted' && r.ownerInstance === store.owner.instance && r.finishedAt !== null && r.finishedAt >= since).map((r) => r.id)
}

/** Writes `ids` beside `dbPath` for the next start (nothing where none); a folder that cannot be
 *  written loses the notice only (the runs stay interrupted and Runs offers Resume). */
export function keepStoppedAtQuit(dbPath: string, ids: number[], log: (line: string) => void = () => {}): void {
  if (!ids.length) return
  try {
    writeFileSync(stoppedFile(dbPath), JSON.stringify({ runIds: ids }) + '\n')
  } catch (e) {
    log(`${stoppedFile(dbPath)}: not written (${e instanceof Error ? e.message : String(e)}); the next start will not name the runs this close stopped`)
  }
}

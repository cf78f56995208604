// Why the run database cannot be opened, in the words the CLI, browser mode and the app's main
// process share: a file of another kind is named by what it looks like (a CSV, random bytes, another
// application's SQLite database: its tables), a damaged SQLite file as damaged, each with the step
// that helps. Each front door adds how to name another database in its own terms (--db, FW_DB, a
// dialog's buttons).
import { StoreError } from '../store'
import { fileKind, looksLike } from './file-kind'

export interface DatabaseTrouble {
  /** "not a Forecast Workbench database (it is not an SQLite database, nor text: it starts with the
   *  bytes 0d 6e …)", "the database is damaged (…)". */
  what: string
  /** A readable file of another kind (a CSV, JSON, text, another application's SQLite database)
   *  was named by mistake: name the database instead. Otherwise (random bytes, damaged pages)
   *  the file is kept aside and a new one made. */
  wrongFile: boolean
}

/** What is wrong with the database `file` that failed to open with `e` (or, with no `e`, before
 *  opening it): null when the file is an SQLite database and `e` says neither that it is another
 *  application's (the store tells by opening it) nor that its pages are damaged. */
export function databaseTrouble(file: string, e?: unknown): DatabaseTrouble | null {
  const kind = fileKind(file)
  if (kind && kind.kind !== 'sqlite') return { what: `not a Forecast Workbench database (${looksLike(kind)})`, wrongFile: kind.kind !== 'binary' }
  // another application's SQLite database, which the store refused before writing to it: named
  // by mistake, as a CSV would be
  if (e instanceof StoreError && e.code === 'foreign') return { what: `not a Forecast Workbench database (${e.detail ?? 'an SQLite database of another application'})`, wrongFile: true }
  if (e instanceof StoreError && e.code === 'damaged') {
    const cause = e.cause instanceof Error ? e.cause.message : ''
    return { what: `the database is damaged${cause ? ` (${cause})` : ''}`, wrongFile: false }
  }
  return null
}

/** The next step for a damaged or foreign file, ending in how `another` (the front door's words)
 *  names a different database. */
export function troubleStep(t: DatabaseTrouble, another: string): string {
  return t.wrongFile ? `name the run database (${another})` : `move the file aside and start again with a new database, or open another (${another})`
}

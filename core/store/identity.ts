// How the store knows a file is its own before it writes to it. A foreign SQLite file (another
// application's database) named as the run database was migrated: an empty-looking one got our
// whole schema written into it, one with a `runs` or `datasets` table failed midway ("table
// datasets already exists"), one with user_version 7 failed at migration 009. Now every file the
// store makes is stamped with PRAGMA application_id; a file without the stamp, which every file
// made before it lacks, is ours when its user_version is one of our schema versions and it holds
// every table the migrations up to that version create. An SQLite file with nothing in it (no
// schema objects, user_version 0) may still become a new database. Anything else is refused,
// naming its tables, before anything is written.
import type Database from 'better-sqlite3'
import { StoreError } from './errors'
import { MIGRATIONS, type Migration } from './migrations'
import { andListCut } from '../data/words'

/** PRAGMA application_id of a Forecast Workbench database: 'FWrb' in ASCII. */
export const APPLICATION_ID = 0x46577262

/** The tables the migrations up to `version` create (no migration has dropped or renamed one). */
export function tablesAt(version: number, migrations: readonly Migration[] = MIGRATIONS): string[] {
  return migrations.filter((m) => m.version <= version).flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((x) => x[1]!))
}

/** What the file holds, as read in one snapshot (another process may be creating it). */
interface Header {
  applicationId: number
  userVersion: number
  /** Its tables, SQLite's own left out. */
  tables: string[]
  /** Every schema object: tables, indexes, views, triggers. */
  objects: number
}

function readHeader(db: Database.Database): Header {
  return db.transaction(() => ({
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
    tables: db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[],
    objects: db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number
  }))()
}

/** "a, b and c", "a, b, c, d, e, f and 4 more": a long list cut, so one line still says what the file is. */
const names = (list: readonly string[]): string => andListCut(list, 6)

/** What a foreign file holds, for the refusal: its tables, or what marks it when it has none. */
function foreignDetail(h: Header, ours: readonly string[]): string {
  const mine = h.tables.some((t) => ours.includes(t))
  const lacking = ours.filter((t) => !h.tables.includes(t))
  const tables = h.tables.length === 0 ? 'no tables' : `${h.tables.length === 1 ? 'table' : 'tables'} ${names(h.tables)}`
  const marks = [
    // what else marks it when its tables do not: no tables, or all of ours
    (h.tables.length === 0 && h.userVersion !== 0) || (mine && lacking.length === 0) ? `user_version ${h.userVersion}` : '',
    h.applicationId !== 0 ? `application_id 0x${(h.applicationId >>> 0).toString(16).padStart(8, '0')}` : ''
  ].filter(Boolean)
  const lacks = mine && lacking.length > 0 ? `; it lacks Forecast Workbench's ${lacking.length === 1 ? 'table' : 'tables'} ${names(lacking)}` : ''
  return `an SQLite database of another application: ${[tables, ...marks].join(', ')}${lacks}`
}

/**
 * Whether `db` is a new database ('new': nothing in it yet) or one of ours ('ours'); a foreign
 * file throws StoreError 'foreign' (its `detail` says what it holds). Reads only.
 */
export function recognise(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): 'new' | 'ours' {
  const h = readHeader(db)
  if (h.applicationId === APPLICATION_ID) return 'ours'
  if (h.applicationId === 0) {
    if (h.objects === 0 && h.userVersion === 0) return 'new'
    const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
    // a newer app's file (too new, said as such next) holds at least what ours would
    const needed = tablesAt(Math.min(h.userVersion, latest), migrations)
    if (h.userVersion > 0 && needed.every((t) => h.tables.includes(t))) return 'ours'
  }
  const detail = foreignDetail(h, tablesAt(h.userVersion > 0 ? h.userVersion : Number.MAX_SAFE_INTEGER, migrations))
  throw new StoreError('foreign', `database ${file} is not a Forecast Workbench database (${detail}); the file was left untouched`, { file, detail })
}

/** Stamps a new database, or one of ours from before the stamp, as ours (one header write). */
export function stamp(db: Database.Database): void {
  if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`)
}

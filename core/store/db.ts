import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { StoreError, damaged, isSqliteCode, translateSqliteError } from './errors'
import { APPLICATION_ID, recognise, stamp } from './identity'
import { assertNotTooNew, migrate, schemaVersion } from './migrate'
import { SCHEMA_VERSION } from './migrations'

export interface OpenOptions {
  /** Open without writing anything (SQLITE_OPEN_READONLY). The database must already exist. */
  readonly?: boolean
  /** better-sqlite3's `nativeBinding`: main passes the Electron build (see docs/storage.md). */
  nativeBinding?: string
  /** How long a write waits for another connection's lock before failing 'busy' (ms). */
  busyTimeoutMs?: number
  /** PRAGMA quick_check (it reads every page: ~0.2-0.5 s for a 400 MB file): true runs it on open,
   *  so damage is reported up front (the default); 'before-write' runs it before the connection's
   *  first change instead (at open when opening itself writes: a stamp, a migration, WAL), so a
   *  damaged file is still never written, and a connection that only reads skips it (damage a
   *  read meets is still 'damaged'); false never runs it. */
  verify?: boolean | 'before-write'
}

export interface Connection {
  db: Database.Database
  file: string
  readonly: boolean
  /** Why the connection is read-only, for the UI; null when writable. */
  readonlyReason: string | null
  /** Cleanup after db.close() (removes a private read-only copy), or null. */
  close: (() => void) | null
  /** Call before every change: runs the quick_check that 'before-write' put off, once (a damaged
   *  file throws 'damaged'); a no-op otherwise. */
  beforeWrite: () => void
  /** Whether that put-off check has yet to run: then this connection has changed nothing. */
  checkPending: () => boolean
  /** The upgrade this open made of an older database, and the copy kept of it as it was (for
   *  older builds, which refuse the upgraded file); null: none was needed. */
  upgraded: Upgraded | null
}

/** An older database upgraded on open: from and to which schema, and the copy kept at `from`. */
export interface Upgraded {
  from: number
  to: number
  copy: string
}

/** The upgrade in one sentence, as fw (on stderr) and the app (a notice) say it. */
export function upgradedWords(file: string, u: Upgraded): string {
  return `the run database ${file} was upgraded from schema ${u.from} to ${u.to}, which older versions of Forecast Workbench cannot open; a copy of it as it was is kept for them at ${u.copy}`
}

/** WAL reuses its file after a checkpoint; this caps what it keeps on disk afterwards. */
const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024
/**
 * The file is mostly column and weight BLOBs, read whole: 16 KiB pages mean a quarter of the
 * overflow pages of the 4 KiB default, and memory-mapped reads skip a syscall per page. (On a busy
 * shared machine, reading 80 MB of columns went from ~1 s to ~0.25-0.6 s.) page_size only affects new files.
 */
const PAGE_SIZE = 16384
const MMAP_BYTES = 256 * 1024 * 1024
/**
 * Page cache (KiB). It mostly holds pages being written: reads of the main file go through the
 * mmap. A big write streams through it, spilling each page to the WAL once the cache is full. At
 * better-sqlite3's 16 MiB, an 80 MB dataset's pages were spilled long after being filled, so the
 * kernel's copy into the WAL and SQLite's memset of each recycled page missed the CPU cache, and
 * 16 MiB of cache was first-touched (page faults are dear on these VMs). 4 MiB cut the save's CPU
 * time from ~0.65-0.95 s to ~0.35-0.5 s (bench/store.ts), with the same append and load times.
 * Not smaller: at 2 MiB glibc gave back and re-faulted SQLite's 8 MB blob buffers for every
 * column, and the save cost ~1 s of CPU. What remains is mostly first-touch page faults on those
 * two buffers per column (SQLite's copy of the bound BLOB and the record it builds); storing
 * columns as 64 KiB chunk rows avoided them (save CPU ~0.25 s) but made loading a dataset
 * ~0.15 s slower, so it was measured and not adopted.
 */
const CACHE_KIB = 4096
/** SQLite's default is 1000 pages, i.e. 4 MiB at its default page size; keep about that. */
const AUTOCHECKPOINT_PAGES = 256

/**
 * Opens (creating if needed), verifies and migrates the database. Order matters: nothing that
 * could write (journal mode, the application_id stamp, migrations) happens before we know the file
 * is healthy, ours (or empty) and not newer than us, so a damaged, foreign or future file is never
 * modified.
 */
export function openConnection(file: string, opts: OpenOptions = {}): Connection {
  const exists = fs.existsSync(file)
  let readonlyReason: string | null = opts.readonly ? 'opened read-only on request' : null
  if (readonlyReason === null && exists) readonlyReason = writeProblem(file)
  if (readonlyReason === null && !exists) fs.mkdirSync(path.dirname(file), { recursive: true })
  if (readonlyReason !== null && !exists) throw new StoreError('not-found', `database not found: ${file}`, { file })
  if (readonlyReason === null) return { ...prepare(file, file, false, opts), file, readonly: false, readonlyReason, close: null }

  try {
    return { ...prepare(file, file, true, opts), file, readonly: true, readonlyReason, close: null }
  } catch (e) {
    // Two things a read-only connection cannot do, which a private copy (the original only read)
    // can:
    // - a WAL database needs FILE-shm beside it even to read; in a folder we cannot write, SQLite
    //   cannot create it (SQLITE_READONLY_DIRECTORY, SQLITE_CANTOPEN);
    // - a write that a crash interrupted left a hot rollback journal (FILE-journal, before the
    //   store switched a new file to WAL) or a WAL that needs recovery, and reading first needs
    //   them rolled back or recovered, which writes (SQLITE_READONLY_ROLLBACK, _RECOVERY,
    //   _CANTINIT). The copy is opened read-write once to do it, as the next writer would.
    const cause = (e as StoreError).cause
    const interrupted = ['SQLITE_READONLY_ROLLBACK', 'SQLITE_READONLY_RECOVERY', 'SQLITE_READONLY_CANTINIT'].some((c) => isSqliteCode(cause, c))
    if (!interrupted && !isSqliteCode(cause, 'SQLITE_READONLY_DIRECTORY') && !isSqliteCode(cause, 'SQLITE_CANTOPEN')) throw e
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-readonly-'))
    const copy = path.join(dir, path.basename(file))
    const remove = () => fs.rmSync(dir, { recursive: true, force: true })
    try {
      fs.copyFileSync(file, copy)
      for (const side of ['-wal', '-journal']) if (fs.existsSync(file + side)) fs.copyFileSync(file + side, copy + side)
      if (interrupted) repair(copy, file, opts)
      const prepared = prepare(copy, file, true, opts)
      const how = interrupted ? 'showing a read-only copy, recovered from a write that was interrupted' : 'showing a read-only copy'
      return { ...prepared, file, readonly: true, readonlyReason: `${readonlyReason} (${how})`, close: remove }
    } catch (e2) {
      remove()
      throw e2
    }
  }
}

/**
 * Rolls back a hot journal or recovers a WAL in a private copy: SQLite does either on the first
 * read of a connection that may write. Nothing else is written.
 */
function repair(copy: string, file: string, opts: OpenOptions): void {
  let db: Database.Database | undefined
  try {
    db = new Database(copy, { fileMustExist: true, ...(opts.nativeBinding !== undefined ? { nativeBinding: opts.nativeBinding } : {}) })
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (e) {
    throw translateSqliteError(e, file, 'database')
  } finally {
    db?.close()
  }
}

/**
 * Opens `openPath` and readies it; errors name `file` (they differ only for a read-only copy).
 * A read-only connection is verified but never migrated.
 */
function prepare(openPath: string, file: string, readonly: boolean, opts: OpenOptions): { db: Database.Database; beforeWrite: () => void; checkPending: () => boolean; upgraded: Upgraded | null } {
  let db: Database.Database
  let unverified = false
  let upgraded: Upgraded | null = null
  try {
    db = new Database(openPath, {
      readonly,
      fileMustExist: readonly,
      ...(opts.nativeBinding !== undefined ? { nativeBinding: opts.nativeBinding } : {})
    })
  } catch (e) {
    throw translateSqliteError(e, file, 'database')
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
    db.pragma(`mmap_size = ${MMAP_BYTES}`)
    db.pragma(`cache_size = -${CACHE_KIB}`)
    if (opts.verify === true || opts.verify === undefined || (opts.verify === 'before-write' && !readonly && openWrites(db))) verify(db, file)
    else unverified = opts.verify === 'before-write'
    recognise(db, file) // another application's database is refused before anything is written
    assertNotTooNew(db, file)
    if (!readonly) {
      // before anything is written to it (WAL, the stamp, the migrations), as the older build left it
      const from = schemaVersion(db)
      if (from > 0 && from < SCHEMA_VERSION) upgraded = { from, to: SCHEMA_VERSION, copy: keepOldCopy(db, file, from) }
      if (db.pragma('page_count', { simple: true }) === 0) {
        db.pragma(`page_size = ${PAGE_SIZE}`)
        // freed pages can be given back to the disk (reclaimSpace) without a VACUUM, which would
        // hold the write lock while it copies the whole file; set before the first table only
        db.pragma('auto_vacuum = INCREMENTAL')
      }
      db.pragma('journal_mode = WAL')
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      stamp(db)
      migrate(db, file)
    } else {
      db.pragma('foreign_keys = ON')
      if (schemaVersion(db) < SCHEMA_VERSION) {
        throw new StoreError(
          'read-only',
          `read-only database ${file} has schema version ${schemaVersion(db)} and needs an upgrade to ${SCHEMA_VERSION}, which cannot be written`,
          { file }
        )
      }
    }
  } catch (e) {
    db.close()
    throw translateSqliteError(e, file, 'database')
  }
  const beforeWrite = () => {
    if (!unverified) return
    verify(db, file)
    unverified = false
  }
  return { db, beforeWrite, checkPending: () => unverified, upgraded }
}

/**
 * Copies database `file`, at schema `from`, whole to FILE.schemaFROM.bak beside it (FILE.schemaFROM-2.bak
 * and on where an earlier upgrade kept one: none is overwritten), for the older builds that refuse
 * the upgraded file. VACUUM INTO writes a consistent copy (the write-ahead log's pages included) to
 * a temporary name, which takes the copy's name only once whole. Returns the copy's path; one that
 * cannot be written is refused, naming it, before the database is changed.
 */
function keepOldCopy(db: Database.Database, file: string, from: number): string {
  let copy = `${file}.schema${from}.bak`
  for (let n = 2; fs.existsSync(copy); n++) copy = `${file}.schema${from}-${n}.bak`
  const tmp = `${copy}.tmp-${process.pid}`
  const removeTmp = () => {
    try {
      fs.rmSync(tmp, { force: true })
    } catch {
      // a folder in the way (the refusal names the copy): nothing of ours to remove
    }
  }
  try {
    removeTmp() // one that a killed open by a process of this pid left
    db.prepare('VACUUM INTO ?').run(tmp)
    // another process may have upgraded the file between our look at its version and the copy:
    // then the copy is not at schema `from` (that process kept the old one)
    const version = headerUserVersion(tmp)
    if (version !== from) throw new Error(`the copy is at schema ${version}: another process upgraded the file meanwhile; open it again`)
    fs.linkSync(tmp, copy) // fails where a file of that name appeared meanwhile: none is overwritten
  } catch (e) {
    throw new StoreError('migration-failed', `cannot keep a copy of ${file} at schema ${from} before upgrading it to ${SCHEMA_VERSION}: ${copy}: ${(e as Error).message}; the database was left at schema ${from}`, { file, cause: e })
  } finally {
    removeTmp()
  }
  return copy
}

/** PRAGMA user_version of a database file with no write-ahead log, read from its header (bytes 60-63). */
function headerUserVersion(file: string): number {
  const header = Buffer.alloc(64)
  const fd = fs.openSync(file, 'r')
  try {
    fs.readSync(fd, header, 0, 64, 0)
  } finally {
    fs.closeSync(fd)
  }
  return header.readInt32BE(60)
}

/** Whether readying a writable connection writes to an existing file: an unstamped or older
 *  schema (stamp, migrations) or a file not yet in WAL mode. Header reads only. */
function openWrites(db: Database.Database): boolean {
  if (db.pragma('page_count', { simple: true }) === 0) return false // a new file: nothing to check
  return (db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID || schemaVersion(db) < SCHEMA_VERSION || db.pragma('journal_mode', { simple: true }) !== 'wal'
}

/** Reads every page's structure; turns "not a database" and corruption into 'damaged'. */
function verify(db: Database.Database, file: string): void {
  let rows: { quick_check: string }[]
  try {
    rows = db.pragma('quick_check') as { quick_check: string }[]
  } catch (e) {
    if (isSqliteCode(e, 'SQLITE_CORRUPT') || isSqliteCode(e, 'SQLITE_NOTADB')) throw damaged(file, e)
    throw e
  }
  if (rows.length !== 1 || rows[0].quick_check !== 'ok') {
    throw damaged(file, new Error(rows.map((r) => r.quick_check).join('; ')))
  }
}

/**
 * Why we cannot write, or null. Root ignores file modes, so this is a best effort; a
 * SQLITE_READONLY at write time is still translated into the same 'read-only' error.
 */
/** Why the existing database `file` cannot be written (the store opens it read-only then); null: it can. */
export function writeProblem(file: string): string | null {
  try {
    fs.accessSync(file, fs.constants.W_OK)
  } catch (e) {
    return readOnlyDisk(e) ? `${file} is on a read-only file system` : `no permission to write ${file}`
  }
  // WAL needs to create FILE-wal and FILE-shm next to the database.
  return folderProblem(path.dirname(file))
}

/** Why a database `file` that is not there yet could not be made, or null: the nearest folder above
 *  it that exists (the store makes the rest) cannot be written. */
export function createProblem(file: string): string | null {
  let dir = path.dirname(file)
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return folderProblem(dir)
}

const readOnlyDisk = (e: unknown) => (e as { code?: string }).code === 'EROFS'

function folderProblem(dir: string): string | null {
  try {
    fs.accessSync(dir, fs.constants.W_OK)
  } catch (e) {
    return readOnlyDisk(e) ? `folder ${dir} is on a read-only file system` : `no permission to write in folder ${dir}`
  }
  return null
}

export type Durability = 'NORMAL' | 'FULL'

/**
 * Runs `fn` in a transaction committed with the given synchronous level. FULL makes the commit
 * survive power loss (checkpoints, finishing a run); NORMAL survives a process crash, which is
 * enough for epoch rows. Inside an outer transaction the level cannot change (SQLite forbids it),
 * so the outer transaction's level applies; Store.transaction takes a durability for that reason.
 */
export function inTransaction<T>(db: Database.Database, durability: Durability, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn)() // a savepoint inside the caller's transaction
  if (durability === 'NORMAL') return db.transaction(fn).immediate()
  db.pragma('synchronous = FULL')
  try {
    return db.transaction(fn).immediate()
  } finally {
    db.pragma('synchronous = NORMAL')
  }
}

export type CheckpointMode = 'PASSIVE' | 'TRUNCATE'

/** Copies the WAL back into the database; TRUNCATE also empties the WAL file when no reader blocks it. */
export function walCheckpoint(db: Database.Database, mode: CheckpointMode): { busy: boolean; walPages: number; copiedPages: number } {
  const [row] = db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[]
  return { busy: row.busy !== 0, walPages: row.log, copiedPages: row.checkpointed }
}

/** Pages incremental_vacuum frees per transaction: 4 MiB at 16 KiB pages, as the auto-checkpoint. */
const VACUUM_STEP_PAGES = 256

export interface Reclaimed {
  /** Bytes of free pages given back to the disk. */
  returned: number
  /** Bytes still free inside the file: a file created before auto_vacuum keeps them for reuse by later writes. */
  kept: number
}

/**
 * Gives the pages deletes freed back to the disk, in short transactions (a writer in another
 * process waits for one step at most, never for a copy of the whole file as a VACUUM makes), then
 * checkpoints the WAL so the file shrinks. Only a file with auto_vacuum INCREMENTAL (every file
 * created since) can; an older one keeps its free pages for reuse.
 */
export function reclaimSpace(db: Database.Database): Reclaimed {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const free = () => db.pragma('freelist_count', { simple: true }) as number
  const before = free()
  if ((db.pragma('auto_vacuum', { simple: true }) as number) === 2) {
    for (let left = before; left > 0; ) {
      db.pragma(`incremental_vacuum(${VACUUM_STEP_PAGES})`)
      const now = free()
      if (now >= left) break // nothing more it can move
      left = now
    }
    // the file shrinks when the checkpoint copies the last frame; a reader of an older snapshot
    // holds that back, and TRUNCATE would wait out busy_timeout for it: not waited for here (the
    // next checkpoint once it ends, at the latest when the store closes, finishes the job)
    const wait = db.pragma('busy_timeout', { simple: true }) as number
    db.pragma('busy_timeout = 0')
    try {
      walCheckpoint(db, 'TRUNCATE')
    } finally {
      db.pragma(`busy_timeout = ${wait}`)
    }
  }
  const after = free()
  return { returned: (before - after) * pageSize, kept: after * pageSize }
}

/** Why compactAlone did not run: another connection has the file open. */
export const OPEN_ELSEWHERE = 'another process has this database open (the app, or another fw command); close it, then compact again'

/**
 * Rewrites the whole file (VACUUM) so that nothing stays free inside it, switching a file made
 * before auto_vacuum to INCREMENTAL on the way (every deletion after gives its space back, as
 * reclaimSpace does on newer files). Runs only when this is the file's one connection: VACUUM
 * holds the write lock while it copies the file, past any other process's busy_timeout on a large
 * one, so an idle app or fw on the same file refuses it (EXCLUSIVE locking mode cannot take the
 * file while another connection holds its shared lock, idle or not); returns false then, having
 * changed nothing. Other processes that open the file during the rewrite wait, as for any write.
 */
export function compactAlone(db: Database.Database): boolean {
  const wait = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  db.pragma('locking_mode = EXCLUSIVE')
  try {
    try {
      db.exec('BEGIN EXCLUSIVE')
      db.exec('COMMIT')
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return false
      throw e
    }
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) db.pragma('auto_vacuum = INCREMENTAL')
    db.exec('VACUUM')
    walCheckpoint(db, 'TRUNCATE')
    return true
  } finally {
    db.pragma('locking_mode = NORMAL')
    // the exclusive lock goes at the next access in NORMAL mode
    db.prepare('SELECT 1').get()
    db.pragma(`busy_timeout = ${wait}`)
  }
}

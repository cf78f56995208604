/**
 * Every failure the store reports on purpose is a StoreError with a `code` the UI can switch on.
 * Raw SqliteErrors are translated at the Store boundary (see `translateSqliteError`), so callers
 * never have to parse SQLite's messages.
 */
export type StoreErrorCode =
  | 'damaged' // the file is not a readable SQLite database, or its pages are corrupt
  | 'foreign' // a sound SQLite database of another application: refused before anything is written
  | 'too-new' // written by a newer app: we refuse rather than guess at its schema
  | 'read-only' // opened read-only (on request or because the file or folder is not writable)
  | 'disk-full' // SQLITE_FULL: the disk (or max_page_count) is exhausted; nothing was written (diskFull's words)
  | 'migration-failed' // a migration threw; the database was left as it was
  | 'invalid' // bad input: NaN, wrong shape, bad JSON, impossible status change
  | 'not-found' // no such run, dataset, sweep or checkpoint
  | 'in-use' // e.g. deleting a dataset that runs still use
  | 'busy' // another process held the lock longer than busy_timeout
  | 'io' // any other SQLite or file-system failure

/** What the UI may offer when the database is damaged. */
export type DamagedOption = 'open-backup' | 'new-database'

export class StoreError extends Error {
  override readonly name = 'StoreError'
  readonly code: StoreErrorCode
  /** The database file concerned, when there is one. */
  readonly file?: string
  /** The offending field for 'invalid', e.g. 'epochs[3].valLoss'. */
  readonly field?: string
  /** Present for 'damaged' only. */
  readonly options?: readonly DamagedOption[]
  /** Present for 'foreign' only: what the file holds, e.g. "an SQLite database of another application: table t". */
  readonly detail?: string

  constructor(
    code: StoreErrorCode,
    message: string,
    extra: { file?: string; field?: string; options?: readonly DamagedOption[]; detail?: string; cause?: unknown } = {}
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.code = code
    if (extra.file !== undefined) this.file = extra.file
    if (extra.field !== undefined) this.field = extra.field
    if (extra.options !== undefined) this.options = extra.options
    if (extra.detail !== undefined) this.detail = extra.detail
  }
}

export function damaged(file: string, cause?: unknown): StoreError {
  return new StoreError('damaged', `database damaged: ${file}`, {
    file,
    options: ['open-backup', 'new-database'],
    cause
  })
}

export function readOnly(file: string): StoreError {
  return new StoreError('read-only', `read-only database: ${file}`, { file })
}

export function invalid(field: string, message: string): StoreError {
  return new StoreError('invalid', `${field}: ${message}`, { field })
}

export function notFound(what: string): StoreError {
  return new StoreError('not-found', `${what} not found`)
}

/** SQLite result codes we map; better-sqlite3 puts the extended name in `err.code`. */
function sqliteCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

export function isSqliteCode(err: unknown, prefix: string): boolean {
  const code = sqliteCode(err)
  return code !== undefined && (code === prefix || code.startsWith(prefix + '_'))
}

/** Writes one of run `runId`'s rows: a foreign-key failure (no such run) becomes "run N not found";
 *  any other error goes on as it is. */
export function rowOfRun<T>(runId: number, writeRow: () => T): T {
  try {
    return writeRow()
  } catch (e) {
    if (isSqliteCode(e, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw notFound(`run ${runId}`)
    throw e
  }
}

/** SQLITE_FULL, in words that name the file and say what to do; `outcome` what was not done. The
 *  CLI and the app show it as it is (fw train, fw rm, fw compact, Training failed, Delete). */
export function diskFull(file: string, outcome: string, cause?: unknown): StoreError {
  return new StoreError('disk-full', `the disk holding ${file} is full: ${outcome}; free space there and retry`, { file, cause })
}

/**
 * Turns a SqliteError into a StoreError. `what` names the thing that was being written, so a full
 * disk reads "the disk holding FILE is full: checkpoint not saved; …" rather than "database or disk
 * is full"; `outcome` words what was not done where "WHAT not saved" does not fit.
 */
export function translateSqliteError(err: unknown, file: string, what: string, outcome = `${what} not saved`): unknown {
  if (err instanceof StoreError) return err
  if (isSqliteCode(err, 'SQLITE_FULL')) return diskFull(file, outcome, err)
  if (isSqliteCode(err, 'SQLITE_READONLY')) return new StoreError('read-only', `read-only database: ${file}`, { file, cause: err })
  if (isSqliteCode(err, 'SQLITE_CORRUPT') || isSqliteCode(err, 'SQLITE_NOTADB')) return damaged(file, err)
  if (isSqliteCode(err, 'SQLITE_BUSY') || isSqliteCode(err, 'SQLITE_LOCKED')) {
    return new StoreError('busy', `database busy (another process holds it): ${file}`, { file, cause: err })
  }
  if (isSqliteCode(err, 'SQLITE_CONSTRAINT')) {
    // The access modules validate first; this catches what only the schema knows (CHECK, UNIQUE).
    return new StoreError('invalid', `${what} rejected by the database: ${(err as Error).message}`, { file, cause: err })
  }
  if (isSqliteCode(err, 'SQLITE_IOERR') || isSqliteCode(err, 'SQLITE_CANTOPEN')) {
    return new StoreError('io', `cannot access database ${file}: ${(err as Error).message}`, { file, cause: err })
  }
  return err
}

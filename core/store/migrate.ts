import type Database from 'better-sqlite3'
import { StoreError } from './errors'
import { MIGRATIONS, type Migration } from './migrations'

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Refuses a database written by a newer app: its schema may mean things we cannot know. */
export function assertNotTooNew(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db)
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  if (current > latest) {
    throw new StoreError(
      'too-new',
      `database ${file} has schema version ${current}, but this version of Forecast Workbench understands up to ${latest}; ` +
        'please update the app (the file was left untouched)',
      { file }
    )
  }
}

/**
 * Applies every migration newer than the database's user_version, each in its own transaction
 * together with its user_version bump, so a failure midway leaves the schema and version as they
 * were. Returns the versions applied.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  assertNotTooNew(db, file, migrations)
  const applied: number[] = []
  for (const m of migrations) {
    if (m.version <= schemaVersion(db)) continue
    const apply = db.transaction((): boolean => {
      if (m.version <= schemaVersion(db)) return false // another process got here first
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
      return true
    })
    try {
      // IMMEDIATE takes the write lock first, so two processes cannot both apply the same step.
      if (apply.immediate()) applied.push(m.version)
    } catch (e) {
      if (e instanceof StoreError) throw e
      throw new StoreError('migration-failed', `migration ${m.name} failed on ${file}: ${(e as Error).message}; the database was left unchanged`, {
        file,
        cause: e
      })
    }
  }
  return applied
}

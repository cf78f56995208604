import type Database from 'better-sqlite3'
import { readOnly, translateSqliteError } from './errors'
import { inTransaction, type Durability } from './db'

/** What every table module needs: the connection and how to report on it. */
export interface Ctx {
  readonly db: Database.Database
  readonly file: string
  readonly readonly: boolean
  /** Runs a quick_check put off until the first change (db.ts 'before-write'), once. */
  readonly beforeWrite?: () => void
  /** Whether that put-off check has yet to run (nothing changed through this connection yet). */
  readonly checkPending?: () => boolean
}

/**
 * Every write goes through here: refuse early on a read-only store, run in one transaction,
 * and translate SQLite failures ("the disk holding FILE is full: checkpoint not saved; …").
 */
export function write<T>(ctx: Ctx, what: string, durability: Durability, fn: () => T): T {
  if (ctx.readonly) throw readOnly(ctx.file)
  try {
    ctx.beforeWrite?.()
    return inTransaction(ctx.db, durability, fn)
  } catch (e) {
    throw translateSqliteError(e, ctx.file, what)
  }
}

/** Reads that span several statements run in one read transaction: one consistent snapshot. */
export function read<T>(ctx: Ctx, fn: () => T): T {
  try {
    return ctx.db.inTransaction ? fn() : ctx.db.transaction(fn).deferred()
  } catch (e) {
    throw translateSqliteError(e, ctx.file, 'read')
  }
}

export const now = (): number => Date.now()

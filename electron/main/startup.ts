// Opening the database at launch, with every failure shown to the user (issue 17). Before, a throw
// in app.whenReady() left a process with no window and no dialog that kept the single-instance
// lock. Now each failure becomes a native dialog that names the cause and the file, and offers
// what can help: open a backup, start a new database (the old file is moved aside, never deleted),
// try again, or quit. Electron is reached only through StartupShell, so this runs in tests.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { StoreError, startFresh } from '../../core/store'
import { databaseTrouble } from '../../core/services/database-file'

export type StartupAction = 'open-backup' | 'new-database' | 'retry' | 'quit'
export type StartupCause = 'damaged' | 'foreign' | 'too-new' | 'read-only' | 'busy' | 'native-missing' | 'native-abi' | 'other'

export interface StartupFailure {
  cause: StartupCause
  /** One line: what went wrong, naming the file. */
  message: string
  /** What it means and what each choice does. */
  detail: string
  file: string
  actions: StartupAction[]
}

export const ACTION_LABELS: Record<StartupAction, string> = {
  'open-backup': 'Open a backup…',
  'new-database': 'Start a new database',
  retry: 'Try again',
  quit: 'Quit'
}

/** The Electron build of better-sqlite3 is missing (scripts/electron-native.mjs never ran or failed). */
export class NativeBuildMissingError extends Error {
  override readonly name = 'NativeBuildMissingError'
  constructor(readonly file: string) {
    super(`better-sqlite3 built for Electron is missing: ${file}`)
  }
}

const FIX_NATIVE = 'Run `npm run setup:electron` in the app folder (or `node scripts/electron-native.mjs --force`), then start the app again. In an installed app, reinstall it.'

/** What a failed open means for the user. `dbPath` is the database main opens. */
export function describeStartupFailure(e: unknown, dbPath: string): StartupFailure {
  const text = e instanceof Error ? e.message : String(e)
  const file = e instanceof StoreError && e.file ? e.file : dbPath
  const quitOnly = (cause: StartupCause, message: string, detail: string, f = file): StartupFailure => ({ cause, message, detail, file: f, actions: ['retry', 'quit'] })
  if (e instanceof NativeBuildMissingError) {
    return { ...quitOnly('native-missing', `The database driver for the desktop app is missing: ${e.file}`, FIX_NATIVE, e.file), actions: ['quit'] }
  }
  if (/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|better_sqlite3\.node/.test(text) || (e as { code?: unknown })?.code === 'ERR_DLOPEN_FAILED') {
    return { ...quitOnly('native-abi', 'The database driver was built for another runtime, not this Electron.', `${text}\n\n${FIX_NATIVE}`), actions: ['quit'] }
  }
  const aside = 'Start a new database moves this file aside (renamed, never deleted) and creates an empty one; Open a backup moves it aside and copies the backup in its place.'
  if (e instanceof StoreError) {
    switch (e.code) {
      case 'damaged':
      case 'foreign': {
        // what the CLI and browser mode say of it too: a file of another kind (another
        // application's database among them), or damaged pages
        const t = databaseTrouble(file, e)
        const what = t ? t.what[0]!.toUpperCase() + t.what.slice(1) : 'The database is damaged'
        return { cause: e.code, message: `${what}: ${file}`, detail: t ? aside : `${text}\n\n${aside}`, file, actions: ['open-backup', 'new-database', 'quit'] }
      }
      case 'too-new':
        return {
          cause: 'too-new',
          message: `The database was written by a newer version of Forecast Workbench: ${file}`,
          detail: `Update the app to open it. ${aside}`,
          file,
          actions: ['open-backup', 'new-database', 'quit']
        }
      case 'read-only':
        return quitOnly('read-only', `The database cannot be written: ${file}`, `${text}\n\nGive your user write permission on the file and its folder, then try again.`)
      case 'busy':
        return quitOnly('busy', `The database is busy (another program holds its lock): ${file}`, `${text}\n\nClose the other program (e.g. a running \`fw\` command), then try again.`)
      default:
        break
    }
  }
  const code = (e as { code?: unknown })?.code
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return quitOnly('read-only', `The database folder cannot be written: ${file}`, `${text}\n\nGive your user write permission on the folder, then try again.`)
  }
  return quitOnly('other', `The database could not be opened: ${file}`, text)
}

/** The few things recovery needs from Electron and the file system. */
export interface StartupShell {
  /** Shows the failure; resolves with the chosen action. */
  ask(failure: StartupFailure): Promise<StartupAction>
  /** An open dialog for a backup file; null when cancelled. */
  pickBackup(dbPath: string): Promise<string | null>
  /** Tells the user where the old file went (a non-blocking note is enough). */
  told?(message: string): void
}

/**
 * Calls `open` until it succeeds or the user quits (null). Never deletes a file: a new database
 * or a backup first moves the current one aside (core/store's startFresh).
 */
export async function openWithRecovery<T>(open: () => T, dbPath: string, shell: StartupShell): Promise<T | null> {
  for (;;) {
    let failure: StartupFailure
    try {
      return open()
    } catch (e) {
      failure = describeStartupFailure(e, dbPath)
    }
    let action = await shell.ask(failure)
    if (!failure.actions.includes(action)) action = 'quit'
    if (action === 'quit') return null
    if (action === 'new-database') {
      if (existsSync(dbPath)) shell.told?.(`The old database was moved to ${startFresh(dbPath)}`)
    } else if (action === 'open-backup') {
      const backup = await shell.pickBackup(dbPath)
      if (backup === null) continue // back to the same question
      if (existsSync(dbPath)) shell.told?.(`The old database was moved to ${startFresh(dbPath)}`)
      copyFileSync(backup, dbPath)
    }
  }
}

/**
 * PRAGMA quick_check reads every page (about 1 s per GB, more from a cold disk), so the app runs
 * it only when the last session did not end cleanly: a marker beside the database exists while
 * the app has it open. SQLite still reports damage it meets later as 'damaged'.
 */
export function sessionMarker(dbPath: string): { wasUnclean: boolean; open(): void; close(): void } {
  const file = `${dbPath}.open`
  return {
    wasUnclean: existsSync(file),
    open: () => writeFileSync(file, `${process.pid}\n`),
    close: () => rmSync(file, { force: true })
  }
}

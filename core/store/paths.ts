import os from 'node:os'
import path from 'node:path'

const APP_DIR = 'forecast-workbench'
const DB_NAME = 'runs.db'

/**
 * Where the CLI keeps its database when neither --db nor FW_DB says otherwise. (The app uses
 * Electron's userData folder, which main passes in.) Arguments exist for tests.
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir()
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR, DB_NAME)
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR, DB_NAME)
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share')
  return path.join(dataHome, APP_DIR, DB_NAME)
}

/** The CLI's rule: --db FILE, else FW_DB, else the default. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return path.resolve(flag)
  if (env.FW_DB !== undefined && env.FW_DB !== '') return path.resolve(env.FW_DB)
  return defaultDbPath(env)
}

/**
 * Where scripts/electron-native.mjs puts better-sqlite3 built for Electron, relative to the app
 * root (main: `app.getAppPath()`; packaged apps must unpack it from the asar).
 */
export function electronNativeBinding(appRoot: string): string {
  return path.join(appRoot, 'native', 'electron', 'better_sqlite3.node')
}

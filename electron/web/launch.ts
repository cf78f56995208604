// What browser mode's launcher (index.ts) says before it serves anything: its usage for --help, a
// refusal of arguments it does not take, and why the database did not open, in the CLI's words
// (core/services/database-file.ts) with browser mode's way of naming another database (FW_DB).
import { databaseTrouble, troubleStep } from '../../core/services/database-file'

/** The usage, naming the database it opens when FW_DB is not set. */
export const webUsage = (defaultDb: string): string => `Forecast Workbench in a browser: serves the app on 127.0.0.1 only and prints its URL (with a per-launch token).

usage: node out/node/web.js          (npm run web builds first)

environment:
  FW_DB       the run database (default: ${defaultDb}, the CLI's too)
  FW_PORT     port (default: any free one; a port in use is replaced by a free one)
  FW_SAMPLES  folder of sample CSVs (default: resources/samples)

Stop it with Ctrl-C.
`

/** What the arguments ask for: to serve, to print the usage (exit 0), or a refusal (exit 2). */
export function webArgs(argv: readonly string[], defaultDb: string): { serve: true } | { exit: 0 | 2; stdout?: string; stderr?: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { exit: 0, stdout: webUsage(defaultDb) }
  if (argv.length) return { exit: 2, stderr: `web.js: unexpected argument '${argv[0]}': browser mode takes none (the database is FW_DB)\n\n${webUsage(defaultDb)}` }
  return { serve: true }
}

/** Why the launch failed, in one or two lines; a database that is not one or is damaged is named
 *  as the CLI names it, with what to do. */
export function launchFailure(e: unknown, dbFile: string): string {
  const t = databaseTrouble(dbFile, e)
  if (t) return `database ${dbFile}: ${t.what}\n  ${troubleStep(t, `e.g. FW_DB=${dbFile.replace(/\.db$/, '')}-new.db`)}`
  return e instanceof Error ? e.message : String(e)
}

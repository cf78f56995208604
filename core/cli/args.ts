// A small, strict argv parser: `--name value`, `--name=value`, boolean `--flag`. Unknown flags are
// errors (exit 2), so a typo never silently runs with defaults, and they name the closest flag the
// command takes; a flag given twice is an error too (no flag is repeatable: lists are one value,
// e.g. --features A,B), so `--horizon 3 --horizon 5` never silently means 5.

import { closestName } from '../data/near'

export { closestName, editDistance } from '../data/near'

export class UsageError extends Error {
  override name = 'UsageError'
}

/** 'integer': a whole number in decimal digits (--epochs 20, --seed -1); 'number': any decimal
 *  number (--lr 0.003, --lr 3e-3). Neither reads what Number() also reads: 0x10, 0b11, ' 16'. */
export interface FlagSpec {
  [name: string]: 'string' | 'boolean' | 'number' | 'integer'
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const WHOLE = /^[+-]?\d+$/

/** `raw` as a whole number when it is one in decimal digits ("16", "-3"), else null: Number()
 *  reads "0x10" as 16, "1e1" as 10 and " 8 " as 8, which no option or run id means. */
export function wholeNumber(raw: string | undefined): number | null {
  return raw !== undefined && WHOLE.test(raw) ? Number(raw) : null
}

export interface Parsed {
  positional: string[]
  flags: Record<string, string | boolean | number>
  /** --help or -h was given: the caller prints the command's help instead of running it. */
  help?: boolean
}

/** `command` names the command in errors, so that an unknown option points at its help.
 *  `refused`: options a neighbouring command takes that this one does not, each with the reason
 *  it is refused for (fw sweep's --no-db), said instead of "unknown option". */
/** Flags whose value is a list separated by commas. */
const LIST_FLAGS: ReadonlySet<string> = new Set(['na', 'features', 'known-future', 'calendar'])

/** "--na date,sales" from the first time (as written: "--na date" or "--na=date") and the second value. */
function listJoined(name: string, before: string, second: string | undefined): string | null {
  if (second === undefined || second.startsWith('--')) return null
  const first = before.slice(name.length + 3) // after "--na " or "--na="
  const values = [...new Set([...first.split(','), ...second.split(',')].map((x) => x.trim()).filter((x) => x !== ''))]
  return `--${name} ${shellWord(values.join(','))}`
}

/** A value as one shell word: as it is when plain, else single-quoted. */
export const shellWord = (v: string): string => (/^[\w.:@%+=/,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`)

/** Flags whose values name columns: composed (Unicode NFC), as the import reads the header's names
 *  (core/data/import.ts columnName), so that a name pasted in decomposed form finds its column. */
const COLUMN_FLAGS: ReadonlySet<string> = new Set(['target', 'features', 'time', 'known-future', 'series', 'type', 'unit', 'rule', 'melt'])

export function parseArgs(argv: string[], spec: FlagSpec, command?: string, refused: Record<string, string> = {}): Parsed {
  const positional: string[] = []
  const flags: Record<string, string | boolean | number> = {}
  /** Each flag as written, to name both values when it is given again. */
  const given = new Map<string, string>()
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--help' || a === '-h') {
      help = true
      continue
    }
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq < 0 ? undefined : eq)
    const kind = spec[name]
    if (!kind) {
      if (Object.hasOwn(refused, name)) throw new UsageError(`--${name} does not apply here: ${refused[name]}`)
      const near = closestName(name, Object.keys(spec))
      throw new UsageError(`unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}${command ? `; see the options with: fw ${command} --help` : ''}`)
    }
    const written = kind === 'boolean' || eq >= 0 || argv[i + 1] === undefined ? a : `${a} ${argv[i + 1]}`
    const before = given.get(name)
    if (before !== undefined) {
      // a list of values (--na a,b, --features x,y): once, with every value, is the command that works
      const joined = LIST_FLAGS.has(name) && kind === 'string' ? listJoined(name, before, eq >= 0 ? a.slice(eq + 1) : argv[i + 1]) : null
      throw new UsageError(`--${name} is given twice (${before}, then ${written}); give it once${joined ? `, with the values separated by commas: ${joined}` : ''}`)
    }
    given.set(name, written)
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`)
      flags[name] = true
      continue
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i]
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`)
    if (kind === 'integer') {
      const n = wholeNumber(value)
      if (n === null || !Number.isSafeInteger(n)) throw new UsageError(`--${name} takes a whole number in decimal digits (got '${value}')`)
      flags[name] = n
    } else if (kind === 'number') {
      const n = Number(value)
      // Number('') and Number(' ') are 0: `--lr=` must not quietly mean 0; nor 0x10 mean 16
      if (!DECIMAL.test(value) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number in decimal digits (got '${value}')`)
      flags[name] = n
    } else {
      flags[name] = COLUMN_FLAGS.has(name) ? value.normalize('NFC') : value
    }
  }
  return help ? { positional, flags, help } : { positional, flags }
}

/** Refuses the positional arguments past the `most` that `fw command` takes (fw show 1 2, fw runs
 *  extra, fw train data.csv --csv data.csv), naming them and the command's usage lines (without
 *  "fw "), so that none is silently ignored. A file given where a flag names it gets that flag. */
export function checkPositionals(p: Parsed, most: number, command: string, usage: string[], flags: FlagSpec): void {
  const extra = p.positional.slice(most)
  if (!extra.length) return
  const quoted = (a: string[]) => a.map((x) => `'${x}'`).join(' ')
  const takes = most === 0 ? `takes no arguments, got ${quoted(extra)}` : `takes ${most === 1 ? 'one argument' : `${most} arguments`}, got ${p.positional.length}: ${quoted(extra)} ${extra.length === 1 ? 'is' : 'are'} extra`
  const file = extra.find((a) => /\.(csv|tsv|txt|db|sqlite)$/i.test(a))
  const flag = file && (/\.(db|sqlite)$/i.test(file) ? 'db' : 'csv')
  const hint = flag && flags[flag] ? ` (a ${flag === 'db' ? 'database' : 'data file'} is given as --${flag} FILE)` : ''
  throw new UsageError(`fw ${command}: ${takes}${hint}; usage: ${usage.map((u) => `fw ${u}`).join(' | ')}`)
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags[name]
  return typeof v === 'string' ? v : undefined
}

export function need(p: Parsed, name: string, command: string): string {
  const v = str(p, name)
  if (v === undefined) throw new UsageError(`fw ${command}: --${name} is required`)
  return v
}

/** A `--flag COL=VALUE,COL=VALUE` list as [column, value, the part as written] triples, column and
 *  value trimmed; a part without "=" is a usage error saying what the flag takes (`what`: "UNIT"). */
export function* columnPairs(spec: string, flag: string, what: string): Generator<[string, string, string]> {
  // (one at a time: a bad part is refused where the caller's checks of the parts before it stop)
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new UsageError(`--${flag} takes COLUMN=${what}, separated by commas (got '${part.trim()}')`)
    yield [part.slice(0, eq).trim(), part.slice(eq + 1).trim(), part]
  }
}

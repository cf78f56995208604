// Messages core/ writes for both front ends. Where a message says how to act on it, the two differ:
// the CLI names its flag ("--season 24"), the app the Setup field or view that does the same
// ("Season 24 in Setup"). Such a message is written once, as a tagged template whose fix parts carry
// both forms; it comes out as `message` (the CLI's words, what a log or the terminal prints) and
// `app` (the app's). A message without an `app` (one that names no flag, or a notice stored before)
// reads the same in both.

/** One way to act on a message, as each front end says it. */
export interface Fix {
  readonly cli: string
  readonly app: string
}

/** A message in the CLI's words, and the app's where they differ. */
export interface Words {
  message: string
  app?: string
}

export const fix = (cli: string, app: string): Fix => ({ cli, app })

/** A part of a message in the CLI's and the app's words: a Fix, Words (a clause of its own), or a
 *  value that reads the same in both. */
function forms(p: unknown): [cli: string, app: string] {
  if (typeof p === 'object' && p !== null) {
    const { cli, app, message } = p as Partial<Fix & Words>
    if (typeof cli === 'string' && typeof app === 'string') return [cli, app]
    if (typeof message === 'string') return [message, typeof app === 'string' ? app : message]
  }
  return [String(p), String(p)]
}

/** `words\`... ${fix('--season 24', 'Season 24 in Setup')} ...\``: the message in both wordings. */
export function words(strings: TemplateStringsArray, ...parts: (string | number | Fix | Words)[]): Required<Words> {
  let message = strings[0]!
  let app = strings[0]!
  parts.forEach((p, i) => {
    const [c, a] = forms(p)
    message += c + strings[i + 1]!
    app += a + strings[i + 1]!
  })
  return { message, app }
}

/** How many series a note names before "and N more" (a global run's notes of its series). */
export const NAMED_SERIES = 3

/** "series a", "2 series: a and b", "12 series: a, b, c and 9 more". */
export function seriesGroup(labels: readonly string[], named = NAMED_SERIES): string {
  if (labels.length === 1) return `series ${labels[0]}`
  return `${labels.length} series: ${andListCut(labels, named)}`
}

/** A message as the app shows it. */
export const appWords = (m: Words): string => m.app ?? m.message

/** Which front end a message is for: the app, or the CLI (and what a log prints). */
export type Who = 'app' | 'cli'

/** A message in one front end's words. */
export const wordsFor = (m: Words, who: Who): string => (who === 'app' ? appWords(m) : m.message)

/** A notice's words alone (its code and column left behind). */
export const noticeWords = (n: Words): Words => (n.app !== undefined ? { message: n.message, app: n.app } : { message: n.message })

/** A message given as text or in both wordings, as both: text reads the same in both. */
export const asWords = (m: string | Words): Words => (typeof m === 'string' ? { message: m } : m)

/** Prefixes both wordings alike (a field name, a file). */
export const prefixed = (prefix: string, m: string | Words): Words => {
  const w = asWords(m)
  return { message: prefix + w.message, ...(w.app !== undefined ? { app: prefix + w.app } : {}) }
}

/** What the app shows of a thrown error: the app's words where the error carries them. */
export function appErrorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e)
  const app = (e as { app?: unknown }).app
  return typeof app === 'string' ? app : e.message
}

/** Gives an error the app's words of its message (set by the error classes that take Words). */
export function carryApp<E extends Error>(e: E, w: Words): E {
  if (w.app !== undefined) Object.defineProperty(e, 'app', { value: w.app, enumerable: true })
  return e
}

/** Far from 1 (1e6 and up, below 1e-3 but not 0), the metrics tables' form: '7.65e+11', '7.71e-4'
 *  (core/cli/format.ts fmt), so that a sentence and the table beside it write a number alike. */
const farFromOne = (v: number): boolean => Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3)

/** An error or a value as the choice's sentence writes it (core/train/choice.ts): '0.0481',
 *  '0.853', '15.398', '204.2', '3.54e+12', '7.91e-4'. */
export const choiceNumber = (v: number): string =>
  farFromOne(v) ? v.toExponential(2) : Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3)

/** Two numbers as choiceNumber writes them, with more digits where those would read the same though
 *  the numbers differ (a value 100.01 replaced by 100.00 had read "100.0 → 100.0"). */
export function choiceNumbers(a: number, b: number): [string, string] {
  const pair: [string, string] = [choiceNumber(a), choiceNumber(b)]
  if (pair[0] !== pair[1] || a === b || !Number.isFinite(a) || !Number.isFinite(b)) return pair
  // the fewest decimals, both alike, that tell them apart
  const form = farFromOne(a) ? (v: number, k: number) => v.toExponential(k) : (v: number, k: number) => v.toFixed(k)
  for (let decimals = 1; decimals <= 20; decimals++) if (form(a, decimals) !== form(b, decimals)) return [form(a, decimals), form(b, decimals)]
  return [String(a), String(b)]
}

/** The settings the choice's sentence names, as each front end says them. The sentence is stored
 *  with the run in the CLI's words (`.cli`); the app shows it with each replaced by `.app`
 *  (core/export/verdict.ts choiceWords), runs stored before included. */
export const CHOICE_FORCED = fix('as configured (model.forecaster)', "as chosen in Setup's Forecaster")
export const CHOICE_KEEP = fix("model.outliers 'keep' leaves them in", "Setup's Outliers: keep leaves them in")
export const CHOICE_SETTINGS: readonly Fix[] = [CHOICE_FORCED, CHOICE_KEEP]

/** 'a', 'a and b', 'a, b and c'. */
/** A forecaster's label as words in a sentence: "the mean of ETS(A,A,N) and Theta", "ETS(A,A,N)". */
export const labelWords = (label: string): string => (/^mean of /.test(label) ? `the ${label}` : label)

export function andList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`
}

/** andList of at most `most` items, the rest counted: 'a, b and c'; 'a, b, c, d, e and 3 more'. */
export function andListCut(xs: readonly (string | number)[], most: number): string {
  const shown = xs.slice(0, most).map(String)
  return xs.length > most ? `${shown.join(', ')} and ${xs.length - most} more` : andList(shown)
}

/** A stored clause (a notice: no capital, no stop) as a sentence of its own, as every front end
 *  and export shows it. */
export const sentenceOf = (clause: string): string => `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`

/** "1.3 MB", "512 B": a size as the lists of both front ends show it. */
export function sizeWords(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const [unit, div]: [string, number] = bytes < 1e6 ? ['kB', 1e3] : bytes < 1e9 ? ['MB', 1e6] : ['GB', 1e9]
  return `${(bytes / div).toFixed(1)} ${unit}`
}

/** "1 row", "2 rows", "1,200 rows" ("1 series", "3 series" with `many`): a count and its noun. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`

/** 1234567 -> "1,234,567". Not toLocaleString: its first call loads ICU's locale data, a 100+ ms
 *  main-thread task that would land in the middle of an import (the UI is English anyway). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const s = String(Math.abs(Math.trunc(n)))
  let out = ''
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i]
  return (n < 0 ? '-' : '') + out
}

/** A name too long to say whole, by its start: its first 40 characters (whole code points) in
 *  quotes, and an ellipsis where more follow ("Average daily revenue in euros Average d…"). */
export function nameStart(name: string): string {
  const chars = Array.from(name)
  return `"${chars.slice(0, 40).join('')}${chars.length > 40 ? '…' : ''}"`
}

// "Did you mean": the known name nearest to a mistyped one, for the CLI's flags and commands and a
// config file's keys (core/train/config.ts) alike, and the words of a refused column name.

import { andList } from './words'

/** The name (a flag, a command, a config key) of `known` nearest to the unknown `name`, for "did you mean": within 2 edits
 *  (Levenshtein; 1 for names of 3 letters or fewer, where 2 edits reach almost anything), else the
 *  shortest one that `name` begins (an abbreviation, --look for --lookback); null when none is near. */
export function closestName(name: string, known: readonly string[]): string | null {
  const limit = name.length <= 3 ? 1 : 2
  let best: string | null = null
  let bestD = limit + 1
  for (const k of known) {
    const d = editDistance(name, k)
    if (d < bestD) [best, bestD] = [k, d]
  }
  if (best !== null) return best
  const prefixed = name.length >= 3 ? known.filter((k) => k.startsWith(name)).sort((a, b) => a.length - b.length) : []
  return prefixed[0] ?? null
}

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j) // (|b| + 1) distances of a[0..i) to b[0..j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]!
}

/** The names of `names` that are `name` but for case ("Sales" and "SALES" for "sales"), in their
 *  order. Alone, the hint of a saved model applied to a file (apply.ts): names there must match
 *  exactly, and only a change of case is pointed out, every such column of the file. */
export function caseVariants(name: string, names: readonly string[]): string[] {
  const want = name.toLowerCase()
  return names.filter((n) => n.toLowerCase() === want)
}

/** The column of `names` nearest to a name a file lacks: the first of its caseVariants, else
 *  closestName read without case, else a column whose name begins the other's or is begun by it
 *  ("temperature" for "temp", and back), the longest shared beginning first; null when none is near. */
export function closestColumn(name: string, names: readonly string[]): string | null {
  const cased = caseVariants(name, names)
  if (cased.length) return cased[0]!
  const lower = names.map((n) => n.toLowerCase())
  const want = name.toLowerCase()
  const near = closestName(want, lower)
  if (near !== null) return names[lower.indexOf(near)]!
  if (want.length < 3) return null
  const begun = names.filter((_, i) => lower[i]!.length >= 3 && (want.startsWith(lower[i]!) || lower[i]!.startsWith(want)))
  return begun.sort((a, b) => Math.abs(a.length - name.length) - Math.abs(b.length - name.length))[0] ?? null
}

/** What follows a name refused from a list where it is a list of known names joined by ';' instead
 *  of ',' ("temp_min;wind" where temp_min and wind are `known`): '; a list is separated by ",", not
 *  ";" ("temp_min,wind")'; '' otherwise (a name with no ';', or one whose parts are not all
 *  known: a column may hold a ';' in its name). */
export function semicolonHint(name: string, known: readonly string[]): string {
  const parts = name.split(';').map((x) => x.trim())
  if (parts.length < 2 || !parts.every((x) => known.includes(x))) return ''
  return `; a list is separated by ",", not ";" ("${parts.join(',')}")`
}

/** What follows names a file lacks: " (did you mean "temp"?)" for one, each nearest column by the
 *  name it is for with several (" (did you mean "temp" for "tmp" and "wind" for "wnd"?)"), those
 *  with none near left out; '' when none is near. A name that is known names joined by ';'
 *  ("temp_min;wind") gets semicolonHint's words instead of a guess (the first such, after the
 *  others' guesses). */
export function columnGuess(missing: readonly string[], names: readonly string[]): string {
  // "temp_min;wind": two columns joined by ';', said as such rather than a column nearest to the whole
  const hints = missing.map((n) => semicolonHint(n, names))
  const near = missing.map((n, i) => (hints[i] ? null : closestColumn(n, names)))
  const listed = hints.find((h) => h !== '') ?? ''
  if (missing.length === 1) return near[0] ? ` (did you mean "${near[0]}"?)` : listed
  const pairs = missing.flatMap((n, i) => (near[i] ? [`"${near[i]}" for "${n}"`] : []))
  return (pairs.length ? ` (did you mean ${andList(pairs)}?)` : '') + listed
}

/** The columns a refusal of a missing one lists, "; its columns: a, b, …" (the first 12, then how
 *  many in all; `which`: "numeric columns" for a target); '' when there are none. */
export function columnsClause(names: readonly string[], which = 'columns'): string {
  return names.length ? `; its ${which}: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}` : ''
}

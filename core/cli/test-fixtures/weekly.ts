// test-fixtures/stores-long.csv (store,date,sales) with each series' rows re-dated a week apart from
// 2021-01-04: a file whose rows step otherwise than the daily rows a model was trained on.
import { readFileSync, writeFileSync } from 'node:fs'

/** Writes `out`: the rows of `file` (store,date,sales), each series' k-th row dated 2021-01-04 + k weeks. */
export function writeWeekly(file: string, out: string): void {
  const seen = new Map<string, number>()
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/)
  writeFileSync(out, [head, ...lines.map((l) => {
    const [store, , sales] = l.split(',')
    const k = seen.get(store!) ?? 0
    seen.set(store!, k + 1)
    return `${store},${new Date(Date.UTC(2021, 0, 4) + k * 7 * 864e5).toISOString().slice(0, 10)},${sales}`
  })].join('\n') + '\n')
}

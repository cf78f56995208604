// A run with inputs known in the future, as the app's Setup now writes them (issue 13, items 5 and
// 6: calendar inputs, a holiday table, a feature known in the future), recorded by fw train and
// forecast past the end by main's forecastAhead, as Evaluate and Export call it: the stamps are the
// future rows', the known feature is read from the rows after the last target value, and one
// missing (on the business day that follows them) is refused naming the column and its date.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { main } from '../../core/cli/index'
import { openStore, type Store } from '../../core/store'
import type { Dispatcher } from './handlers'
import { dispatcherOver } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-future-inputs-'))
const db = join(dir, 'runs.db')
const DAY = 864e5
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
let store: Store
let api: Dispatcher
let runId: number

beforeAll(async () => {
  // business days of 2021 to Thursday 23 December, none on 25 November; then three future rows
  // (sales empty, promo given) for 27-29 December, past Christmas Eve, a holiday of the table
  const lines = ['day,sales,promo']
  let k = 0
  for (let t = Date.UTC(2021, 0, 4); t <= Date.UTC(2021, 11, 29); t += DAY) {
    if (new Date(t).getUTCDay() % 6 === 0 || ['2021-11-25', '2021-12-24'].includes(iso(t))) continue
    const promo = k % 9 === 0 ? 1 : 0
    lines.push(t > Date.UTC(2021, 11, 23) ? `${iso(t)},,${promo}` : `${iso(t)},${(50 + 10 * Math.sin(k / 4) + 8 * promo).toFixed(2)},${promo}`)
    k++
  }
  const csv = join(dir, 'shop.csv')
  writeFileSync(csv, lines.join('\n') + '\n')
  const hol = join(dir, 'holidays.csv')
  writeFileSync(hol, 'date\n2021-11-25\n2021-12-24\n')
  let stdout = ''
  let stderr = ''
  const argv = ['train', '--csv', csv, '--target', 'sales', '--features', 'promo', '--known-future', 'promo', '--calendar', 'dow', '--holidays', hol, '--forecaster', 'network', '--epochs', '2', '--lookback', '5', '--seed', '1', '--db', db, '--json']
  const code = await main(argv, { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  if (code !== 0) throw new Error(stderr)
  runId = (JSON.parse(stdout) as { runId: number }).runId
  store = openStore(db, { appVersion: 'test' })
  api = dispatcherOver(store, dir)
}, 60_000)
afterAll(() => store?.close())

it('forecastAhead reads the known feature past the end from the future rows; the business day after them, which has none, is named', async () => {
  const r = await api.dispatch('forecastAhead', { runId, steps: 3 })
  if (!r.ok) throw new Error(r.error.message)
  const rows = (r.value as { rows: { ts: number; value: number }[] }).rows
  // the model forecasts 1 ahead and reads promo led by it: step 3 reads the third future row's
  expect(rows.map((x) => iso(x.ts))).toEqual(['2021-12-27', '2021-12-28', '2021-12-29'])
  expect(rows.every((x) => Number.isFinite(x.value))).toBe(true)
  // step 4 reads promo on 30 December (the next business day), which the file lacks
  const far = await api.dispatch('forecastAhead', { runId, steps: 4 })
  expect(far.ok).toBe(false)
  if (!far.ok) expect(far.error.message).toContain('"promo" has no future value at 2021-12-30')
})

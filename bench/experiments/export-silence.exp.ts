// The longest silence of an export (no progress told) on a long run: a 20,000-row hourly series'
// CSV and XLSX (the rebuild's counted steps, then the workbook's rows) and a 50-series global run's
// (its series prepared, then, ten of them ending early, checked and prepared again on their own rows
// as 'auto' cuts do). Prints each export's time, its longest silence and the counts on either side.
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/export-silence.exp.ts
//   EXP_GAPS=0.5: every silence over half a second too; -t single or -t global: one of the two
// Measured on 6 December on a loaded 2-core machine: the single series' longest silence fell from
// 3.9-10 s (the network's validation paths, one step) to 1.5-2.5 s (CSV) and to 2.9 s (XLSX: the
// workbook finished after its last row); the global run's stayed 0.7-0.8 s (CSV: the file made
// after the last count) and 2-5 s (XLSX, the same), its second pass now counted. Again under a
// load average of 21 (exports of 40-48 s), with the pooled quantiles counted by the residuals they
// sort and the workbook's own parts: the pooled quantiles' silence fell from 4.0-5.1 s to 1.9 s at
// most, the workbook's finish from 5.4 s to parts of 1.1-1.9 s, and the wait before its first row
// (2.0 s) ends with a count once exceljs is loaded (1.8-2.9 s, one import); the longest left are
// that load, the network's validation paths (parts of 1.4-3 s) and a split's predictions (2.3-4.1
// s, not counted in parts); the global run's XLSX 1.8 s (its finish, now in parts). Those three
// split as well, before and after back to back at a load average of 18-23 (two busy loops among it):
// the validation paths' parts 2.9-6.7 s -> 1.0-2.5 s (28 parts by the network's calls), the
// predictions 5.0-5.4 s (one step) -> none over 1.2 s (ten parts by windows), exceljs's load 2.8 ->
// 1.2 s (its Workbook module alone); the longest silence 5.8-6.7 s -> 4.2 s (an outlier pass), then
// the statistical models' fits (3.2-3.5 s), the preparation (3.7 s), the test calibration (3.1 s).
// With every step of the rebuild told (no longer one count a percent) and the fits counted by their
// work (the 20,000 hourly rows fit neither ETS nor ARIMA: too many rows), back to back at a load
// average of 21-23: CSV 1.77 -> 1.43 s, XLSX 1.67 -> 1.37 s, the longest being an outlier pass
// each time (rebuild steps 10 -> 11 and 14 -> 15 of 178), then preparing (5 -> 6, 1.0 s). With each
// pass counted in halves, at a load average of 11-13: CSV 1.41 s (26 -> 27 of 190: from the last
// outlier half to the first model fitted), XLSX 1.35 s (a workbook part); the halves 1.0-1.1 s.
// With the flagged values' judging counted (OUTLIER_PASSES 9), CSV only, back to back at a load
// average of 11-20: 1.28 and 1.08 s (18 -> 19 of 190, after the last half of a search; 26 -> 27
// 1.11 and 0.98 s) -> 0.91 and 0.85 s (the preparation's outlier halves, 3 -> 4 and 9 -> 10 of 193).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { main } from '../../core/cli/index'
import { openStore } from '../../core/store'
import { runSnapshot, type RunSnapshot } from '../../core/services/run-export'
import { runExportJob, type ExportJob } from '../../core/services/export-job'

const dir = mkdtempSync(join(tmpdir(), 'fw-silence-'))
const silent = { write: () => {}, isTTY: false }
const loud = { write: (t: string) => void process.stderr.write(t), isTTY: false }
const hour = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 36e5).toISOString().slice(0, 19)
const noise = (i: number) => Math.sin(i * 12.9898) * 43758.5453 % 1

async function trained(name: string, rows: string[], args: string[]): Promise<RunSnapshot> {
  const csv = join(dir, `${name}.csv`)
  writeFileSync(csv, rows.join('\n') + '\n')
  const db = join(dir, `${name}.db`)
  if ((await main(['train', '--csv', csv, ...args, '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, name)], silent, loud)) !== 0) throw new Error(`${name}: training failed`)
  const store = openStore(db)
  try {
    return runSnapshot(store, 1)
  } finally {
    store.close()
  }
}

async function silence(what: string, job: ExportJob): Promise<void> {
  const t0 = performance.now()
  const told: { t: number; w: string }[] = [{ t: t0, w: 'start' }]
  await runExportJob(job, undefined, (p) => told.push({ t: performance.now(), w: JSON.stringify(p) }))
  told.push({ t: performance.now(), w: 'end' })
  let at = 1
  for (let i = 2; i < told.length; i++) if (told[i]!.t - told[i - 1]!.t > told[at]!.t - told[at - 1]!.t) at = i
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  console.log(`${what}: ${s(told.at(-1)!.t - t0)} in all, ${told.length - 2} counts; longest silence ${s(told[at]!.t - told[at - 1]!.t)}, from ${told[at - 1]!.w} to ${told[at]!.w}`)
  // EXP_GAPS=0.5: every silence over that many seconds
  const over = Number(process.env['EXP_GAPS'] ?? Infinity) * 1000
  for (let i = 1; i < told.length; i++) if (told[i]!.t - told[i - 1]!.t > over) console.log(`  ${s(told[i]!.t - told[i - 1]!.t)} before ${told[i]!.w}`)
}

it('single series, 20,000 hourly rows', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `${hour(i)},${(100 + 0.001 * i + 10 * Math.sin((2 * Math.PI * i) / 24) + 3 * Math.sin((2 * Math.PI * i) / 168) + 2 * noise(i) + (i % 2503 === 0 ? 60 : 0)).toFixed(2)}`)
  const snapshot = await trained('hourly', ['time,load', ...rows], ['--target', 'load'])
  for (const kind of ['csv', 'xlsx'] as const) await silence(`single series ${kind}`, { kind, snapshot })
})

it('global, 50 series', async () => {
  // ten series end early: 'auto' cuts prepare every series again on its own rows
  const rows = Array.from({ length: 50 }, (_, s) => Array.from({ length: s < 10 ? 600 : 1000 }, (_, i) => `s${s},${hour(i)},${(50 + s + 5 * Math.sin((2 * Math.PI * i) / 24) + noise(i + 1000 * s)).toFixed(2)}`)).flat()
  const snapshot = await trained('global', ['shop,time,sales', ...rows], ['--target', 'sales', '--series', 'shop', '--global', '--lookback', '24'])
  for (const kind of ['csv', 'xlsx'] as const) await silence(`global ${kind}`, { kind, snapshot })
})

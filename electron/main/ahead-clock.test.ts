// The app's Forecast past the end says what fw forecast says of the stamps and the data's clock:
// they follow the clock changes the file's UTC offsets show (core/data/clock-rule.ts), or, for local
// clock times, they step in steady clock time past a night a change can fall on. And a dataset whose
// times carried offsets (one, or several following a rule) is stored by the app as it was imported.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../core/cli/index'
import { openStore, type Store } from '../../core/store'
import { instantOf, offsetAt } from '../../core/data/clock-rule'
import { offsetText } from '../../core/data/time-cell'
import { forecastExportOf, rebuildStoredRun } from '../../core/services/run-export'
import { forecastCsv } from '../../core/export/forecast-csv'
import { importCsv } from '../../core/data'
import type { Dispatcher } from './handlers'
import { answered, dispatcherOver } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-ahead-clock-'))
const db = join(dir, 'runs.db')
const HOUR = 36e5
const BERLIN = { rule: 'EU' as const, std: 60 }
let store: Store
let api: Dispatcher

const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(api, verb, req)
/** Berlin's midnights from 2023-01-01 to 2024-03-29, written with their offsets. */
const berlinDaily = () => {
  const days = Array.from({ length: 454 }, (_, i) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - HOUR, BERLIN) * 60_000)
  return `time,load\n${days.map((t, i) => `${new Date(t + offsetAt(t, BERLIN) * 60_000).toISOString().slice(0, 19)}${offsetText(offsetAt(t, BERLIN))},${100 + (i % 7)}`).join('\n')}\n`
}
/** Berlin's midnights on the 1st of each month from 2022-01 to 2024-03, written with their offsets. */
const berlinMonthly = () => {
  const months = Array.from({ length: 27 }, (_, i) => instantOf(Date.UTC(2022, i, 1), BERLIN))
  return `time,load\n${months.map((t, i) => `${new Date(t + offsetAt(t, BERLIN) * 60_000).toISOString().slice(0, 19)}${offsetText(offsetAt(t, BERLIN))},${100 + (i % 12)}`).join('\n')}\n`
}
/** 400 hourly local clock times (no offset) ending 2021-03-27 15:00. */
const localHourly = () => {
  const end = Date.UTC(2021, 2, 27, 15)
  return `time,load\n${Array.from({ length: 400 }, (_, i) => end - (399 - i) * HOUR).map((t, i) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')},${100 + (i % 24)}`).join('\n')}\n`
}
/** 240 hourly rows from 2021-10-25 00:00 UTC, the first 100 written at +05:45, the rest at +05:30 (no rule). */
const kathmanduStamps = Array.from({ length: 240 }, (_, i) => {
  const off = i < 100 ? 345 : 330
  return `${new Date(Date.UTC(2021, 9, 25) + i * HOUR + off * 60_000).toISOString().slice(0, 19)}${offsetText(off)}`
})
const kathmandu = () => `time,load\n${kathmanduStamps.map((t, i) => `${t},${100 + (i % 24)}`).join('\n')}\n`
/** Berlin's and New York's midnights (site a, b) from 2023-01-01 to 2024-03-29, each with its offsets. */
const sites = () => {
  const york = { rule: 'US' as const, std: -300 }
  const rows = Array.from({ length: 454 }, (_, i) => ([['a', BERLIN], ['b', york]] as const).map(([site, z]) => {
    const t = instantOf(Date.UTC(2023, 0, 1 + i), z)
    return `${new Date(t + offsetAt(t, z) * 60_000).toISOString().slice(0, 19)}${offsetText(offsetAt(t, z))},${site},${100 + (i % 7)}`
  })).flat()
  return `time,site,load\n${rows.join('\n')}\n`
}
/** Store A at Berlin's clock, store B at New York's, both rows of a day at 12:00 UTC (2023-01-01 to
 *  2024-03-15): rows at one instant carry two offsets, each row's kept (DateColumn.rowOffsets). */
const storesShared = () => {
  const york = { rule: 'US' as const, std: -300 }
  const rows = Array.from({ length: 440 }, (_, i) => ([['A', BERLIN], ['B', york]] as const).map(([store, z]) => {
    const t = Date.UTC(2023, 0, 1 + i, 12)
    return `${new Date(t + offsetAt(t, z) * 60_000).toISOString().slice(0, 19)}${offsetText(offsetAt(t, z))},${store},${100 + (i % 7)}`
  })).flat()
  return `time,store,load\n${rows.join('\n')}\n`
}
async function train(name: string, text: string, ...more: string[]): Promise<number> {
  const csv = join(dir, name)
  writeFileSync(csv, text)
  let stdout = ''
  let stderr = ''
  const code = await main(['train', '--csv', csv, '--target', 'load', '--epochs', '1', '--forecaster', 'naive', '--db', db, '--out', join(dir, name.replace('.csv', '')), '--json', ...more], { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  if (code !== 0) throw new Error(stderr)
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { runId: number }).runId
}

let berlinRun: number
let localRun: number
let monthlyRun: number
let kathmanduRun: number
let sitesRun: number
let sharedRun: number
beforeAll(async () => {
  sitesRun = await train('sites.csv', sites(), '--global', '--series', 'site', '--lookback', '8')
  sharedRun = await train('shared.csv', storesShared(), '--global', '--series', 'store', '--lookback', '8')
  kathmanduRun = await train('kathmandu.csv', kathmandu())
  berlinRun = await train('berlin.csv', berlinDaily())
  localRun = await train('local.csv', localHourly())
  monthlyRun = await train('berlin-monthly.csv', berlinMonthly())
  store = openStore(db, { appVersion: 'test' })
  api = dispatcherOver(store, dir)
}, 120_000)
afterAll(() => store?.close())

describe('Forecast past the end and the data\'s clock', () => {
  it('times whose offsets follow the EU rule: the stamps keep Berlin\'s midnight past the spring switch, and the view is told so', async () => {
    const r = await ok<{ rows: { ts: number }[]; clock?: string | null }>('forecastAhead', { runId: berlinRun, steps: 3 })
    expect(r.rows.map((x) => new Date(x.ts).toISOString())).toEqual(['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z'])
    expect(r.clock).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)')
    // not yet past the switch: nothing to say
    expect((await ok<{ clock?: string | null }>('forecastAhead', { runId: berlinRun, steps: 1 })).clock).toBeNull()
    // the zone the view writes the stamps in, as the CSV does: the rule; local clock times none
    expect((await ok<{ zone?: unknown }>('forecastAhead', { runId: berlinRun, steps: 1 })).zone).toEqual(BERLIN)
    expect((await ok<{ zone?: unknown }>('forecastAhead', { runId: localRun, steps: 1 })).zone).toBeUndefined()
  })

  it("a global run over Berlin's and New York's sites: each series with its own zone, for the view to write its stamps in", async () => {
    const r = await ok<{ series: { label: string; zone?: unknown }[] }>('forecastAhead', { runId: sitesRun, steps: 3 })
    expect(r.series.map((s) => [s.label, s.zone])).toEqual([['site = a', BERLIN], ['site = b', { rule: 'US', std: -300 }]])
  })

  it("Evaluate's charts of a global run: listRunSeries gives each series its own rows' zone with the run's series, for its chart's time axis", async () => {
    for (const [run, labels] of [[sitesRun, ['site = a', 'site = b']], [sharedRun, ['store = A', 'store = B']]] as const) {
      const series = await ok<{ number: number; label: string; zone?: unknown }[]>('listRunSeries', { runId: run })
      expect(labels.map((l) => series.find((s) => s.label === l)!.zone)).toEqual([BERLIN, { rule: 'US', std: -300 }])
      // the series' forecast carries none: the view has it already
      expect(await ok('getSeriesForecast', { runId: run, series: 1 })).not.toHaveProperty('zone')
    }
  })

  it('a global run over stores at the same instants in two zones: each series with its own zone, its stamps in its own offsets', async () => {
    const r = await ok<{ series: { label: string; zone?: unknown; rows: { ts: number }[] }[] }>('forecastAhead', { runId: sharedRun, steps: 2 })
    expect(r.series.map((s) => [s.label, s.zone])).toEqual([['store = A', BERLIN], ['store = B', { rule: 'US', std: -300 }]])
    expect(r.series.map((s) => s.rows.map((x) => new Date(x.ts).toISOString()))).toEqual([0, 1].map(() => ['2024-03-16T12:00:00.000Z', '2024-03-17T12:00:00.000Z']))
  })

  // review (Medium): a fixed step of about 31 days drifted off the 1st (2024-03-31T23:00Z, 2024-05-01T23:00Z, ...)
  it('monthly rows on the 1st at Berlin\'s midnight: the stamps past the end are the 1sts at 00:00 with the rule\'s offset', async () => {
    const r = await ok<{ rows: { ts: number }[]; clock?: string | null }>('forecastAhead', { runId: monthlyRun, steps: 6 })
    expect(r.rows.map((x) => new Date(x.ts).toISOString())).toEqual(['2024-03-31T22:00:00.000Z', '2024-04-30T22:00:00.000Z', '2024-05-31T22:00:00.000Z', '2024-06-30T22:00:00.000Z', '2024-07-31T22:00:00.000Z', '2024-08-31T22:00:00.000Z'])
    expect(r.clock).toBe('the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)')
  })

  it('offsets that follow no rule: the stamps past the end take the last row\'s, and the view is told so; the export writes each row\'s own', async () => {
    const r = await ok<{ rows: { ts: number }[]; clock?: string | null }>('forecastAhead', { runId: kathmanduRun, steps: 2 })
    expect(r.rows.map((x) => new Date(x.ts).toISOString())).toEqual(['2021-11-04T00:00:00.000Z', '2021-11-04T01:00:00.000Z'])
    expect(r.clock).toBe("the times past the end are written with the last row's UTC offset, +05:30 (the file's rows carry several offsets that follow no clock rule)")
    // the run's export (Export's CSV and workbook): the test rows' stamps as the file wrote them
    const fx = forecastExportOf(store, rebuildStoredRun(store, kathmanduRun))
    const written = forecastCsv(fx).trim().split('\n').slice(1).map((l) => l.split(',')[0]!)
    expect(written.length).toBeGreaterThan(20)
    expect(written.filter((t) => !kathmanduStamps.includes(t))).toEqual([])
  })

  it('local clock times past a night a change can fall on: the note fw forecast gives', async () => {
    const r = await ok<{ clock?: string | null }>('forecastAhead', { runId: localRun, steps: 12 })
    expect(r.clock).toMatch(/^the times are local clock times \(no UTC offset\), so the stamps past the end step in steady clock time, with no daylight-saving change: they pass the night of Sunday 2021-03-28/)
  })
})

describe('the app stores a dataset whose times carried offsets', () => {
  it('one offset (offsetMin), a rule (clock) and the rows\' own offsets (offsets) are taken by saveDataset and read back', async () => {
    const one = await importCsv('time,load\n2021-11-04T13:00:00+01:00,1\n2021-11-04T14:00:00+01:00,2\n2021-11-04T15:00:00+01:00,3\n', { fileName: 'one.csv' })
    const rule = await importCsv(berlinDaily(), { fileName: 'berlin.csv' })
    const rows = await importCsv(kathmandu(), { fileName: 'kathmandu.csv' })
    const offsets = { at: [Date.UTC(2021, 9, 25), Date.UTC(2021, 9, 25) + 100 * HOUR], min: [345, 330] }
    for (const ds of [one, rule, rows]) {
      const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: ds.file, sourceFile: null, columns: ds.columns })
      const back = await ok<{ columns: unknown[] }>('getDataset', { datasetId })
      expect(back.columns[0]).toMatchObject(ds === one ? { kind: 'date', zoned: true, offsetMin: 60 } : ds === rule ? { kind: 'date', zoned: true, clock: BERLIN } : { kind: 'date', zoned: true, offsets })
    }
    // rows at one instant with two offsets: each row's, stored (the meta JSON's rowOffsets) and read back
    const shared = await importCsv(storesShared(), { fileName: 'shared.csv' })
    const own = (shared.columns[0] as { rowOffsets?: Float64Array }).rowOffsets
    expect(own && Array.from(own.slice(0, 2))).toEqual([60, -300])
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: shared.file, sourceFile: null, columns: shared.columns.filter((c) => c.kind !== 'text') })
    const back = (await ok<{ columns: { rowOffsets?: Float64Array }[] }>('getDataset', { datasetId })).columns[0]!
    expect(back).toMatchObject({ kind: 'date', zoned: true })
    expect(back.rowOffsets && Array.from(back.rowOffsets)).toEqual(Array.from(own!))
    // one offset per row, each a whole number of minutes a clock shows: else refused, naming the field
    for (const bad of [own!.slice(1), Float64Array.from(own!, (m, i) => (i === 3 ? 9999 : m))]) {
      const r = await api.dispatch('saveDataset', { name: 'bad.csv', sourceFile: null, columns: [{ ...shared.columns[0]!, rowOffsets: bad }] })
      expect(r.ok).toBe(false)
      expect(!r.ok && `${r.error.code} ${r.error.message}`).toMatch(/rowOffsets/)
    }
    // offsets out of order, or an offset no clock shows: refused by the contract
    const date = rows.columns[0]!
    for (const bad of [{ at: [2, 1], min: [345, 330] }, { at: [1, 2], min: [345, 9999] }, { at: [1, 2], min: [345] }]) {
      const r = await api.dispatch('saveDataset', { name: 'bad.csv', sourceFile: null, columns: [{ ...date, offsets: bad }, rows.columns[1]] })
      expect(r.ok).toBe(false)
      expect(!r.ok && `${r.error.code} ${r.error.message}`).toMatch(/offsets/)
    }
  })
})

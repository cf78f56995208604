// The two ways into the forecast CSV give the same bytes for the same forecast: the export's
// (forecastCsv of a ForecastExport: the app's Export view, fw export) and the model files' (core/services
// forecastCsv and seriesForecastCsv of forecast rows: fw train's predictions.csv, fw predict, fw forecast,
// the app's Apply model). Each case's bytes are pinned, so a change of either path's layout, quoting,
// number or time form, byte-order mark or line ends shows here; where the two layouts differ by
// design (the export's baselines and row column, the model files' row column in place of an absent
// time) both files are pinned.
import { describe, expect, it } from 'vitest'
import { sampleForecastExport } from '../../test/fixtures/export/sample-run'
import { forecastCsv as rowsCsv, seriesForecastCsv } from '../services/forecast-csv'
import type { ForecastRow } from '../train/types'
import { forecastCsv } from './forecast-csv'
import type { ForecastClasses, ForecastExport, ForecastExportRow } from './types'

const HOUR = 3_600_000
const T0 = Date.UTC(2024, 2, 1, 22) // across midnight: 22:00, 23:00, 00:00
const base = sampleForecastExport()

/** A forecast with intervals: float noise (86.32000000000001), a bound below 0, an actual not yet known. */
const ROWS: ForecastRow[] = [
  { ts: T0, step: 1, value: 86.32000000000001, lower: 80.1, upper: 92.5, actual: 85 },
  { ts: T0 + HOUR, step: 1, value: 0.1 + 0.2, lower: -1.25, upper: 1e-7, actual: 1234567.891 },
  { ts: T0 + 2 * HOUR, step: 1, value: 90, lower: null, upper: null, actual: null }
]

/** The same rows as the export holds them. */
const exportRows = (rows: ForecastRow[], extra: (r: ForecastRow, i: number) => Partial<ForecastExportRow> = () => ({})): ForecastExportRow[] =>
  rows.map((r, i) => ({ time: r.ts, row: null, step: r.step, forecast: r.value, lower: r.lower, upper: r.upper, actual: r.actual, baselines: [], ...(r.probs ? { probs: r.probs } : {}), ...extra(r, i) }))

const exportOf = (over: Partial<ForecastExport>): ForecastExport => ({ ...base, target: 'load', task: 'regression', baselineNames: [], classes: null, ...over })

const CRLF = '\r\n'
const lines = (...l: string[]) => l.join(CRLF) + CRLF

describe('the export and the model files write the same forecast CSV', () => {
  it('single series, with intervals', () => {
    const bytes = lines('time,step,forecast,lower,upper,actual', '2024-03-01 22:00:00,1,86.32,80.1,92.5,85', '2024-03-01 23:00:00,1,0.3,-1.25,1e-7,1234567.891', '2024-03-02 00:00:00,1,90,,,')
    expect(forecastCsv(exportOf({ rows: exportRows(ROWS) }))).toBe(bytes)
    expect(rowsCsv(ROWS, true)).toBe(bytes)
  })

  it('global: the id column first, formula-like ids quoted safe, text beyond ASCII after a byte-order mark', () => {
    const key = (i: number) => (i < 2 ? ['-1'] : ['Zürich'])
    const bytes = '\ufeff' + lines('store,time,step,forecast,lower,upper,actual', "'-1,2024-03-01 22:00:00,1,86.32,80.1,92.5,85", "'-1,2024-03-01 23:00:00,1,0.3,-1.25,1e-7,1234567.891", 'Zürich,2024-03-02 00:00:00,1,90,,,')
    expect(forecastCsv(exportOf({ seriesColumns: ['store'], rows: exportRows(ROWS, (_, i) => ({ series: key(i) })) }))).toBe(bytes)
    // the series' blocks in natural order of their labels, whatever order they come in
    expect(seriesForecastCsv(['store'], [{ key: ['Zürich'], rows: ROWS.slice(2) }, { key: ['-1'], rows: ROWS.slice(0, 2) }], true)).toBe(bytes)
  })

  const rule: ForecastClasses = { names: ['false', 'true'], rule: { column: 'precipitation', op: '>', value: 0 } }
  it('two classes: the probability, its column named by the rule', () => {
    const rows: ForecastRow[] = ROWS.map((r, i) => ({ ...r, value: [0.25, 0.7500000000000001, 0.5][i]!, lower: null, upper: null, actual: [0, 1, null][i]! }))
    const bytes = lines('time,step,P(precipitation > 0),actual', '2024-03-01 22:00:00,1,0.25,0', '2024-03-01 23:00:00,1,0.75,1', '2024-03-02 00:00:00,1,0.5,') // no empty lower, upper: a class has no interval
    expect(forecastCsv(exportOf({ target: 'rain', task: 'classification', classes: rule, rows: exportRows(rows) }))).toBe(bytes)
    expect(rowsCsv(rows, true, { target: 'rain', classes: rule })).toBe(bytes)
  })

  it('more classes: each class by name, formula-like ones quoted safe, and a probability column per class', () => {
    const classes: ForecastClasses = { names: ['sun', '=rain', 'snow, wet'], rule: null }
    const probs = [[0.7, 0.2, 0.1], [0.1, 0.6000000000000001, 0.3], [0.2, 0.3, 0.5]]
    const rows: ForecastRow[] = ROWS.map((r, i) => ({ ...r, value: [0, 1, 2][i]!, lower: null, upper: null, actual: [1, 1, null][i]!, probs: probs[i]! }))
    const bytes = lines(
      'time,step,forecast,actual,P(weather = sun),P(weather = =rain),"P(weather = snow, wet)"',
      "2024-03-01 22:00:00,1,sun,'=rain,0.7,0.2,0.1",
      "2024-03-01 23:00:00,1,'=rain,'=rain,0.1,0.6,0.3",
      '2024-03-02 00:00:00,1,"snow, wet",,0.2,0.3,0.5'
    )
    expect(forecastCsv(exportOf({ target: 'weather', task: 'classification', classes, rows: exportRows(rows) }))).toBe(bytes)
    expect(rowsCsv(rows, true, { target: 'weather', classes })).toBe(bytes)
  })

  it('where the layouts differ by design: the export adds its row column and baselines', () => {
    const fx = exportOf({ baselineNames: ['naive'], rows: exportRows(ROWS, (r, i) => ({ row: 100 + i, baselines: [r.actual] })) })
    expect(forecastCsv(fx)).toBe(lines('time,row,step,forecast,lower,upper,actual,baseline_naive', '2024-03-01 22:00:00,100,1,86.32,80.1,92.5,85,85', '2024-03-01 23:00:00,101,1,0.3,-1.25,1e-7,1234567.891,1234567.891', '2024-03-02 00:00:00,102,1,90,,,,'))
  })

  it('without a time column: the export keeps an empty time before the row, the model files write the row alone', () => {
    const rows = ROWS.map((r, i) => ({ ...r, ts: 100 + i }))
    expect(forecastCsv(exportOf({ rows: exportRows(rows, (r) => ({ time: null, row: r.ts })) }))).toBe(lines('time,row,step,forecast,lower,upper,actual', ',100,1,86.32,80.1,92.5,85', ',101,1,0.3,-1.25,1e-7,1234567.891', ',102,1,90,,,'))
    expect(rowsCsv(rows, false)).toBe(lines('row,step,forecast,lower,upper,actual', '100,1,86.32,80.1,92.5,85', '101,1,0.3,-1.25,1e-7,1234567.891', '102,1,90,,,'))
    expect(seriesForecastCsv(['store'], [{ key: ['a'], rows }], false)).toBe(lines('store,row,step,forecast,lower,upper,actual', 'a,100,1,86.32,80.1,92.5,85', 'a,101,1,0.3,-1.25,1e-7,1234567.891', 'a,102,1,90,,,'))
  })
})

describe('a series whose key does not fit the id columns', () => {
  // Before the two paths shared one writer, the model files' wrote such a row shifted by a cell
  // (its forecast under 'time'); the export refused it
  it('is refused by both paths, naming the row and the columns', () => {
    const msg = 'forecast row at step 1 names no series of region, store'
    expect(() => forecastCsv(exportOf({ seriesColumns: ['region', 'store'], rows: exportRows(ROWS, () => ({ series: ['north'] })) }))).toThrow(msg)
    expect(() => seriesForecastCsv(['region', 'store'], [{ key: ['north'], rows: ROWS }], true)).toThrow(msg)
  })
})

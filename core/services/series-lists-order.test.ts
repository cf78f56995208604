// Lists of series that a person reads are in natural order (core/data/natural.ts: store 2 before
// store 10), whatever the file's order: a global run's notices (series skipped, a category level seen
// only after training), fw backtest --global's notes on series its folds left out, and the forecast
// CSV of a global model (fw train --global's predictions.csv, fw forecast, fw predict).
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../data/config'
import { prepareGlobal } from '../data/global'
import { importCsv } from '../data/import'
import { foldSkipNotes } from '../train/backtest-table'
import { seriesForecastCsv } from './forecast-csv'

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)

describe('series listed in natural order', () => {
  it("a global run's notices name the series skipped and those holding an unseen level in natural order", async () => {
    // file order: s10, s2, s1 long; s30, s4 only in the last 8 days (skipped); every long series has
    // "snow" only after training
    const rows = ['store,date,sales,weather']
    for (const s of ['s10', 's30', 's2', 's4', 's1']) {
      const late = s === 's30' || s === 's4'
      for (let i = late ? 52 : 0; i < 60; i++) rows.push(`${s},${day(i)},${10 + (i % 7) + s.length},${i >= 50 && i % 2 ? 'snow' : 'sun'}`)
    }
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'stores.csv', series: ['store'] })
    const cfg = defaultConfig(ds, 'sales', { features: ['weather'], level: 'window', window: { lookback: 5, horizon: 2, stride: 1, mode: 'final' } })
    const g = prepareGlobal(ds, cfg, ['store'])
    expect(g.parts.map((p) => p.label)).toEqual(['store = s10', 'store = s2', 'store = s1']) // the run keeps file order
    expect(g.notices.find((n) => n.code === 'short-series')?.message).toMatch(/: store = s4 \(8 rows\); store = s30 \(8 rows\)$/)
    expect(g.notices.find((n) => n.code === 'unseen-levels')?.message).toMatch(/"snow" \(\d+ rows, in store = s1; store = s2; store = s10\)/)
  })

  it("fw backtest --global's notes on series its folds left out, one per series in natural order", () => {
    const notes = foldSkipNotes([{ fold: 1, skipped: [{ series: 'store = s10', why: 'x' }, { series: 'store = s2', why: 'x' }, { series: 'store = s1', why: 'x' }] }])
    expect(notes.map((n) => n.split(' is ')[0])).toEqual(['store = s1', 'store = s2', 'store = s10'])
  })

  it("a global model's forecast CSV: the series' blocks in natural order, each block's rows as given", () => {
    const row = (ts: number) => ({ ts, step: 1, value: ts, lower: null, upper: null, actual: null })
    const csv = seriesForecastCsv(['store'], [{ key: ['s10'], rows: [row(2), row(1)] }, { key: ['s2'], rows: [row(3)] }, { key: ['S1'], rows: [row(4)] }], false)
    expect(csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['S1 4', 's2 3', 's10 2', 's10 1'])
  })
})

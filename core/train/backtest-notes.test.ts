// A single-series backtest's folds keep their own preparation notices: each fold's run prepares its
// rows of the file again, so its notices repeat the import's, which are left out; a note every fold
// says is said once for them all.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { backtest } from './backtest'
import { groupedNotes } from './backtest-table'
import { resolveConfig } from './config'

describe("a single-series backtest's fold notes", () => {
  it('keeps a fold\'s preparation notices that the import did not say, naming the folds', async () => {
    // 100 rows, 3 folds: blocks of 10 rows at 70, 80 and 90; a fold trains on floor(0.85 × its rows
    // before the block): rows 0–58, 0–67, 0–75. "x" is constant up to row 70 (folds 1 and 2), and
    // "y", which grows 1.5 → 60 (a log is taken), is 0 on row 95, inside fold 3's block only
    const rows = ['y;x']
    for (let i = 0; i < 100; i++) rows.push(`${i === 95 ? 0 : (1.5 * Math.exp(i / 27) + 0.1 * Math.sin(i)).toFixed(4)};${i <= 70 ? 5 : 5 + (i % 3)}`)
    const ds = await importCsv(rows.join('\n'), { fileName: 's.csv' })
    expect(ds.notices.length).toBeGreaterThan(0) // the import's own (here, the delimiter it found)
    const config = resolveConfig({ data: { target: 'y', features: ['x'], season: 1, lookBack: 4 }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })
    const folds = await backtest(config, ds, { words: 'app', folds: 3 })
    const constant = 'column "x" is constant on the training rows; its scale is set to 1'
    expect(folds[0]!.notes).toEqual([constant])
    expect(folds[1]!.notes).toEqual([constant]) // its own training rows (0–67) too, though fold 1 said it
    expect(folds[2]!.notes).toHaveLength(1)
    expect(folds[2]!.notes[0]).toMatch(/^the training rows of "y" span a factor of [\d.]+ \(at least 2: a log would be taken\), but it is 0 on line 97 \(the test rows\), which has no log: it is modelled as it is$/)
    for (const f of folds) for (const n of f.notes) expect(ds.notices.map((m) => m.app ?? m.message)).not.toContain(n)
    expect(groupedNotes(folds, (m) => m)).toEqual([`Folds 1, 2: ${constant}`, `Fold 3: ${folds[2]!.notes[0]}`])
  }, 60_000)
})

describe("a backtest's fold notes in each front end's words", () => {
  it("names fw backtest's flag and the app's Setup field, and says a note the folds measure alike once", async () => {
    // daily rows that drift smoothly: the week before forecasts them worse than the day before, so
    // each fold's run drops the weekly season and says how to keep it, with its own training rows' ratio
    const rows = ['date,y']
    for (let i = 0; i < 120; i++) rows.push(`${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + 3 * Math.sin(i / 9) + 0.05 * Math.cos(i * 1.7)).toFixed(4)}`)
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'd.csv' })
    const config = resolveConfig({ data: { target: 'y', time: 'date', lookBack: 4 }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })
    const season = (notes: string[]) => notes.filter((n) => n.startsWith('season: none, not the week'))
    const cli = await backtest(config, ds, { words: 'cli', folds: 3 })
    const app = await backtest(config, ds, { words: 'app', folds: 3 })
    const cliSaid = cli.flatMap((f) => season(f.notes))
    expect(cliSaid.length).toBeGreaterThan(0)
    for (const n of cliSaid) expect(n).toMatch(/; --season 7 keeps the week\)$/)
    for (const n of app.flatMap((f) => season(f.notes))) expect(n).toMatch(/; Season 7 in Setup keeps the week\)$/)
    // every fold measures its own training rows' ratio: said once for them all, with the ratios' range
    const ratios = cli.flatMap((f) => season(f.notes).map((n) => Number(/errs ([\d.]+)×/.exec(n)![1])))
    expect(new Set(ratios).size).toBeGreaterThan(1) // the case this is about: the folds' numbers differ
    const grouped = groupedNotes(cli, (m) => m).filter((n) => n.includes('season: none'))
    expect(grouped).toEqual([`Every fold: season: none, not the week of daily rows (on the training rows the seasonal naive forecast of the week before errs ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× as much as that of the day before, where a weekly cycle needs 0.90× or less (lower is better): no weekly cycle; --season 7 keeps the week)`])
  }, 60_000)
})

describe("a backtest's fold notes are each fold's own", () => {
  it("counts a fold's irregular steps on its own rows, and says the file's sorting for every fold", async () => {
    // 202 days less two (day 40, in every fold's rows, and day 195, in fold 3's block only): 200 rows,
    // 3 folds of 20-row blocks at rows 140, 160 and 180; two rows swapped (the file out of order)
    const iso = (d: number) => new Date(Date.UTC(2021, 0, 1 + d)).toISOString().slice(0, 10)
    const rows = Array.from({ length: 202 }, (_, d) => d).filter((d) => d !== 40 && d !== 195).map((d) => `${iso(d)},${(10 + 3 * Math.sin(d / 5) + 0.01 * d).toFixed(4)}`)
    ;[rows[10], rows[11]] = [rows[11]!, rows[10]!]
    const ds = await importCsv(['date,y', ...rows].join('\n') + '\n', { fileName: 'd.csv' })
    const config = resolveConfig({ data: { target: 'y', time: 'date', season: 1, lookBack: 4 }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })
    const folds = await backtest(config, ds, { words: 'cli', folds: 3 })
    expect(folds.map((f) => f.trainRows + f.testRows)).toEqual([160, 180, 200])
    const irregular = folds.map((f) => f.notes.filter((n) => n.includes('time steps differ')).map((n) => n.slice(0, n.indexOf(' time steps'))))
    expect(irregular).toEqual([['1 of 159'], ['1 of 179'], ['2 of 199']])
    const sorted = 'rows were not in time order (first at line 13); sorted by "date"'
    for (const f of folds) expect(f.notes).toContain(sorted)
    expect(groupedNotes(folds, (m) => m)).toContain(`Every fold: ${sorted}`)
  }, 60_000)
})

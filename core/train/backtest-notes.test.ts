// A single-series backtest's folds keep the preparation notices new to them: each fold's run prepares
// the file's rows again, so its notices repeat the import's and, mostly, the fold's before it.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { backtest } from './backtest'
import { groupedNotes } from './backtest-table'
import { resolveConfig } from './config'

describe("a single-series backtest's fold notes", () => {
  it('keeps a fold\'s preparation notices that the import and the fold before did not say, naming the fold', async () => {
    // 100 rows, 3 folds: blocks of 10 rows at 70, 80 and 90; a fold trains on floor(0.85 × its rows
    // before the block): rows 0–58, 0–67, 0–75. "x" is constant up to row 70 (folds 1 and 2), and
    // "y", which grows 1.5 → 60 (a log is taken), is 0 on row 95, inside fold 3's block only
    const rows = ['y;x']
    for (let i = 0; i < 100; i++) rows.push(`${i === 95 ? 0 : (1.5 * Math.exp(i / 27) + 0.1 * Math.sin(i)).toFixed(4)};${i <= 70 ? 5 : 5 + (i % 3)}`)
    const ds = await importCsv(rows.join('\n'), { fileName: 's.csv' })
    expect(ds.notices.length).toBeGreaterThan(0) // the import's own (here, the delimiter it found)
    const config = resolveConfig({ data: { target: 'y', features: ['x'], season: 1, lookBack: 4 }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })
    const folds = await backtest(config, ds, { folds: 3 })
    const constant = 'column "x" is constant on the training rows; its scale is set to 1'
    expect(folds[0]!.notes).toEqual([constant])
    expect(folds[1]!.notes).toEqual([]) // said by fold 1 already
    expect(folds[2]!.notes).toHaveLength(1)
    expect(folds[2]!.notes[0]).toMatch(/^the training rows of "y" span a factor of [\d.]+ \(at least 2: a log would be taken\), but it is 0 on line 97 \(the test rows\), which has no log: it is modelled as it is$/)
    for (const f of folds) for (const n of f.notes) expect(ds.notices.map((m) => m.app ?? m.message)).not.toContain(n)
    expect(groupedNotes(folds, (m) => m)).toEqual([`Fold 1: ${constant}`, `Fold 3: ${folds[2]!.notes[0]}`])
  }, 60_000)
})

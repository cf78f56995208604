// Missing target values in a backtest's folds are treated as a run treats them: a 'drop' policy drops
// their rows before the folds are cut (a run drops them before its split, so a fold's test block
// stays the block it names), and a fold left without a window with every target known is refused
// before anything trains, naming the fold and the lines, rather than failing after the folds before it.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { backtest, backtestRefusal, maxBacktestFolds } from './backtest'
import { resolveConfig } from './config'
import type { TrainEvent } from './types'

/** 100 daily rows of y, empty on the rows in `holes` (0-based; row i is on line i + 2). */
const series = (holes: number[]) => {
  const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
  const rows = Array.from({ length: 100 }, (_, i) => `${day(i)},${holes.includes(i) ? '' : (20 + 0.2 * i + 4 * Math.sin(i)).toFixed(3)}`)
  return importCsv(['date,y', ...rows].join('\n') + '\n', { fileName: 'holes.csv', decimal: 'dot' })
}
const config = (data: Record<string, unknown> = {}) =>
  resolveConfig({ data: { target: 'y', season: 1, lookBack: 14, ...data }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network' }, training: { epochs: 1, threads: 1, earlyStopping: null } })

describe('a backtest of a series with missing target values', () => {
  it('refuses before any fold trains when a fold has no window with every target known, naming the fold and the lines', async () => {
    // direct h = 7: each window is scored on 7 rows. 3 folds of floor(30 / 3) = 10 rows: fold 2's
    // test block is rows 80-89, where the holes at 83 and 86 leave no 7 known rows in a row
    const c = config({ horizon: 7, direct: true })
    const ds = await series([83, 86])
    const why = backtestRefusal(c, ds, 3)
    expect(why).toBe('3 folds do not fit: fold 2\'s test block (lines 82-91 of holes.csv) holds no window of look-back 14 and horizon 7 (direct: a window is scored on 7 rows) with every target known: "y" is missing on lines 85 and 88; these 100 rows allow at most 2 folds')
    await expect(backtest(c, ds, { words: 'app', folds: 3, onEvent: () => { throw new Error('a fold started') } })).rejects.toThrow(/^folds: 3 folds do not fit: fold 2's test block/)
    // the panel's limit says the same: 2 folds (blocks of 15 rows) fit
    expect(maxBacktestFolds(c, ds, 3)).toEqual({ rows: 100, most: 2, why: why!.slice('3 folds do not fit: '.length, why!.indexOf('; these')) })
    expect(backtestRefusal(c, ds, 2)).toBeNull()
  })

  it("drops the rows of a 'drop' policy before cutting the folds, so each fold scores the block it names", async () => {
    const c = config({ missingDefault: 'drop' })
    const started: TrainEvent[] = []
    const folds = await backtest(c, await series([50, 75]), { words: 'app', folds: 3, onEvent: (_, e) => void (e.type === 'started' && started.push(e)) })
    // 98 rows kept: blocks of floor(29.4 / 3) = 9 rows after 71, 80 and 89 rows
    expect(folds.map((f) => [f.trainRows, f.testRows])).toEqual([[71, 9], [80, 9], [89, 9]])
    // each fold's run scored its block: 9 test windows of one row each, none of them from another fold's block
    expect(started.map((e) => (e.type === 'started' ? e.windows.test : null))).toEqual([9, 9, 9])
    expect(folds.every((f) => f.notes.includes("2 rows with a missing value were dropped before the folds were cut (missing-value policy 'drop'), as a run drops them before its split"))).toBe(true)
    const one = await backtest(c, await series([50]), { words: 'app', folds: 2 })
    expect(one[0]!.notes).toContain("1 row with a missing value was dropped before the folds were cut (missing-value policy 'drop'), as a run drops them before its split")
  }, 60_000)
})

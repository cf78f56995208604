// A global run's walk-forward backtest (backtest-global.ts): folds cut at the same times for every
// series, each fold a global run on the rows before its block, scored as the run's own evaluation
// pools its series; a block's values reach no training of its own fold.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { globalRunResults } from '../services/global-run'
import { backtest, backtestRefusal, maxBacktestFolds, type BacktestFold } from './backtest'
import { resolveConfig } from './config'
import { runGlobalTraining } from './global'
import { runCutsPerSeries } from './backtest-global'
import type { TrainConfig, TrainEvent } from './types'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** x and y over days 0..79, z from day 20 only (a series that starts late). */
function csv(edit: (shop: string, i: number, v: number) => number = (_s, _i, v) => v): string {
  const rows = ['shop,date,units']
  for (const [k, s] of ['x', 'y', 'z'].entries()) for (let i = s === 'z' ? 20 : 0; i < 80; i++) rows.push(`${s},${day(i)},${edit(s, i, 20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
  return rows.join('\n') + '\n'
}
const load = (text: string) => importCsv(text, { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
const config = (lookBack = 5): TrainConfig => resolveConfig({
  data: { target: 'units', features: [], lookBack, horizon: 1, season: 1, series: { columns: ['shop'], values: null, global: { short: 'skip' } } },
  model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' },
  training: { epochs: 2, seed: 2, threads: 1, earlyStopping: null }
})

async function folds(text: string, k: number): Promise<{ folds: BacktestFold[]; losses: number[][] }> {
  const losses: number[][] = []
  const out = await backtest(config(), await load(text), {
    folds: k,
    onEvent: (f, e: TrainEvent) => void (e.type === 'epoch' && (losses[f - 1] ??= []).push(e.trainLoss, e.valLoss ?? NaN))
  })
  return { folds: out, losses }
}

describe('backtest of a global run', () => {
  it('cuts every series at the same times and scores each fold as the global run pools its series', async () => {
    const { folds: fs } = await folds(csv(), 3)
    // 80 distinct days, blocks of floor(80 × 0.3 / 3) = 8: test from days 56, 64 and 72; every
    // series has 8 rows in each block, and z (from day 20) 20 fewer rows before it
    expect(fs.map((f) => [f.fold, f.trainRows, f.testRows])).toEqual([[1, 56 + 56 + 36, 24], [2, 64 + 64 + 44, 24], [3, 72 + 72 + 52, 24]])
    expect(fs[0]!.metrics.map((m) => `${m.model} ${m.metric}`)).toEqual(['model mase', 'model gmrae', 'model skill', 'network mase', 'network gmrae', 'naive mase', 'naive gmrae'])
    // the last fold is the global run cut at its dates (validation from day floor(0.85 × 72) = 61,
    // test from day 72) on every row: the same pooled metrics as that run's own
    const last = resolveConfig({ ...config(), data: { ...config().data, split: { kind: 'date', valStart: `${day(61)}T00:00:00.000Z`, testStart: `${day(72)}T00:00:00.000Z`, gap: 0 }, series: { columns: ['shop'], values: null, global: { short: 'skip', cuts: 'dates' } } } })
    const own = await runGlobalTraining({ config: last, dataset: await load(csv()) }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} })
    expect(fs[2]!.metrics).toEqual(globalRunResults(own!, last, true).metrics)
  }, 60_000)

  it("does not leak: a fold's block changes none of that fold's training, only its scores", async () => {
    const a = await folds(csv(), 3)
    // y's values in fold 2's block (days 64..71) ten times as large
    const b = await folds(csv((s, i, v) => (s === 'y' && i >= 64 && i < 72 ? v * 10 : v)), 3)
    expect(b.folds[0]).toEqual(a.folds[0]) // fold 1 ends before that block
    expect(b.losses[1]).toEqual(a.losses[1]) // fold 2 trains on the same rows
    expect(b.folds[1]!.metrics.find((m) => m.model === 'model' && m.metric === 'mase')!.value).not.toBe(a.folds[1]!.metrics.find((m) => m.model === 'model' && m.metric === 'mase')!.value)
    expect(b.losses[2]).not.toEqual(a.losses[2]) // fold 3 trains on it
  }, 60_000)

  it('knows before training how many folds fit, counting distinct dates, and refuses the rest', async () => {
    const ds = await load(csv())
    expect(maxBacktestFolds(config(), ds)).toEqual({ rows: 80, most: 24, why: 'the last 30 % of 80 distinct dates cannot give each of 25 folds a date to score' })
    // look-back 50: the first of 2 folds trains on 80 − 2 × 12 = 56 dates, 47 of them to train; no
    // series can have more rows than the dates, and 51 are needed: refused without preparing a series
    expect(backtestRefusal(config(50), ds, 2)).toBe('2 folds do not fit: the first fold would train on 56 dates; look-back 50 and horizon 1 need at least 60 (85 % of them to train, 15 % to validate); no backtest fits these 80 distinct dates')
    await expect(backtest(config(50), ds, { folds: 2, onEvent: () => { throw new Error('started') } })).rejects.toThrow(/^folds: 2 folds do not fit/)
    // x on even days, y on odd ones: 80 dates, but 40 rows a series, 24 of them before the first
    // fold's validation date (day 47); look-back 30 fits the dates, not the series
    const rows = ['shop,date,units']
    for (const [k, s] of ['x', 'y'].entries()) for (let i = k; i < 80; i += 2) rows.push(`${s},${day(i)},${(20 + 30 * k + 0.2 * i).toFixed(3)}`)
    const alternate = await load(rows.join('\n') + '\n')
    expect(backtestRefusal(config(30), alternate, 2)).toMatch(/^2 folds do not fit: the first fold \(training before 2021-02-17, validation before 2021-02-26, scored to 2021-03-09\) has none to train: no series of shops\.csv has a window in each of training, validation and test at the cut dates .*; no backtest fits these 80 distinct dates$/)
    expect(maxBacktestFolds(config(30), alternate).most).toBe(0)
  })

  it("says in every fold when the run itself splits each series on its own rows ('auto' resolved so), since its folds cut at shared dates", async () => {
    // y ends on day 35: shared cut dates would leave it without validation or test rows, so the run's
    // 'auto' cuts split each series on its own rows; the plain file keeps shared dates
    const early = await load(csv().split('\n').filter((l) => !(l.startsWith('y,') && Number(l.slice(2, 12).replaceAll('-', '')) > Number(day(35).replaceAll('-', '')))).join('\n'))
    expect(runCutsPerSeries(config(), early)).toBe(true)
    expect(runCutsPerSeries(config(), await load(csv()))).toBe(false)
    const fs = await backtest(config(), early, { folds: 2 })
    for (const f of fs) expect(f.notes[0]).toMatch(/^the run splits each series on its own rows; a backtest cuts every series at the same dates, .* its folds measure that setup, not the run's own split$/)
    expect((await folds(csv(), 2)).folds.every((f) => !f.notes.some((n) => n.startsWith('the run splits')))).toBe(true)
  }, 60_000)
})


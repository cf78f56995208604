// How many folds a backtest can train, known before anything trains: each fold's test block needs a
// window, and so do the first fold's training (85 %) and validation (15 %) rows. The numbers here
// are worked out by hand from the fold rule (test blocks of floor(N × 0.3 / k) rows at the end).
import { describe, expect, it } from 'vitest'
import { importCsv, PipelineError } from '../data'
import { backtest, backtestRefusal, maxBacktestFolds } from './backtest'
import { resolveConfig } from './config'
import type { TrainEvent } from './types'

const series = (n: number) => importCsv(['y', ...Array.from({ length: n }, (_, i) => (10 + Math.sin(i / 3) + 0.01 * i).toFixed(4))].join('\n'), { fileName: 's.csv' })
const config = (data: Record<string, unknown>, model: Record<string, unknown> = {}) =>
  resolveConfig({ data: { target: 'y', season: 1, ...data }, model: { cell: 'gru', hiddenSize: 2, forecaster: 'network', ...model }, training: { epochs: 1, threads: 1, earlyStopping: null } })

describe('the most folds a backtest can train', () => {
  it('per-step output is scored on its last step, as final output: a row per test block is enough (30 folds of 100 rows)', async () => {
    // 100 rows, look-back 4: per-step output once asked look-back rows of each block (7 folds)
    const ds = await series(100)
    for (const model of [{ outputMode: 'per-step' }, {}] as const) expect(maxBacktestFolds(config({ lookBack: 4 }, model), ds).most).toBe(30)
    expect(backtestRefusal(config({ lookBack: 4 }, { outputMode: 'per-step' }), ds, 30)).toBeNull()
  })

  it('says when the first fold has too few rows to train for this look-back and horizon, whatever the folds', async () => {
    // 60 rows, 2 folds: blocks of 9, the first fold trains on 42, of which floor(0.85 × 42) = 35 to
    // train; look-back 40 and horizon 1 need 41 training rows, which 49 rows give (floor(41.65))
    const c = config({ lookBack: 40 })
    const ds = await series(60)
    expect(maxBacktestFolds(c, ds)).toEqual({ rows: 60, most: 0, why: 'the first fold would train on 42 rows; look-back 40 and horizon 1 need at least 49 (85 % of them to train, 15 % to validate)' })
    expect(backtestRefusal(c, ds, 3)).toBe('3 folds do not fit: the first fold would train on 42 rows; look-back 40 and horizon 1 need at least 49 (85 % of them to train, 15 % to validate); no backtest fits these 60 rows')
    // 70 rows: the first of 2 folds trains on 70 − 2 × floor(21 / 2) = 50 rows, 42 of them to train: it fits
    expect(backtestRefusal(c, await series(70), 2)).toBeNull()
  })

  it('counts a direct model\'s horizon and the split\'s gap in the test block', async () => {
    // direct horizon 5 scores 5 rows, and a gap of 2 comes off each block first: 7 rows a block
    const c = config({ lookBack: 6, horizon: 5, direct: true, split: { kind: 'fraction', train: 0.7, val: 0.15, gap: 2 } })
    const ds = await series(120) // floor(36 / 5) = 7, floor(36 / 6) = 6
    expect(maxBacktestFolds(c, ds)).toEqual({ rows: 120, most: 5, why: 'each fold would be scored on 6 rows; look-back 6 and horizon 5 (direct: a window is scored on 5 rows) and a gap of 2 need at least 7' })
  })

  it('refuses before any fold starts, and the most it allows trains every fold on its exact split (no short-series shrinking)', async () => {
    const ds = await series(100)
    for (const [data, model] of [[{ lookBack: 4 }, { outputMode: 'per-step' }], [{ lookBack: 12, horizon: 3 }, {}], [{ lookBack: 5, horizon: 4, direct: true }, {}]] as const) {
      const c = config(data, model)
      const { most } = maxBacktestFolds(c, ds)
      expect(most).toBeGreaterThanOrEqual(2)
      const started: TrainEvent[] = []
      // stopped after each fold's pipeline is prepared: what matters is that the fold's split holds
      // windows as it is, and which notices its run gives
      await backtest(c, ds, { words: 'app', folds: most, onEvent: (_, e) => void (e.type === 'started' && started.push(e)), shouldStop: () => true })
      expect(started).toHaveLength(1)
      expect(started[0]!.type === 'started' && started[0]!.notices.filter((n) => n.message.startsWith('short series'))).toEqual([])
      const seen: TrainEvent[] = []
      const e = await backtest(c, ds, { words: 'app', folds: most + 1, onEvent: (_, ev) => void seen.push(ev) }).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(PipelineError)
      expect([(e as PipelineError).field, seen]).toEqual(['folds', []])
    }
  })
})

describe("a fold's members", () => {
  it('names the baselines each fold\'s forecast is made of, which its verdict leaves out (none for the network alone)', async () => {
    const ds = await series(120)
    const ets = await backtest(config({ lookBack: 4 }, { forecaster: 'ets' }), ds, { words: 'app', folds: 2 })
    expect(ets.map((f) => f.members)).toEqual([['ets'], ['ets']])
    const net = await backtest(config({ lookBack: 4 }), ds, { words: 'app', folds: 2 })
    expect(net.map((f) => f.members)).toEqual([[], []])
  }, 60_000)
})

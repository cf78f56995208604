import { describe, expect, it } from 'vitest'
import { resolveConfig } from './config'
import { SweepError, bestValLoss, expandGrid, randomSearch, rankByValLoss, rankTrials, runSweep, trialThreads, trialTieNote, withSetting } from './sweep'

const base = resolveConfig({ data: { target: 'y', lookBack: 8 } })

describe('grid sweeps', () => {
  it('expands every combination, first path slowest, into complete valid configs', () => {
    const trials = expandGrid(base, { 'model.hiddenSize': [16, 32], 'training.lr': [0.01, 0.003], 'model.cell': ['gru', 'elman', 'lstm'] })
    expect(trials).toHaveLength(12)
    expect(trials.map((t) => t.index)).toEqual([...Array(12).keys()])
    expect(trials[0]!.params).toEqual({ 'model.hiddenSize': 16, 'training.lr': 0.01, 'model.cell': 'gru' })
    expect(trials[1]!.params).toEqual({ 'model.hiddenSize': 16, 'training.lr': 0.01, 'model.cell': 'elman' })
    expect(trials[11]!.params).toEqual({ 'model.hiddenSize': 32, 'training.lr': 0.003, 'model.cell': 'lstm' })
    for (const t of trials) {
      expect(t.config.model.hiddenSize).toBe(t.params['model.hiddenSize'])
      expect(t.config.training.lr).toBe(t.params['training.lr'])
      expect(t.config.model.cell).toBe(t.params['model.cell'])
      expect({ ...t.config, model: base.model, training: base.training }).toEqual(base) // nothing else changed
    }
    expect(base.model.hiddenSize).toBe(32) // the base is not mutated
  })

  it('sets nested and object-valued settings', () => {
    const [t] = expandGrid(base, { 'data.lookBack': [24], 'training.earlyStopping': [null] })
    expect(t!.config.data.lookBack).toBe(24)
    expect(t!.config.training.earlyStopping).toBeNull()
  })

  it('rejects an unknown path, an empty list and an invalid value, naming the setting', () => {
    expect(() => expandGrid(base, { 'model.hiddenSiz': [8] })).toThrow(
      new SweepError('model.hiddenSiz', 'is not a known setting (did you mean model.hiddenSize?); model has cell, numLayers, hiddenSize, hiddenActivation, outputActivation, outputMode, dropout, forecaster and outliers; see docs/config.md')
    )
    expect(() => expandGrid(base, { 'training.lr': [] })).toThrow('sweep: training.lr needs a non-empty list of values')
    // trials are numbered from 1, as fw sweep and its table number them: the second is trial 2
    expect(() => expandGrid(base, { 'model.hiddenSize': [8, 0] })).toThrow(
      'sweep: model.hiddenSize must be an integer in [1, 1024] (got 0) in trial 2 (model.hiddenSize=0)'
    )
    expect(() => expandGrid(base, { 'model.cell': ['lsmt', 'gru'] })).toThrow(/ in trial 1 \(model\.cell="lsmt"\)$/)
    expect(() => withSetting(base, 'training.lr.x', 1)).toThrow(SweepError)
  })

  it("names a mistyped path's nearest setting as a config file's key is named, the keys beside it where they are few", () => {
    const refusal = (path: string) => {
      try {
        expandGrid(base, { [path]: [1] })
      } catch (e) {
        return (e as Error).message
      }
      return 'taken'
    }
    // the suggestion carries the rest of the path; the top level's four keys are listed
    expect(refusal('modle.cell')).toBe('sweep: modle.cell is not a known setting (did you mean model.cell?); config has version, data, model, training and interval; see docs/config.md')
    // a section of many keys: the suggestion alone
    expect(Object.keys(base.data).length).toBeGreaterThan(10)
    expect(refusal('data.horizn')).toBe('sweep: data.horizn is not a known setting (did you mean data.horizon?); see docs/config.md')
    // in the wrong section: the one that takes it, as a config file says
    expect(refusal('training.dropout')).toMatch(/^sweep: training\.dropout is not a known setting \(dropout is a model setting: model\.dropout\); /)
    expect(refusal('model.cell.kind')).toBe('sweep: model.cell.kind is not a setting (model.cell is "lstm", not a group of settings)')
  })
})

describe("a trial's threads", () => {
  it("shares the cores among the trials at once where the user left 'auto', and keeps a number the user chose", () => {
    expect([trialThreads('auto', 2, 2), trialThreads('auto', 4, 2), trialThreads('auto', 16, 2), trialThreads('auto', 3, 4)]).toEqual([1, 2, 2, 1])
    expect(trialThreads(3, 2, 2)).toBeUndefined()
  })
})

describe('random search', () => {
  const space = {
    'training.lr': { kind: 'log-uniform', min: 1e-4, max: 1e-1 },
    'model.hiddenSize': { kind: 'int', min: 4, max: 64 },
    'model.dropout': { kind: 'uniform', min: 0, max: 0.5 },
    'model.cell': ['elman', 'lstm', 'gru']
  } as const

  it('draws n trials within the space, the same for the same seed', () => {
    const a = randomSearch(base, space, { trials: 50, seed: 7 })
    expect(a).toHaveLength(50)
    expect(randomSearch(base, space, { trials: 50, seed: 7 })).toEqual(a)
    expect(randomSearch(base, space, { trials: 50, seed: 8 })).not.toEqual(a)
    for (const t of a) {
      expect(t.config.training.lr).toBeGreaterThanOrEqual(1e-4)
      expect(t.config.training.lr).toBeLessThanOrEqual(1e-1)
      expect(Number.isInteger(t.config.model.hiddenSize)).toBe(true)
      expect(t.config.model.hiddenSize).toBeGreaterThanOrEqual(4)
      expect(t.config.model.hiddenSize).toBeLessThanOrEqual(64)
      expect(t.config.model.dropout).toBeLessThan(0.5)
    }
    // log-uniform: about half the draws fall below the geometric midpoint (1e-2.5).
    const low = a.filter((t) => t.config.training.lr < 10 ** -2.5).length
    expect(low).toBeGreaterThan(10)
    expect(low).toBeLessThan(40)
    expect(new Set(a.map((t) => t.config.model.cell))).toEqual(new Set(['elman', 'lstm', 'gru']))
  })

  it('draws no combination twice, and runs a grid smaller than the trials asked for whole, once each', () => {
    // two values, five trials: each value once (drawn with replacement, four trials were one run)
    const two = randomSearch(base, { 'model.hiddenSize': [8, 16] }, { trials: 5, seed: 42 })
    expect(two.map((t) => t.params)).toEqual([{ 'model.hiddenSize': 8 }, { 'model.hiddenSize': 16 }])
    expect(two.whole).toBe(2)
    // 18 combinations, 17 trials: 17 different ones, the same for the same seed
    const grid = { 'model.hiddenSize': [8, 16, 32], 'training.lr': [0.01, 0.003], 'model.cell': ['gru', 'lstm', 'elman'] }
    for (const seed of [1, 2, 3]) {
      const t = randomSearch(base, grid, { trials: 17, seed })
      expect(t.whole).toBeUndefined()
      expect(new Set(t.map((x) => JSON.stringify(x.params))).size).toBe(17)
      expect(t.map((x) => x.index)).toEqual([...Array(17).keys()])
      expect(randomSearch(base, grid, { trials: 17, seed })).toEqual(t)
    }
    // whole numbers in a range are as many combinations as numbers; a range of one number is one
    expect(randomSearch(base, { 'model.hiddenSize': { kind: 'int', min: 4, max: 6 } }, { trials: 9, seed: 1 }).map((t) => t.config.model.hiddenSize)).toEqual([4, 5, 6])
    expect(randomSearch(base, { 'training.lr': { kind: 'uniform', min: 0.01, max: 0.01 } }, { trials: 4, seed: 1 })).toHaveLength(1)
    // a range of two floats (1 and the next one up) cannot give four different trials: refused, not a loop
    expect(() => randomSearch(base, { 'training.lr': { kind: 'uniform', min: 1, max: 1 + 2 ** -52 } }, { trials: 4, seed: 1 })).toThrow(
      'sweep: grid has fewer than 4 different combinations to draw from: give wider ranges or fewer trials')
  })

  it('refuses a grid that varies nothing, is a list, or lists a value twice', () => {
    for (const make of [(g: never) => expandGrid(base, g), (g: never) => randomSearch(base, g, { trials: 3, seed: 1 })]) {
      expect(() => make({} as never)).toThrow(new SweepError('grid', 'names no setting to vary: give at least one, e.g. {"model.hiddenSize": [16, 32]}'))
      expect(() => make([1, 2] as never)).toThrow(/^sweep: grid must be an object of setting paths to lists of values, .* \(got a list\)$/)
      expect(() => make({ 'model.cell': ['gru', 'gru'] } as never)).toThrow('sweep: model.cell lists "gru" twice')
    }
  })

  it('rejects a bad space or trial count', () => {
    expect(() => randomSearch(base, { 'training.lr': { kind: 'log-uniform', min: 0, max: 1 } }, { trials: 2, seed: 1 })).toThrow('log-uniform needs min > 0')
    expect(() => randomSearch(base, { 'training.lr': { kind: 'uniform', min: 1, max: 0 } }, { trials: 2, seed: 1 })).toThrow('min <= max')
    expect(() => randomSearch(base, {}, { trials: 0, seed: 1 })).toThrow('sweep: trials must be an integer')
  })
})

describe('ranking', () => {
  it('orders by validation loss, best first, runs without one last, ties in input order', () => {
    const ranked = rankByValLoss([
      { id: 'a', valLoss: 0.3 },
      { id: 'b', valLoss: null },
      { id: 'c', valLoss: 0.1 },
      { id: 'd', valLoss: NaN },
      { id: 'e', valLoss: 0.3 }
    ])
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([['c', 1], ['a', 2], ['e', 3], ['b', 4], ['d', 5]])
  })

  it("ranks trials by the validation error of what each forecasts, not the network's loss; trials without one go last, unranked", () => {
    const f = (error: number | null, usesNetwork = true) => ({ error, metric: 'mae' as const, usesNetwork })
    const ranked = rankTrials([
      { id: 'a', valLoss: 0.1, forecast: f(5) },
      { id: 'b', valLoss: 0.9, forecast: f(2) },
      { id: 'c', valLoss: 0.05, forecast: null }, // still training
      { id: 'd', valLoss: 0.5, forecast: f(2 + 1e-12) }, // the same forecast's error, to rounding
      { id: 'e', valLoss: 0.01, forecast: f(null) }
    ])
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([['b', 1], ['d', 1], ['a', 3], ['e', null], ['c', null]])
    expect(trialTieNote(ranked)).toBe('2 trials tie: their forecasts score the same on validation.')
    expect(trialTieNote(rankTrials([{ valLoss: 1, forecast: f(1) }, { valLoss: 2, forecast: f(2) }]))).toBeNull()
  })

  it('says why trials tie when no forecast uses the network: a global run whose statistical models forecast every series', () => {
    const g = { error: 0.8123, metric: 'gmrae' as const, usesNetwork: false }
    // the network's losses differ (24 → 0.3057, 8 → 0.3359, 16 → 0.3458); the forecasts do not
    const ranked = rankTrials([{ h: 8, valLoss: 0.3359, forecast: g }, { h: 16, valLoss: 0.3458, forecast: g }, { h: 24, valLoss: 0.3057, forecast: g }])
    expect(ranked.map((r) => [r.h, r.rank])).toEqual([[8, 1], [16, 1], [24, 1]])
    expect(trialTieNote(ranked)).toBe("No trial's forecast uses the network: in each, every series is forecast by the statistical models chosen on its validation rows, so the settings swept do not change the forecast and the trials tie.")
    const single = rankTrials([{ valLoss: 1, forecast: { error: 3, metric: 'mae' as const, usesNetwork: false } }, { valLoss: 2, forecast: { error: 4, metric: 'mae' as const, usesNetwork: false } }])
    expect(trialTieNote(single)).toBe("No trial's forecast uses the network: in each, the forecast is the statistical model chosen on validation; the ranking orders those forecasts, not the network's settings.")
  })

  it('takes the best validation loss of a run', () => {
    expect(bestValLoss([{ valLoss: 0.5 }, { valLoss: 0.2 }, { valLoss: null }, { valLoss: 0.3 }])).toBe(0.2)
    expect(bestValLoss([{ valLoss: null }])).toBeNull()
  })

  it('runs trials with bounded concurrency and ranks them, a failed trial last', async () => {
    const trials = expandGrid(base, { 'model.hiddenSize': [8, 16, 32, 64], 'training.lr': [0.01, 0.001] })
    let inFlight = 0
    let peak = 0
    const ranked = await runSweep(
      trials,
      async (t) => {
        peak = Math.max(peak, ++inFlight)
        await new Promise((r) => setTimeout(r, 1 + (t.index % 3)))
        inFlight--
        if (t.index === 5) throw new Error('trainer crashed')
        return { valLoss: t.config.training.lr * 100 + 1 / t.config.model.hiddenSize }
      },
      { concurrency: 3 }
    )
    expect(peak).toBe(3)
    expect(ranked).toHaveLength(8)
    expect(ranked.at(-1)).toMatchObject({ trial: { index: 5 }, valLoss: null, error: 'trainer crashed', rank: 8 })
    const losses = ranked.slice(0, 7).map((r) => r.valLoss!)
    expect(losses).toEqual([...losses].sort((x, y) => x - y))
    expect(ranked[0]!.trial.params).toEqual({ 'model.hiddenSize': 64, 'training.lr': 0.001 })
  })
})

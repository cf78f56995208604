// A Runs list row carries what the list reads: the range only where it warns, the sweep score only
// for a sweep's trials, no null optional fields; what it shows is kept as the summary has it.
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../contract'
import { runListItem } from './run-list'

const summary = (over: Partial<RunSummary> = {}): RunSummary => ({
  id: 7, datasetId: 2, sweepId: null, name: null, notes: null, status: 'done', createdAt: 1, finishedAt: 2, error: null, ending: null, cell: 'lstm', epochs: 5, bestValLoss: 0.2,
  testMetric: { metric: 'rmse', value: 1.5, skill: 0.1 }, trialForecast: { error: 2, metric: 'mae', usesNetwork: true }, trialUnranked: null, runningElsewhere: null,
  datasetName: 'co2.csv', target: 'y', hiddenSize: 32, lookBack: 14, horizon: 1, forecaster: { chosen: 'network', label: 'network', network: 1, lost: false },
  range: { domain: null, min: 0, max: 10, n: 20, above: 0, below: 0 }, unit: null, global: null, ...over
})

describe('runListItem', () => {
  it('leaves out a range with no test value outside it, the sweep score of a run of no sweep, and null optional fields', () => {
    expect(runListItem(summary())).toEqual({
      id: 7, sweepId: null, name: null, notes: null, status: 'done', createdAt: 1, error: null, cell: 'lstm', epochs: 5, bestValLoss: 0.2,
      testMetric: { metric: 'rmse', value: 1.5, skill: 0.1 }, datasetName: 'co2.csv', target: 'y', hiddenSize: 32, lookBack: 14, horizon: 1, forecaster: { chosen: 'network', label: 'network', network: 1, lost: false }
    })
  })
  it('keeps a range that warns, a sweep trial\'s score and rank note, and what is set', () => {
    const range = { domain: 'non-negative' as const, min: 0, max: 10, n: 20, above: 3, below: 1 }
    const item = runListItem(summary({ sweepId: 4, range, unit: 'ppm', runningElsewhere: 'CLI, pid 4242', trialUnranked: 'no-validation', ending: { kind: 'diverged', kept: 1, words: 'diverged' } as RunSummary['ending'] }))
    expect(item).toMatchObject({ sweepId: 4, range, unit: 'ppm', runningElsewhere: 'CLI, pid 4242', trialForecast: { error: 2, metric: 'mae', usesNetwork: true }, trialUnranked: 'no-validation', ending: { kind: 'diverged', kept: 1, words: 'diverged' } })
  })
  it('gives a sweep trial stored with no score null for both, as the Sweep panel reads them', () => {
    const item = runListItem(summary({ sweepId: 4, trialForecast: undefined, trialUnranked: undefined }))
    expect(item.trialForecast).toBeNull()
    expect(item.trialUnranked).toBeNull()
  })
})

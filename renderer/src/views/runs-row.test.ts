// A Runs table row's derived cells, worked out once a row: the tone, skill cell and words that the
// table drew by calling the same functions four times a cell.
import { describe, expect, it } from 'vitest'
import type { RunListItem } from '../../../electron/contract'
import { rowView, rowViews } from './runs-row'

const run = (over: Partial<RunListItem> = {}): RunListItem => ({
  id: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 1, error: null, cell: 'lstm', epochs: 5, bestValLoss: 0.2,
  testMetric: { metric: 'rmse', value: 1.5, skill: 0.25 }, datasetName: 'co2.csv', target: 'y', hiddenSize: 32, lookBack: 14, horizon: 1,
  forecaster: { chosen: 'network', label: 'network', network: 1, lost: false }, ...over
})

describe('rowView', () => {
  it("shows a skill that rounds to 0.0 with the digits that tell it from 0 (RMSE 2.4329 against 2.4318)", () => {
    expect(rowView(run({ testMetric: { metric: 'rmse', value: 2.4329, skill: 1 - 2.4329 / 2.4318 } })).skill).toBe('-0.05 %')
  })

  it('gives a done run that beats the baselines its tone, skill and words', () => {
    expect(rowView(run())).toEqual({ forecast: 'network', tone: 'good', lost: false, skill: '+25.0 %', title: 'beats the baselines', spoken: ' (beats the baselines)', autoName: 'co2.csv · LSTM 32 · 14→1', range: null })
  })
  it('names the plain baseline that did far better, in red', () => {
    const v = rowView(run({ testMetric: { metric: 'rmse', value: 1.5, skill: 0.1, plainBetter: 'seasonal naive' } }))
    expect(v).toMatchObject({ tone: 'bad', title: 'the seasonal naive baseline did far better on test', spoken: ' (the seasonal naive baseline did far better on test)' })
  })
  it('says why a done run has no skill, and gives a running run no tone or forecast', () => {
    expect(rowView(run({ testMetric: { metric: 'rmse', value: 0, skill: null, noSkill: 'both fit exactly' } }))).toMatchObject({ skill: '—', title: expect.stringContaining('no skill: both fit exactly') })
    expect(rowView(run({ status: 'running', testMetric: null }))).toMatchObject({ forecast: '', tone: null, skill: '—', title: undefined, spoken: '' })
  })
  it('warns of test values outside the range only for a done run', () => {
    const range = { domain: null, min: 0, max: 10, n: 20, above: 2, below: 0 }
    expect(rowView(run({ range })).range).toContain('2 of 20 test values lie outside')
    expect(rowView(run({ range, status: 'failed' })).range).toBeNull()
  })
  it('counts a global run\'s series in its skill cell, and does not say the count twice', () => {
    const global = { columns: ['store'], series: 30, meanMase: 0.3, meanNaiveMase: 0.9, beatNaive: 23, beatBestNaive: 23, skipped: [] }
    const v = rowView(run({ global, forecaster: null }))
    expect(v.forecast).toBe('per series')
    expect(v.skill).toBe('+25.0 % · 23 of 30 series')
    expect(v.spoken.startsWith('23 of 30')).toBe(false)
  })
  it("a global classification's row counts the series that beat their training rate, not naive's", () => {
    const global = { columns: ['city'], series: 3, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, skipped: [], classification: { accuracy: 0.7, brier: 0.4, rateBrier: 0.45, beatRate: 2 } }
    const v = rowView(run({ global, forecaster: null, testMetric: { metric: 'brier', value: 0.4, skill: 0.111 } }))
    expect(v.tone).toBe('good')
    expect(v.title).toBe("2 of 3 series beat their training rate on test (mean Brier 0.400, the training rate's 0.450)")
    expect(v.skill).toBe('+11.1 % · 2 of 3 series')
  })
  it("a global classification within its noise is level, amber, as its verdict; its series counted beyond their own noise", () => {
    const noise = { baseline: 'training-rate', mean: -0.01, se: 0.006, rows: 270 }
    const classification = { accuracy: 0.7, brier: 0.4, rateBrier: 0.41, beatRate: 2, rateNoise: { beat: 0, level: 3 }, noise }
    const global = { columns: ['city'], series: 3, meanMase: null, meanNaiveMase: null, beatNaive: 0, beatBestNaive: 0, skipped: [], classification }
    const v = rowView(run({ global, forecaster: null, testMetric: { metric: 'brier', value: 0.4, skill: 0.024 } }))
    expect(v.tone).toBe('warn')
    expect(v.title).toBe("Level with the best baseline (training rate) on test (mean Brier over the series): the difference, 0.0100 a row lower for the forecast, is within the noise of 270 test rows (± 0.0120); 0 of 3 series beat their training rate on test beyond the noise of their test rows, 3 level with it within that noise (mean Brier 0.400, the training rate's 0.410)")
    expect(v.skill).toBe('+2.4 % · 0 of 3 series')
  })
})

describe('rowViews', () => {
  it('works a row out once, and a refreshed row (a new object) again', () => {
    const view = rowViews()
    const a = run()
    expect(view(a)).toBe(view(a))
    expect(view({ ...a, testMetric: { metric: 'rmse', value: 9, skill: -0.5 } }).tone).toBe('bad')
    expect(view(a).tone).toBe('good')
  })
})

describe("a classification run's row level with its baseline within noise", () => {
  const level = { baseline: 'training-rate', mean: -0.0019, se: 0.0018, rows: 90 }
  const cls = (skill: number, over: object = {}) => run({ testMetric: { metric: 'brier', value: 0.2157, skill, ...over }, forecaster: null })
  it('is amber with the verdict\'s words, a gain or a small loss alike', () => {
    for (const skill of [0.0087, -0.0018]) {
      const v = rowView(cls(skill, { level }))
      expect(v.tone).toBe('warn')
      expect(v.title).toBe('level with the best baseline (training rate) on test: the difference, 0.0019 a row lower for the forecast, is within the noise of 90 test rows (± 0.0036)')
    }
  })
  it('without noise (a run stored before) keeps its colour', () => {
    expect(rowView(cls(0.0087)).tone).toBe('good')
    expect(rowView(cls(-0.0018)).tone).toBe('bad')
  })
})

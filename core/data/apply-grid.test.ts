// Applying a model whose grid data.resample "auto" chose: the file is sorted, merged and put on the
// grid once (one prepareSeries), and the step its rows had before the grid (report.sourceStep) is the
// one checked against the model's, so rows of another step are refused as they are rather than
// averaged onto the grid. A grid by name aggregates rows of any step onto its own: not checked so.
import { describe, expect, it, vi } from 'vitest'
import { applyFitted } from './apply'
import { defaultConfig, type PipelineConfig } from './config'
import { PipelineError } from './errors'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'
import { prepareSeries, stepClass, type TimeConfig } from './series'

vi.mock('./series', async (original) => {
  const m = await original<typeof import('./series')>()
  return { ...m, prepareSeries: vi.fn(m.prepareSeries) }
})
const passes = vi.mocked(prepareSeries)

const DAY = 864e5
/** `n` rows of d (the i-th time `at(i)`), y and x, leaving out the rows in `absent`. */
function csv(n: number, at: (i: number) => number, absent: number[] = []): string {
  const lines = ['d,y,x']
  for (let i = 0; i < n; i++)
    if (!absent.includes(i)) lines.push(`${new Date(at(i)).toISOString().slice(0, 10)},${(100 + 10 * Math.sin(i / 2) + i / 4).toFixed(3)},${((i * 31) % 17).toFixed(1)}`)
  return lines.join('\n')
}
const monthly = (i: number) => Date.UTC(2010, i, 1)
const daily = (i: number) => Date.UTC(2010, 0, 1) + i * DAY
const weekly = (i: number) => Date.UTC(2010, 0, 4) + i * 7 * DAY
const load = (text: string, file = 'new.csv') => importCsv(text, { fileName: file })
const grid = (auto: boolean): TimeConfig['resample'] => ({ freq: { unit: 'month', every: 1 }, agg: 'mean', ...(auto ? { auto: true as const } : {}) })
const config = async (text: string, resample: TimeConfig['resample'], lookback: number): Promise<PipelineConfig> => {
  const ds = await load(text)
  return defaultConfig(ds, 'y', { features: ['x'], time: { column: 'd', duplicates: 'keep', resample }, missing: { default: 'interpolate', columns: {} }, window: { lookback, horizon: 1, stride: 1, mode: 'final' } })
}
/** prepareSeries' calls while `f` runs, and what it returned or threw. */
function counted<T>(f: () => T): { calls: number; value?: T; error?: unknown } {
  const from = passes.mock.calls.length
  try {
    const value = f()
    return { calls: passes.mock.calls.length - from, value }
  } catch (error) {
    return { calls: passes.mock.calls.length - from, error }
  }
}

describe('a model whose grid "auto" chose', () => {
  const gappy = csv(120, monthly, [17, 18, 40, 77])

  it('puts the file on the grid in one pass, its report keeping the rows\' step before the grid', async () => {
    const cfg = await config(gappy, grid(true), 12)
    const fitted = preparePipeline(await load(gappy), cfg).fitted
    expect(stepClass(fitted.step!.ms)).toBe('month') // the premise: a monthly model
    const ds = await load(gappy)
    const r = counted(() => applyFitted(ds, cfg, fitted))
    expect(r.error).toBeUndefined()
    expect(r.calls).toBe(1)
    expect(r.value!.report.insertedRows).toBe(4)
    expect(stepClass(r.value!.report.sourceStep!.medianStepMs)).toBe('month')
  })

  it('refuses a file of another step as it is, in the same words, in the same one pass', async () => {
    const cfg = await config(gappy, grid(true), 12)
    const fitted = preparePipeline(await load(gappy), cfg).fitted
    const ds = await load(csv(120, daily), 'daily.csv')
    const r = counted(() => applyFitted(ds, cfg, fitted))
    expect(r.calls).toBe(1)
    expect(r.error).toBeInstanceOf(PipelineError)
    expect((r.error as PipelineError).code).toBe('other-step')
    expect((r.error as PipelineError).message).toBe('daily.csv has rows 1 d apart, but the model was trained on rows a month apart: its look-back (12 rows), horizon and season count steps of a month, so it would read these rows as if they were a month apart; give it a file with rows a month apart, or train a model on daily.csv with fw train')
  })
})

describe("prepareSeries' sourceStep", () => {
  const cfg = (resample: TimeConfig['resample']): TimeConfig => ({ column: 'd', duplicates: 'keep', resample })
  it('is the step of the rows before a grid "auto" chose; absent for a grid by name and without one', async () => {
    const days = await load(csv(100, daily))
    const auto = prepareSeries(days, cfg(grid(true))).report
    expect(auto.sourceStep).toEqual({ medianStepMs: DAY })
    expect(stepClass(auto.medianStepMs)).toBe('month') // the grid's
    expect(prepareSeries(days, cfg(grid(false))).report.sourceStep).toBeUndefined()
    expect(prepareSeries(days, cfg(null)).report.sourceStep).toBeUndefined()
    const one = prepareSeries(await load(csv(1, daily)), cfg(grid(true))).report
    expect(one.sourceStep).toEqual({ medianStepMs: null })
  })
})

describe('a model on a grid by name', () => {
  it('takes rows of any step, which the grid aggregates onto its own', async () => {
    const text = csv(1500, daily)
    const cfg = await config(text, grid(false), 3)
    const fitted = preparePipeline(await load(text), cfg).fitted
    expect(stepClass(fitted.step!.ms)).toBe('month')
    for (const [file, at, n] of [['daily.csv', daily, 400], ['weekly.csv', weekly, 60]] as const) {
      const a = applyFitted(await load(csv(n, at), file), cfg, fitted)
      expect(stepClass(a.report.medianStepMs)).toBe('month')
      expect(a.report.sourceStep).toBeUndefined()
    }
  })
})

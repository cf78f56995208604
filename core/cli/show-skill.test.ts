// fw show's test metrics table gives the forecast's skill by the verdict's rule (runSkill), so that
// the table, the verdict under it and fw runs say one number: a run stored before its yardstick left
// out the forecast's own members kept +0.4 % against ARIMA, a third of its forecast (run 9).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-show-skill-'))
const db = join(dir, 'runs.db')
let run9 = 0
let run10 = 0

const rmse = (split: 'val' | 'test', v: Record<string, number>) => Object.entries(v).map(([model, value]) => ({ split, model, metric: 'rmse', value }))

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const datasetId = store.datasets.save({ name: 'levelshift.csv', sourceFile: null, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 40 }, (_, i) => 50 + (i % 2)) }], meta: { timeColumn: null } })
    run9 = store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('y')), seed: 1 })
    store.startRun(run9)
    const members = ['ets', 'theta', 'arima'].map((name) => ({ name, label: name, weight: 1 / 3 }))
    const choice = { chosen: 'combination', label: 'mean of ETS, Theta and ARIMA', network: 0, members, season: 1, steps: 1, validation: [], message: 'the network lost' }
    store.finishRun(run9, {
      metrics: [
        ...rmse('val', { arima: 1.048, ets: 1.0481, theta: 1.0766, 'moving-average': 1.0947, drift: 1.5645, naive: 1.5645, model: 1.0503 }),
        ...rmse('test', { arima: 21.232, ets: 21.218, theta: 20.99, 'moving-average': 12.743, drift: 6.115, naive: 6.1159, model: 21.146 }),
        { split: 'test', model: 'model', metric: 'skill', value: 0.00404 } // stored against ARIMA
      ],
      forecasts: [],
      choice,
      range: { domain: null, min: 49, max: 51, n: 0, above: 0, below: 0 }
    })
    // a second, plain network run to compare it with
    run10 = store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('y')), seed: 2 })
    store.startRun(run10)
    store.finishRun(run10, { metrics: [...rmse('val', { naive: 1.5, model: 1.2 }), ...rmse('test', { naive: 6, model: 5 }), { split: 'test', model: 'model', metric: 'skill', value: 1 / 6 }], forecasts: [] })
  } finally {
    store.close()
  }
})

describe("fw show: the test metrics table's skill", () => {
  it("is the verdict's, recomputed against a baseline the forecast is not made of, not the one an older run stored (run 9)", async () => {
    const r = await fw('show', String(run9), '--db', db)
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const header = lines.findIndex((l) => /^predictor\s/.test(l))
    const cols = lines[header]!.trim().split(/\s+/)
    const model = lines.slice(header).find((l) => l.startsWith('model '))!.trim().split(/\s+/)
    const skill = model[cols.indexOf('skill')]
    expect(skill).toBe((1 - 21.146 / 12.743).toFixed(4)) // -0.6594, against moving average
    expect(r.stdout).not.toContain('0.0040')
    expect(r.stdout).toMatch(/verdict: The drift baseline did better|verdict: Worse than moving average \(ETS, Theta and ARIMA, part of the forecast, are left out\) by 65\.9 %/)
    // fw runs says the same skill
    expect((await fw('runs', '--db', db)).stdout).toContain('-65.9 %')
  })

  it("fw show --json gives the recomputed skill, the stored one beside it and said so", async () => {
    const r = await fw('show', String(run9), '--json', '--db', db)
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout) as { metrics: { split: string; model: string; metric: string; value: number | null }[]; skill: { value: number; baseline: string; stored: number; recomputed: boolean } }
    const against = 1 - 21.146 / 12.743
    expect(j.metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'skill')!.value).toBeCloseTo(against, 10)
    expect(j.skill).toEqual({ value: expect.closeTo(against, 10) as unknown as number, baseline: 'moving-average', stored: 0.00404, recomputed: true })
  })

  it("fw compare gives the verdict's skill, not the stored one", async () => {
    const r = await fw('compare', String(run9), String(run10), '--db', db)
    expect(r.code).toBe(0)
    const row = r.stdout.split('\n').find((l) => l.startsWith('skill'))!
    expect(row).toContain((1 - 21.146 / 12.743).toFixed(4))
    expect(row).not.toContain('0.0040')
  })
})

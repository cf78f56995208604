// A classification run whose Brier difference from its baseline lies within noise (runs.classes_json's
// noise): fw runs marks its skill "level" and says the verdict's words under the table, as fw show's
// verdict is "Level with the best baseline"; a run stored without noise keeps its skill unmarked.
import { beforeAll, describe, expect, it } from 'vitest'
import { storeClassificationRuns } from './test-fixtures/classification-runs'
import { fw } from './test-fixtures/fw'

let db: string
const ids: Record<string, number> = {}
// 30 test rows, 15 of each class: enough events, no caution beside it
const rows = Array.from({ length: 30 }, (_, i) => ({ ts: i, step: 1, value: 0.5, lower: null, upper: null, actual: i % 2 }))

beforeAll(() => {
  // gain: Brier 0.2157 against the training rate's 0.2176; loss: 0.2180 against it; each kept with
  // a noise within 2 SE, beyond it, or none (a run stored before)
  const runs: [string, number, { mean: number; se: number } | null][] = [
    ['gain-level', 0.2157, { mean: -0.0019, se: 0.0018 }], ['loss-level', 0.218, { mean: 0.0004, se: 0.0018 }],
    ['gain-apart', 0.2157, { mean: -0.0019, se: 0.0005 }], ['gain-before', 0.2157, null], ['loss-before', 0.218, null]
  ]
  const stored = storeClassificationRuns('fw-runs-level-', 'cls_imb.csv', runs.map(([, model, noise]) => ({
    results: {
      classes: { names: ['false', 'true'], ...(noise ? { noise: { baseline: 'training-rate', ...noise, rows: 30 } } : {}) },
      metrics: [
        { split: 'val', model: 'training-rate', metric: 'brier', value: 0.21 },
        { split: 'test', model: 'model', metric: 'brier', value: model },
        { split: 'test', model: 'training-rate', metric: 'brier', value: 0.2176 },
        { split: 'test', model: 'model', metric: 'skill', value: 1 - model / 0.2176 }
      ],
      forecasts: rows
    }
  })))
  db = stored.db
  runs.forEach(([name], i) => (ids[name] = stored.ids[i]!))
})

describe('fw runs and a classification run level with its baseline', () => {
  it('marks the skill of a run within 2 SE "level", a gain or a small loss, and says the verdict\'s words under the table', async () => {
    const r = await fw('runs', '--db', db)
    expect(r.code, r.stderr).toBe(0)
    const line = (id: number) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!
    expect(line(ids['gain-level']!)).toContain('+0.9 %, level')
    expect(line(ids['loss-level']!)).toContain('-0.2 %, level')
    expect(r.stdout).toContain(`note: run ${ids['gain-level']}: level with the best baseline (training rate) on test: the difference, 0.0019 a row lower for the forecast, is within the noise of 30 test rows (± 0.0036)\n`)
    // fw show's verdict says it too
    const show = await fw('show', String(ids['gain-level']), '--db', db)
    expect(show.stdout).toContain('verdict: Level with the best baseline (training rate) on test (Brier score): the difference, 0.0019 a row lower')
  })

  it('leaves a run beyond 2 SE, and one stored without noise, unmarked as before', async () => {
    const r = await fw('runs', '--db', db)
    const line = (id: number) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!
    for (const name of ['gain-apart', 'gain-before', 'loss-before']) {
      expect(line(ids[name]!)).not.toContain('level')
      expect(r.stdout).not.toContain(`note: run ${ids[name]}: level`)
    }
    expect(line(ids['gain-before']!)).toContain('+0.9 %')
    expect(line(ids['loss-before']!)).toContain('-0.2 %')
  })
})

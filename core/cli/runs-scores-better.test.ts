// fw runs gives a classification run's verdict caution as the app's Runs list does (runs-row.ts):
// a forecast that beats the baselines on the Brier score, but a baseline classified more test rows
// right (classScoresBetter, scoresBetterWords).
import { beforeAll, expect, it } from 'vitest'
import { storeClassificationRuns } from './test-fixtures/classification-runs'
import { fw } from './test-fixtures/fw'

let db: string
let ids: number[] = []

beforeAll(() => {
  // 45 test rows, 20 of them class 1: enough events that the verdict is not amber for them
  const forecasts = Array.from({ length: 45 }, (_, i) => ({ ts: i, step: 1, value: 0.4, lower: null, upper: null, actual: Number(i >= 25) }))
  ;({ db, ids } = storeClassificationRuns('fw-runs-scores-better-', 'rain.csv', [0.7455, 0.6].map((persistence) => ({
    results: {
      metrics: [
        { split: 'val', model: 'majority', metric: 'brier', value: 0.2 },
        { split: 'test', model: 'model', metric: 'brier', value: 0.18 },
        { split: 'test', model: 'majority', metric: 'brier', value: 0.2 },
        { split: 'test', model: 'model', metric: 'skill', value: 1 - 0.18 / 0.2 },
        { split: 'test', model: 'model', metric: 'accuracy', value: 0.7091 },
        { split: 'test', model: 'persistence', metric: 'accuracy', value: persistence }
      ],
      forecasts
    }
  }))))
})

it("fw runs says, under the table, which baseline had a higher accuracy or F1 on test, in the Runs list's words", async () => {
  const r = await fw('runs', '--db', db)
  expect([r.code, r.stderr]).toEqual([0, ''])
  expect(r.stdout).toContain(`note: run ${ids[0]}: beats the baselines, but on test persistence had a higher accuracy (0.7455 against 0.7091)\n`)
  expect(r.stdout).not.toContain(`note: run ${ids[1]}:`)
})

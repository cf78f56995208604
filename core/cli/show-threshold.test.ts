// fw show of a two-class run says the threshold chosen on its validation rows (kept since schema 14)
// and the test rows scored at it, in text and in --json; a run stored before says none is kept, a
// run whose validation could not choose says why, and a regression run says nothing of it.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-show-threshold-'))
const db = join(dir, 'runs.db')
const ids: Record<string, number> = {}
// six test rows; at 0.35: tp 2 (0.6, 0.8), fp 1 (0.4), fn 1 (0.3), tn 2
const forecasts = [[0.2, 0], [0.4, 0], [0.3, 1], [0.6, 1], [0.8, 1], [0.1, 0]].map(([value, actual], i) => ({ ts: i, step: 1, value: value!, lower: null, upper: null, actual: actual! }))
const chosen = { rule: 'youden', threshold: 0.35, reason: null, n: 40, positives: 9, validation: { j: 0.5, tpr: 0.75, fpr: 0.25, accuracy: 0.75, precision: 0.5, recall: 0.75, f1: 0.6 } }

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const datasetId = store.datasets.save({ name: 'cls.csv', sourceFile: null, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 60 }, (_, i) => i % 7) }], meta: { timeColumn: null } })
    const config = defaultConfig('y')
    const cls = JSON.stringify({ ...config, data: { ...config.data, task: 'classification', rule: 'y > 1.8' } })
    const run = (name: string, configJson: string, threshold?: unknown) => {
      const id = store.runs.create({ datasetId, configJson, seed: 1 })
      store.startRun(id)
      store.finishRun(id, { metrics: [{ split: 'test', model: 'model', metric: 'brier', value: 0.3 }], forecasts, ...(threshold ? { threshold } : {}) })
      ids[name] = id
    }
    run('chosen', cls, chosen)
    run('half', cls, { ...chosen, threshold: 0.5 })
    run('none', cls, { rule: 'youden', threshold: null, reason: 'one-class', n: 12, positives: 0, validation: null })
    run('before', cls)
    run('regression', JSON.stringify(config))
  } finally {
    store.close()
  }
})

describe('fw show: the threshold chosen on validation', () => {
  it('prints it with its validation J and the test scores at it beside those at 0.5, and says what the exports show', async () => {
    const r = await fw('show', String(ids['chosen']), '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("threshold chosen on validation: 0.35 (Youden's J 0.5000 on 40 validation rows, 9 where the class holds)")
    expect(r.stdout).toContain('  test at 0.35: accuracy 0.6667, precision 0.6667, recall 0.6667, F1 0.6667 (6 rows)')
    expect(r.stdout).toContain('the test rows played no part in it')
    expect(r.stdout).toContain('  test at 0.5: accuracy 0.8333, precision 1.0000, recall 0.6667, F1 0.8000 (6 rows)')
    expect(r.stdout).toContain('the report and the workbook show the test scores at this threshold beside those at 0.5')
    const j = JSON.parse((await fw('show', String(ids['chosen']), '--db', db, '--json')).stdout)
    expect(j.threshold).toMatchObject({ kept: true, rule: 'youden', threshold: 0.35, why: null, validation: { ...chosen.validation, n: 40, positives: 9 }, test: { n: 6 }, testAtStored: { precision: 1, n: 6 }, stored: 0.5 })
    expect(j.threshold.test.accuracy).toBeCloseTo(4 / 6, 12)
    expect(j.threshold.test.f1).toBeCloseTo(2 / 3, 12)
    expect(j.threshold.testAtStored.accuracy).toBeCloseTo(5 / 6, 12)
    expect(j.threshold.testAtStored.f1).toBeCloseTo(0.8, 12)
    expect(j.run.thresholdJson).toBeUndefined()
  })

  // exploratory pass 20, finding 9: validation chose 0.5, and its test line was printed twice
  it('prints a chosen 0.5 once, said to be both the chosen threshold and the stored scores\'', async () => {
    const r = await fw('show', String(ids['half']), '--db', db)
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  test at'))
    expect(lines).toEqual(['  test at 0.5 (chosen, and the threshold the stored scores use): accuracy 0.8333, precision 1.0000, recall 0.6667, F1 0.8000 (6 rows)'])
  })

  it('says why none was chosen, that a run stored before keeps none, and nothing for regression', async () => {
    const none = await fw('show', String(ids['none']), '--db', db)
    expect(none.stdout).toContain('threshold chosen on validation: none (its 12 validation rows hold one class only (none where the class holds), so no threshold can be judged on them); everything uses 0.5')
    expect(JSON.parse((await fw('show', String(ids['none']), '--db', db, '--json')).stdout).threshold).toMatchObject({ kept: true, threshold: null, why: expect.stringContaining('one class only'), test: null })
    const before = await fw('show', String(ids['before']), '--db', db)
    expect(before.stdout).toContain('threshold chosen on validation: none is kept with this run: it was stored before runs kept the threshold chosen on validation')
    expect(JSON.parse((await fw('show', String(ids['before']), '--db', db, '--json')).stdout).threshold).toMatchObject({ kept: false, threshold: null })
    const reg = await fw('show', String(ids['regression']), '--db', db)
    expect(reg.code).toBe(0)
    expect(reg.stdout).not.toContain('threshold chosen')
    expect(JSON.parse((await fw('show', String(ids['regression']), '--db', db, '--json')).stdout).threshold).toBeNull()
  })
})

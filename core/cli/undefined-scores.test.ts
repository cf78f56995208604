// A classification run with no positive in its test period stores precision, recall and F1 as null
// (0 / 0, core/data/metrics): fw compare and fw show print them as "—" beside the other run's
// numbers, with why under fw show's table, and never NaN.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-undefined-'))
const db = join(dir, 'runs.db')
const ids = { none: 0, some: 0 }

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const datasetId = store.datasets.save({ name: 'alarms.csv', sourceFile: null, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 40 }, (_, i) => i % 2) }], meta: { timeColumn: null } })
    const config = { ...defaultConfig('y'), data: { ...defaultConfig('y').data, task: 'classification', rule: 'y > 0' } }
    const stored = (scores: Record<string, number | null>, positives: number) => {
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
      store.startRun(id)
      const m = (model: string, v: Record<string, number | null>) => Object.entries(v).map(([metric, value]) => ({ split: 'test' as const, model, metric, value }))
      store.finishRun(id, {
        metrics: [...m('model', scores), ...m('majority', { accuracy: 1, precision: null, recall: null, f1: null, brier: 0.02 }), { split: 'val', model: 'majority', metric: 'brier', value: 0.03 }],
        forecasts: Array.from({ length: 30 }, (_, i) => ({ ts: i, step: 1, value: 0.1, lower: null, upper: null, actual: Number(i < positives) }))
      })
      return id
    }
    ids.none = stored({ accuracy: 1, precision: null, recall: null, f1: null, brier: 0.01, auc: null, skill: 0.5 }, 0)
    ids.some = stored({ accuracy: 0.9, precision: 0.5, recall: 0.25, f1: 1 / 3, brier: 0.015, auc: 0.7, skill: 0.25 }, 12)
  } finally {
    store.close()
  }
})

describe('0 / 0 classification scores in the CLI', () => {
  it('fw compare: "—" against the other run\'s numbers, nothing NaN', async () => {
    const r = await fw('compare', String(ids.none), String(ids.some), '--db', db)
    expect(r.code).toBe(0)
    const line = (label: string) => r.stdout.split('\n').find((l) => l.startsWith(`${label} `))!.trim().split(/\s{2,}/)
    expect(line('precision')).toEqual(['precision', '—', '0.5000'])
    expect(line('recall')).toEqual(['recall', '—', '0.2500'])
    expect(line('f1')).toEqual(['f1', '—', '0.3333'])
    expect(r.stdout).not.toMatch(/NaN|null/)
    const json = JSON.parse((await fw('compare', String(ids.none), String(ids.some), '--db', db, '--json')).stdout) as unknown
    expect(JSON.stringify(json)).not.toMatch(/NaN/)
  })

  it('fw show: "—" with why under the table', async () => {
    const r = await fw('show', String(ids.none), '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/NaN/)
    expect(r.stdout).toContain('— in precision (model, majority): undefined: nothing was predicted as the class (0 / 0)')
    expect(r.stdout).toContain('— in auc (model): undefined: only one class is present')
    expect(r.stdout).toMatch(/verdict: .*the test period holds no row where y > 0\n/) // the rule's words, not its class's stored name ('true')
  })
})

// fw compare says why two runs' test scores do not compare, by the rule and in the words of the
// app's Runs › Compare (core/export/compare.ts notComparable): another import of one file name
// whose rows differ, another horizon, another test period; and judges "the same data" by the rows,
// so two datasets holding the same rows (stored by an older fw and the app) are not "other data".
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { defaultConfig } from '../train/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-compare-why-'))
const db = join(dir, 'runs.db')
const ids: Record<'first' | 'twin' | 'edited' | 'h3' | 'later', number> = { first: 0, twin: 0, edited: 0, h3: 0, later: 0 }
const day = 86_400_000

beforeAll(() => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    const y = (add: number) => ({ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 60 }, (_, i) => Math.sin(i) + add) })
    const time = { name: 'date', kind: 'date', data: Float64Array.from({ length: 60 }, (_, i) => Date.UTC(2024, 0, 1) + i * day), meta: { format: 'iso', hasTime: false } }
    // the same rows stored twice, as an older fw (decimal null, a path) and the app (no path) did, and an edited file of the same name
    const old = store.datasets.save({ name: 'w.csv', sourceFile: '/data/w.csv', columns: [time, y(0)], meta: { timeColumn: 'date', format: { delimiter: ',', decimal: null, newline: '\n', bom: false } } })
    const app = store.datasets.save({ name: 'w.csv', sourceFile: null, columns: [time, y(0)], meta: {} })
    const edited = store.datasets.save({ name: 'w.csv', sourceFile: null, columns: [time, y(1)], meta: {} })
    const run = (datasetId: number, horizon: number, from: number) => {
      const config = { ...defaultConfig('y'), data: { ...defaultConfig('y').data, time: 'date', horizon } }
      const id = store.runs.create({ datasetId, configJson: JSON.stringify(config), seed: 1 })
      store.startRun(id)
      store.finishRun(id, {
        metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 0.5 }],
        forecasts: Array.from({ length: 10 }, (_, i) => ({ ts: Date.UTC(2024, 0, from + i), step: horizon, value: 0, lower: null, upper: null, actual: 0 }))
      })
      return id
    }
    ids.first = run(old, 1, 51)
    ids.twin = run(app, 1, 51)
    ids.edited = run(edited, 1, 51)
    ids.h3 = run(old, 3, 51)
    ids.later = run(old, 1, 41)
  } finally {
    store.close()
  }
})

const why = async (a: number, b: number) => (JSON.parse((await fw('compare', String(a), String(b), '--db', db, '--json')).stdout) as { notComparable: string[] }).notComparable

describe('fw compare: why the test scores do not compare, as the app says it', () => {
  it('the same rows stored twice are the same data; an edited file of the same name is not', async () => {
    expect(await why(ids.first, ids.twin)).toEqual([])
    expect(await why(ids.first, ids.edited)).toEqual([`Data: run ${ids.first} and run ${ids.edited} forecast two different imports named w.csv (datasets 1 and 3): their rows differ.`])
  })

  it('another horizon, another test period', async () => {
    expect(await why(ids.first, ids.h3)).toEqual([`Horizon: run ${ids.first} is scored on forecasts 1 step ahead, run ${ids.h3} on forecasts 3 steps ahead. Errors grow the further ahead a forecast looks.`])
    expect(await why(ids.first, ids.later)).toEqual([`Test period: run ${ids.first} is scored on 2024-02-20 – 2024-02-29 (10 points), run ${ids.later} on 2024-02-10 – 2024-02-19 (10 points).`])
  })

  it('says them in the text too, above the metrics', async () => {
    const r = await fw('compare', String(ids.first), String(ids.edited), '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`\nthese test scores are not comparable: the two runs were scored on different things, so a lower error here does not mean a better model:\n- Data: run ${ids.first} and run ${ids.edited} forecast two different imports named w.csv (datasets 1 and 3): their rows differ.\n\nwhat each run forecast`)
    expect((await fw('compare', String(ids.first), String(ids.twin), '--db', db)).stdout).not.toContain('not comparable')
  })
})

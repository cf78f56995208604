// A done run's kept notices read back for each front end (runs.notices_json, migration 013).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { runNotices } from './run-words'

describe('runNotices', () => {
  it("stores a run's notices in both wordings and gives each front end its own; none, damaged or foreign rows give none", () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-run-notices-')), 'runs.db'))
    try {
      const { datasetId } = seedRun(store)
      const run = (notices?: { message: string; app?: string }[]) => {
        const id = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
        store.startRun(id)
        store.finishRun(id, { metrics: [], forecasts: [], ...(notices ? { notices } : {}) })
        return store.runs.get(id)
      }
      const both = run([{ message: 'but it is 0 on line 252 of f.csv (the validation rows)', app: 'but it is 0 on line 252 (the validation rows)' }, { message: 'MASE is scaled' }])
      expect(runNotices(both, 'cli')).toEqual(['but it is 0 on line 252 of f.csv (the validation rows)', 'MASE is scaled'])
      expect(runNotices(both, 'app')).toEqual(['but it is 0 on line 252 (the validation rows)', 'MASE is scaled'])
      expect(run().noticesJson).toBeNull()
      expect(runNotices(run([]), 'app')).toEqual([])
      expect(runNotices({ noticesJson: '{"message":"x"}' }, 'cli')).toEqual([])
      expect(runNotices({ noticesJson: '[{"message":1},{"message":"kept"},null]' }, 'app')).toEqual(['kept'])
    } finally {
      store.close()
    }
  })
})

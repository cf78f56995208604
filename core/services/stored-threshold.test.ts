// A two-class run's threshold chosen on validation, through the store sink into the store and
// read back (runs.threshold_json, migration 014).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { chooseThreshold } from '../data/threshold'
import { createStoreSink } from './store-sink'
import { storedThreshold } from './stored-threshold'

describe('storedThreshold', () => {
  it('keeps what the trainer chose through the sink; none for a run without one, and for damaged or foreign rows', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'fw-threshold-')), 'runs.db'))
    try {
      const { datasetId } = seedRun(store)
      const sink = createStoreSink(store)
      const done = (threshold?: ReturnType<typeof chooseThreshold>) => {
        const id = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
        sink.onStarted(String(id), { type: 'started', epochs: 1, windows: { train: 1, val: 1, test: 1 }, paramCount: 1, notices: [] })
        sink.onDone(String(id), { epochsRun: 1, bestEpoch: 1, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, modelFile: {}, ...(threshold ? { threshold } : {}) })
        return store.runs.get(id)
      }
      const chosen = chooseThreshold([0, 0, 1, 0, 1, 1], [0.1, 0.3, 0.35, 0.6, 0.7, 0.8])
      expect(storedThreshold(done(chosen))).toEqual(chosen)
      const none = chooseThreshold([0, 0], [0.1, 0.3])
      expect(storedThreshold(done(none))).toEqual({ rule: 'youden', threshold: null, reason: 'one-class', n: 2, positives: 0, validation: null })
      expect(done().thresholdJson).toBeNull()
      for (const bad of ['[1]', '{"rule":"f1","threshold":0.5}', JSON.stringify({ ...chosen, threshold: 2 }), JSON.stringify({ ...chosen, validation: null }), JSON.stringify({ ...none, reason: 'why not' })]) {
        expect(storedThreshold({ thresholdJson: bad }), bad).toBeNull()
      }
    } finally {
      store.close()
    }
  })
})

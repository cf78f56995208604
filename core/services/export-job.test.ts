// An export tells its rebuild's counted steps (rebuildStoredRun's `tell`) each as it ends: a
// rebuild's count is fixed and small, so none is dropped. At one count a percent, a rebuild of more
// than 100 steps lost the rest, so a newly counted part of a long silence had no count to show.
import { describe, expect, it } from 'vitest'
import { runExportJob, type ExportProgress, type Rebuilder } from './export-job'
import type { RunSnapshot } from './run-export'

describe("an export's rebuild progress", () => {
  it('tells every one of 250 steps, in order', async () => {
    const told: ExportProgress[] = []
    const total = 250
    const rebuild: Rebuilder = (_s, tell) => {
      for (let i = 1; i <= total; i++) tell?.(i, total)
      throw new Error('rebuilt no further')
    }
    const snapshot = { run: { id: 1, globalJson: null } } as unknown as RunSnapshot
    await expect(runExportJob({ kind: 'csv', snapshot }, rebuild, (p) => told.push(p))).rejects.toThrow('rebuilt no further')
    expect(told).toEqual(Array.from({ length: total }, (_, i) => ({ phase: 'rebuild', done: i + 1, total })))
  })
})

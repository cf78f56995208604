// Finished classification runs written straight into a new database, for the tests of what fw runs
// and fw show say of their verdicts (few events, level within noise, a baseline that scores better)
// without training: the runs' metrics and test forecasts are the test's own numbers.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type RunResults } from '../../store'
import { defaultConfig } from '../../train/config'

/** One finished run: its results as finishRun keeps them, and its config's rule (absent: y > 1.8;
 *  null: no rule, the classes being the ones `results.classes` names). */
export interface ClassificationRun {
  rule?: string | null
  results: RunResults
}

/** A database in a new temporary folder (named from `prefix`) holding the dataset `file` (one column
 *  y, 60 rows of i % 7) and, for each of `runs` in order, a classification run of target y on it,
 *  started and finished with its results. Returns the database's path and the runs' ids. */
export function storeClassificationRuns(prefix: string, file: string, runs: readonly ClassificationRun[]): { db: string; ids: number[] } {
  const db = join(mkdtempSync(join(tmpdir(), prefix)), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  try {
    const datasetId = store.datasets.save({ name: file, sourceFile: null, columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from({ length: 60 }, (_, i) => i % 7) }], meta: { timeColumn: null } })
    const config = defaultConfig('y')
    const ids = runs.map(({ rule = 'y > 1.8', results }) => {
      const data = { ...config.data, task: 'classification', ...(rule === null ? {} : { rule }) }
      const id = store.runs.create({ datasetId, configJson: JSON.stringify({ ...config, data }), seed: 1 })
      store.startRun(id)
      store.finishRun(id, results)
      return id
    })
    return { db, ids }
  } finally {
    store.close()
  }
}

// A run that predicts a category of more than two levels (seattle-weather's weather: drizzle, fog,
// rain, snow, sun), exported: the report's AUC is the table's (the mean of each class's AUC against
// the rest) and draws no ROC curve of one class against the rest.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../cli/index'
import { openStore, type Store } from '../store'
import { renderReport } from '../export/report'
import { formatNumber } from '../export/report/scale'
import { rebuildStoredRun, reportInputOf } from './run-export'

const root = new URL('../..', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-multiclass-'))
const db = join(dir, 'runs.db')
const silent = { write: () => {}, isTTY: false }

function withStore<T>(f: (s: Store) => T): T {
  const store = openStore(db)
  try {
    return f(store)
  } finally {
    store.close()
  }
}

function parse(html: string) {
  const window = new Window()
  return new window.DOMParser().parseFromString(html, 'text/html')
}

describe('a run of five classes, exported', () => {
  beforeAll(async () => {
    const code = await main(['train', '--csv', join(root, 'resources/samples/seattle-weather.csv'), '--target', 'weather', '--task', 'classification', '--epochs', '1', '--seed', '1', '--out', join(dir, 'out'), '--db', db], silent, silent)
    expect(code).toBe(0)
  }, 120_000)

  it("the report's AUC card is the metrics table's macro AUC, and no ROC curve of the last class is drawn", () => {
    const { input, auc } = withStore((store) => ({ input: reportInputOf(store, rebuildStoredRun(store, 1)), auc: store.metrics.list(1).find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'auc')!.value! }))
    expect(input.classification!.labels).toHaveLength(5)
    expect(input.classification!.roc).toBeNull()
    const doc = parse(renderReport(input))
    const card = [...doc.querySelectorAll('.kpi')].map((k) => k.textContent!).find((t) => t.includes('test AUC'))!
    expect(card).toContain(`test AUC${formatNumber(auc)}`)
    expect(card).toContain("mean of each of the 5 classes' AUC against the rest")
    expect(doc.querySelector('#classification svg[aria-label="ROC curve"]')).toBeNull()
    expect(doc.querySelector('#no-roc')!.textContent).toBe("An ROC curve is drawn for two classes. With 5, the AUC in the metrics table is the mean of each class's AUC against the rest.")
  })
})

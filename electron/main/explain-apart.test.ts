// Evaluate's "why this forecast" rebuilt the run and explained it on main, seconds (a minute with
// importance on validation on an hourly file) during which no window's request was answered. It is
// now done on a thread of its own (core/services/explain-thread.ts): a request made while an
// explanation is under way is answered before it ends, and the thread's refusals keep their code
// and field. A superseded explanation (a newer one asked for the same view) was still computed to
// the end there, its answer dropped; it now stops, and answers 'cancelled'.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { fw } from '../../core/cli/test-fixtures/fw'
import type { RunExplanation } from '../../core/train/explain-run'
import { answered, exportWorkerBundle, startApartWorkbench } from './testing'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

const worker = exportWorkerBundle('explain-apart-test')

let dir: string
let db: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-explain-apart-'))
  db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', sample, '--target', 'temp_max', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
  expect(t.code, t.stderr).toBe(0)
}, 120_000)

it('answers another request while a forecast is explained on its thread, then the explanation; a time with no row is refused with its field', async () => {
  const store = openStore(db, { appVersion: 't' })
  const { wb, d } = startApartWorkbench(store, dir, worker.file)
  try {
    const { forecasts } = await answered<{ forecasts: { ts: number; value: number }[] }>(d, 'getRun', { runId: 1 })
    const f = forecasts.at(-1)!
    let explained: RunExplanation | null = null
    const explaining = answered<RunExplanation>(d, 'explainForecast', { runId: 1, ts: f.ts, global: true }).then((e) => (explained = e))
    // asked while the run is rebuilt and explained: answered before the explanation is
    const datasets = await answered<{ id: number }[]>(d, 'listDatasets')
    expect(datasets.map((x) => x.id)).toEqual([1])
    expect(explained).toBeNull()
    await explaining
    expect(explained!.at.time).toBe(f.ts)
    expect(explained!.at.attributions.length).toBe(explained!.lookback)
    expect(explained!.global!.windows).toBeGreaterThan(0)
    // the thread's refusal, as main's was: 'not-found' on the field ts
    const r = await d.dispatch('explainForecast', { runId: 1, ts: f.ts + 1 })
    expect(r.ok ? null : r.error).toMatchObject({ code: 'not-found', field: 'ts', message: `run 1 has no row at ${f.ts + 1}` })
  } finally {
    wb.close()
    store.close()
  }
}, 180_000)

it('a newer request of the same view stops the explanation under way, which answers cancelled; another view\'s goes on', async () => {
  const store = openStore(db, { appVersion: 't' })
  const { wb, d } = startApartWorkbench(store, dir, worker.file)
  try {
    const { forecasts } = await answered<{ forecasts: { ts: number }[] }>(d, 'getRun', { runId: 1 })
    const [a, b] = [forecasts.at(-1)!.ts, forecasts.at(-2)!.ts]
    // importance on 500 validation windows, superseded at once by the same view's: the thread, which
    // alone can answer 'cancelled' (a check in its work threw), stops it before it is done
    const first = d.dispatch('explainForecast', { runId: 1, ts: a, global: true, view: 'p1:importance' })
    const other = answered<RunExplanation>(d, 'explainForecast', { runId: 1, ts: a, view: 'p2:forecast' })
    const second = answered<RunExplanation>(d, 'explainForecast', { runId: 1, ts: b, global: true, view: 'p1:importance' })
    const r = await first
    expect(r.ok ? null : r.error).toMatchObject({ code: 'cancelled' })
    expect((await other).at.time).toBe(a)
    const g = await second
    expect(g.at.time).toBe(b)
    expect(g.global!.windows).toBeGreaterThan(0)
    // a view whose request is done cancels nothing: asked again, it is answered
    expect((await answered<RunExplanation>(d, 'explainForecast', { runId: 1, ts: a, view: 'p2:forecast' })).at.time).toBe(a)
    // a view that is not a plain name is refused by the contract
    const bad = await d.dispatch('explainForecast', { runId: 1, ts: a, view: 'p 1' })
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid-payload', field: 'view' })
  } finally {
    wb.close()
    store.close()
  }
}, 180_000)

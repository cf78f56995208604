// Evaluate's "why this forecast" rebuilt the run and explained it on main, seconds (a minute with
// importance on validation on an hourly file) during which no window's request was answered. It is
// now done on a thread of its own (core/services/explain-thread.ts): a request made while an
// explanation is under way is answered before it ends, and the thread's refusals keep their code
// and field.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { fw } from '../../core/cli/test-fixtures/fw'
import type { RunExplanation } from '../../core/train/explain-run'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'
import { bundleWorker } from '../../core/parallel/test-bundle'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

let bundle: Awaited<ReturnType<typeof bundleWorker>>
beforeAll(async () => {
  bundle = await bundleWorker('explain-apart-test', 'core/services/export-worker.ts', 'export-worker.mjs')
}, 120_000)
afterAll(() => bundle?.remove())

it('answers another request while a forecast is explained on its thread, then the explanation; a time with no row is refused with its field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-explain-apart-'))
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', sample, '--target', 'temp_max', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
  expect(t.code, t.stderr).toBe(0)
  const store = openStore(db, { appVersion: 't' })
  const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store), exportWorker: bundle.file })
  const d = createDispatcher(wb.impl)
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

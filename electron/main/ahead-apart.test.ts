// Forecast past the end (Evaluate's and Export's, the forecastAhead verb) rebuilt a single-series
// run on main, seconds on a long series during which no window's request was answered. It is now
// made on a thread of its own (core/services/ahead-thread.ts), main reading the run's snapshot: a
// request made while a forecast is under way is answered before it ends, and the thread's refusals
// keep their code.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { fw } from '../../core/cli/test-fixtures/fw'
import type { Responses } from '../contract'
import { answered, exportWorkerBundle, startApartWorkbench } from './testing'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

const worker = exportWorkerBundle('ahead-apart-test')

it('answers another request while a run is forecast past the end on its thread, then the forecast, equal to the one made on main; a refusal keeps its code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-ahead-apart-'))
  const db = join(dir, 'runs.db')
  for (const features of ['', 'temp_min']) {
    const t = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', features, '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
    expect(t.code, t.stderr).toBe(0)
  }
  const store = openStore(db, { appVersion: 't' })
  const { wb, d } = startApartWorkbench(store, dir, worker.file)
  const here = startApartWorkbench(store, dir)
  try {
    let ahead: Responses['forecastAhead'] | null = null
    const forecasting = answered<Responses['forecastAhead']>(d, 'forecastAhead', { runId: 1, steps: 5 }).then((a) => (ahead = a))
    // asked while the run is rebuilt and forecast: answered before the forecast is
    const datasets = await answered<{ id: number }[]>(d, 'listDatasets')
    expect(datasets.map((x) => x.id)).toEqual([1])
    expect(ahead).toBeNull()
    await forecasting
    expect(ahead!.rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5])
    // the same numbers as the calling thread makes (no worker file: as main made them before)
    expect(ahead).toEqual(await answered(here.d, 'forecastAhead', { runId: 1, steps: 5 }))
    // a run whose input has no values past the end: refused as before, 'not-available'
    const r = await d.dispatch('forecastAhead', { runId: 2, steps: 5 })
    expect(r.ok ? null : r.error).toMatchObject({ code: 'not-available' })
    expect(r.ok ? '' : r.error.message).toContain('temp_min')
  } finally {
    wb.close()
    here.wb.close()
    store.close()
  }
}, 240_000)

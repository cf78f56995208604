// A long file through the app's path (issue 13): its columns are stored (a quarter-dated time, the
// series id as a category), the run's data.series reaches the trainer with them, and the trainer's
// dataset trains on that one series, or refuses all rows naming the id.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importCsv } from '../../core/data/import'
import { createStoreSink } from '../../core/services/store-sink'
import { columnsToDataset } from '../../core/services/trainer-columns'
import type { TrainerHost } from '../../core/services/trainer-host'
import type { StartPayload } from '../../core/services/trainer-protocol'
import { openStore } from '../../core/store'
import { defaultConfig } from '../../core/train/config'
import { runTraining } from '../../core/train/run'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-series-'))
const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
afterAll(() => store.close())
const starts: StartPayload[] = []
const host = { start: (_id: string, p: StartPayload) => (starts.push(p), new Promise(() => {})), resume: () => new Promise(() => {}), cancel: async () => true, active: () => [], queued: () => [], onEvent: () => () => {} } as unknown as TrainerHost
const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) })
wb.attachHost(host)
const d = createDispatcher(wb.impl)
const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(d, verb, req)

// two regions, 40 quarters each, dates written 1990 Q1
const rows = ['region,quarter,sales']
for (const [k, r] of ['north', 'south'].entries()) for (let q = 0; q < 40; q++) rows.push(`${r},${1990 + Math.floor(q / 4)} Q${(q % 4) + 1},${100 * (k + 1) + q + (q % 4) * 5}`)

describe('a long file through the app', () => {
  it('stores its columns, sends data.series to the trainer, and the trainer trains on that series only', async () => {
    const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'regions.csv' })
    expect(ds.series).toEqual({ columns: ['region'], count: 2, declared: false })
    const columns = ds.columns.filter((c) => c.kind !== 'text')
    const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'regions.csv', sourceFile: null, columns })
    const back = await ok<{ columns: { name: string; kind: string; format?: string }[] }>('getDataset', { datasetId })
    expect(back.columns.map((c) => c.kind)).toEqual(['categorical', 'date', 'numeric'])

    const base = defaultConfig('sales')
    const config = { ...base, data: { ...base.data, time: 'quarter', lookBack: 4, series: { columns: ['region'], values: ['south'] } }, training: { ...base.training, epochs: 1 } }
    await ok('startRun', { datasetId, config })
    const sent = starts.at(-1)!
    expect(sent.config.data.series).toEqual({ columns: ['region'], values: ['south'] })

    // what electron/trainer does with the message
    const notes: string[] = []
    const result = await runTraining({ config: sent.config, dataset: columnsToDataset(sent.columns, sent.config.data.time) }, {
      emit: (e) => void (e.type === 'started' && notes.push(...e.notices.map((n) => n.message))),
      shouldStop: () => false,
      yieldNow: () => Promise.resolve()
    })
    expect(result).not.toBeNull()
    expect(notes).toContain('series region = south: 40 of 80 rows')
    expect(result!.forecasts.every((f) => f.actual === null || f.actual >= 200)).toBe(true) // south's values only

    // without a series: refused, naming the id and its count
    const all = { ...config, data: { ...config.data, series: undefined } }
    delete (all.data as { series?: unknown }).series
    await expect(runTraining({ config: all, dataset: columnsToDataset(sent.columns, 'quarter') }, { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }))
      .rejects.toThrow('"region" splits the rows into 2 series')
  })
})

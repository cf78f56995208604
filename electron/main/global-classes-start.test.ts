// The app starts a global classification (one network across series for a class target), as fw
// train --global does: main's start takes it, the real trainer (forked as the app forks it) trains
// it to done, and listRunSeries gives each series' class scores for Evaluate's table.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { TrainerHost } from '../../core/services/trainer-host'
import { nodeFork } from '../../core/services/node-fork'
import { importCsv } from '../../core/data/import'
import { defaultConfig } from '../../core/train/config'
import { bundleTrainer } from '../../test/fixtures/trainer/bundle'
import type { RunDetail, RunSeriesRow } from '../contract'
import { testWorkbench } from './testing'

const { wb, ok } = testWorkbench('fw-global-classes-start-')
let host: TrainerHost
let remove = (): void => {}

beforeAll(async () => {
  const bundle = await bundleTrainer('global-classes-start')
  remove = bundle.remove
  // one thread: the test needs no worker file
  host = new TrainerHost({ modulePath: bundle.trainer, sink: wb.sink, concurrency: 1, log: () => {}, fork: (path) => nodeFork(path, { env: { ...process.env, FW_PARALLEL_WORKER: '/nonexistent' } }) })
  wb.attachHost(host)
}, 120_000)

afterAll(async () => {
  await host?.shutdown()
  remove()
})

it('a 3-series 0/1 global classification starts in the app, trains to done, and each series carries its class scores', async () => {
  const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
  const rows = ['city,date,rain']
  for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${(i + k) % 3 === 0 ? 1 : 0}`)
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'rain.csv' })
  const { datasetId } = await ok<{ datasetId: number }>('saveDataset', { name: 'rain.csv', sourceFile: null, columns: ds.columns.filter((c) => c.kind !== 'text') })
  const base = defaultConfig('rain')
  const config = { ...base, data: { ...base.data, time: 'date', task: 'classification', lookBack: 7, series: { columns: ['city'], values: null, global: { short: 'skip' } } }, training: { ...base.training, epochs: 1, seed: 1 } }
  await ok('startRun', { datasetId, config })
  for (let i = 0; i < 1200 && !(host.active().length || host.queued().length); i++) await new Promise((r) => setTimeout(r, 10))
  for (let i = 0; i < 1200 && (host.active().length || host.queued().length); i++) await new Promise((r) => setTimeout(r, 100))
  const run = (await ok<{ id: number }[]>('listRuns')).at(-1)!
  const detail = await ok<RunDetail>('getRun', { runId: run.id })
  expect([detail.summary.status, detail.summary.error]).toEqual(['done', null])
  expect(detail.summary.global).toMatchObject({ columns: ['city'], series: 3, classification: { beatRate: expect.any(Number) } })
  const series = await ok<RunSeriesRow[]>('listRunSeries', { runId: run.id })
  expect(series.map((s) => s.label)).toEqual(['city = a', 'city = b', 'city = c'])
  for (const s of series) {
    const c = s.classes!
    for (const v of [c.accuracy, c.brier, c.logLoss, c.rateBrier]) expect(Number.isFinite(v)).toBe(true)
    expect(c.accuracy).toBeGreaterThanOrEqual(0)
    expect(c.accuracy).toBeLessThanOrEqual(1)
    // within the noise of its test rows it is level; beyond it, yes where its Brier is lower
    if (c.beatsRate !== 'level') expect(c.beatsRate).toBe(c.brier! < c.rateBrier! ? 'yes' : 'no')
    expect([s.mae, s.mase]).toEqual([null, null])
  }
  // the run's counts, beyond noise and level within it, are the series' own words (runs.global_json keeps each series' noise)
  const counted = detail.summary.global!.classification!.rateNoise!
  expect([series.filter((s) => s.classes!.beatsRate === 'yes').length, series.filter((s) => s.classes!.beatsRate === 'level').length]).toEqual([counted.beat, counted.level])
}, 300_000)

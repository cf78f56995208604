// The app stores the open file just before its Start (renderer: dataset.ts save). A start that
// ends before its run exists (stopped while preparing or queued, refused by the trainer) leaves
// nothing behind, as fw train stores nothing then: main drops the dataset it stored for that start,
// unless a run or another start uses it, or it was stored before (the same rows found again).
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../../core/train/config'
import { toStoredColumn } from '../../core/services/datasets'
import type { StartedEvent, TrainerHost } from '../../core/services/trainer-host'
import { testWorkbench } from './testing'

const { store, wb, ok, refused, events } = testWorkbench('fw-start-dataset-')
const ends = new Map<string, () => void>() // a start's key -> ends its trainer
wb.attachHost({
  start: (key: string) => new Promise<void>((resolve) => ends.set(key, resolve)),
  // as the host does: the trainer stopped, its start ends with 'cancelled'
  cancel: async (key: string) => (wb.sink.onCancelled(key), ends.get(key)?.(), true),
  active: () => [],
  queued: () => [],
  onEvent: () => () => {}
} as unknown as TrainerHost)
const settled = () => new Promise((r) => setTimeout(r, 0))
const started: StartedEvent = { type: 'started', epochs: 3, windows: { train: 20, val: 5, test: 5 }, paramCount: 10, notices: [] }
const N = 40
const file = (k: number) => [{ kind: 'numeric' as const, name: 'temp', values: Float64Array.from({ length: N }, (_, i) => k * 100 + Math.sin(i)) }]
const config = { ...defaultConfig('temp'), data: { ...defaultConfig('temp').data, lookBack: 3 } }
const save = (k: number) => ok<{ datasetId: number; reused: boolean }>('saveDataset', { name: `f${k}.csv`, sourceFile: null, columns: file(k) })
const start = async (datasetId: number) => (await ok<{ startId: number }>('startRun', { datasetId, config })).startId
const stored = () => store.datasets.list().map((x) => x.id)

describe('a start that ends before its run exists', () => {
  it('stopped while preparing: the dataset stored for it goes too, and no run is stored', async () => {
    const runs = store.runs.list().length
    const { datasetId, reused } = await save(1)
    expect(reused).toBe(false)
    const startId = await start(datasetId)
    expect(stored()).toContain(datasetId)
    await ok('cancelStart', { startId })
    await settled()
    expect(stored()).not.toContain(datasetId)
    expect(store.runs.list()).toHaveLength(runs)
    // the window's next Start on it is told the dataset is gone, by field, to store it again
    expect(await refused('startRun', { datasetId, config })).toMatchObject({ code: 'not-found', field: 'datasetId' })
  })

  it('refused by the trainer (a series too short for its windows): the dataset stored for it goes too', async () => {
    const { datasetId } = await save(2)
    const startId = await start(datasetId)
    wb.sink.onFailed(`start ${startId}`, { name: 'PipelineError', message: 'short series' })
    ends.get(`start ${startId}`)!()
    await settled()
    expect(stored()).not.toContain(datasetId)
  })

  it('keeps a dataset that a run of an earlier start uses, one another start still uses, and one stored before', async () => {
    const { datasetId } = await save(3)
    const a = await start(datasetId)
    wb.sink.onStarted(`start ${a}`, started) // its run is stored
    const b = await start(datasetId)
    await ok('cancelStart', { startId: b })
    await settled()
    expect(stored()).toContain(datasetId)

    const other = await save(4)
    const c = await start(other.datasetId)
    expect((await save(4)).reused).toBe(true) // another window opens the same file and starts on it
    const e = await start(other.datasetId)
    await ok('cancelStart', { startId: c })
    await settled()
    expect(stored()).toContain(other.datasetId) // start e still uses it
    await ok('cancelStart', { startId: e })
    await settled()
    expect(stored()).not.toContain(other.datasetId)

    // stored before this start (by fw, or an earlier session): the same rows found again stay
    const before = store.datasets.saveOrReuse({ name: 'f5.csv', sourceFile: null, columns: file(5).map((c) => toStoredColumn(c, undefined)) }).id
    const found = await save(5)
    expect(found).toEqual({ datasetId: before, reused: true })
    await ok('cancelStart', { startId: await start(before) })
    await settled()
    expect(stored()).toContain(before)
  })
})

describe('a start main refuses outright', () => {
  it('a config main refuses: the dataset stored for it goes, and every window is told', async () => {
    const { datasetId } = await save(6)
    const bad = { ...config, training: { ...config.training, epochs: 0 } }
    expect(await refused('startRun', { datasetId, config: bad })).toMatchObject({ field: 'training.epochs' })
    expect(stored()).not.toContain(datasetId)
    expect(events.at(-1)).toEqual({ runId: null, event: { type: 'deleted', runIds: [], datasetIds: [datasetId] } })
    // the window's next Start on it is told the dataset is gone, by field, to store it again
    expect(await refused('startRun', { datasetId, config })).toMatchObject({ code: 'not-found', field: 'datasetId' })
  })

  it('a column the dataset lacks, or a sweep refused: the dataset goes too', async () => {
    const a = (await save(7)).datasetId
    expect(await refused('startRun', { datasetId: a, config: { ...config, data: { ...config.data, target: 'nope' } } })).toMatchObject({ field: 'data.target' })
    expect(stored()).not.toContain(a)
    const b = (await save(8)).datasetId
    expect(await refused('startSweep', { datasetId: b, config, name: 's', grid: { 'no.such': [1, 2] } })).toMatchObject({ code: expect.any(String) })
    expect(stored()).not.toContain(b)
  })

  it('keeps a dataset that a run or a start uses, or one stored before', async () => {
    const { datasetId } = await save(9)
    const a = await start(datasetId)
    const bad = { ...config, training: { ...config.training, epochs: 0 } }
    await refused('startRun', { datasetId, config: bad })
    expect(stored()).toContain(datasetId) // start a still uses it
    wb.sink.onStarted(`start ${a}`, started) // its run is stored, and its training ends
    ends.get(`start ${a}`)!()
    await settled()
    await refused('startRun', { datasetId, config: bad })
    expect(stored()).toContain(datasetId) // its run uses it
    const before = store.datasets.saveOrReuse({ name: 'f10.csv', sourceFile: null, columns: file(10).map((c) => toStoredColumn(c, undefined)) }).id
    expect((await save(10)).reused).toBe(true)
    await refused('startRun', { datasetId: before, config: bad })
    expect(stored()).toContain(before)
  })
})

// A run or dataset deleted in one window or tab is told to every other at once, on the run-event
// channel (browser mode's socket, Electron's windows), so none of them learns it only at its next
// request ("run 7 not found"). The message is the one the renderer checks (checkDeletedMessage).
import { describe, expect, it } from 'vitest'
import { checkDeletedMessage } from '../contract'
import { defaultConfig } from '../../core/train/config'
import { testWorkbench } from './testing'

const { store, ok, refused, events } = testWorkbench('fw-deleted-')
const file = (k: number) => [{ kind: 'numeric' as const, name: 'temp', values: Float64Array.from({ length: 30 }, (_, i) => k * 100 + i) }]
const save = async (k: number) => (await ok<{ datasetId: number }>('saveDataset', { name: `f${k}.csv`, sourceFile: null, columns: file(k) })).datasetId
const run = (datasetId: number) => store.runs.create({ datasetId, configJson: JSON.stringify(defaultConfig('temp')), seed: 1, name: null })
const deletions = () => events.filter((m) => m.event.type === 'deleted')

describe('deletions told to every window', () => {
  it('deleteRun and deleteRuns name the runs deleted', async () => {
    const d = await save(1)
    const [a, b, c] = [run(d), run(d), run(d)]
    await ok('deleteRun', { runId: a })
    await ok('deleteRuns', { runIds: [c, b, c] })
    expect(deletions()).toEqual([
      { runId: null, event: { type: 'deleted', runIds: [a], datasetIds: [] } },
      { runId: null, event: { type: 'deleted', runIds: [c, b], datasetIds: [] } }
    ])
    for (const m of deletions()) expect(() => checkDeletedMessage(m)).not.toThrow()
  })

  it('deleteDataset names the dataset; a refused deletion tells nothing', async () => {
    const d = await save(2)
    const used = await save(3)
    run(used)
    const before = deletions().length
    expect(await refused('deleteDataset', { datasetId: used })).toMatchObject({ code: 'in-use' })
    expect(await refused('deleteRun', { runId: 9999 })).toMatchObject({ code: 'not-found' })
    expect(deletions()).toHaveLength(before)
    await ok('deleteDataset', { datasetId: d })
    expect(deletions().slice(before)).toEqual([{ runId: null, event: { type: 'deleted', runIds: [], datasetIds: [d] } }])
  })
})

describe('checkDeletedMessage', () => {
  it('refuses a malformed deletion, naming the field', () => {
    const bad: [unknown, string][] = [
      [{ runId: 3, event: { type: 'deleted', runIds: [3], datasetIds: [] } }, 'runId'],
      [{ runId: null, startId: 2, event: { type: 'deleted', runIds: [3], datasetIds: [] } }, 'startId'],
      [{ runId: null, event: { type: 'deleted', runIds: [0], datasetIds: [] } }, 'event.runIds'],
      [{ runId: null, event: { type: 'deleted', runIds: [], datasetIds: ['2'] } }, 'event.datasetIds'],
      [{ runId: null, event: { type: 'deleted', runIds: [], datasetIds: [] } }, 'event.runIds'],
      [{ runId: null, event: { type: 'queue', change: 'queued' } }, 'event.type']
    ]
    for (const [msg, field] of bad) expect(() => checkDeletedMessage(msg), JSON.stringify(msg)).toThrow(expect.objectContaining({ field }))
  })
})

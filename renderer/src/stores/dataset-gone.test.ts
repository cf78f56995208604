// @vitest-environment happy-dom
// The open file's stored dataset gone from main (Delete in another window, fw rm --dataset, or
// dropped with a start on it that ended before its run existed): Start stores the columns still
// open here again and starts on the new number, instead of failing with "dataset 2 not found".
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../electron/contract'
import { defaultConfig } from '../../../core/train/config'
import { importedSmall, setUpView, type FakeApi } from '../test/fakes'
import { startWithSetup } from '../lib/quickstart'
import { useRunStore } from './run'

let api: FakeApi
let ids: number[]
beforeEach(() => {
  ids = [2, 5]
  ;({ api } = setUpView({ startRun: vi.fn(async () => ({ startId: 1 })) }))
  api.saveDataset = vi.fn(async () => ({ datasetId: ids.shift()!, reused: false }))
})
const gone = (id: number) => new ApiError({ name: 'ContractError', code: 'not-found', message: `datasetId: dataset ${id} not found`, field: 'datasetId' })

describe('Start on a dataset main no longer has', () => {
  it('stores the open columns again and starts on the new number', async () => {
    const ds = await importedSmall()
    expect(await ds.save()).toBe(2)
    api.startRun = vi.fn().mockRejectedValueOnce(gone(2)).mockResolvedValueOnce({ startId: 7 })
    expect(await startWithSetup()).toBe(7) // Setup's Start
    expect(api.saveDataset).toHaveBeenCalledTimes(2)
    expect(vi.mocked(api.startRun).mock.calls.map(([r]) => r.datasetId)).toEqual([2, 5])
    expect(ds.datasetId).toBe(5)
  })

  it('any other refusal is said as it is, and nothing is stored again', async () => {
    const ds = await importedSmall()
    const refused = new ApiError({ name: 'ContractError', code: 'invalid-payload', message: 'data.target: column "x" is not in dataset 2', field: 'data.target' })
    api.startRun = vi.fn().mockRejectedValue(refused)
    await expect(ds.withStored((id) => useRunStore().start(id, defaultConfig('temp')))).rejects.toBe(refused)
    expect(api.saveDataset).toHaveBeenCalledTimes(1)
    expect(ds.datasetId).toBe(2)
  })
})

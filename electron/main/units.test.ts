// Units per column and the stored range facts through the contract (issue 18): every payload is
// validated (zod, core/data/units.ts) before the store sees it, in Electron and browser mode alike.
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../../core/train/config'
import { validateRequest, type DatasetSummary, type RunDetail, type RunSummary } from '../contract'
import { testWorkbench } from './testing'

const { store, ok, refused, overHttp } = testWorkbench('fw-units-')

const N = 12
const columns = [
  { kind: 'date' as const, name: 'when', values: Float64Array.from({ length: N }, (_, i) => Date.UTC(2021, i, 1)), format: 'iso' as const, hasTime: false },
  { kind: 'numeric' as const, name: 'CO2', values: Float64Array.from({ length: N }, (_, i) => 400 + i) }
]

describe('units through the contract', () => {
  let datasetId = 0
  it('saveDataset keeps the units; getDataset and listDatasets give them back', async () => {
    datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'co2.csv', sourceFile: null, columns, units: { CO2: 'ppm' } })).datasetId
    const back = await ok<{ summary: DatasetSummary }>('getDataset', { datasetId })
    expect(back.summary.columns).toEqual([{ name: 'when', kind: 'date', unit: null }, { name: 'CO2', kind: 'numeric', unit: 'ppm' }])
    expect((await ok<DatasetSummary[]>('listDatasets')).find((x) => x.id === datasetId)!.columns[1]!.unit).toBe('ppm')
  })

  it('setColumnUnits changes a unit and clears one with an empty string', async () => {
    expect((await ok<DatasetSummary>('setColumnUnits', { datasetId, units: { CO2: 'µmol/mol' } })).columns[1]!.unit).toBe('µmol/mol')
    expect((await ok<DatasetSummary>('setColumnUnits', { datasetId, units: { CO2: '' } })).columns[1]!.unit).toBeNull()
  })

  it('refuses a bad unit with a message naming the column, before the store sees it', async () => {
    const long = await refused('setColumnUnits', { datasetId, units: { CO2: 'parts per million by volume' } })
    expect(long).toMatchObject({ code: 'invalid-payload', field: 'units.CO2' })
    expect(long.message).toContain('the unit of column "CO2" is 27 characters long; at most 16 are allowed')
    const ctl = await refused('saveDataset', { name: 'x.csv', sourceFile: null, columns, units: { CO2: 'pp\u001bm' } })
    expect(ctl).toMatchObject({ code: 'invalid-payload', field: 'units.CO2' })
    expect(ctl.message).toContain('control character')
    expect(await refused('setColumnUnits', { datasetId, units: { nope: 'm' } })).toMatchObject({ code: 'invalid' })
    expect(await refused('saveDataset', { name: 'x.csv', sourceFile: null, columns, units: { nope: 'm' } })).toMatchObject({ code: 'invalid-payload', field: 'units.nope' })
    expect(await refused('setColumnUnits', { datasetId, units: { CO2: 7 } })).toMatchObject({ code: 'invalid-payload' })
    expect(() => validateRequest('setColumnUnits', { datasetId, units: { CO2: 'ppm' }, extra: 1 })).toThrow(/extra|Unrecognized/)
    expect((await ok<{ summary: DatasetSummary }>('getDataset', { datasetId })).summary.columns[1]!.unit).toBeNull()
  })

  it('getRun and listRuns carry the target unit and the range stored with the run; a run without it has none', async () => {
    await ok('setColumnUnits', { datasetId, units: { CO2: 'ppm' } })
    const cfg = JSON.stringify(defaultConfig('CO2'))
    const range = { domain: 'non-negative', min: 400, max: 408, n: 3, above: 3, below: 0 }
    const a = store.runs.create({ datasetId, configJson: cfg, seed: 1 })
    store.startRun(a)
    store.finishRun(a, { metrics: [], forecasts: [], range })
    const b = store.runs.create({ datasetId, configJson: cfg, seed: 1 })
    store.startRun(b)
    store.finishRun(b, { metrics: [], forecasts: [] })
    store.db.prepare('UPDATE runs SET range_json = ? WHERE id = ?').run('{"min":"x"}', b) // foreign or damaged: shown as none
    const da = await ok<RunDetail>('getRun', { runId: a })
    expect(da.unit).toBe('ppm')
    expect(da.summary.unit).toBe('ppm') // the summary reads the same dataset's units
    expect(da.range).toEqual(range)
    expect((await ok<RunDetail>('getRun', { runId: b })).range).toBeNull()
    const list = await ok<RunSummary[]>('listRuns')
    expect(list.find((r) => r.id === a)).toMatchObject({ unit: 'ppm', range })
    expect(list.find((r) => r.id === b)!.range).toBeUndefined() // (a list row leaves out what is null)
  })
})

describe('units through browser mode (HTTP)', () => {
  it('the same validator answers over the wire: a bad unit refused naming its column, a good one stored', async () => {
    await overHttp(async (post) => {
      const datasetId = (await ok<{ datasetId: number }>('saveDataset', { name: 'web.csv', sourceFile: null, columns })).datasetId
      const bad = await post('setColumnUnits', { datasetId, units: { CO2: 'x'.repeat(17) } })
      expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid-payload', field: 'units.CO2', message: expect.stringContaining('the unit of column "CO2"') })
      const good = await post<DatasetSummary>('setColumnUnits', { datasetId, units: { CO2: 'ppm' } })
      expect(good.ok && good.value.columns.find((c) => c.name === 'CO2')!.unit).toBe('ppm')
    })
  })
})

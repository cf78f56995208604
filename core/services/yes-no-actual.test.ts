// A yes/no target's forecast files write its actual in the data file's own words (exploratory pass
// 14, item 12): a file of no/yes wrote its actual 0/1. Now fw train's predictions.csv, fw predict,
// the app's Apply model and the export's CSV and workbook write "no"/"yes" as the file wrote them
// (No/Yes, n/y), and 0/1 where the file wrote 0/1.
import { describe, expect, it } from 'vitest'
import { applyFitted, defaultConfig, importCsv, preparePipeline, yesNoWords, type PipelineConfig } from '../data'
import { csvClassesOf, forecastCsv } from './forecast-csv'
import { fromStoredDataset, toStoredDataset } from './datasets'
import type { Dataset as StoredDataset } from '../store'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const csv = (no: string, yes: string) => ['date,x,rain', ...Array.from({ length: 80 }, (_, i) => `${day(i)},${(i * 37) % 23},${(i * 7) % 5 < 2 ? yes : no}`)].join('\n')
const W = { lookback: 5, horizon: 1, stride: 1, mode: 'final' as const }
const rows = [{ ts: 0, step: 1, value: 0.25, lower: null, upper: null, actual: 0 }, { ts: 1, step: 1, value: 0.75, lower: null, upper: null, actual: 1 }, { ts: 2, step: 1, value: 0.5, lower: null, upper: null, actual: null }]
const actuals = (text: string) => text.trim().split(/\r?\n/).slice(1).map((l) => l.split(',').at(-1))

describe("a yes/no target's actual in the file's words", () => {
  it('the import keeps the words as first written; a 0/1 column read as yes/no has 0 and 1', async () => {
    expect(yesNoWords(await importCsv(csv('No', 'Yes'), { fileName: 'w.csv' }), 'rain')).toEqual(['No', 'Yes'])
    expect(yesNoWords(await importCsv(csv('n', 'y'), { fileName: 'w.csv' }), 'rain')).toEqual(['n', 'y'])
    expect(yesNoWords(await importCsv(csv('0', '1'), { fileName: 'w.csv', columns: { rain: { type: 'boolean' } } }), 'rain')).toEqual(['0', '1'])
    // read without a type, a 0/1 column stays numbers; its words are still 0 and 1
    expect(yesNoWords(await importCsv(csv('0', '1'), { fileName: 'w.csv' }), 'rain')).toEqual(['0', '1'])
  })

  it('a forecast file writes the actual in them, blank where unknown; 0/1 without them or with 0 and 1', () => {
    const t = { kind: 'classification', classes: ['false', 'true'], rule: null }
    expect(actuals(forecastCsv(rows, false, csvClassesOf('rain', t, ['no', 'yes'])))).toEqual(['no', 'yes', ''])
    expect(actuals(forecastCsv(rows, false, csvClassesOf('rain', t, ['0', '1'])))).toEqual(['0', '1', ''])
    expect(actuals(forecastCsv(rows, false, csvClassesOf('rain', t)))).toEqual(['0', '1', ''])
    // a rule's classes are the rule's, not the file's words
    expect(actuals(forecastCsv(rows, false, csvClassesOf('rain', { ...t, rule: { column: 'rain', op: '>', value: 0 } }, ['no', 'yes'])))).toEqual(['0', '1', ''])
  })

  it('fw predict and Apply model take the words of the file they read, a 0/1 file 0 and 1', async () => {
    const yn = await importCsv(csv('no', 'yes'), { fileName: 'w.csv' })
    const cfg: PipelineConfig = defaultConfig(yn, 'rain', { features: ['x'], window: W, task: { kind: 'classification', rule: null } })
    const fitted = preparePipeline(yn, cfg).fitted
    expect(applyFitted(await importCsv(csv('NO', 'YES'), { fileName: 'new.csv' }), cfg, fitted).targetWords).toEqual(['NO', 'YES'])
    expect(applyFitted(await importCsv(csv('0', '1'), { fileName: 'new.csv' }), cfg, fitted).targetWords).toEqual(['0', '1'])
  })

  it('a stored dataset keeps them (the export reads the run from the store)', async () => {
    const ds = await importCsv(csv('no', 'yes'), { fileName: 'w.csv' })
    const input = toStoredDataset(ds, 'w', 'w.csv')
    const stored = { id: 1, name: 'w', sourceFile: 'w.csv', rowCount: ds.rowCount, meta: input.meta, columns: input.columns.map((c) => ({ ...c, meta: c.meta ?? null })) } as unknown as StoredDataset
    expect(yesNoWords(fromStoredDataset(stored), 'rain')).toEqual(['no', 'yes'])
  })
})

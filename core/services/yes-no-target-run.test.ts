// A target of 0s and 1s with Classification: the dataset the app stores and the config Setup now
// sends (no rule: renderer/src/views/setup-yes-no-target.test.ts) prepare, in the trainer, the rows
// fw train prepares from the file, the target's history read as no/yes, and its forecast column is
// P(fraud = 1) as in fw train's predictions.csv. The rule Setup sent before ("fraud > 0") read the
// history as a scaled number, another model (exploratory pass 23, finding 1).
import { describe, expect, it } from 'vitest'
import { importCsv, preparePipeline, yesNoWords, type Dataset } from '../data'
import { resolveConfig } from '../train/config'
import { toPipelineConfig } from '../train/prepare'
import type { Dataset as StoredDataset } from '../store'
import { fromStoredDataset, toStoredDataset } from './datasets'
import { csvClassesOf, forecastCsv } from './forecast-csv'

const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)
const text = ['date,x1,x2,fraud', ...Array.from({ length: 200 }, (_, i) => `${day(i)},${((i * 37) % 23) / 10},${((i * 11) % 17) / 10},${(i * 5) % 8 === 3 ? 1 : 0}`)].join('\n') + '\n'

/** The dataset as main hands it to the trainer: stored, then read back. */
function stored(ds: Dataset): Dataset {
  const input = toStoredDataset(ds, 'fraud', 'fraud.csv')
  return fromStoredDataset({ id: 1, name: 'fraud', sourceFile: 'fraud.csv', rowCount: ds.rowCount, meta: input.meta, columns: input.columns.map((c) => ({ ...c, meta: c.meta ?? null })) } as unknown as StoredDataset)
}

const config = (rule?: string) => resolveConfig({ data: { target: 'fraud', features: ['x1', 'x2'], task: 'classification', lookBack: 6, ...(rule ? { rule } : {}) } })

describe('a 0/1 target with Classification and no rule', () => {
  it("prepares the app's stored rows as fw train's, its history read as no/yes, its forecast named P(fraud = 1)", async () => {
    const file = await importCsv(text, { fileName: 'fraud.csv' })
    const app = stored(file)
    const cfg = config()
    const mine = preparePipeline(app, toPipelineConfig(cfg, app))
    const cli = preparePipeline(file, toPipelineConfig(cfg, file))
    expect(Array.from(mine.inputs)).toEqual(Array.from(cli.inputs))
    expect(Array.from(mine.target)).toEqual(Array.from(cli.target))
    expect(mine.fitted.target).toEqual(cli.fitted.target)
    expect(mine.fitted.inputs.find((b) => b.column === 'fraud')?.kind).toBe('boolean')
    const header = (ds: Dataset, t: typeof mine.fitted.target) => forecastCsv([], true, csvClassesOf('fraud', t, yesNoWords(ds, 'fraud'))).split(/\r?\n/)[0]
    expect(header(app, mine.fitted.target)).toContain('P(fraud = 1)')
    // the rule Setup sent before: another input (a scaled number) and another name
    const ruled = preparePipeline(app, toPipelineConfig(config('fraud > 0'), app))
    expect(ruled.fitted.inputs.find((b) => b.column === 'fraud')?.kind).toBe('numeric')
    expect(header(app, ruled.fitted.target)).toContain('P(fraud > 0)')
  })
})

// A column with no value at all (notice 'all-missing'): never a default feature, and a target or
// feature named by hand is refused under its own field.
import { describe, expect, it } from 'vitest'
import { defaultConfig } from './config'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'
import { PipelineError } from './errors'

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
const csv = ['date,y,x,sky,blank', ...Array.from({ length: 60 }, (_, i) => `${day(i)},,${i % 7},${i % 2 ? 'sun' : 'rain'},`)].join('\n')

const fieldOf = (f: () => unknown): string | undefined | null => {
  try {
    f()
    return null
  } catch (e) {
    return (e as PipelineError).field
  }
}

describe('a column with no values', () => {
  it('is left out of the default features, as a column that has values is not', async () => {
    const ds = await importCsv(csv, { fileName: 'empty.csv' })
    expect(ds.notices.filter((n) => n.code === 'all-missing').map((n) => n.column)).toEqual(['y', 'blank'])
    expect(defaultConfig(ds, 'x').features).toEqual(['sky'])
  })

  it('as the target is refused as the target, not as a feature', async () => {
    const ds = await importCsv(csv, { fileName: 'empty.csv' })
    const run = () => preparePipeline(ds, defaultConfig(ds, 'y', { window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' } }))
    expect(run).toThrow(PipelineError)
    expect(run).toThrow('column "y" has no values in the training rows')
    expect(fieldOf(run)).toBe('target')
    expect(fieldOf(() => preparePipeline(ds, defaultConfig(ds, 'x', { features: ['y'], window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' } })))).toBe('features')
  })
})

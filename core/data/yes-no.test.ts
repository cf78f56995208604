// A column of 0s and 1s as a yes/no class (exploratory pass 14, finding 2): read as false/true where
// a boolean is asked for (a column set to boolean, a classification target without a rule, a model's
// boolean input or yes/no target), said in a note, and never offered to be read as missing.
import { describe, expect, it } from 'vitest'
import { applyFitted, classValues } from './apply'
import { defaultConfig, type PipelineConfig } from './config'
import { ImportError, missingFix } from './errors'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'
import type { ImportOptions } from './types'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** 120 days: x numeric, rain 0/1 (or the words of `yes`/`no`) with a blank on row 7. */
function csv(words: [string, string] = ['0', '1'], edit?: (i: number, f: string[]) => void): string {
  return ['date,x,rain', ...Array.from({ length: 120 }, (_, i) => {
    const f = [day(i), ((i * 37) % 23).toFixed(1), i === 7 ? '' : (i * 7) % 5 < 2 ? words[1] : words[0]]
    edit?.(i, f)
    return f.join(',')
  })].join('\n')
}
const W = { lookback: 5, horizon: 1, stride: 1, mode: 'final' as const }
const load = (text: string, opts: Partial<ImportOptions> = {}) => importCsv(text, { fileName: 'w.csv', ...opts })
const classification = (ds: Awaited<ReturnType<typeof load>>): PipelineConfig => defaultConfig(ds, 'rain', { features: ['x'], window: W, task: { kind: 'classification', rule: null } })

describe('a column of 0s and 1s set to boolean', () => {
  it('reads 0 as false and 1 as true, a blank as missing', async () => {
    const ds = await load(csv(), { columns: { rain: { type: 'boolean' } } })
    const rain = ds.columns.find((c) => c.name === 'rain')!
    expect(rain.kind).toBe('boolean')
    const v = (rain as { values: Float64Array }).values
    expect([v[0], v[2], v[7]]).toEqual([1, 0, NaN])
  })

  it('refused for a 2 among them names the 2, never a 0 or a 1, and the app offers to read only the 2 as missing', async () => {
    const err = await load(csv(['0', '1'], (i, f) => { if (i === 30) f[2] = '2' }), { columns: { rain: { type: 'boolean' } } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImportError)
    expect((err as ImportError).value).toBe('2')
    expect((err as ImportError).line).toBe(32)
    expect(missingFix(err as ImportError)).toBe('2')
    expect(missingFix({ code: 'invalid-boolean', column: 'rain', value: '1' })).toBeNull()
    expect(missingFix({ code: 'invalid-boolean', column: 'rain', value: '0' })).toBeNull()
  })

  it('read without a type stays numbers', async () => {
    const ds = await load(csv())
    expect(ds.columns.find((c) => c.name === 'rain')!.kind).toBe('numeric')
  })
})

describe('a 0/1 target', () => {
  it('with --task classification is a yes/no class, said in a note', async () => {
    const ds = await load(csv())
    const prep = preparePipeline(ds, classification(ds))
    expect(prep.fitted.target).toMatchObject({ kind: 'classification', classes: ['false', 'true'], rule: null })
    expect(prep.notices.map((n) => n.message)).toContain('"rain" holds only 0 and 1: read as no/yes')
    expect(Array.from(prep.targetRaw.slice(0, 3))).toEqual([1, 0, 0])
    // the same run as the yes/no file's: the model stores one thing for both
    const yn = await load(csv(['no', 'yes']))
    const prepYn = preparePipeline(yn, classification(yn))
    expect(prep.fitted).toEqual(prepYn.fitted)
    expect(Array.from(prep.inputs)).toEqual(Array.from(prepYn.inputs))
  })

  it('run as a regression gets a hint pointing to classification, in each front end\'s words', async () => {
    const ds = await load(csv())
    const prep = preparePipeline(ds, defaultConfig(ds, 'rain', { features: ['x'], window: W }))
    const note = prep.notices.find((n) => n.code === 'zero-one-regression')!
    expect(note.message).toBe('"rain" holds only 0 and 1: a regression forecasts numbers between them; to predict no/yes, train with --task classification')
    expect(note.app).toBe('"rain" holds only 0 and 1: a regression forecasts numbers between them; to predict no/yes, choose Classification as the Task in Setup')
  })

  it('a model trained on yes/no predicts on 0/1 and a model trained on 0/1 on yes/no, alike', async () => {
    const zo = await load(csv())
    const yn = await load(csv(['no', 'yes']))
    const fromZo = preparePipeline(zo, classification(zo))
    const fromYn = preparePipeline(yn, classification(yn))
    for (const [cfg, fitted] of [[classification(zo), fromZo.fitted], [classification(yn), fromYn.fitted]] as const) {
      const a = applyFitted(await load(csv(), { fileName: 'new.csv' }), cfg, fitted)
      const b = applyFitted(await load(csv(['no', 'yes']), { fileName: 'new.csv' }), cfg, fitted)
      expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs))
      expect(Array.from(a.targetRaw!)).toEqual(Array.from(b.targetRaw!))
      expect(a.notices.map((n) => n.message)).toContain('"rain" holds only 0 and 1: read as no/yes')
    }
    // an ONNX file's classes read a 0/1 column too
    const rain = zo.columns.find((c) => c.name === 'rain')!
    expect(Array.from(classValues(rain, { column: 'rain', classes: ['false', 'true'], rule: null }, 'new.csv').slice(0, 3))).toEqual([1, 0, 0])
  })

  it('a boolean input given 0/1 is read as no/yes', async () => {
    const yn = await load(csv(['no', 'yes']))
    const cfg = defaultConfig(yn, 'x', { features: ['rain'], window: W })
    const prep = preparePipeline(yn, cfg)
    const a = applyFitted(await load(csv(), { fileName: 'new.csv' }), cfg, prep.fitted)
    expect(Array.from(a.inputs)).toEqual(Array.from(applyFitted(yn, cfg, prep.fitted).inputs))
  })
})

describe('a constant 0 or 1 column', () => {
  // exploratory pass 15, finding 2: a series of sales all 0 was told "holds only 0 and 1 ... train
  // with --task classification"; it is a constant, not a yes/no class
  const constant = (v: string) => csv(['0', '1'], (_, f) => { f[2] = v })
  it('run as a regression gets no hint pointing to classification', async () => {
    for (const v of ['0', '1']) {
      const ds = await load(constant(v))
      const prep = preparePipeline(ds, defaultConfig(ds, 'rain', { features: ['x'], window: W }))
      expect(prep.notices.filter((n) => n.code === 'zero-one-regression')).toEqual([])
    }
  })

  it('is still read as no/yes where the model already reads the column so (new rows of one class)', async () => {
    const zo = await load(csv())
    const cfg = classification(zo)
    const fitted = preparePipeline(zo, cfg).fitted
    const a = applyFitted(await load(constant('1'), { fileName: 'new.csv' }), cfg, fitted)
    expect(Array.from(a.targetRaw!.slice(0, 3))).toEqual([1, 1, 1])
    expect(a.notices.map((n) => n.message)).toContain('"rain" holds only 0 and 1: read as no/yes')
  })
})

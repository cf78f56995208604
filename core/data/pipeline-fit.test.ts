// preparePipeline's fitted parameters and refusals, on small hand-made files whose right answers can
// be worked out by hand: scalers (z-score with the population std, min-max, none) from training rows,
// the log transform (explicit and automatic), level-relative targets and their scale, imputation of
// categorical columns, boolean columns, classification targets, dropped rows, and the errors an
// analyst sees for a wrong column, kind or rule.
import { describe, expect, it } from 'vitest'
import { defaultConfig, LOG_AUTO_RATIO, type PipelineConfig } from './config'
import { PipelineError } from './errors'
import { importCsv } from './import'
import {
  applyScaler, fillCodes, fillNumeric, inverseTarget, invertScaler, preparePipeline, relativeOffsets, scaledToTarget, targetToScaled, writeOneHot, type Scaler
} from './pipeline'
import type { Dataset } from './types'
import { computeSplits } from './windows'

const load = (text: string): Promise<Dataset> => importCsv(text, { fileName: 'f.csv' })
/** A file of n rows from column functions (numbers written as they are, strings as cells). */
function file(n: number, cols: Record<string, (i: number) => number | string>): Promise<Dataset> {
  const names = Object.keys(cols)
  return load([names.join(','), ...Array.from({ length: n }, (_, i) => names.map((c) => String(cols[c]!(i))).join(','))].join('\n') + '\n')
}
// 10 rows: train [0, 6), val [6, 8), test [8, 10); one-step windows
const small = (ds: Dataset, target: string, patch: Partial<PipelineConfig> = {}) =>
  defaultConfig(ds, target, { split: { by: 'fraction', train: 0.6, val: 0.2, gap: 0 }, window: { lookback: 1, horizon: 1, stride: 1, mode: 'final' }, ...patch })

function error(f: () => unknown): PipelineError {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineError)
    return e as PipelineError
  }
  throw new Error('no error')
}

describe('scalers are fitted on the training rows and invert exactly', () => {
  const y = [1, 2, 3, 4, 5, 6, 100, 200, 300, 400] // validation and test far outside the training range

  it('z-score: training mean and population std', async () => {
    const ds = await file(10, { y: (i) => y[i]! })
    const p = preparePipeline(ds, small(ds, 'y'))
    const s = p.fitted.scalers.y as Extract<Scaler, { kind: 'zscore' }>
    expect(s.kind).toBe('zscore')
    expect(s.mean).toBeCloseTo(3.5, 12)
    expect(s.std).toBeCloseTo(Math.sqrt(17.5 / 6), 12) // population, not the sample's sqrt(17.5 / 5)
    expect(p.target[0]).toBeCloseTo((1 - 3.5) / s.std, 6)
    expect(p.fitted.warnings).toEqual([])
    const t = p.fitted.target
    if (t.kind !== 'regression') throw new Error('regression')
    y.forEach((v, i) => expect(targetToScaled(t, v)).toBeCloseTo(p.target[i]!, 5))
    expect(Array.from(inverseTarget(p.fitted, p.target))).toEqual(y.map((v) => expect.closeTo(v, 3)))
  })

  it('min-max: training rows map to [0, 1], later rows beyond it', async () => {
    const mixed = [3, 1, 6, 2, 5, 4, 100, 200, 300, 400] // the extremes neither first nor last
    const ds = await file(10, { y: (i) => mixed[i]! })
    const p = preparePipeline(ds, small(ds, 'y', { scaling: 'minmax' }))
    expect(p.fitted.scalers.y).toEqual({ kind: 'minmax', min: 1, max: 6 })
    expect(p.target[1]).toBe(0)
    expect(p.target[2]).toBe(1)
    expect(p.target[6]).toBeCloseTo(99 / 5, 5)
    expect(Array.from(inverseTarget(p.fitted, p.target))).toEqual(mixed.map((v) => expect.closeTo(v, 3)))
    // a constant column gets a range of 1, with a warning
    const flat = await file(10, { y: (i) => mixed[i]!, k: () => 7 })
    const q = preparePipeline(flat, small(flat, 'y', { scaling: 'minmax', features: ['k'] }))
    expect(q.fitted.scalers.k).toEqual({ kind: 'minmax', min: 7, max: 8 })
    expect(q.fitted.warnings).toEqual(['column "k" is constant on the training rows; its range is set to 1'])
  })

  it('none: values pass unchanged', async () => {
    const ds = await file(10, { y: (i) => y[i]! })
    const p = preparePipeline(ds, small(ds, 'y', { scaling: 'none' }))
    expect(p.fitted.scalers.y).toEqual({ kind: 'none' })
    expect(Array.from(p.target)).toEqual(y)
    expect(Array.from(p.inputs)).toEqual(y) // the target as its own input
  })

  it('applyScaler and invertScaler are inverses for every kind', () => {
    const kinds: Scaler[] = [{ kind: 'zscore', mean: 3, std: 2 }, { kind: 'minmax', min: -1, max: 4 }, { kind: 'none' }]
    expect(kinds.map((s) => applyScaler(s, 7))).toEqual([2, 1.6, 7])
    for (const s of kinds) for (const x of [-3, 0, 7.25]) expect(invertScaler(s, applyScaler(s, x))).toBeCloseTo(x, 12)
  })

  it('an input column is scaled on its own training rows; a boolean one is left as 0/1', async () => {
    const ds = await file(10, { y: (i) => i, x: (i) => (i < 6 ? 10 + 2 * i : 1000), b: (i) => (i % 3 === 0 ? 'true' : 'false') })
    const p = preparePipeline(ds, small(ds, 'y', { features: ['x', 'b'], scaling: 'minmax' }))
    expect(p.fitted.inputNames).toEqual(['y', 'x', 'b'])
    expect(p.fitted.scalers.x).toEqual({ kind: 'minmax', min: 10, max: 20 })
    expect(p.fitted.scalers.b).toEqual({ kind: 'none' })
    expect(p.fitted.inputs.map((b) => [b.column, b.kind, b.offset, b.size])).toEqual([['y', 'numeric', 0, 1], ['x', 'numeric', 1, 1], ['b', 'boolean', 2, 1]])
    const col = (d: number) => Array.from({ length: 10 }, (_, i) => p.inputs[i * 3 + d])
    expect(col(1).slice(0, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => expect.closeTo(v, 6)))
    expect(col(2)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 1])
  })

  it('the target listed among the features is still one input; the time column gives each row its time', async () => {
    const ds = await load('d,y,x\n' + Array.from({ length: 10 }, (_, i) => `2021-03-${String(i + 1).padStart(2, '0')},${i},${i * 2}`).join('\n') + '\n')
    const p = preparePipeline(ds, small(ds, 'y', { features: ['x', 'y'] }))
    expect(p.fitted.inputNames).toEqual(['y', 'x'])
    expect(p.D).toBe(2)
    expect(Array.from(p.time!)).toEqual(Array.from({ length: 10 }, (_, i) => Date.UTC(2021, 2, i + 1)))
    const untimed = await file(10, { y: (i) => i })
    expect(preparePipeline(untimed, small(untimed, 'y')).time).toBeNull()
  })

  it('a column without a value in the training rows is refused, naming it', async () => {
    const ds = await file(10, { y: (i) => i, x: (i) => (i < 6 ? 'NA' : i) })
    const e = error(() => preparePipeline(ds, small(ds, 'y', { features: ['x'] })))
    expect([e.code, e.field]).toEqual(['short-series', 'features'])
    expect(e.message).toContain('"x" has no values in the training rows')
    const noTarget = await file(10, { y: (i) => (i < 6 ? 'NA' : i) })
    const t = error(() => preparePipeline(noTarget, small(noTarget, 'y', { level: 'window' })))
    expect(t.message).toContain('"y" has no values in the training rows')
  })
})

describe('the log transform', () => {
  const grow = (i: number) => 2 ** (i / 2) // training max/min = 2^2.5 > LOG_AUTO_RATIO

  it('explicit: the network sees log(y), scaled on the training rows; forecasts come back in units', async () => {
    const ds = await file(10, { y: grow })
    const p = preparePipeline(ds, small(ds, 'y', { transform: 'log' }))
    const t = p.fitted.target
    expect(t).toMatchObject({ kind: 'regression', transform: 'log' })
    const logs = Array.from({ length: 6 }, (_, i) => Math.log(grow(i)))
    const s = p.fitted.scalers.y as Extract<Scaler, { kind: 'zscore' }>
    expect(s.mean).toBeCloseTo(logs.reduce((a, b) => a + b) / 6, 12)
    if (t.kind !== 'regression') throw new Error('regression')
    for (let i = 0; i < 10; i++) {
      expect(scaledToTarget(t, p.target[i]!)).toBeCloseTo(grow(i), 4)
      expect(targetToScaled(t, grow(i))).toBeCloseTo(p.target[i]!, 5)
    }
    expect(Array.from(p.targetRaw)).toEqual(Array.from({ length: 10 }, (_, i) => grow(i))) // raw stays in units
    expect(Array.from(p.inputs)).toEqual(Array.from(p.target)) // the target's input sees log(y) too
    expect(p.config.transform).toBe('log')
  })

  it('refuses a target with a value <= 0, naming the value and its line', async () => {
    const ds = await file(10, { y: (i) => (i === 7 ? 0 : grow(i)) })
    const e = error(() => preparePipeline(ds, small(ds, 'y', { transform: 'log' })))
    expect(e.code).toBe('bad-config')
    expect(e.field).toBe('transform')
    expect(e.message).toContain('is 0 on line 9 of f.csv') // header is line 1
    const first = await file(10, { y: (i) => (i === 0 ? -1 : grow(i)) })
    expect(error(() => preparePipeline(first, small(first, 'y', { transform: 'log' }))).message).toContain('is -1 on line 2 of f.csv')
  })

  it(`'auto' takes the log when every value is positive and the training max/min is at least ${LOG_AUTO_RATIO}`, async () => {
    const auto = async (f: (i: number) => number) => {
      const ds = await file(10, { y: f })
      return preparePipeline(ds, small(ds, 'y', { transform: 'auto' }))
    }
    expect((await auto(grow)).config.transform).toBe('log')
    expect((await auto(grow)).fitted.target).toMatchObject({ transform: 'log' })
    expect((await auto((i) => (i < 6 ? 1 + i / 6 : 50))).config.transform).toBe('none') // training ratio 11/6: below
    expect((await auto((i) => (i < 6 ? 1 + i / 6 : 50))).fitted.target).not.toHaveProperty('transform')
    expect((await auto((i) => (i < 6 ? 1 + i / 5 : 50))).config.transform).toBe('log') // exactly 2
    expect((await auto((i) => (i === 9 ? -1 : grow(i)))).config.transform).toBe('none') // a test value <= 0
    expect((await auto((i) => (i === 8 ? 0 : grow(i)))).config.transform).toBe('none') // a zero has no log
    expect((await auto((i) => (i < 6 ? 10 + i : 50))).config.transform).toBe('none') // 15 / 10: below the ratio
    // a config without a transform is returned as given
    const ds = await file(10, { y: grow })
    const cfg = small(ds, 'y')
    expect(preparePipeline(ds, cfg).config).toBe(cfg)
  })

  it("'auto' says so when the training rows call for the log and a later value has none, and models the values as they are", async () => {
    const auto = async (f: (i: number) => number) => {
      const ds = await file(10, { y: f })
      return preparePipeline(ds, small(ds, 'y', { transform: 'auto' }))
    }
    const zero = await auto((i) => (i === 8 ? 0 : grow(i)))
    expect(zero.config.transform).toBe('none')
    const notes = zero.notices.filter((n) => n.code === 'transform')
    expect(notes).toHaveLength(1)
    // row 8 is line 10 (the header is line 1), the first test row
    expect(notes[0]!.message).toBe(`the training rows of "y" span a factor of ${(grow(5) / grow(0)).toFixed(1)} (at least ${LOG_AUTO_RATIO}: a log would be taken), but it is 0 on line 10 of f.csv (the test rows), which has no log: it is modelled as it is`)
    // the app's words name the line alone: its trainer's dataset is columns, named 'dataset'
    expect(notes[0]!.app).toContain('but it is 0 on line 10 (the test rows), which has no log')
    expect((await auto((i) => (i === 7 ? -1 : grow(i)))).notices.find((n) => n.code === 'transform')!.message).toContain('-1 on line 9 of f.csv (the validation rows)')
    // the training rows do not call for the log: nothing to say
    expect((await auto((i) => (i === 8 ? 0 : 10 + i))).notices.filter((n) => n.code === 'transform')).toEqual([])
    expect((await auto((i) => (i === 2 ? 0 : grow(i)))).notices.filter((n) => n.code === 'transform')).toEqual([])
  })
})

describe("level 'window': targets relative to the window's last value", () => {
  it('the scale is the mean absolute one-step change on the training rows; the target input is relative', async () => {
    const y = [1, 3, 2, 6, 4, 5, 50, 60, 70, 80]
    const ds = await file(10, { y: (i) => y[i]!, x: (i) => i * i })
    const p = preparePipeline(ds, small(ds, 'y', { level: 'window', features: ['x'] }))
    const s = p.fitted.scalers.y as Extract<Scaler, { kind: 'zscore' }>
    expect(s.mean).toBeCloseTo(21 / 6, 12)
    expect(s.std).toBeCloseTo((2 + 1 + 4 + 2 + 1) / 5, 12)
    expect(p.fitted.target).toMatchObject({ kind: 'regression', relative: true })
    expect(p.fitted.inputs.map((b) => b.relative ?? false)).toEqual([true, false])
    expect(relativeOffsets(p.fitted)).toEqual([0])
    for (let i = 0; i < 10; i++) expect(p.inputs[i * p.D]).toBe(p.target[i]) // the target's input is the target, scaled alike
    expect(p.relative).toEqual({ offsets: [0], target: true })
  })

  it('a target constant on the training rows gets scale 1 and a warning', async () => {
    const ds = await file(10, { y: (i) => (i < 6 ? 5 : i) })
    const p = preparePipeline(ds, small(ds, 'y', { level: 'window' }))
    expect(p.fitted.scalers.y).toEqual({ kind: 'zscore', mean: 5, std: 1 })
    expect(p.fitted.warnings).toEqual(['column "y" does not change on the training rows; its scale is set to 1'])
    expect(p.notices).toContainEqual({ code: 'scaler', message: p.fitted.warnings[0] })
  })

  it("'global' (and a config from before level modes) has neither flag", async () => {
    const ds = await file(10, { y: (i) => i })
    for (const p of [preparePipeline(ds, small(ds, 'y', { level: 'global' })), preparePipeline(ds, small(ds, 'y'))]) {
      expect(p.fitted.target).not.toHaveProperty('relative')
      expect(p.fitted.inputs[0]).not.toHaveProperty('relative')
      expect(p).not.toHaveProperty('relative')
    }
  })
})

describe('categorical and boolean columns', () => {
  it('one-hot over the training levels; missing cells take the training mode, or the last level with ffill', async () => {
    //          0    1    2    3    4    5  | 6    7  | 8    9      training counts: a 1, b 3, c 1
    const c = ['a', 'b', 'b', '', 'c', 'b', '', 'z', 'a', '']
    const ds = await file(10, { y: (i) => i, c: (i) => c[i]! })
    const onehot = (p: ReturnType<typeof preparePipeline>) => Array.from({ length: 10 }, (_, i) => Array.from(p.inputs.subarray(i * p.D + 1, i * p.D + 4)).join(''))
    const ff = preparePipeline(ds, small(ds, 'y', { features: ['c'] }))
    expect(ff.fitted.inputNames).toEqual(['y', 'c=a', 'c=b', 'c=c']) // 'z' is never seen in training
    expect(ff.fitted.imputers.c).toBe('b') // the training mode
    expect(onehot(ff)).toEqual(['100', '010', '010', '010', '001', '010', '010', '000', '100', '100'])
    const mean = preparePipeline(ds, small(ds, 'y', { features: ['c'], missing: { default: 'mean', columns: {} } }))
    expect(onehot(mean)).toEqual(['100', '010', '010', '010', '001', '010', '010', '000', '100', '010'])
  })

  it('fillCodes: a leading gap takes the mode whatever the policy', () => {
    const codes = Int32Array.from([-1, 2, -1, 0, -1])
    fillCodes(codes, 'ffill', 0)
    expect(Array.from(codes)).toEqual([0, 2, 2, 0, 0])
    const m = Int32Array.from([-1, 2, -1])
    fillCodes(m, 'drop', 0)
    expect(Array.from(m)).toEqual([0, 2, 0])
  })

  it('writeOneHot ignores codes outside the block', () => {
    const inputs = new Float32Array(8)
    writeOneHot(inputs, 2, 0, 2, Int32Array.from([0, 1, 2, -1]))
    expect(Array.from(inputs)).toEqual([1, 0, 0, 1, 0, 0, 0, 0])
  })

  it('a column with no training values is refused', async () => {
    const ds = await file(10, { y: (i) => i, c: (i) => (i < 6 ? '' : 'a') })
    const e = error(() => preparePipeline(ds, small(ds, 'y', { features: ['c'] })))
    expect([e.code, e.field]).toEqual(['short-series', 'features'])
    expect(e.message).toContain('"c" has no values in the training rows')
  })

  it('classification targets: categorical classes from training, a boolean column, a rule on a category', async () => {
    const w = ['sun', 'rain', 'sun', 'fog', 'rain', 'sun', 'rain', 'hail', 'sun', 'fog']
    const ds = await file(10, { y: (i) => i, w: (i) => w[i]!, b: (i) => (i % 2 ? 'true' : 'false') })
    const cat = preparePipeline(ds, small(ds, 'w', { features: ['y'], targetAsInput: false }))
    expect(cat.fitted.target).toMatchObject({ kind: 'classification', classes: ['sun', 'rain', 'fog'], rule: null })
    expect(cat.fitted.inputNames).toEqual(['y']) // the target is not an input here
    expect(Array.from(cat.target)).toEqual([0, 1, 0, 2, 1, 0, 1, -1, 0, 2]) // hail: unseen, -1
    expect(Array.from(inverseTarget(cat.fitted, cat.target))).toEqual(Array.from(cat.target)) // class indices pass unchanged
    expect(Array.from(cat.targetRaw).map((v) => (Number.isNaN(v) ? null : v))).toEqual([0, 1, 0, 2, 1, 0, 1, null, 0, 2])
    const catCfg = small(ds, 'w', { features: ['y'], targetAsInput: false })
    expect(preparePipeline(ds, catCfg).config).toBe(catCfg) // nothing to resolve for classification
    const bool = preparePipeline(ds, small(ds, 'b', { features: ['y'], targetAsInput: false }))
    expect(bool.fitted.target).toMatchObject({ kind: 'classification', classes: ['false', 'true'] })
    expect(Array.from(bool.target)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
    const rule = preparePipeline(ds, small(ds, 'w', { features: ['y'], targetAsInput: false, task: { kind: 'classification', rule: 'w == rain' } }))
    expect(Array.from(rule.target)).toEqual([0, 1, 0, 0, 1, 0, 1, 0, 0, 0])
    expect(rule.fitted.target).toMatchObject({ classes: ['false', 'true'], rule: { column: 'w', op: '==', value: 'rain' } })
    const boolRule = preparePipeline(ds, small(ds, 'b', { features: ['y'], targetAsInput: false, task: { kind: 'classification', rule: 'b < 1' } }))
    expect(Array.from(boolRule.target)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
    // level modes are for regression: a classification config that names one gets no relative inputs
    const lv = preparePipeline(ds, small(ds, 'w', { features: ['y'], level: 'window' }))
    expect(lv.fitted.inputs.some((b) => b.relative)).toBe(false)
    expect(lv).not.toHaveProperty('relative')
  })
})

describe('refusals name the problem and the field', () => {
  it('unknown columns, unusable kinds, a rule about another column, a target of the wrong kind', async () => {
    const ds = await load('d,y,w\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n')
    const cases: [Partial<PipelineConfig> & { target?: string }, string, string, RegExp][] = [
      [{ target: 'nope' }, 'unknown-column', 'target', /no column "nope" in f\.csv; its numeric columns: y$/],
      // the nearest column, read without case or as a name the other begins
      [{ target: 'Y' }, 'unknown-column', 'target', /no column "Y" in f\.csv \(did you mean "y"\?\)/],
      [{ features: ['gone'] }, 'unknown-column', 'features', /no column "gone" in f\.csv; its columns: d, y, w$/],
      [{ features: ['wx'] }, 'unknown-column', 'features', /\(did you mean "w"\?\)/],
      // every input the file lacks, at once
      [{ features: ['w', 'Wx', 'gone', 'yy'] }, 'unknown-column', 'features', /no columns "Wx", "gone" and "yy" in f\.csv \(did you mean "w" for "Wx" and "y" for "yy"\?\); its columns: d, y, w$/],
      [{ task: { kind: 'classification', rule: 'w == a' } }, 'bad-rule', 'task.rule', /the rule is about "w" but the target is "y"/],
      [{ task: { kind: 'classification', rule: null } }, 'bad-config', 'task.rule', /classification needs a categorical or boolean target, or a rule such as "y > 0"/]
    ]
    for (const [patch, code, field, msg] of cases) {
      const e = error(() => preparePipeline(ds, small(ds, patch.target ?? 'y', { features: [], ...patch })))
      expect([e.code, e.field], String(msg)).toEqual([code, field])
      expect(e.message).toMatch(msg)
    }
    const texts = await importCsv('y,s\n' + Array.from({ length: 10 }, (_, i) => `${i},note ${i}`).join('\n') + '\n', { fileName: 't.csv', maxLevels: 3 })
    expect(texts.columns.find((c) => c.name === 's')!.kind).toBe('text')
    const te = error(() => preparePipeline(texts, small(texts, 'y', { features: ['s'] })))
    expect([te.code, te.field]).toEqual(['bad-config', 'features'])
    expect(te.message).toContain('column "s" is text and cannot be a model input')
    expect(ds.columns.find((c) => c.name === 'd')!.kind).toBe('date')
    const e = error(() => preparePipeline(ds, small(ds, 'y', { features: ['d'] })))
    expect([e.code, e.field]).toEqual(['bad-config', 'features'])
    expect(e.message).toContain('column "d" is date and cannot be a model input')
    // the target: what the column is, not "cannot be a model input" of its own past
    const t = error(() => preparePipeline(ds, small(ds, 'd', { features: [] })))
    expect([t.code, t.field, t.message]).toEqual(['bad-config', 'target', 'target: "d" is the time column (dates) of f.csv, not values to forecast; the target is a column of numbers (here: "y"), or of classes with a classification task'])
    // a target of categories with a regression task: said in the user's words, the fix in each
    // front end's (no config path such as task.kind, which neither the flags nor Setup show)
    const reg = error(() => preparePipeline(ds, small(ds, 'w', { features: [], task: { kind: 'regression' } })))
    expect([reg.code, reg.field]).toEqual(['bad-config', undefined])
    expect(reg.message).toBe('the target column "w" holds text (categories), not numbers, and a regression forecasts numbers; to predict its classes, train with --task classification')
    expect(reg.app).toBe('the target column "w" holds text (categories), not numbers, and a regression forecasts numbers; to predict its classes, choose Classification as the Task in Setup')
    const tt = error(() => preparePipeline(texts, small(texts, 's', { features: [] })))
    expect(tt.message).toBe('target: "s" is text (too many distinct values to be classes) of t.csv, not values to forecast; the target is a column of numbers (here: "y"), or of classes with a classification task')
  })

  it('a target of numbers written with a per cent or currency sign is a number; set to categorical, the refusal says why, naming a line', async () => {
    const pctText = 'd,y\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${(i * 1.5).toFixed(1)}%`).join('\n') + '\n'
    const pct = await load(pctText)
    expect(pct.columns[1]).toMatchObject({ kind: 'numeric', unit: '%' })
    expect(() => preparePipeline(pct, small(pct, 'y', { features: [], task: { kind: 'regression' } }))).not.toThrow()
    const asText = await importCsv(pctText, { fileName: 'f.csv', columns: { y: { type: 'categorical' } } })
    const e = error(() => preparePipeline(asText, small(asText, 'y', { features: [], task: { kind: 'regression' } })))
    expect([e.code, e.field]).toEqual(['bad-config', undefined])
    expect(e.message).toBe('the target column "y" holds text (categories), not numbers, and a regression forecasts numbers: its values are numbers written with a per cent sign ("0.0%" on line 2 of f.csv), read as text; import the file with the column\'s type numeric or left to the import, which reads such numbers without their sign')
    const usd = await importCsv('d,y\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},"${i === 3 ? '($1,250.00)' : `$${i + 1},${String(100 + i)}.50`}"`).join('\n') + '\n', { fileName: 'f.csv', columns: { y: { type: 'categorical' } } })
    expect(error(() => preparePipeline(usd, small(usd, 'y', { features: [], task: { kind: 'regression' } }))).message).toMatch(/numbers written with a currency sign \("\$1,100\.50" on line 2 of f\.csv\)/)
    // words are not numbers with a unit: no hint
    const words = await load('d,y\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i % 2 ? 'rain' : '5 %'}`).join('\n') + '\n')
    expect(error(() => preparePipeline(words, small(words, 'y', { features: [], task: { kind: 'regression' } }))).message).toBe('the target column "y" holds text (categories), not numbers, and a regression forecasts numbers; to predict its classes, train with --task classification')
  })
})

describe('missing values', () => {
  it("'drop' removes the rows before splitting, with a notice that counts them", async () => {
    const ds = await file(12, { y: (i) => i, x: (i) => (i === 2 || i === 9 ? 'NA' : i) })
    const p = preparePipeline(ds, small(ds, 'y', { features: ['x'], missing: { default: 'ffill', columns: { x: 'drop' } } }))
    expect(p.N).toBe(10)
    expect(Array.from(p.lines)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 12, 13])
    expect(p.notices).toContainEqual({ code: 'dropped-missing', message: '2 rows with missing values were dropped' })
    // a row goes when any of the 'drop' columns misses a value, a category included
    const two = await file(12, { y: (i) => i, x: (i) => (i === 2 ? 'NA' : i), c: (i) => (i === 5 ? '' : 'ab'[i % 2]!) })
    const q = preparePipeline(two, small(two, 'y', { features: ['x', 'c'], missing: { default: 'drop', columns: {} } }))
    expect(Array.from(q.lines)).toEqual([2, 3, 5, 6, 8, 9, 10, 11, 12, 13])
    // no missing value: the same dataset, no notice
    const full = preparePipeline(ds, small(ds, 'y', { features: [], missing: { default: 'drop', columns: {} } }))
    expect(full.N).toBe(12)
    expect(full.notices.some((n) => n.code === 'dropped-missing')).toBe(false)
  })

  it("'drop' on dated rows says the holes it leaves and names the largest (exploratory pass 22, finding 10)", async () => {
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)
    const ds = await file(40, { date: (i) => day(i), y: (i) => ((i >= 10 && i < 15) || i === 25 ? 'NA' : i) })
    const p = preparePipeline(ds, small(ds, 'y', { features: [], missing: { default: 'drop', columns: {} } }))
    expect(p.N).toBe(34)
    expect(p.notices).toContainEqual({ code: 'dropped-missing', message: "6 rows with missing values were dropped, which leaves 2 holes in the dates: a window, the baselines and the statistical models' season read the rows either side of a hole as one step apart; the largest, 5 rows from 2021-01-11 to 2021-01-15" })
    // dropped at the end only: no hole
    const end = await file(20, { date: (i) => day(i), y: (i) => i, x: (i) => (i >= 18 ? 'NA' : i) })
    expect(preparePipeline(end, small(end, 'y', { features: ['x'], missing: { default: 'drop', columns: {} } })).notices).toContainEqual({ code: 'dropped-missing', message: '2 rows with missing values were dropped' })
  })

  it('fillNumeric: a gap before any value takes the training mean; every other gap the value before, in any split', () => {
    const v = Float64Array.from([NaN, 2, NaN, 4, NaN, NaN, 10, NaN])
    fillNumeric(v, 'interpolate', 7)
    // row 0: nothing before; every later gap: the value before, never the value after it (was 3 on row 2, a line to row 3)
    expect(Array.from(v)).toEqual([7, 2, 2, 4, 4, 4, 10, 10])
    const m = Float64Array.from([NaN, 2, NaN])
    fillNumeric(m, 'mean', 7)
    expect(Array.from(m)).toEqual([7, 2, 7])
  })

  it("fillNumeric with a season: a seasonal series' missing months are filled closer to the truth than by the value before, from no later row", () => {
    // 5 years of months: a level rising 0.5 a month, a season of amplitude 10, a small wobble
    const truth = Float64Array.from({ length: 60 }, (_, i) => 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 12) + Math.sin(i * 1.7))
    const gaps = [27, 39, 52] // a peak (i = 3 mod 12), the month after the next trough's start, a test row
    const holed = Float64Array.from(truth, (x, i) => (gaps.includes(i) ? NaN : x))
    const seasonal = Float64Array.from(holed)
    fillNumeric(seasonal, 'interpolate', 0, 12)
    // each month from the 14th on absent alone in turn: under half the value before's error in all
    // (the wobble is not in the season; at a peak the value before is close anyway)
    let flatErr = 0
    let seasonErr = 0
    for (let g = 13; g < 60; g++) {
      const one = Float64Array.from(truth, (x, i) => (i === g ? NaN : x))
      const flat = Float64Array.from(one)
      fillNumeric(flat, 'interpolate', 0)
      fillNumeric(one, 'interpolate', 0, 12)
      flatErr += Math.abs(flat[g]! - truth[g]!)
      seasonErr += Math.abs(one[g]! - truth[g]!)
    }
    expect(seasonErr).toBeLessThan(flatErr / 2)
    // the value before plus the change between the same months a year earlier
    for (const g of gaps) expect(seasonal[g]).toBe(seasonal[g - 1]! + seasonal[g - 12]! - seasonal[g - 13]!)
    // the rows that were there are kept as they are
    for (let i = 0; i < 60; i++) if (!gaps.includes(i)) expect(seasonal[i]).toBe(truth[i])
    // a gap reads no later row: every row after each gap changed, the fill is the same
    for (const g of gaps) {
      const later = Float64Array.from(holed, (x, i) => (i > g ? x + 50 : x))
      fillNumeric(later, 'interpolate', 0, 12)
      expect(later[g]).toBe(seasonal[g])
    }
    // fewer than a season and a row before a gap: the value before
    const early = Float64Array.from(truth.subarray(0, 24), (x, i) => (i === 5 ? NaN : x))
    fillNumeric(early, 'interpolate', 0, 12)
    expect(early[5]).toBe(truth[4])
  })
})

describe('a series too short for its windows', () => {
  it.each([
    ['final', 9, { lookback: 6, horizon: 2, stride: 1, mode: 'final' }, 1],
    ['per-step', 9, { lookback: 6, horizon: 2, stride: 1, mode: 'per-step' }, 1], // a validation or test window needs its last target there (splitWindow)
    ['direct', 9, { lookback: 6, horizon: 3, stride: 1, mode: 'final', targets: 'all' }, 3],
    ['long look-back', 150, { lookback: 130, horizon: 1, stride: 1, mode: 'per-step' }, 1]
  ] as const)('%s: the message gives what each split needs, and the row count it asks for is enough while one fewer is not', async (_, n0, window, other) => {
    const cfgFor = (ds: Dataset) => defaultConfig(ds, 'y', { window: { ...window } })
    const ds = await file(n0, { y: (i) => Math.sin(i) })
    const e = error(() => preparePipeline(ds, cfgFor(ds)))
    expect([e.code, e.field]).toEqual(['short-series', 'window'])
    const L = window.lookback
    const h = window.horizon
    const m = new RegExp(`need at least (\\d+) rows, have ${n0}: the (training|validation|test) split \\(rows (\\d+)-(\\d+)\\) has no window with look-back ${L} and horizon ${h} \\(train needs ${L + h} rows, validation and test ${other} each\\)`).exec(e.message)
    expect(m, e.message).not.toBeNull()
    const r = computeSplits(n0, cfgFor(ds), null)[({ training: 'train', validation: 'val', test: 'test' } as const)[m![2] as 'training' | 'validation' | 'test']]
    expect([Number(m![3]), Number(m![4])]).toEqual([r.start + 1, r.end]) // 1-based, inclusive
    const need = Number(m![1])
    expect(need).toBeGreaterThan(n0)
    const enough = await file(need, { y: (i) => Math.sin(i) })
    expect(preparePipeline(enough, cfgFor(enough)).windows.test.starts.length).toBeGreaterThan(0)
    const fewer = await file(need - 1, { y: (i) => Math.sin(i) })
    expect(error(() => preparePipeline(fewer, cfgFor(fewer))).code).toBe('short-series')
  })

  it('an empty split is said to have no rows, not given a range that ends before it starts', async () => {
    const ds = await file(10, { y: (i) => Math.sin(i) })
    const cfg = defaultConfig(ds, 'y', { window: { lookback: 3, horizon: 1, stride: 1, mode: 'final' }, split: { by: 'fraction', train: 0.9, val: 0.02, gap: 0 } })
    const s = computeSplits(10, cfg, null)
    expect(s.val.end - s.val.start).toBe(0)
    const e = error(() => preparePipeline(ds, cfg))
    expect(e.message).toMatch(/the validation split has no rows, so no window with look-back 3 and horizon 1/)
    expect(e.message).not.toMatch(/rows (\d+)-(\d+)/)
  })
})

describe('the target scaler and the log decision fitted with the training outliers replaced (fitReplaced)', () => {
  // training rows [0, 6) near 50 but one bad print; validation and test after
  const y = [50, 51, 50, 5000, 51, 50, 52, 51, 50, 52]
  const rep = [{ row: 3, value: 5000, replacement: 50.5 }]

  it('reads the replacement for the scale and the log ratio, and the value as it is everywhere else', async () => {
    const ds = await file(10, { y: (i) => y[i]! })
    const cfg = small(ds, 'y', { transform: 'auto', level: 'window' })
    const kept = preparePipeline(ds, cfg)
    const clean = preparePipeline(ds, cfg, { fitReplaced: rep })
    // the bad print spans a factor of 100: logged, and its scale a log change of about 2.3 a row
    expect(kept.config.transform).toBe('log')
    // replaced: 50..51, no log; the mean absolute change of 50, 51, 50, 50.5, 51, 50
    expect(clean.config.transform).toBe('none')
    const s = clean.fitted.scalers['y'] as Extract<Scaler, { kind: 'zscore' }>
    expect(s.std).toBeCloseTo((1 + 1 + 0.5 + 0.5 + 1) / 5, 12)
    expect(s.mean).toBeCloseTo((50 + 51 + 50 + 50.5 + 51 + 50) / 6, 12)
    // the network still reads the bad print as it is
    expect(scaledToTarget(clean.fitted.target as never, clean.target[3]!)).toBeCloseTo(5000, 2)
    expect(clean.targetRaw[3]).toBe(5000)
    // a replacement that does not match the data (another value, or a row past the training rows) is left out
    for (const r of [{ row: 3, value: 4999, replacement: 50.5 }, { row: 7, value: 51, replacement: 50 }])
      expect(preparePipeline(ds, cfg, { fitReplaced: [r] }).fitted).toEqual(kept.fitted)
  })
})

import { describe, expect, it } from 'vitest'
import { applyFitted } from './apply'
import { defaultConfig, type MissingPolicy, type PipelineConfig } from './config'
import { PipelineError } from './errors'
import { importCsv } from './import'
import { preparePipeline } from './pipeline'

/** Rows: d date, y target, x numeric, c category, b boolean. Gaps sit away from the split boundaries
 *  (rows 140 and 170 of 200) because preparePipeline never interpolates across one and new data has none. */
function csv(n: number, edit?: (row: number, f: string[]) => void): string {
  const lines = ['d,y,x,c,b']
  for (let i = 0; i < n; i++) {
    const f = [new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10), (10 + 5 * Math.sin(i / 5) + ((i * 7919) % 13) / 10).toFixed(3),
      i % 9 === 2 ? 'NA' : ((i * 31) % 97).toFixed(2), i % 11 === 5 ? '' : ['a', 'b', 'c'][i % 3], i % 13 === 3 ? '' : i % 4 === 0 ? 'yes' : 'no']
    if (i === 3) f[1] = 'NA'
    edit?.(i, f)
    lines.push(f.join(','))
  }
  return lines.join('\n')
}
const load = (text: string, file = 'new.csv') => importCsv(text, { fileName: file })
const config = async (text: string, patch: Partial<PipelineConfig>) => defaultConfig(await load(text), 'y', { features: ['x', 'c', 'b'], window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' }, ...patch })

describe('applyFitted on the training data reproduces preparePipeline', () => {
  const cases: [string, PipelineConfig['scaling'], MissingPolicy, Record<string, MissingPolicy>][] = [
    ['zscore, ffill', 'zscore', 'ffill', {}],
    ['minmax, mean', 'minmax', 'mean', {}],
    ['none, interpolate', 'none', 'interpolate', {}],
    ['zscore, drop rows missing x, mean elsewhere', 'zscore', 'mean', { x: 'drop' }]
  ]
  for (const [name, scaling, def, columns] of cases) {
    it(name, async () => {
      const text = csv(200)
      const cfg = await config(text, { scaling, missing: { default: def, columns } })
      const prep = preparePipeline(await load(text), cfg)
      const a = applyFitted(await load(text), cfg, prep.fitted)
      expect(a.N).toBe(prep.N)
      expect(a.D).toBe(prep.D)
      expect(prep.D).toBe(1 + 1 + 3 + 1) // y, x, c=a|b|c, b
      expect(Array.from(a.inputs)).toEqual(Array.from(prep.inputs))
      expect(Array.from(a.time ?? [])).toEqual(Array.from(prep.time ?? []))
      expect(Array.from(a.lines)).toEqual(Array.from(prep.lines))
      // targetRaw keeps the gap at row 3 (an actual is never imputed); every other row matches
      const raw = a.targetRaw as Float64Array
      for (let i = 0; i < a.N; i++) if (prep.lines[i] !== 5) expect(raw[i]).toBe(prep.targetRaw[i])
      expect(raw[a.lines.indexOf(5)]).toBeNaN()
    })
  }

  it('sorts shuffled rows like training did, and classification targets use the stored classes', async () => {
    const text = csv(200)
    const rows = text.split('\n')
    const shuffled = [rows[0], ...rows.slice(1).reverse()].join('\n')
    const cfg = await config(text, { task: { kind: 'classification', rule: 'y > 10' } })
    const prep = preparePipeline(await load(text), cfg)
    const a = applyFitted(await load(shuffled), cfg, prep.fitted)
    expect(Array.from(a.inputs)).toEqual(Array.from(prep.inputs))
    const raw = a.targetRaw as Float64Array
    for (let i = 0; i < a.N; i++) if (i !== 3) expect(raw[i]).toBe(prep.targetRaw[i])
  })
})

describe('applyFitted on new data', () => {
  it('a level unseen in training is all zeros; a missing target column gives targetRaw null', async () => {
    const train = csv(200)
    const cfg = await config(train, { targetAsInput: false })
    const prep = preparePipeline(await load(train), cfg)
    const fresh = csv(20, (i, f) => {
      f.splice(1, 1) // no target column
      if (i === 7) f[2] = 'never-seen'
    }).replace('d,y,x,c,b', 'd,x,c,b')
    const a = applyFitted(await load(fresh), cfg, prep.fitted)
    expect(a.targetRaw).toBeNull()
    const c = prep.fitted.inputs.find((b) => b.column === 'c')!
    expect(Array.from(a.inputs.subarray(7 * a.D + c.offset, 7 * a.D + c.offset + c.size))).toEqual([0, 0, 0])
    expect(Array.from(a.inputs.subarray(8 * a.D + c.offset, 8 * a.D + c.offset + c.size)).reduce((s, v) => s + v)).toBe(1)
  })

  it('names ALL the missing input columns', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    const fresh = 'd,y,b\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i},yes`).join('\n')
    await expect(load(fresh).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/new\.csv lacks the columns "x" and "c"/)
    await expect(load(fresh).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toBeInstanceOf(PipelineError)
    // renamed in case only: pointed out, not matched
    const cased = 'd,y,X,b\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i},${i},yes`).join('\n')
    await expect(load(cased).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow('new.csv lacks the columns "x" and "c" that the model needs; names must match exactly, case included, and this file has "X" for "x": rename it in the file')
    // only a change of case is pointed out (caseVariants), not closestColumn's nearer guesses: "xx" is one edit from "x"
    const near = 'd,y,xx,C,b\n' + Array.from({ length: 10 }, (_, i) => `2021-01-${String(i + 1).padStart(2, '0')},${i},${i},n,yes`).join('\n')
    await expect(load(near).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/names must match exactly, case included, and this file has "C" for "c": rename it in the file$/)
  })

  it('says where a column of times of day the model read apart, as text, was joined to the days by the import', async () => {
    // trained with the shift's start kept apart (--type time=categorical, the app's Keep "time" apart)
    const shifts = 'd,time,y\n' + Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${i % 2 ? '09:30' : '13:00'},${(10 + Math.sin(i / 3)).toFixed(2)}`).join('\n')
    const apart = { columns: { time: { type: 'categorical' as const } } }
    const train = await importCsv(shifts, { fileName: 'train.csv', ...apart })
    const cfg = defaultConfig(train, 'y', { features: ['time'], window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' } })
    const prep = preparePipeline(train, cfg)
    // the same file read without the type: "time" is joined to "d", and the refusal says so
    const e = await load(shifts).then((ds) => applyFitted(ds, cfg, prep.fitted)).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PipelineError)
    expect((e as PipelineError).message).toBe('features: new.csv lacks the column "time" that the model needs; "time" was read as the time of day of "d", one time, and the model read it apart, as text: read the file with --type time=categorical')
    expect((e as PipelineError).app).toBe('features: new.csv lacks the column "time" that the model needs; "time" was read as the time of day of "d", one time, and the model read it apart, as text: in the Data view, press Keep "time" apart, as text')
    // read as it was trained, it applies
    expect(applyFitted(await importCsv(shifts, { fileName: 'new.csv', ...apart }), cfg, prep.fitted).inputs.length).toBeGreaterThan(0)
  })

  it('refuses a column of the wrong kind and fewer rows than the look-back', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    const numericC = csv(20, (i, f) => (f[3] = String(i)))
    await expect(load(numericC).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/column "c" of new\.csv is numeric, but the model was trained on categorical/)
    await expect(load(csv(4, (i, f) => i === 3 && (f[1] = '1'))).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/need at least 5 rows, have 4/)
  })

  it('names the target as the target, and the value and line that make a yes/no column text', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    // the model reads the target's history: a file without it lacks the target, not a feature
    const noTarget = csv(20).split('\n').map((l) => l.split(',').filter((_, k) => k !== 1).join(',')).join('\n')
    await expect(load(noTarget).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/^target: new\.csv lacks the target column "y" that the model needs \(it reads its history\)$/)
    // the time column and the target are named by their roles, not as features (fw predict of another
    // file); the first y is no "10.000", which without the dates beside it is ten or ten thousand
    const drop = (keep: (k: number) => boolean) => csv(20, (i, f) => i === 0 && (f[1] = '10.5')).split('\n').map((l) => l.split(',').filter((_, k) => keep(k)).join(',')).join('\n')
    await expect(load(drop((k) => k > 1)).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/^target: new\.csv lacks the time column "d" and the target column "y" that the model needs \(it reads the target's history\)$/)
    await expect(load(drop((k) => k !== 0 && k !== 2)).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/^features: new\.csv lacks the time column "d" and the input column "x" that the model needs$/)
    await expect(load(drop((k) => k !== 0), 'rows.csv').then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/^time: rows\.csv lacks the time column "d" that the model needs$/)
    // "maybe" in the yes/no column "b" (record 7, line 8): named with its line
    const maybe = csv(20, (i, f) => i === 6 && (f[4] = 'maybe'))
    await expect(load(maybe).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow(/^features: column "b" of new\.csv is categorical \("maybe" on line 8, not a yes\/no or true\/false value\), but the model was trained on boolean values$/)
    // a yes/no target the model reads: the same, under the target's name
    const yn = csv(200, (i, f) => (f[4] = i % 13 === 3 ? '' : i % 4 === 0 ? 'yes' : 'no'))
    const byB = defaultConfig(await load(yn), 'b', { features: ['x'], task: { kind: 'classification', rule: null }, window: { lookback: 5, horizon: 1, stride: 1, mode: 'final' } })
    const fitted = preparePipeline(await load(yn), byB).fitted
    expect(fitted.inputs.some((b) => b.column === 'b')).toBe(true)
    await expect(load(maybe).then((ds) => applyFitted(ds, byB, fitted))).rejects.toThrow(/^target: column "b" of new\.csv is categorical \("maybe" on line 8/)
  })

  it('gaps in new rows: the note says what can fill them, not data.resample, which applying a model does not set', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    const gaps = csv(40).split('\n').filter((_, k) => k < 20 || k > 28).join('\n')
    const note = applyFitted(await load(gaps), cfg, prep.fitted).notices.find((n) => n.code === 'irregular')!
    expect(note.message).toBe('1 of 30 time steps differ from the usual step of a day (daily); largest gap 10 d; a window reads the rows on either side of a gap as one step apart: this model was trained without resampling, so it cannot fill the gaps; a model trained with fw train --resample STEP can')
    expect(note.app).toMatch(/cannot fill the gaps; a model trained with Setup's calendar grid can$/)
  })

  it('says which categories the model never saw in training, which enter as none of its levels', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    const a = applyFitted(await load(csv(60, (i, f) => i % 10 === 0 && (f[3] = i % 20 === 0 ? 'zz' : 'qq'))), cfg, prep.fitted)
    expect(a.notices.find((n) => n.code === 'unseen-levels')?.message).toBe('"c" has 2 values the model never saw in training ("zz", "qq"; 6 rows): they enter as none of its known values')
    expect(applyFitted(await load(csv(60)), cfg, prep.fitted).notices.some((n) => n.code === 'unseen-levels')).toBe(false)
  })

  it('leaves out the rows after the target\'s last value, which the model would read as filled-in history, and says so', async () => {
    const train = csv(200)
    const cfg = await config(train, {})
    const prep = preparePipeline(await load(train), cfg)
    const whole = applyFitted(await load(csv(120)), cfg, prep.fitted)
    const a = applyFitted(await load(csv(120, (i, f) => i >= 110 && (f[1] = ''))), cfg, prep.fitted)
    expect([whole.N, a.N]).toEqual([120, 110])
    // the rows kept are the whole file's first 110, as they were
    expect(Array.from(a.inputs)).toEqual(Array.from(whole.inputs.subarray(0, 110 * a.D)))
    expect(a.notices.find((n) => n.code === 'trailing-target')?.message).toBe('the last 10 rows of new.csv (from line 112) have no "y": the model reads its history, so they are left out, and forecasts start after its last value (line 111, 2020-04-19)')
    expect(whole.notices.some((n) => n.code === 'trailing-target')).toBe(false)
    // no value at all: said, not "need at least 5 rows, have 0"
    await expect(load(csv(20, (_, f) => (f[1] = ''))).then((ds) => applyFitted(ds, cfg, prep.fitted))).rejects.toThrow('new.csv has no value of "y": the model reads its history to forecast')
  })
})

describe('rows of another step than the training rows', () => {
  // the same rows dated a week apart: the model's 5-row window would read 5 weeks as 5 days
  const weekly = (text: string) => text.split('\n').map((l, i) => (i === 0 ? l : l.replace(/^[^,]+/, new Date(Date.UTC(2020, 0, 1) + (i - 1) * 7 * 864e5).toISOString().slice(0, 10)))).join('\n')

  it('are refused naming the file, both steps and what to do, in the CLI\'s words and the app\'s', async () => {
    const text = csv(200)
    const cfg = await config(text, {})
    const prep = preparePipeline(await load(text), cfg)
    expect(prep.fitted.step).toEqual({ ms: 864e5, index: false })
    let e: unknown
    try {
      applyFitted(await load(weekly(text), 'weekly.csv'), cfg, prep.fitted)
    } catch (x) {
      e = x
    }
    expect(e).toBeInstanceOf(PipelineError)
    expect((e as PipelineError).code).toBe('other-step')
    expect((e as PipelineError).message).toBe('weekly.csv has rows 7 d apart, but the model was trained on rows 1 d apart: its look-back (5 rows), horizon and season count steps of 1 d, so it would read these rows as if they were 1 d apart; give it a file with rows 1 d apart, or train a model on weekly.csv with fw train')
    expect((e as PipelineError & { app: string }).app).toMatch(/, or train a run on weekly\.csv in Setup$/)
  })

  it('are accepted at the training step, and unchecked, with a notice, for a fitted pipeline from before it kept its step', async () => {
    const text = csv(200)
    const cfg = await config(text, {})
    const { step: _s, ...before } = preparePipeline(await load(text), cfg).fitted
    const old = applyFitted(await load(weekly(text)), cfg, before)
    expect(old.N).toBe(200)
    // …and said: the step of the rows is not checked
    expect(old.notices.filter((n) => n.code === 'step-unchecked').map((n) => n.message)).toEqual(['the model file does not record the step of its training rows (it was saved by an earlier version), so whether new.csv steps alike is not checked: its look-back, horizon and season count rows of the training step; train the run again to have it checked'])
    const now = applyFitted(await load(text), cfg, preparePipeline(await load(text), cfg).fitted)
    expect(now.N).toBe(200)
    expect(now.notices.some((n) => n.code === 'step-unchecked')).toBe(false)
  })
})

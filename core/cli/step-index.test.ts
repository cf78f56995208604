// An integer step index as the time column (t = 1..N, "period", "step"): the rows are steps, not
// dates. Before, `--time t` was refused ("not a date column") and a file with such a column and no
// date was read in file order without it. Now it is the time: its most common difference is the
// step, forecasts past the end go on from the last value by that step, and every forecast file
// writes the integer, never a date; no calendar inputs can come from it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-step-'))
/** y with a season of 12 steps and a slow trend, at step i. */
const y = (i: number) => (100 + 0.1 * i + 10 * Math.sin((2 * Math.PI * i) / 12) + ((i * 7) % 5) / 5).toFixed(2)
const times = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]!)
const FAST = ['--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive']

function single(name: string, t: (i: number) => number, n = 200): string {
  const csv = join(dir, name)
  writeFileSync(csv, ['t,y', ...Array.from({ length: n }, (_, i) => `${t(i)},${y(i)}`)].join('\n') + '\n')
  return csv
}

describe('an integer step index as the time column', () => {
  it('fw train --time t and fw forecast write the integers, past the end last+step', async () => {
    const csv = single('t.csv', (i) => i + 1)
    const tr = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'run'))
    expect(tr.stderr).toBe('')
    expect(tr.code).toBe(0)
    expect(tr.stdout).toMatch(/"t" counts steps of 1/)
    const written = times(readFileSync(join(dir, 'run', 'predictions.csv'), 'utf8'))
    expect(written.length).toBeGreaterThan(0)
    expect(written.every((s) => /^\d+$/.test(s))).toBe(true)
    expect(written).toContain('200')
    const f = await fw('forecast', '--model', join(dir, 'run', 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(times(readFileSync(join(dir, 'f.csv'), 'utf8'))).toEqual(['201', '202', '203'])
  })

  it('is picked without --time when it is the only increasing integer column named like a time, and inspect says why', async () => {
    const csv = single('auto.csv', (i) => i + 1)
    const r = await fw('inspect', '--csv', csv)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/time column: "t", an integer step index/)
    // its type in the table is what it is, not "date"; --json keeps kind "date" and says so
    expect(r.stdout).toMatch(/^t +step index +0 +1 +200 *$/m)
    const j = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as { columns: { name: string; kind: string; stepIndex?: boolean }[] }
    expect(j.columns.find((c) => c.name === 't')).toMatchObject({ kind: 'date', stepIndex: true })
    expect(j.columns.find((c) => c.name === 'y')!.stepIndex).toBeUndefined()
  })

  it('--time t on t = 1001..1400 is a step index, as without --time (not years); a column named year stays years', async () => {
    const csv = single('t1001.csv', (i) => 1001 + i, 400)
    for (const time of [[], ['--time', 't']]) {
      const i = await fw('inspect', '--csv', csv, ...time)
      expect(i.code).toBe(0)
      expect(i.stdout).toContain('"t" counts steps of 1 (from 1001): an integer step index')
      expect(i.stdout).toMatch(/^t\s+step index\s/m)
      expect(i.stdout).not.toContain('read as years')
      const out = join(dir, `t1001${time.length}`)
      const tr = await fw('train', '--csv', csv, '--target', 'y', ...time, ...FAST, '--out', out)
      expect(tr.code).toBe(0)
      expect(tr.stdout).not.toContain('read as years')
      const written = times(readFileSync(join(out, 'predictions.csv'), 'utf8'))
      expect(written).toContain('1400')
      expect(written.every((s) => /^\d+$/.test(s))).toBe(true)
    }
    const year = join(dir, 'year1001.csv')
    writeFileSync(year, readFileSync(csv, 'utf8').replace(/^t,/, 'year,'))
    const yr = await fw('inspect', '--csv', year, '--time', 'year')
    expect(yr.stdout).toContain('column "year" read as years (1001–1400)')
  })

  it('takes the most common difference as the step, and says the gaps', async () => {
    // steps of 5, one gap of 10 after row 100
    const csv = single('gaps.csv', (i) => 5 * i + (i >= 100 ? 5 : 0))
    const f = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'gaps'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(f.stdout).toMatch(/"t" counts steps of 5/)
    expect(f.stdout).toContain('1 of 199 time steps differ from the usual step of 5 of "t"; largest gap 10;')
    const fc = await fw('forecast', '--model', join(dir, 'gaps', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'g.csv'))
    expect(fc.code).toBe(0)
    expect(times(readFileSync(join(dir, 'g.csv'), 'utf8'))).toEqual([String(5 * 199 + 5 + 5), String(5 * 199 + 5 + 10)])
  })

  it('refuses a repeated or decreasing step naming the line', async () => {
    const dup = single('dup.csv', (i) => (i === 50 ? 50 : i + 1))
    const d = await fw('train', '--csv', dup, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'dup'))
    expect(d.code).toBe(2)
    expect(d.stderr).toMatch(/line 52.*"t".*50/)
    const down = single('down.csv', (i) => (i === 80 ? 10 : i + 1))
    const w = await fw('train', '--csv', down, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'down'))
    expect(w.code).toBe(2)
    expect(w.stderr).toMatch(/line 82.*"t"/)
  })

  it('refuses calendar inputs naming the column', async () => {
    const csv = single('cal.csv', (i) => i + 1)
    const r = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--calendar', 'dow', ...FAST, '--out', join(dir, 'cal'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/"t".*step index.*calendar|calendar.*"t".*step index/)
  })

  it('refuses a calendar grid (--resample day, or data.resample in --config) naming the flag and the column', async () => {
    const csv = single('grid.csv', (i) => i + 1)
    const r = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--resample', 'day', ...FAST, '--out', join(dir, 'grid'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--resample day asks for one row per calendar period, and the time column "t" of grid.csv is an integer step index, no date')
    expect(r.stderr).toContain('leave it out (--resample off)')
    const cfg = join(dir, 'grid.json')
    writeFileSync(cfg, JSON.stringify({ data: { resample: { unit: 'week', every: 1, agg: 'mean' } } }))
    const c = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--config', cfg, ...FAST, '--out', join(dir, 'grid2'))
    expect(c.code).toBe(2)
    expect(c.stderr).toContain('resampling to every week (data.resample) asks for one row per calendar period, and the time column "t" of grid.csv is an integer step index')
    // auto (the default) and off take none
    const off = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--resample', 'auto', ...FAST, '--out', join(dir, 'grid3'))
    expect(off.stderr).toBe('')
    expect(off.code).toBe(0)
  })

  it('a long file of two series, each with its own t, trains one global model and forecasts each from its own end', async () => {
    const csv = join(dir, 'long.csv')
    const rows = ['store,t,y']
    for (const [s, n] of [['a', 150], ['b', 120]] as const) for (let i = 0; i < n; i++) rows.push(`${s},${i + 1},${y(i + (s === 'b' ? 3 : 0))}`)
    writeFileSync(csv, rows.join('\n') + '\n')
    const tr = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--series', 'store', '--global', ...FAST, '--out', join(dir, 'long'))
    expect(tr.stderr).toBe('')
    expect(tr.code).toBe(0)
    const p = readFileSync(join(dir, 'long', 'predictions.csv'), 'utf8')
    expect(p).not.toMatch(/19\d\d-\d\d-\d\d/)
    const f = await fw('forecast', '--model', join(dir, 'long', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'lf.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const out = readFileSync(join(dir, 'lf.csv'), 'utf8')
    expect(out).toMatch(/\ba,151\b|151,.*\ba\b/)
    expect(out).toMatch(/\bb,121\b|121,.*\bb\b/)
    expect(out).not.toMatch(/1970-01-01/)
  })
})

describe("the sentences name a step index's times by their integers", () => {
  it('fw forecast warns the last values lie above the history at "195 to 200", no 1970', async () => {
    const csv = single('jump.csv', (i) => i + 1)
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    // the last 4 rows 80 above everything before
    writeFileSync(csv, [...lines.slice(0, -4), ...lines.slice(-4).map((l) => { const [t, v] = l.split(','); return `${t},${(Number(v) + 80).toFixed(2)}` })].join('\n') + '\n')
    const tr = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'jump'))
    expect(tr.code).toBe(0)
    const f = await fw('forecast', '--model', join(dir, 'jump', 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'jump.csv.out'))
    expect(f.code).toBe(0)
    const said = f.stdout + f.stderr
    expect(said).toContain('the last 6 values of y (195 to 200) lie above') // the trend lifts 195 and 196 above too
    expect(said).not.toContain('1970')
  })
})

describe('every time a step-index run writes is an integer, never a date', () => {
  const long = (name: string, spans: readonly (readonly [string, number, number])[]) => {
    const csv = join(dir, name)
    const rows = ['store,t,y']
    for (const [s, a, b] of spans) for (let i = a; i <= b; i++) rows.push(`${s},${i},${y(i)}`)
    writeFileSync(csv, rows.join('\n') + '\n')
    return csv
  }

  it('fw backtest, single and --global: the folds, notes and skipped series name the integers', async () => {
    const csv = single('bt.csv', (i) => i + 1)
    const one = await fw('backtest', '--csv', csv, '--target', 'y', '--time', 't', '--folds', '3', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--json')
    expect(one.stderr).toBe('')
    expect(one.code).toBe(0)
    expect((JSON.parse(one.stdout) as { folds: unknown[] }).folds).toHaveLength(3)
    expect(one.stdout).not.toContain('1970')
    const csv2 = long('bt-long.csv', [['a', 1, 150], ['b', 1, 120]])
    const g = await fw('backtest', '--csv', csv2, '--target', 'y', '--time', 't', '--series', 'store', '--global', '--folds', '3', '--epochs', '1', '--seed', '1', '--forecaster', 'naive')
    expect(g.code).toBe(0)
    expect(g.stdout).toContain('store = b is left out of folds 2, 3: it ends on 120, before the test block (no rows to score)')
    expect(g.stdout + g.stderr).not.toContain('1970')
  })

  it("a global run's split notes name the cut and the series' spans as integers", async () => {
    const csv = long('span.csv', [['a', 1, 150], ['b', 100, 250]])
    const r = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--series', 'store', '--global', ...FAST, '--out', join(dir, 'span'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('(their first rows run from 1 to 100, their last rows run from 150 to 250): the same cut dates for all (validation from 176, test from 213) would skip 1 of 2 series that their own split keeps (1 end before the test cut date 213)')
    const d = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--series', 'store', '--global', '--cuts', 'dates', ...FAST, '--out', join(dir, 'span2'))
    expect(d.code).toBe(0)
    expect(d.stdout).toContain('ends on 150, before the test cut date 213')
    expect(r.stdout + d.stdout).not.toContain('1970')
  })

  it('fw explain and fw compare name the forecast rows and test periods by the integers', async () => {
    const csv = single('ex.csv', (i) => i + 1)
    const db = join(dir, 'ex.db')
    const base = ['--csv', csv, '--target', 'y', '--time', 't', '--epochs', '1', '--seed', '1', '--db', db]
    expect((await fw('train', ...base, '--out', join(dir, 'ex1'))).code).toBe(0)
    const cfg = join(dir, 'split.json')
    writeFileSync(cfg, JSON.stringify({ data: { split: { kind: 'fraction', train: 0.6, val: 0.2, gap: 0 } } }))
    expect((await fw('train', ...base, '--config', cfg, '--out', join(dir, 'ex2'))).code).toBe(0)
    const e = await fw('explain', '--run', '1', '--db', db)
    expect(e.code).toBe(0)
    expect(e.stdout).toMatch(/forecasts y = \S+ for 201 \(1 step after the window ending 200\)/)
    const c = await fw('compare', '1', '2', '--db', db)
    expect(c.code).toBe(0)
    expect(c.stdout).toContain('Test period: run 1 is scored on 171 – 200 (30 points), run 2 on 161 – 200 (40 points)')
    expect(e.stdout + c.stdout).not.toContain('1970')
  })

  it('a classification with one class in its training rows is refused naming the rows by the integers', async () => {
    const csv = single('cls.csv', (i) => i + 1)
    const r = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--rule', 'y > 125', ...FAST.filter((f) => f !== '--forecaster' && f !== 'naive'), '--out', join(dir, 'cls'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('(the first on 148; the training rows end on 140)')
  })
})

describe('a model file records that its time column is a step index', () => {
  const dated = (name: string) => {
    const csv = join(dir, name)
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
    writeFileSync(csv, ['t,y', ...Array.from({ length: 200 }, (_, i) => `${day(i)},${y(i)}`)].join('\n') + '\n')
    return csv
  }

  it('model.json and its ONNX graph carry step.index; each kind of model refuses a file of the other, saying both', async () => {
    const ints = single('kind-t.csv', (i) => i + 1)
    const dates = dated('kind-d.csv')
    expect((await fw('train', '--csv', ints, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'kind-t'))).code).toBe(0)
    expect((await fw('train', '--csv', dates, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'kind-d'))).code).toBe(0)
    const model = (run: string) => JSON.parse(readFileSync(join(dir, run, 'model.json'), 'utf8')) as { pipeline: { fitted: { step: Record<string, unknown> } } }
    expect(model('kind-t').pipeline.fitted.step).toEqual({ ms: 1, index: true })
    expect(model('kind-d').pipeline.fitted.step).toEqual({ ms: 86_400_000, index: false })
    const onDates = await fw('forecast', '--model', join(dir, 'kind-t', 'model.json'), '--csv', dates, '--steps', '2', '--out', join(dir, 'kind1.csv'))
    expect(onDates.code).toBe(2)
    expect(onDates.stderr).toContain('the model was trained on an integer step index (whole numbers); column "t" of kind-d.csv holds dates')
    const onInts = await fw('predict', '--model', join(dir, 'kind-d', 'model.json'), '--csv', ints, '--out', join(dir, 'kind2.csv'))
    expect(onInts.code).toBe(2)
    expect(onInts.stderr).toContain('the model was trained on dates; column "t" of kind-t.csv holds whole numbers (a step index)')
    expect(onInts.stderr + onDates.stderr).not.toMatch(/\bs apart|ms\b/)
    // the ONNX graph: its metadata 'step' carries index, and refuses dates in the same words
    const onnx = join(dir, 'kind-t.onnx')
    expect((await fw('export', '--from', join(dir, 'kind-t', 'model.json'), '--onnx', onnx)).code).toBe(0)
    const o = await fw('forecast', '--model', onnx, '--csv', dates, '--steps', '2', '--out', join(dir, 'kind3.csv'))
    expect(o.code).toBe(2)
    expect(o.stderr).toContain('the model was trained on an integer step index (whole numbers); column "t" of kind-d.csv holds dates')
    const ok = await fw('forecast', '--model', onnx, '--csv', ints, '--steps', '2', '--out', join(dir, 'kind4.csv'))
    expect(ok.code).toBe(0)
    expect(times(readFileSync(join(dir, 'kind4.csv'), 'utf8'))).toEqual(['201', '202'])
  })

  // a model file or stored run from before fitted.step.index: every object { ms, index } without its index
  const unrecorded = (json: string) => JSON.stringify(JSON.parse(json, (_k, v: unknown) => (v !== null && typeof v === 'object' && 'ms' in v && 'index' in v ? (({ index: _i, ...rest }) => rest)(v as Record<string, unknown>) : v)))

  it('a model file without step.index (saved before it) is not checked for the kind: a step-index model still forecasts its own file, JSON and ONNX, and a date model its dates', async () => {
    const ints = single('old-t.csv', (i) => i + 1)
    const dates = dated('old-d.csv')
    expect((await fw('train', '--csv', ints, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'old-t'))).code).toBe(0)
    expect((await fw('train', '--csv', dates, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'old-d'))).code).toBe(0)
    const strip = (run: string) => {
      const file = join(dir, `${run}-old.json`)
      writeFileSync(file, unrecorded(readFileSync(join(dir, run, 'model.json'), 'utf8')))
      expect(readFileSync(file, 'utf8')).not.toContain('"index"')
      return file
    }
    const oldT = strip('old-t')
    const t = await fw('forecast', '--model', oldT, '--csv', ints, '--steps', '2', '--out', join(dir, 'old-tf.csv'))
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    expect(times(readFileSync(join(dir, 'old-tf.csv'), 'utf8'))).toEqual(['201', '202'])
    const p = await fw('predict', '--model', oldT, '--csv', ints, '--out', join(dir, 'old-tp.csv'))
    expect(p.stderr).toBe('')
    expect(p.code).toBe(0)
    expect(times(readFileSync(join(dir, 'old-tp.csv'), 'utf8')).every((s) => /^\d+$/.test(s))).toBe(true)
    // its ONNX graph, exported from the file without the field, carries none either
    const onnx = join(dir, 'old-t.onnx')
    expect((await fw('export', '--from', oldT, '--onnx', onnx)).code).toBe(0)
    const o = await fw('forecast', '--model', onnx, '--csv', ints, '--steps', '2', '--out', join(dir, 'old-to.csv'))
    expect(o.stderr).toBe('')
    expect(o.code).toBe(0)
    expect(times(readFileSync(join(dir, 'old-to.csv'), 'utf8'))).toEqual(['201', '202'])
    // a date model without it reads dates as it always did
    const d = await fw('forecast', '--model', strip('old-d'), '--csv', dates, '--steps', '2', '--out', join(dir, 'old-df.csv'))
    expect(d.stderr).toBe('')
    expect(d.code).toBe(0)
    expect(times(readFileSync(join(dir, 'old-df.csv'), 'utf8'))).toEqual(['2020-07-19', '2020-07-20'])
  })

  it('a bad step.index is refused naming the field', async () => {
    const ints = single('bad-t.csv', (i) => i + 1)
    expect((await fw('train', '--csv', ints, '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'bad-t'))).code).toBe(0)
    const m = JSON.parse(readFileSync(join(dir, 'bad-t', 'model.json'), 'utf8')) as { pipeline: { fitted: Record<string, unknown> } }
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...m, pipeline: { ...m.pipeline, fitted: { ...m.pipeline.fitted, step: { ms: 1, index: 'yes' } } } }))
    const bad = await fw('forecast', '--model', join(dir, 'bad.json'), '--csv', ints, '--steps', '2', '--out', join(dir, 'bad.csv'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('fitted.step')
  })

  it('a stored global step-index run whose model JSON has no step.index (stored before it) still forecasts and exports', async () => {
    const csv = join(dir, 'old-long.csv')
    const rows = ['store,t,y']
    for (const [s, n] of [['a', 150], ['b', 120]] as const) for (let i = 0; i < n; i++) rows.push(`${s},${i + 1},${y(i)}`)
    writeFileSync(csv, rows.join('\n') + '\n')
    const db = join(dir, 'old-long.db')
    const tr = await fw('train', '--csv', csv, '--target', 'y', '--time', 't', '--series', 'store', '--global', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--db', db, '--out', join(dir, 'old-long'))
    expect(tr.code).toBe(0)
    const sql = new Database(db)
    const stored = sql.prepare<[], { json: string }>('SELECT model_json AS json FROM global_models WHERE run_id = 1').get()!.json
    expect(stored).toContain('"index":true')
    sql.prepare('UPDATE global_models SET model_json = ? WHERE run_id = 1').run(unrecorded(stored))
    sql.close()
    const f = await fw('forecast', '--run', '1', '--steps', '2', '--out', join(dir, 'old-long.csv.out'), '--db', db)
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const out = readFileSync(join(dir, 'old-long.csv.out'), 'utf8')
    expect(out).toMatch(/\ba,151\b|151,.*\ba\b/)
    expect(out).toMatch(/\bb,121\b|121,.*\bb\b/)
    const e = await fw('export', '--run', '1', '--model', join(dir, 'old-long-model.json'), '--csv', join(dir, 'old-long-export.csv'), '--db', db)
    expect(e.stderr).toBe('')
    expect(e.code).toBe(0)
    expect(readFileSync(join(dir, 'old-long-export.csv'), 'utf8')).not.toMatch(/1970-01-01/)
  })

  it('a step-index model given a column the import read as years (named year, 1000-2999) reads its whole numbers back', async () => {
    const csv = (name: string, from: number) => {
      writeFileSync(join(dir, name), ['year,y', ...Array.from({ length: 200 }, (_, i) => `${from + i},${y(i)}`)].join('\n') + '\n')
      return join(dir, name)
    }
    const tr = await fw('train', '--csv', csv('yr-index.csv', 1), '--target', 'y', '--time', 'year', ...FAST, '--out', join(dir, 'yr-index'))
    expect(tr.code).toBe(0)
    const m = JSON.parse(readFileSync(join(dir, 'yr-index', 'model.json'), 'utf8')) as { pipeline: { fitted: { step: Record<string, unknown> } } }
    expect(m.pipeline.fitted.step).toEqual({ ms: 1, index: true })
    // 1801..2000 in a column named year: the import reads years, the model its integers
    const years = csv('yr-years.csv', 1801)
    expect((await fw('inspect', '--csv', years)).stdout).toContain('column "year" read as years (1801–2000)')
    const f = await fw('forecast', '--model', join(dir, 'yr-index', 'model.json'), '--csv', years, '--steps', '2', '--out', join(dir, 'yr-f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(times(readFileSync(join(dir, 'yr-f.csv'), 'utf8'))).toEqual(['2001', '2002'])
    const p = await fw('predict', '--model', join(dir, 'yr-index', 'model.json'), '--csv', years, '--out', join(dir, 'yr-p.csv'))
    expect(p.code).toBe(0)
    expect(times(readFileSync(join(dir, 'yr-p.csv'), 'utf8'))).toContain('2000')
  })

  it('another step of the index is refused in its integers, not in ms', async () => {
    expect((await fw('train', '--csv', single('st1.csv', (i) => i + 1), '--target', 'y', '--time', 't', ...FAST, '--out', join(dir, 'st1'))).code).toBe(0)
    const r = await fw('forecast', '--model', join(dir, 'st1', 'model.json'), '--csv', single('st5.csv', (i) => 5 * i), '--steps', '2', '--out', join(dir, 'st.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('st5.csv has rows 5 apart in its step index, but the model was trained on rows 1 apart')
  })
})

// A run's statistical models and one bad print (model.outliers, core/data/stats/outliers.ts): by
// default they read tsoutliers' replacement for it, found on the training rows alone, and the run
// says so; 'keep' fits them on it as it is. The model file keeps the replacements, so fw predict on
// the run's own data gives back its test forecasts and the forecast past the end replays the
// history its models were refit on; a model file from before (no choice.outliers) replays the
// values as they are.
import { describe, expect, it } from 'vitest'
import { applyFitted, fitStat, importCsv, naiveScale, restoreStat, withReplaced } from '../data'
import { resolveConfig, withStoredDefaults } from './config'
import { prepareRun } from './prepare'
import { forecastAhead, loadModelFile, predictWindows } from './forecast'
import { runTraining } from './run'
import { runGlobalTraining } from './global'
import { outliersSentence, trainOutliers, type ForecastChoice } from './choice'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const N = 144
const BAD = 40 // a training row (the first 70 % are training rows)

function values(shiftFrom = Infinity): number[] {
  let s = 7
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
  return Array.from({ length: N }, (_, t) => {
    const v = 100 + 0.3 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + 2 * (rnd() - 0.5)
    return t === BAD ? 5000 : t >= shiftFrom ? 2 * v : v
  })
}

async function train(ys: number[], outliers?: 'clean' | 'keep') {
  const csv = ['month,sales', ...ys.map((y, t) => `${new Date(Date.UTC(2010, t, 1)).toISOString().slice(0, 10)},${y.toFixed(4)}`)].join('\n') + '\n'
  const dataset = await importCsv(csv, { fileName: 'sales.csv' })
  const config = resolveConfig({
    data: { target: 'sales', features: [], lookBack: 12 } as never,
    model: { cell: 'gru', hiddenSize: 4, forecaster: 'combination', ...(outliers ? { outliers } : {}) },
    training: { epochs: 1, batchSize: 64, earlyStopping: null }
  })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  return { r, dataset, json: JSON.parse(JSON.stringify(r.modelFile)) as { pipeline: { choice: Record<string, unknown> } } }
}

/** A small global run (one epoch) over the long file `rows` (its header first), its series by `id`. */
async function trainGlobal(rows: string[], id: string) {
  const dataset = await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', series: [id] })
  const config = resolveConfig({
    data: { target: 'y', features: [], lookBack: 6, horizon: 1, season: 1, series: { columns: [id], values: null, global: { short: 'skip', oneHot: false } } },
    training: { epochs: 1, seed: 1 },
    model: { hiddenSize: 2 }
  })
  return (await runGlobalTraining({ config, dataset }, hooks))!
}

const testMae = (r: Awaited<ReturnType<typeof train>>['r']) => r.metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'mae')!.value!

describe('a run and one bad print', () => {
  it('fits the statistical models on its replacement by default, says so, and forecasts far better than on the bad print', async () => {
    const ys = values()
    const clean = await train(ys)
    const c = clean.r.choice!
    expect(c.outliers!.train.map((x) => x.row)).toEqual([BAD])
    const rep = c.outliers!.train[0]!
    expect(rep.value).toBe(5000)
    // between the values a season either side of it, not near the bad print
    expect(rep.replacement).toBeGreaterThan(Math.min(ys[BAD - 12]!, ys[BAD + 12]!) - 10)
    expect(rep.replacement).toBeLessThan(Math.max(ys[BAD - 12]!, ys[BAD + 12]!) + 10)
    expect(c.message).toContain('1 training value lies far from the rest')
    expect(c.message).toContain(`2013-05-01: 5000.0 → `) // row 41, named by its month
    // the members were fitted on the training rows with the replacement
    const ets = c.members.find((m) => m.name === 'ets')!
    const trainRows = (ets.fit.params as { n: number }).n
    expect(trainRows).toBeGreaterThan(BAD)
    const cleaned = withReplaced(Float64Array.from(ys, (v) => Number(v.toFixed(4))), c.outliers!.train)
    expect(ets.fit).toEqual(fitStat('ets', cleaned.slice(0, trainRows), 12).toJSON())

    const keep = await train(ys, 'keep')
    expect(keep.r.choice!.outliers).toBeUndefined()
    expect(keep.r.choice!.message).not.toContain('far from the rest')
    expect(testMae(clean.r)).toBeLessThan(testMae(keep.r) / 2)
  }, 60_000)

  it("scales MASE by the training rows as the statistical models read them, says by how much M4's scale differs; 'keep' scales by the values as they are", async () => {
    const ys = values()
    const raw = Float64Array.from(ys, (v) => Number(v.toFixed(4)))
    const test = (r: Awaited<ReturnType<typeof train>>['r'], metric: string) => r.metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === metric)!.value!
    const clean = (await train(ys)).r
    const trainRows = (clean.choice!.members[0]!.fit.params as { n: number }).n
    const cleaned = withReplaced(raw, clean.choice!.outliers!.train).subarray(0, trainRows)
    expect(test(clean, 'mase')).toBeCloseTo(test(clean, 'mae') / naiveScale(cleaned), 10)
    const times = naiveScale(raw.subarray(0, trainRows)) / naiveScale(cleaned)
    expect(times).toBeGreaterThan(10) // the 5000 among values near 100: M4's scale would flatter every MASE this much
    expect(clean.notices!.map((n) => n.message)).toContain(
      `MASE is scaled by the training rows' mean one-step change with the value at line ${BAD + 2} (5000) replaced, as the statistical models read it; with it as it is (M4's definition) the scale would be ${times.toFixed(1)} times larger and every MASE ${times.toFixed(1)} times smaller`
    )
    const keep = (await train(ys, 'keep')).r
    expect(test(keep, 'mase')).toBeCloseTo(test(keep, 'mae') / naiveScale(raw.subarray(0, trainRows)), 10)
  }, 60_000)

  it("a global run scales each series' MASE alike, by its training rows as its statistical models read them", async () => {
    const rows = ['id,date,y']
    const level = { a: 100, b: 300 }
    for (const [id, l] of Object.entries(level)) for (let i = 0; i < 120; i++) rows.push(`${id},${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${id === 'a' && i === 30 ? 5000 : (l + 10 * Math.sin(i / 3) + ((i * 37) % 11) / 5).toFixed(4)}`)
    const r = await trainGlobal(rows, 'id')
    const a = r.series.find((x) => x.label === 'id = a')!
    const file = JSON.parse(JSON.stringify(r.modelFile)) as { pipeline: { global: { series: { label: string; choice: ForecastChoice }[] } } }
    const choice = file.pipeline.global.series.find((x) => x.label === 'id = a')!.choice
    const replaced = choice.outliers!.train
    expect(replaced.map((x) => x.row)).toEqual([30])
    const ys = Float64Array.from(rows.slice(1, 121), (l) => Number(l.split(',')[2]))
    const trainRows = (choice.members[0]!.fit.params as { n: number }).n
    expect(a.test.mase).toBeCloseTo(a.test.mae / naiveScale(withReplaced(ys, replaced).subarray(0, trainRows)), 10)
    expect(a.test.naiveMase).toBeCloseTo(a.test.naiveMae / naiveScale(withReplaced(ys, replaced).subarray(0, trainRows)), 10)
  }, 60_000)

  it("a global run over series in two zones names each series' bad print in its own offset, as its predictions.csv writes its times", async () => {
    // each site's row at its local midnight: a at +01:00 (Berlin's winter), b at -05:00 (New York's)
    const rows = ['time,site,y']
    for (let i = 0; i < 60; i++) for (const [site, o, l] of [['a', '+01:00', 100], ['b', '-05:00', 300]] as const) rows.push(`${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00${o},${site},${i === 39 ? 5000 : (l + 10 * Math.sin(i / 3) + ((i * 37) % 11) / 5).toFixed(4)}`)
    const r = await trainGlobal(rows, 'site')
    const said = (label: string) => r.series.find((x) => x.label === label)!.forecastBy.message
    expect(said('site = a')).toContain('(tsoutliers, on the values and on their logs: 2023-02-09T00:00:00+01:00: 5000.0 → ')
    expect(said('site = b')).toContain('(tsoutliers, on the values and on their logs: 2023-02-09T00:00:00-05:00: 5000.0 → ')
  }, 60_000)

  it('finds it on the training rows alone: later values change neither the replacements nor the fits', async () => {
    const a = await train(values())
    const b = await train(values(Math.round(0.7 * N)))
    expect(b.r.choice!.outliers!.train).toEqual(a.r.choice!.outliers!.train)
    expect(b.r.choice!.members.map((m) => m.fit)).toEqual(a.r.choice!.members.map((m) => m.fit))
    expect(b.r.choice!.members.map((m) => m.full)).not.toEqual(a.r.choice!.members.map((m) => m.full))
  }, 60_000)

  it('keeps the replacements in the model file: predict gives back the test forecasts, and a file from before replays the values as they are', async () => {
    const { r, dataset, json } = await train(values())
    const m = loadModelFile(json, '0.1.0')
    const a = applyFitted(dataset, m.config, m.fitted)
    const byTime = new Map(predictWindows(m, a).map((p) => [p.time, p]))
    for (const f of r.forecasts) expect(byTime.get(f.ts)!.value).toBeCloseTo(f.value, 9)
    // past the end: the members' refits over every row, outliers among them replaced
    const y = Float64Array.from(values(), (v) => Number(v.toFixed(4)))
    const c = m.choice!
    const hist = withReplaced(y, c.outliers!.all)
    const want = c.members.reduce((acc, x) => acc.map((v, k) => v + x.weight * restoreStat(x.full).forecastAt(hist, Int32Array.of(N - 1), 6)[k]!), new Float64Array(6))
    const ahead = forecastAhead(m, a, 6)
    ahead.forEach((p, k) => expect(p.value).toBeCloseTo(want[k]!, 9))
    // before model.outliers, nothing was replaced: the same members replay the bad print
    const old = JSON.parse(JSON.stringify(json)) as typeof json
    delete old.pipeline.choice['outliers']
    const raw = c.members.reduce((acc, x) => acc.map((v, k) => v + x.weight * restoreStat(x.full).forecastAt(y, Int32Array.of(N - 1), 6)[k]!), new Float64Array(6))
    forecastAhead(loadModelFile(old, '0.1.0'), a, 6).forEach((p, k) => expect(p.value).toBeCloseTo(raw[k]!, 9))
    expect(raw).not.toEqual(want)
    // and a model file's outliers are checked on load, naming the field
    const broken = JSON.parse(JSON.stringify(json)) as typeof json
    ;(broken.pipeline.choice['outliers'] as { train: unknown[] }).train = [{ row: -1, value: 1, replacement: 2 }]
    expect(() => loadModelFile(broken, '0.1.0')).toThrow(/choice\.outliers\.train/)
  }, 60_000)
})

describe("the network's scale and log decision with one bad print", () => {
  async function prepared(extra: { outliers?: 'keep'; stored?: boolean } = {}) {
    const ys = values()
    const csv = ['month,sales', ...ys.map((y, t) => `${new Date(Date.UTC(2010, t, 1)).toISOString().slice(0, 10)},${y.toFixed(4)}`)].join('\n') + '\n'
    const dataset = await importCsv(csv, { fileName: 'sales.csv' })
    const raw = { data: { target: 'sales', features: [], lookBack: 12 }, model: { cell: 'gru', hiddenSize: 4, ...(extra.outliers ? { outliers: extra.outliers } : {}) } }
    // a run stored before data.cleanScale: its config without the key, read back as stored
    const config = resolveConfig(extra.stored ? withStoredDefaults(JSON.parse(JSON.stringify(resolveConfig(raw), (k, v) => (k === 'cleanScale' ? undefined : v)))) : raw)
    return prepareRun(config, dataset)
  }
  const changeScale = (y: Float64Array) => {
    let s = 0
    for (let t = 1; t < y.length; t++) s += Math.abs(y[t]! - y[t - 1]!)
    return s / (y.length - 1)
  }

  it('are fitted on the training rows with it replaced; the network still reads it as it is', async () => {
    const run = await prepared()
    const t = run.prep.fitted.target as { transform?: string; scaler: { std: number } }
    const { train } = run.prep.splits
    const y = Float64Array.from(values(), (v) => Number(v.toFixed(4))).slice(train.start, train.end)
    const rep = trainOutliers(y, { start: 0, end: y.length }, 12).replaced
    expect(rep.map((r) => r.row)).toEqual([BAD])
    // the series spans about 80..150 without it: no log, and the scale of its ordinary moves
    expect(t.transform).toBeUndefined()
    expect(t.scaler.std).toBeCloseTo(changeScale(withReplaced(y, rep)), 10)
    expect(run.prep.targetRaw[BAD]).toBe(5000)
    // with the bad print (model.outliers 'keep', or a run stored before), a log (5000 / 80), whose
    // scale the two jumps of the bad print (2 ln 40 over 99 changes) more than double
    const keep = (await prepared({ outliers: 'keep' })).prep.fitted.target as typeof t
    expect(keep.transform).toBe('log')
    expect(keep.scaler.std).toBeCloseTo(changeScale(y.map(Math.log)), 10)
    expect(keep.scaler.std).toBeGreaterThan(2 * changeScale(withReplaced(y, rep).map(Math.log)))
    const storedRun = await prepared({ stored: true })
    const stored = storedRun.prep.fitted.target as typeof t
    expect(stored).toEqual(keep)
    // its statistical models, and so MASE's scale, still read the replacement: said as a fresh run says it
    expect(storedRun.outOfScale).toEqual([])
    expect(storedRun.prep.notices.filter((n) => n.code === 'mase-scale').map((n) => n.message)).toEqual(run.prep.notices.filter((n) => n.code === 'mase-scale').map((n) => n.message))
    expect(run.prep.notices.filter((n) => n.code === 'mase-scale')).toHaveLength(1)
  })
})

describe('the outliers clause of the choice sentence', () => {
  const v = (row: number, value: number, replacement: number) => ({ row, value, replacement })
  it('names the training values by their time, and the refit\'s only where it replaced other rows', () => {
    const time = Float64Array.from({ length: 100 }, (_, i) => Date.UTC(2000, i, 1))
    expect(outliersSentence(null)).toBe('')
    expect(outliersSentence({ log: false, train: [], all: [] })).toBe('')
    const one = outliersSentence({ log: true, train: [v(5, 500, 51.25)], all: [v(5, 500, 50.9)] }, time)
    expect(one).toBe(". 1 training value lies far from the rest (tsoutliers, on the values and on their logs: 2000-06-01: 500.0 → 51.250); the statistical models were fitted and scored with it replaced, the network on the values as they are (model.outliers 'keep' leaves them in)")
    const later = outliersSentence({ log: false, train: [], all: [v(90, 7, 70)] })
    expect(later).toBe('. The refit on every row for the forecast past the end read this value replaced (tsoutliers: row 91: 7.000 → 70.000)')
    const both = outliersSentence({ log: false, train: [v(1, 1, 2), v(2, 1, 2), v(3, 1, 2), v(4, 1, 2)], all: [v(1, 1, 2)] })
    expect(both).toContain('4 training values lie far from the rest (tsoutliers: row 2: 1.000 → 2.000; row 3: 1.000 → 2.000; row 4: 1.000 → 2.000 and 1 more)')
    expect(both).toContain('; the refit on every row for the forecast past the end read this value replaced (tsoutliers: row 2: 1.000 → 2.000)')
  })

  it('names a time as the run\'s files write it: in the data\'s own offset, or in UTC with no zone where the file wrote none', () => {
    // daily at Berlin's midnight (+01:00): the bad print's row is 2023-02-09T00:00:00+01:00, not 2023-02-08T23:00:00.000Z
    const days = Float64Array.from({ length: 60 }, (_, i) => Date.UTC(2023, 0, 1 + i) - 3_600_000)
    expect(outliersSentence({ log: false, train: [v(39, 5000, 95.9)], all: [v(39, 5000, 95.9)] }, days, 60)).toContain('(tsoutliers: 2023-02-09T00:00:00+01:00: 5000.0 → 95.900)')
    // hourly with no zone written: as predictions.csv writes it, 2024-03-01 13:00:00
    const hours = Float64Array.from({ length: 60 }, (_, i) => Date.UTC(2024, 2, 1) + i * 3_600_000)
    expect(outliersSentence({ log: false, train: [v(13, 5000, 95.9)], all: [v(13, 5000, 95.9)] }, hours)).toContain('(tsoutliers: 2024-03-01 13:00:00: 5000.0 → 95.900)')
  })

  it('names the validation values after the training ones, and the refit\'s only where it replaced rows beyond both', () => {
    const val = outliersSentence({ log: true, train: [v(5, 500, 51.25)], all: [v(5, 500, 50.9), v(80, 900, 60)], val: [v(80, 900, 60.5)] })
    expect(val).toBe(". 1 training value lies far from the rest (tsoutliers, on the values and on their logs: row 6: 500.0 → 51.250); the statistical models were fitted and scored with it replaced, the network on the values as they are (model.outliers 'keep' leaves them in); 1 validation value lies far from the rest (tsoutliers over the training and validation rows: row 81: 900.0 → 60.500); the statistical models' validation and test forecasts read it replaced, and the forecasts were scored on validation against its replacement")
    const alone = outliersSentence({ log: false, train: [], all: [v(80, 900, 60), v(95, 1, 50)], val: [v(80, 900, 60), v(81, 900, 61)] })
    expect(alone).toBe('. 2 validation values lie far from the rest (tsoutliers over the training and validation rows: row 81: 900.0 → 60.000; row 82: 900.0 → 61.000); the statistical models\' validation and test forecasts read them replaced, and the forecasts were scored on validation against their replacements; the refit on every row for the forecast past the end read these 2 values replaced (tsoutliers: row 81: 900.0 → 60.000; row 96: 1.000 → 50.000)')
  })

  it('writes a value and its replacement with the digits that tell them apart (a blip of 0.01 on 100 had read "100.0 → 100.0")', () => {
    const near = outliersSentence({ log: false, train: [v(3, 100.01, 100), v(9, 99.99, 100)], all: [v(3, 100.01, 100), v(9, 99.99, 100)] })
    expect(near).toContain('(tsoutliers: row 4: 100.01 → 100.00; row 10: 99.990 → 100.0)')
    const small = /row 1: (\S+) → (\S+)\)/.exec(outliersSentence({ log: false, train: [v(0, 0.0012345, 0.0012346)], all: [v(0, 0.0012345, 0.0012346)] }))!
    expect(small[1]).not.toBe(small[2])
    expect(Math.abs(Number(small[1]) - 0.0012345)).toBeLessThan(1e-6)
  })
})

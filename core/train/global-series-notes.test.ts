// A single-series run's notes, said per series of a global run: the network alone the forecast for
// making far less validation error than the rule's choice (fw train --global, fw show and the app keep it with the run), and the warning
// past the end where a series' last values lie outside what the run saw of it (fw forecast, the app).
import { describe, expect, it, vi } from 'vitest'
import { importCsv } from '../data'
import { resolveConfig } from './config'
import { forecastGlobal, loadGlobalModelFile } from './forecast-global'
import { runGlobalTraining } from './global'
import { seriesGroup } from '../data/words'
import { beyondSeriesWords, maseScaleSeriesWords, networkAloneSeriesWords } from './series-notes'
import { globalRunResults } from '../services/global-run'

// the rule's own test is choice.test.ts; here the series it fires on are chosen: those whose label
// is in `alone` get the aloneOver a single-series run's choice would give them
const alone = new Set<string>()
vi.mock('./evaluate', async (original) => {
  const real = await original<typeof import('./evaluate')>()
  return {
    ...real,
    // a global run drives each series' choice by its pausing form (global.ts)
    chooseForecasterPausing: function* (...a: Parameters<typeof real.chooseForecasterPausing>) {
      const c = yield* real.chooseForecasterPausing(...a)
      const level = a[0].series[0]!
      const label = [...alone].find((l) => Math.abs(Number(l.split('= ')[1]) - level) < 1e-9)
      return label && c.choice ? { ...c, aloneOver: { network: 0.1, forecast: 0.5 } } : c
    }
  }
})

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }

/** Series named by their first value; `jump`: those whose last 6 rows (in their test period) jump to
 *  3 times anything before. */
async function train(starts: number[], jump: number[] = [], spike: number[] = [], twice: number[] = []) {
  const rows = ['id,date,y']
  for (const s of starts)
    for (let i = 0; i < 120; i++) {
      const row = `${s},${day(i)},${(i === 0 ? s : spike.includes(s) && i === 40 ? 50 * (s + 20) : s + 10 * Math.sin(i / 3) + (jump.includes(s) && i >= 114 ? 3 * (s + 20) : 0)).toFixed(4)}`
      // `twice`: the series whose spike row is written twice (merged by data.duplicates' mean)
      rows.push(...(twice.includes(s) && i === 40 ? [row, row] : [row]))
    }
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'many.csv', series: ['id'] })
  const config = resolveConfig({
    data: { target: 'y', features: [], lookBack: 6, horizon: 1, season: 1, series: { columns: ['id'], values: null, global: { short: 'skip', oneHot: false } } },
    training: { epochs: 1, seed: 1 },
    model: { hiddenSize: 2 }
  })
  return { ds, config, r: (await runGlobalTraining({ config, dataset: ds }, hooks))! }
}

describe("a single-series run's notes in a global run, per series", () => {
  it('names the series, grouped past three', () => {
    expect(seriesGroup(['a'])).toBe('series a')
    expect(seriesGroup(['a', 'b'])).toBe('2 series: a and b')
    expect(seriesGroup(['a', 'b', 'c'])).toBe('3 series: a, b and c')
    expect(seriesGroup(Array.from({ length: 12 }, (_, i) => String.fromCharCode(97 + i)))).toBe('12 series: a, b, c and 9 more')
    expect(networkAloneSeriesWords([])).toBeNull()
    expect(beyondSeriesWords([], null)).toBeNull()
  })

  it("keeps the network-alone note with the run, naming the series it concerns, in each front end's words", async () => {
    alone.clear()
    for (const l of ['id = 10', 'id = 30', 'id = 50', 'id = 70', 'id = 90']) alone.add(l)
    const { r, config } = await train([10, 30, 50, 70, 90, 110])
    expect(r.notices).toHaveLength(1)
    const n = r.notices![0]!
    expect(n.message).toBe('in 5 series: id = 10, id = 30, id = 50 and 2 more, the network alone made at least 3 times less error on validation than the mean of models (or the model) the rule would otherwise forecast the series with, so there the forecast is the network alone')
    // nothing to set: the same words in the app
    expect(n.app).toBeUndefined()
    // stored as the run's notices (fw show and the app's views say those)
    expect(globalRunResults(r, config, true).notices).toEqual([n])
    alone.clear()
    alone.add('id = 30')
    const one = (await train([10, 30])).r.notices![0]!
    expect(one.message).toBe('in series id = 30, the network alone made at least 3 times less error on validation than the mean of models (or the model) the rule would otherwise forecast the series with (MAE 0.100 against 0.500), so there the forecast is the network alone')
    alone.clear()
    expect((await train([10, 30])).r.notices).toBeUndefined()
  }, 120_000)

  it('warns past the end of the series whose last values lie outside what the run saw of them, grouped', async () => {
    alone.clear()
    const { r, ds } = await train([10, 30, 50, 70, 90], [30, 50, 70, 90])
    const gm = loadGlobalModelFile(r.modelFile)
    const past = forecastGlobal(gm, ds, 5)
    expect(past.beyond!.message).toMatch(/^in 4 series: id = 30, id = 50, id = 70 and 1 more, the last observed values lie outside everything the run saw of the series before its test period: .* train again with a later split \(data\.split in the --config file\)/)
    expect(past.beyond!.app).toContain("train again with the split's boundaries moved later in Setup")
    // windows' forecasts (fw predict) are not past the end: no warning
    expect(forecastGlobal(gm, ds, null).beyond).toBeNull()
    // one series: the single-series run's own words, after its name
    const single = await train([10, 30], [30])
    const w = forecastGlobal(loadGlobalModelFile(single.r.modelFile), single.ds, 5).beyond!
    expect(w.message).toMatch(/^in series id = 30, the last 6 values of y \(2020-04-24 to 2020-04-29\) lie above everything the run saw before its test period/)
    // a model file from before it kept each series' history: no warning, as a single run's
    const file = r.modelFile as { pipeline: { global: { series: Record<string, unknown>[] } } }
    const old = { ...file, pipeline: { ...file.pipeline, global: { ...file.pipeline.global, series: file.pipeline.global.series.map(({ history: _h, ...s }) => s) } } }
    expect(forecastGlobal(loadGlobalModelFile(old), ds, 5).beyond).toBeNull()
  }, 120_000)

  it("says, grouped, the series whose test values lie outside their history (a single run's test-range warning), and keeps each one's range with its row", async () => {
    alone.clear()
    // the last 6 rows of 4 of 5 series (in their test period) jump to 3 times anything before
    const { r, config } = await train([10, 30, 50, 70, 90], [30, 50, 70, 90])
    const outside = r.notices!.filter((n) => n.message.includes('outside everything seen'))
    expect(outside).toHaveLength(1)
    expect(outside[0]!.message).toBe("in 4 series: id = 30 (6 of 18), id = 50 (6 of 18), id = 70 (6 of 18) and 1 more, test values lie outside everything seen of the series before its test period: the forecast extrapolates past each one's history there, so judge those series' scores with care")
    // kept with the run (fw show, the app say the run's notices), each series' range with its row
    const stored = globalRunResults(r, config, true)
    expect(stored.notices).toEqual(r.notices)
    const ranges = stored.global!.series.map((s) => JSON.parse(s.rangeJson!) as { above: number; n: number })
    expect(ranges.map((x) => [x.above, x.n])).toEqual([[0, 18], [6, 18], [6, 18], [6, 18], [6, 18]])
    // one series: a single-series run's own words (rangeWarning) after its name
    const one = await train([10, 30], [30])
    expect(one.r.notices!.map((n) => n.message)).toEqual([
      expect.stringMatching(/^in series id = 30, 6 of 18 test values lie outside everything seen before the test period \(\S+ to \S+\), 6 above it: the forecast extrapolates past the history there, so judge it with care$/)
    ])
  }, 120_000)

  it("says, grouped, the series whose MASE scale M4's would exceed more than 1.2 times: the training outliers replaced", async () => {
    alone.clear()
    // a spike 50 times the level at row 40 (a training row) of 3 of 4 series
    const { r, config } = await train([10, 30, 50, 70], [], [30, 50, 70])
    const scale = r.notices!.filter((n) => n.message.includes('MASE is scaled'))
    expect(scale).toHaveLength(1)
    expect(scale[0]!.message).toMatch(/^in 3 series: id = 30, id = 50 and id = 70, MASE is scaled by the training rows' mean one-step change with the values the outlier rule replaced in place, as the statistical models read them; with them as they are \(M4's definition\) the scale would be \d+(\.\d)? to \d+(\.\d)? times larger and every MASE of those series that many times smaller$/)
    // kept with the run, as the network-alone note (fw show, the app, the report and the workbook say those)
    expect(globalRunResults(r, config, true).notices).toEqual(r.notices)
    // one series: a single-series run's own words, its line and factor. Series 30 is the second:
    // its row 40 is line 2 + 120 + 40 = 162
    const one = await train([10, 30], [], [30])
    expect(one.r.notices!.map((n) => n.message)).toEqual([
      expect.stringMatching(/^in series id = 30, MASE is scaled by the training rows' mean one-step change with the value at line 162 \(2500\) replaced, as the statistical models read it; with it as it is \(M4's definition\) the scale would be \d+(\.\d)? times larger and every MASE \d+(\.\d)? times smaller$/)
    ])
    // no outlier: nothing said
    expect((await train([10, 30])).r.notices).toBeUndefined()
  }, 120_000)

  it("names the lines a series' merged value comes from, as a single run does, and groups the series whose values are merged", async () => {
    alone.clear()
    // series 30's spike at row 40 is written twice (lines 162 and 163): its value is their mean
    const one = await train([10, 30], [], [30], [30])
    expect(one.r.notices!.map((n) => n.message)).toEqual([expect.stringMatching(/^in series id = 30, MASE is scaled by the training rows' mean one-step change with the value at line 162 \(2500, the mean of lines 162 and 163\) replaced, /)])
    // several series: those whose replaced values merged rows are grouped after the note
    const many = await train([10, 30, 50, 70], [], [30, 50, 70], [50, 70])
    const scale = many.r.notices!.filter((n) => n.message.includes('MASE is scaled'))
    expect(scale).toHaveLength(1)
    expect(scale[0]!.message).toMatch(/^in 3 series: id = 30, id = 50 and id = 70, MASE is scaled .* that many times smaller; in 2 series: id = 50 and id = 70, a value replaced is the mean of rows that share its time \(data\.duplicates\)$/)
  }, 120_000)

  it('words the factor of one series, and the range of several', () => {
    expect(maseScaleSeriesWords([])).toBeNull()
    const note = (m: string) => ({ message: m })
    expect(maseScaleSeriesWords([{ label: 'a', times: 7.07, note: note('MASE is scaled by ... 7.1 times smaller') }])).toEqual(note('in series a, MASE is scaled by ... 7.1 times smaller'))
    // a note in the app's own words keeps them, its series named (exploratory pass 15, finding 2)
    expect(maseScaleSeriesWords([{ label: 'a', times: 2, note: { message: 'x --flag', app: 'x in Setup' } }])).toEqual({ message: 'in series a, x --flag', app: 'in series a, x in Setup' })
    const many = maseScaleSeriesWords([{ label: 'a', times: 7.07, note: note('') }, { label: 'b', times: 1.55, note: note('') }, { label: 'c', times: 2.1, note: note('') }])!
    expect(many.message).toContain('in 3 series: a, b and c, MASE is scaled')
    expect(many.message).toContain('the scale would be 1.55 to 7.1 times larger and every MASE of those series that many times smaller')
    expect(many.message).not.toContain('data.duplicates')
    const merged = maseScaleSeriesWords([{ label: 'a', times: 2, note: note(''), merged: 'sum' }, { label: 'b', times: 2, note: note('') }, { label: 'c', times: 2, note: note(''), merged: 'sum' }])!
    expect(merged.message).toMatch(/that many times smaller; in 2 series: a and c, a value replaced is the sum of rows that share its time \(data\.duplicates\)$/)
  })
})


// The verdict's words and tone, from the choice and the metrics (issue 18's first bullet).
import { describe, expect, it } from 'vitest'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { outliersSentence } from '../train/choice'
import { renderReport } from './report'
import { FEW_TEST_EVENTS, FEW_TEST_FORECASTS, fewestEvents, fewEventsWords, fewestOfTally, networkLostOf, NO_CHOICE, percentSize, scoredForecasts, skillPercent, slimChoice, toneOf, verdictOf, type ChoiceSummary } from './verdict'
import type { SeriesMetricsExport } from './types'

const lost: ChoiceSummary = {
  chosen: 'combination', label: 'mean of ETS(M,A,M) and Theta', network: 0,
  members: [{ name: 'ets', label: 'ETS(M,A,M)', weight: 0.5 }, { name: 'theta', label: 'Theta', weight: 0.5 }],
  season: 12, steps: 3,
  validation: [{ name: 'combination', label: 'mean of ETS(M,A,M) and Theta', mae: 0.494 }, { name: 'ets', label: 'ETS(M,A,M)', mae: 0.52 }, { name: 'network', label: 'network', mae: 0.871 }],
  message: 'the network lost to the statistical models on validation (MAE 0.871 against 0.494); the forecast falls back to the mean of ETS(M,A,M) and Theta'
}
const won: ChoiceSummary = { ...lost, chosen: 'network', label: 'network', network: 1, members: [], message: 'the forecast is the network (validation MAE 0.300)' }
const metrics = (skill: number) => [
  { split: 'val', model: 'naive', metric: 'rmse', value: 2 },
  { split: 'val', model: 'seasonal-naive', metric: 'rmse', value: 1.5 },
  { split: 'val', model: 'network', metric: 'rmse', value: 0.1 }, // never a baseline
  { split: 'test', model: 'model', metric: 'skill', value: skill }
]

describe('verdictOf', () => {
  it("where the network alone did far better on validation, the choice's sentence says so with both errors and how to forecast with it alone, in each front end's words", () => {
    const ens: ChoiceSummary = {
      ...lost, chosen: 'ensemble', label: 'mean of the network, ETS(A,N,N) and Theta', network: 1 / 3,
      validation: [{ name: 'network', label: 'network', mae: 0.0477 }, { name: 'ensemble', label: 'mean of the network, ETS(A,N,N) and Theta', mae: 0.507 }],
      message: 'the network forecasts at least as well as the statistical models on validation (MAE 0.0477 against 0.673); the forecast is the mean of the network, ETS(A,N,N) and Theta, which is steadier than any one of them',
      networkAlone: { network: 0.0477, forecast: 0.507 }
    }
    const told = /\. The network alone made 10\.6 times less error on validation than this forecast \(MAE 0\.0477 against 0\.507\): the rule keeps it in a mean of models, which forecast held-out data better on the quality benchmark, but here the network alone may be the better forecast\. Compare the network's own test scores, and to forecast with it alone, /
    const app = verdictOf('regression', ens, metrics(0.2)).detail
    expect(app).toMatch(told)
    expect(app).toMatch(/choose "the network alone" as the Forecaster in Setup and train again\.$/)
    expect(app).not.toMatch(/--|\bfw\b/)
    const cli = verdictOf('regression', ens, metrics(0.2), null, null, null, null, 'cli').detail
    expect(cli).toMatch(told)
    expect(cli).toMatch(/train again with --forecaster network\.$/)
    // the report shows the app's words, and slimChoice keeps the scores for the stored run
    expect(slimChoice(ens)?.networkAlone).toEqual({ network: 0.0477, forecast: 0.507 })
    expect(renderReport({ ...sampleReport(), choice: ens })).toContain('choose &quot;the network alone&quot; as the Forecaster in Setup')
    // without it (and in runs stored before) the sentence is the stored one alone
    const { networkAlone: _, ...before } = ens
    expect(verdictOf('regression', before, metrics(0.2), null, null, null, null, 'cli').detail).not.toMatch(/network alone/)
  })

  it("the choice's sentence names the settings behind it by Setup's controls in the app, by their config keys in the CLI (runs stored before alike)", () => {
    const forced: ChoiceSummary = {
      ...lost, chosen: 'ets', label: 'ETS(A,N,N)',
      message: 'the forecast is ETS(A,N,N), as configured (model.forecaster)' + outliersSentence({ log: false, train: [{ row: 4, value: 500, replacement: 51.25 }], all: [{ row: 4, value: 500, replacement: 51.25 }] })
    }
    const app = verdictOf('regression', forced, metrics(0.2)).detail
    expect(app).toBe("The forecast is ETS(A,N,N), as chosen in Setup's Forecaster. 1 training value lies far from the rest (tsoutliers: row 5: 500.0 → 51.250); the statistical models were fitted and scored with it replaced, the network on the values as they are (Setup's Outliers: keep leaves them in).")
    expect(app).not.toMatch(/model\./)
    const cli = verdictOf('regression', forced, metrics(0.2), null, null, null, null, 'cli').detail
    expect(cli).toBe("The forecast is ETS(A,N,N), as configured (model.forecaster). 1 training value lies far from the rest (tsoutliers: row 5: 500.0 → 51.250); the statistical models were fitted and scored with it replaced, the network on the values as they are (model.outliers 'keep' leaves them in).")
  })

  it('a network that wins: green, better than the best baseline on validation by the test skill', () => {
    const v = verdictOf('regression', won, metrics(0.42))
    expect(v.tone).toBe('good')
    expect(v.headline).toBe('Better than the best baseline (seasonal naive) by 42.0 % on test (RMSE)')
    expect(v.forecaster).toBe('the network')
    expect(v.networkLost).toBe(false)
    expect(v.action).toBeNull()
  })

  it('a margin over few test forecasts says so, and what gives a surer verdict; enough of them say nothing', () => {
    const few = verdictOf('regression', won, metrics(0.42), null, 5)
    expect(few.tone).toBe('good') // as the Runs table colours it
    expect(few.headline).toBe('Better than the best baseline (seasonal naive) by 42.0 % on test (RMSE, over only 5 test forecasts)')
    expect(few.action).toMatch(/^5 test forecasts are too few to tell a real difference from chance: a longer test period/)
    const bad = verdictOf('regression', won, [{ split: 'val', model: 'naive', metric: 'rmse', value: 1 }, { split: 'test', model: 'model', metric: 'skill', value: -0.1 }], null, 1)
    expect(bad.headline).toBe('Worse than naive by 10.0 % on test (RMSE, over only 1 test forecast): use the naive forecast')
    expect(bad.action).toMatch(/train again\. 1 test forecast is too few/)
    for (const n of [FEW_TEST_FORECASTS, 500, null]) {
      const v = verdictOf('regression', won, metrics(0.42), null, n)
      expect(v.headline).toBe('Better than the best baseline (seasonal naive) by 42.0 % on test (RMSE)')
      expect(v.action).toBeNull()
    }
  })

  it('a forecast that is one baseline alone is judged against the others, never against itself', () => {
    const ets: ChoiceSummary = { ...lost, chosen: 'ets', label: 'ETS(M,A,M)', network: 0, members: [{ name: 'ets', label: 'ETS(M,A,M)', weight: 1 }] }
    const m = [
      { split: 'val', model: 'ets', metric: 'rmse', value: 0.9 }, // the forecast's own: best on validation, but itself
      { split: 'val', model: 'theta', metric: 'rmse', value: 1.2 },
      { split: 'val', model: 'naive', metric: 'rmse', value: 2 },
      { split: 'test', model: 'model', metric: 'rmse', value: 1 },
      { split: 'test', model: 'ets', metric: 'rmse', value: 1 },
      { split: 'test', model: 'theta', metric: 'rmse', value: 1.25 },
      { split: 'test', model: 'model', metric: 'skill', value: 0.2 }
    ]
    const v = verdictOf('regression', ets, m)
    expect(v.baseline).toBe('theta')
    // which baselines it is measured against says itself: its own ETS is left out (an older version judged it against ETS)
    expect(v.headline).toBe('Better than the best baseline (Theta; ETS, part of the forecast, is left out) by 20.0 % on test (RMSE); the network lost on validation, so the forecast is ETS(M,A,M)')
    expect(v.headline).not.toMatch(/ETS baseline did better/)
  })

  it('a forecast worse than the validation-chosen baseline names one that did better still on test, as the tables show', () => {
    const m = [
      { split: 'val', model: 'arima', metric: 'rmse', value: 1 },
      { split: 'val', model: 'ets', metric: 'rmse', value: 1.1 },
      { split: 'test', model: 'model', metric: 'rmse', value: 2.4 },
      { split: 'test', model: 'arima', metric: 'rmse', value: 2.19 },
      { split: 'test', model: 'ets', metric: 'rmse', value: 2.15 },
      { split: 'test', model: 'model', metric: 'skill', value: 1 - 2.4 / 2.19 }
    ]
    const v = verdictOf('regression', won, m)
    expect(v.headline).toBe('Worse than ARIMA by 9.6 % on test (RMSE): use the ARIMA forecast; on test the ETS baseline did better still (RMSE 2.15 against 2.40), but ARIMA is the one chosen on validation')
    // the validation choice was also the test's best: nothing more to say
    const same = m.map((x) => (x.model === 'ets' && x.split === 'test' ? { ...x, value: 2.3 } : x))
    expect(verdictOf('regression', won, same).headline).toBe('Worse than ARIMA by 9.6 % on test (RMSE): use the ARIMA forecast')
  })

  it('scoredForecasts counts the forecasts with an actual at the first step stored', () => {
    const rows = (steps: number[], origins: number, past: number) => [
      ...Array.from({ length: origins }, (_, i) => steps.map((step) => ({ step, actual: i })).flat()).flat(),
      ...Array.from({ length: past }, () => steps.map((step) => ({ step, actual: null }))).flat() // past the end: no actual
    ]
    expect(scoredForecasts(rows([1, 2, 3], 12, 3))).toBe(12)
    expect(scoredForecasts(rows([7], 9, 7))).toBe(9) // a run that forecasts 7 steps ahead stores step 7 alone
    expect(scoredForecasts([])).toBe(0)
  })

  it('a network level with the forecast to rounding did not lose (explore19: a constant series, MAE 3.64e-6 against 0 on values of 5)', () => {
    const exact = { ...lost, validation: [{ name: 'combination', label: 'mean of ETS(M,A,M) and Theta', mae: 0 }, { name: 'network', label: 'network', mae: 3.64e-6 }] }
    expect(networkLostOf(exact, 5)).toBe(false)
    expect(verdictOf('regression', exact, metrics(0.3), null, null, 5).networkLost).toBe(false)
    // past float32's rounding, or on an unknown scale: lost, as before
    expect(networkLostOf(exact, 0.01)).toBe(true)
    expect(verdictOf('regression', exact, metrics(0.3)).networkLost).toBe(true)
  })

  it('a network that lost: amber, names the fallback and marks it in the validation scores', () => {
    const v = verdictOf('regression', lost, metrics(0.3))
    expect(v.tone).toBe('warn')
    expect(v.networkLost).toBe(true)
    expect(v.forecaster).toBe('the mean of ETS(M,A,M) and Theta')
    expect(v.headline).toContain('the network lost on validation, so the forecast is the mean of ETS(M,A,M) and Theta')
    expect(v.validation.filter((x) => x.chosen).map((x) => x.name)).toEqual(['combination'])
    expect(v.detail).toMatch(/^The network lost .*Theta\.$/)
  })

  it('a forecast worse than a baseline on test: red, with the action to use that baseline', () => {
    const v = verdictOf('regression', won, [{ split: 'val', model: 'naive', metric: 'rmse', value: 1 }, { split: 'test', model: 'model', metric: 'skill', value: -3.94 }])
    expect(v.tone).toBe('bad')
    expect(v.headline).toBe('Worse than naive by 394.0 % on test (RMSE): use the naive forecast')
    expect(v.action).toBe('Use the naive forecast instead: the forecast CSV and workbook carry it as the column baseline_naive, or choose it as the Forecaster in Setup and train again.')
  })

  it('a baseline that beat the forecast on test, though not the best on validation, is named in the headline', () => {
    const test = [
      { split: 'test', model: 'model', metric: 'rmse', value: 1.25 },
      { split: 'test', model: 'naive', metric: 'rmse', value: 2 },
      { split: 'test', model: 'ets', metric: 'rmse', value: 1.1 },
      { split: 'test', model: 'theta', metric: 'rmse', value: 1.2 },
      { split: 'test', model: 'network', metric: 'rmse', value: 0.5 } // the network alone is no baseline
    ]
    const v = verdictOf('regression', won, [...metrics(0.42), ...test])
    expect(v.headline).toBe('Better than the best baseline (seasonal naive) by 42.0 % on test (RMSE); on test the ETS baseline did better still (RMSE 1.10 against 1.25)')
    expect(v.tone).toBe('good') // as the Runs table colours it (toneOf): better than the baseline chosen on validation
    // none did better: the headline as before
    expect(verdictOf('regression', won, [...metrics(0.42), ...test.filter((m) => m.model !== 'ets' && m.model !== 'theta')]).headline).toBe('Better than the best baseline (seasonal naive) by 42.0 % on test (RMSE)')
    // classification: by the Brier score, as the skill
    const c = verdictOf('classification', null, [{ split: 'val', model: 'majority', metric: 'brier', value: 0.3 }, { split: 'test', model: 'model', metric: 'skill', value: 0.2 }, { split: 'test', model: 'model', metric: 'brier', value: 0.2 }, { split: 'test', model: 'training-rate', metric: 'brier', value: 0.18 }])
    expect(c.headline).toBe('Better than the best baseline (majority class) by 20.0 % on test (Brier score); on test the training rate baseline did better still (Brier score 0.180 against 0.200)')
  })

  it('no skill to measure: amber, never green, and a perfect baseline named as the reason', () => {
    // a test period of one class: persistence's Brier score is 0 to rounding, so the run stored no skill
    const perfect = [
      { split: 'val', model: 'persistence', metric: 'brier', value: 0.05 },
      { split: 'test', model: 'persistence', metric: 'brier', value: 1e-17 },
      { split: 'test', model: 'model', metric: 'brier', value: 0.04 }
    ]
    const v = verdictOf('classification', null, perfect)
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe('No test skill could be measured: the persistence baseline was perfect on test (Brier score 0), so there is nothing to beat')
    expect(verdictOf('regression', won, []).headline).toBe('No test skill could be measured')
    // a line the forecast and its best baseline both fit to rounding (values up to 171): no skill, said why
    const line = [
      { split: 'val', model: 'drift', metric: 'rmse', value: 1e-14 },
      { split: 'val', model: 'naive', metric: 'rmse', value: 0.7 },
      { split: 'test', model: 'drift', metric: 'rmse', value: 2.4e-14 },
      { split: 'test', model: 'model', metric: 'rmse', value: 2.0e-14 }
    ]
    const exact = verdictOf('regression', won, line, null, null, 171)
    expect([exact.tone, exact.skill]).toEqual(['warn', null])
    expect(exact.headline).toBe('No test skill could be measured: the forecast and the drift baseline both fit the test period exactly (RMSE 0 to rounding), so the ratio of their errors is rounding noise, not skill')
    // a run stored before the rule kept the ratio of rounding as its skill: the rule, not that, is said
    const old = verdictOf('regression', won, [...line, { split: 'test', model: 'model', metric: 'skill', value: 0.168 }], null, null, 171)
    expect([old.skill, old.headline]).toEqual([null, exact.headline])
    expect(verdictOf('regression', lost, line, null, null, 171).headline).toMatch(/^The network lost on validation: the forecast is [^;:]*\. No test skill could be measured: the forecast and the drift baseline both fit the test period exactly/)
    expect(verdictOf('regression', won, []).tone).toBe('warn')
  })

  it('a run stored before the choice existed is the network, said so', () => {
    const v = verdictOf('regression', null, metrics(0.1))
    expect(v.forecaster).toBe(NO_CHOICE)
    expect(v.networkLost).toBe(false)
    expect(v.detail).toContain('stored before')
  })

  // run 9 of the exploratory database: 200 rows of 50 ± 1 jumping to 80 for the last 15; the
  // forecast is the mean of ETS, Theta and ARIMA, 3.5 times naive's and drift's error on test
  const levelshift: ChoiceSummary = {
    ...lost, chosen: 'combination', label: 'mean of ETS(M,N,N), Theta and ARIMA(0,0,0) with non-zero mean',
    members: [{ name: 'ets', label: 'ETS(M,N,N)', weight: 1 / 3 }, { name: 'theta', label: 'Theta', weight: 1 / 3 }, { name: 'arima', label: 'ARIMA(0,0,0) with non-zero mean', weight: 1 / 3 }]
  }
  const rmse = (split: string, v: Record<string, number>) => Object.entries(v).map(([model, value]) => ({ split, model, metric: 'rmse', value }))
  const shifted = [
    ...rmse('val', { arima: 1.048, ets: 1.0481, theta: 1.0766, 'moving-average': 1.0947, linear: 1.2695, 'seasonal-naive': 1.4889, drift: 1.5645, naive: 1.5645, model: 1.0503, network: 1.1103 }),
    ...rmse('test', { arima: 21.232, ets: 21.218, theta: 20.99, 'moving-average': 12.743, linear: 9.0353, 'seasonal-naive': 14.759, drift: 6.115, naive: 6.1159, model: 21.146, network: 5.7819 }),
    { split: 'test', model: 'model', metric: 'skill', value: 0.00404 } // stored against ARIMA, its own third
  ]

  it('a forecast made of baselines is judged against one it is not made of, never its own member (run 9)', () => {
    const v = verdictOf('regression', levelshift, shifted, null, 30)
    expect(v.baseline).toBe('moving-average') // the best on validation once ETS, Theta and ARIMA are left out
    expect(v.skill).toBeCloseTo(1 - 21.146 / 12.743, 6)
    expect(v.tone).toBe('bad')
    expect(v.headline).toMatch(/^Worse than moving average \(ETS, Theta and ARIMA, part of the forecast, are left out\) by 65\.9 % on test \(RMSE\): use the moving average forecast; on test the drift baseline did better still \(RMSE 6\.12 against 21\.1\)/)
    expect(v.headline).not.toMatch(/Worse than ARIMA|Better/)
  })

  it('a plain baseline far better on test than the forecast is said plainly, in red, whatever validation chose', () => {
    // the yardstick chosen on validation (moving average) loses on test, the forecast beats it, and
    // drift beats the forecast by far: not "Better than …"
    const m = [...shifted.filter((x) => x.metric !== 'skill' && !(x.split === 'test' && x.model === 'model')), { split: 'test', model: 'model', metric: 'rmse', value: 10 }, { split: 'test', model: 'model', metric: 'skill', value: 1 - 10 / 12.743 }]
    const v = verdictOf('regression', levelshift, m, null, 30)
    expect(v.skill).toBeCloseTo(1 - 10 / 12.743, 6) // the skill stays the one against the yardstick picked on validation
    expect(v.baseline).toBe('moving-average')
    expect(v.tone).toBe('bad')
    expect(v.headline).toBe('The drift baseline did better on test than the forecast (RMSE 6.12 against 10.0, 38.8 % less error); the forecast beat moving average, the best baseline on validation, by 21.5 %; the network lost on validation, so the forecast is the mean of ETS(M,N,N), Theta and ARIMA(0,0,0) with non-zero mean')
    expect(v.action).toMatch(/^Use the drift forecast instead: the forecast CSV and workbook carry it as the column baseline_drift, or choose it as the Forecaster in Setup/)
    expect(toneOf(v.skill, true, true)).toBe('bad') // the Runs table's colour agrees
    // a narrow margin (drift 10 % under the forecast) keeps the headline "Better than …"
    const near = m.map((x) => (x.split === 'test' && (x.model === 'drift' || x.model === 'naive') ? { ...x, value: 9 } : x))
    expect(verdictOf('regression', levelshift, near, null, 30).headline).toMatch(/^Better than the best baseline \(moving average; ETS, Theta and ARIMA, part of the forecast, are left out\) by 21\.5 % on test \(RMSE\); on test the drift baseline did better still/)
  })

  it('a classification verdict resting on few test rows of the rarer class says so, and is not green (run 24: 1 positive in 30)', () => {
    const rows = (ys: number[]) => ys.map((actual) => ({ step: 1, actual }))
    const test = rows([...Array<number>(29).fill(0), 1])
    expect(fewestEvents(test)?.fewest).toBe(1)
    expect(fewestEvents(rows([0, 0, 0]))).toEqual({ fewest: 0, absent: [1] }) // run 23: no positive at all
    expect(fewestEvents(rows([0, 1, 2, 2, 1, 0, 2]))?.fewest).toBe(2)
    expect(fewestEvents([{ step: 1, actual: 51.3 }])).toBeNull() // a regression run's values are no classes
    const m = [{ split: 'val', model: 'majority', metric: 'brier', value: 0.0268 }, { split: 'test', model: 'model', metric: 'brier', value: 0.044 }, { split: 'test', model: 'majority', metric: 'brier', value: 0.0444 }, { split: 'test', model: 'model', metric: 'skill', value: 1 - 0.044 / 0.0444 }]
    const v = verdictOf('classification', null, m, null, 30, null, fewestEvents(test))
    const enough = { fewest: FEW_TEST_EVENTS, absent: [] }
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe('Better than the best baseline (majority class) by 0.9 % on test (Brier score), but the test period holds only 1 row of its rarer class')
    expect(v.action).toMatch(/^The scores rest on few events: .* too few to tell a real difference from chance/)
    expect(verdictOf('classification', null, m, null, 30, null, fewestEvents(rows([0, 0, 0]))).headline).toMatch(/but the test period holds no row of one of the classes$/)
    expect(verdictOf('classification', null, m, null, 30, null, enough).tone).toBe('good') // enough events: as before
    expect(verdictOf('regression', won, metrics(0.42), null, 30, null, fewestEvents(test)).tone).toBe('good') // events are a classification run's
    // the Runs table's colour agrees (toneOf with fewEvents), green only with enough events
    expect(toneOf(v.skill, false, false, true)).toBe(v.tone)
    expect(toneOf(v.skill, false, false, false)).toBe(verdictOf('classification', null, m, null, 30, null, enough).tone)
    const worse = m.map((x) => (x.split === 'test' && x.model === 'model' && x.metric === 'brier' ? { ...x, value: 0.05 } : x))
    expect(toneOf(1 - 0.05 / 0.0444, false, false, true)).toBe(verdictOf('classification', null, worse, null, 30, null, fewestEvents(test)).tone) // red stays red
  })

  it("fewestOfTally (the Runs list's count per class from the store) agrees with fewestEvents over the rows", () => {
    const rows = (ys: number[], step = 1) => ys.map((actual) => ({ step, actual }))
    const tally = (r: { step: number; actual: number | null }[]) => {
      const first = Math.min(...r.filter((x) => x.actual !== null).map((x) => x.step))
      const t = new Map<number, number>()
      for (const x of r) if (x.actual !== null && x.step === first) t.set(x.actual, (t.get(x.actual) ?? 0) + 1)
      return [...t]
    }
    for (const r of [rows([...Array<number>(29).fill(0), 1]), rows([0, 0, 0]), rows([0, 1, 2, 2, 1, 0, 2]), [...rows([0, 1, 1]), ...rows([1, 1, 1, 1], 2)], [{ step: 1, actual: 51.3 }]]) expect(fewestOfTally(tally(r))).toEqual(fewestEvents(r))
    // no scored row (a run stored without its test forecast): nothing is known, not "no row of a class"
    expect(fewestEvents([])).toBeNull()
    expect(fewestEvents([{ step: 1, actual: null }])).toBeNull()
    expect(fewestOfTally([])).toBeNull()
  })

  it("a multi-class run's caution counts every one of its classes and names those the test period lacks (weather: snow, fog)", () => {
    const names = ['drizzle', 'rain', 'sun', 'snow', 'fog']
    const rows = (ys: number[]) => ys.map((actual) => ({ step: 1, actual }))
    // 7 drizzle, 40 rain, 60 sun, no snow (3) nor fog (4): the highest classes absent, which a
    // count up to the highest class seen missed ("only 7 rows of its rarer class")
    const test = rows([...Array<number>(7).fill(0), ...Array<number>(40).fill(1), ...Array<number>(60).fill(2)])
    expect(fewestEvents(test, names)).toEqual({ fewest: 0, absent: [3, 4], names })
    expect(fewEventsWords(fewestEvents(test, names)!)).toBe('the test period holds no row of snow, fog')
    // snow alone absent, fog present: named too, not "one of the classes"
    const noSnow = [...test, ...rows(Array<number>(12).fill(4))]
    expect(fewEventsWords(fewestEvents(noSnow, names)!)).toBe('the test period holds no row of snow')
    // the store's tally (Runs list) agrees where it is given the names
    expect(fewestOfTally([[0, 7], [1, 40], [2, 60]], names)).toEqual(fewestEvents(test, names))
    // without names: the classes seen, and how many of them have no row
    expect(fewEventsWords({ fewest: 0, absent: [1, 3] })).toBe('the test period holds no row of 2 of the classes')
    const m = [{ split: 'val', model: 'majority', metric: 'brier', value: 0.5 }, { split: 'test', model: 'model', metric: 'brier', value: 0.4 }, { split: 'test', model: 'majority', metric: 'brier', value: 0.5 }]
    const v = verdictOf('classification', null, m, null, 107, null, fewestEvents(test, names))
    expect(v.tone).toBe('warn')
    expect(v.headline).toMatch(/, but the test period holds no row of snow, fog$/)
  })

  it('toneOf agrees with verdictOf for the Runs table', () => {
    expect([toneOf(0.2, false), toneOf(0.2, true), toneOf(-0.1, false), toneOf(-0.1, true), toneOf(null, false)]).toEqual(['good', 'warn', 'bad', 'bad', null])
    for (const [c, s] of [[won, 0.4], [lost, 0.4], [won, -1]] as const) expect(toneOf(s, c.network === 0)).toBe(verdictOf('regression', c, metrics(s)).tone)
  })

  it('slimChoice drops the fitted members', () => {
    const full = { ...lost, members: lost.members.map((m) => ({ ...m, fit: { params: { alpha: 0.1 } }, full: { params: {} } })) }
    expect(slimChoice(full)).toEqual(lost)
    expect(slimChoice(null)).toBeNull()
  })
})

describe('the report shows the verdict', () => {
  it('a losing network: the fallback, the warning and the validation table', () => {
    const html = renderReport({ ...sampleReport(), choice: lost })
    const verdict = html.slice(html.indexOf('<section id="verdict"'), html.indexOf('</section>', html.indexOf('<section id="verdict"')))
    expect(verdict).toContain('class="verdict ')
    expect(verdict).toContain('Forecast made by <b>the mean of ETS(M,A,M) and Theta</b>')
    expect(verdict).toContain('The network lost to the statistical models on validation')
    expect(verdict.match(/<tr( class="chosen")?><td>/g)).toHaveLength(3)
    expect(verdict).toContain('<tr class="chosen"><td>mean of ETS(M,A,M) and Theta <span class="tag">forecast</span>')
  })
})

describe('the verdict on a global run: over its series, each with its own choice', () => {
  // MAE, MASE, naive and seasonal naive MAE of three series
  const row = (mae: number, mase: number, naive: number, snaive: number | null): SeriesMetricsExport =>
    ({ series: [String(mae)], n: 10, mae, mase, naiveMae: naive, seasonalNaiveMae: snaive, coverage: 0.9, beatsNaive: mae < naive, forecastBy: 'combination', forecastLabel: 'mean of ETS and Theta' })
  const rows = [row(1, 0.5, 2, 1.5), row(3, 1.5, 2, null), row(2, 0.8, 2.5, 1.9)]

  it('says how many series beat the better naive, green for most, amber for some, red for none; never "stored before the choice"', () => {
    const most = verdictOf('regression', null, [], { series: 5, beatNaive: 4, beatBestNaive: 3, meanMase: 0.8123, meanNaiveMase: 1.2 })
    expect(most.tone).toBe('good')
    expect(most.headline).toBe("3 of 5 series beat the better of naive and seasonal naive on test (mean MASE 0.812, naive's 1.20)")
    expect(most.forecaster).toBe("each series' own choice on its validation rows")
    expect(most.forecaster).not.toBe(NO_CHOICE)
    expect(most.action).toBeNull()
    expect(most.validation).toEqual([])
    const some = verdictOf('regression', null, [], { series: 4, beatNaive: 2, beatBestNaive: 2, meanMase: null, meanNaiveMase: null })
    expect(some.tone).toBe('warn')
    expect(some.headline).toBe('2 of 4 series beat the better of naive and seasonal naive on test')
    // in words that fit the app, and a report or workbook made by fw export: not an app view alone
    expect(some.action).toBe('The series table shows which series lose to their naive forecast: train those on their own (one series a run: picked in Data, or fw train --series COL --series-value VALUE), or choose a statistical forecaster (Setup\'s Forecaster, or fw train --forecaster) and compare.')
    expect(verdictOf('regression', null, [], { series: 3, beatNaive: 0, beatBestNaive: 0, meanMase: 2, meanNaiveMase: 1 }).tone).toBe('bad')
  })

  it('the report of a global run gives that verdict, from the aggregate stored with the run', () => {
    const summary = { series: 3, beatNaive: 2, beatBestNaive: 1, meanMase: (0.5 + 1.5 + 0.8) / 3, meanNaiveMase: 1.4 }
    const html = renderReport({ ...sampleReport(), series: { columns: ['store'], rows, shown: '1', summary } })
    const verdict = html.slice(html.indexOf('<section id="verdict"'), html.indexOf('</section>', html.indexOf('<section id="verdict"')))
    expect(verdict).toContain('1 of 3 series beat the better of naive and seasonal naive on test')
    expect(verdict).not.toContain('stored before the choice existed')
  })

  it("a global classification's advice names the app's way and fw's to train a series on its own", () => {
    const some = verdictOf('classification', null, [], { series: 4, beatNaive: 0, beatBestNaive: 0, meanMase: null, meanNaiveMase: null, classification: { beatRate: 1, brier: 0.2, rateBrier: 0.25 } })
    expect(some.tone).toBe('warn')
    expect(some.action).toBe('The series table shows which series do not beat their training rate: train those on their own (one series a run: picked in Data, or fw train --series COL --series-value VALUE), or change the features or the model and train again.')
  })
})

// Exploratory pass 20, finding 10: run 5's verdict was green, "Better than the best baseline
// (persistence) by 25.6 % on test (Brier score)", while persistence had the better test accuracy
// (0.7455 against 0.7091) and F1 (0.7529 against 0.6883), which the table beside it shows.
describe('a classification verdict and the baselines that did better on accuracy or F1', () => {
  const run5 = (extra: { model: string; metric: string; value: number }[] = []) => [
    { split: 'val', model: 'persistence', metric: 'brier', value: 0.5 },
    { split: 'val', model: 'majority', metric: 'brier', value: 1 },
    ...[['model', 0.3788, 0.7091, 0.6883], ['persistence', 0.5091, 0.7455, 0.7529], ['majority', 1.0303, 0.4848, 0], ['training-rate', 0.5428, 0.4848, 0]]
      .flatMap(([model, brier, accuracy, f1]) => [{ model, metric: 'brier', value: brier }, { model, metric: 'accuracy', value: accuracy }, { model, metric: 'f1', value: f1 }].map((m) => ({ split: 'test', ...m }) as { split: string; model: string; metric: string; value: number })),
    ...extra.map((m) => ({ split: 'test', ...m }))
  ]

  it('keeps Brier as its measure and its tone, and says which baseline had a higher accuracy and F1 on test', () => {
    const v = verdictOf('classification', null, run5())
    expect(v.headline).toBe('Better than the best baseline (persistence) by 25.6 % on test (Brier score), but on test persistence had a higher accuracy (0.7455 against 0.7091) and F1 (0.7529 against 0.6883)')
    expect(v.tone).toBe('good')
    expect(v.skill).toBeCloseTo(1 - 0.3788 / 0.5091, 12)
  })

  it('names each score\'s best baseline where they differ, and nothing where none did better', () => {
    const m = run5().map((r) => (r.split === 'test' && r.model === 'persistence' && r.metric === 'f1' ? { ...r, value: 0.6 } : r))
    const v = verdictOf('classification', null, [...m, { split: 'test', model: 'training-rate', metric: 'f1', value: 0.7 }].filter((r) => !(r.model === 'training-rate' && r.metric === 'f1' && r.value === 0)))
    expect(v.headline).toMatch(/, but on test persistence had a higher accuracy \(0\.7455 against 0\.7091\) and training rate had a higher F1 \(0\.7000 against 0\.6883\)$/)
    const none = run5().map((r) => (r.split === 'test' && r.model === 'persistence' && r.metric !== 'brier' ? { ...r, value: 0.5 } : r))
    expect(verdictOf('classification', null, none).headline).toBe('Better than the best baseline (persistence) by 25.6 % on test (Brier score)')
    // a regression verdict reads no accuracy
    expect(verdictOf('regression', won, [...metrics(0.42), { split: 'test', model: 'naive', metric: 'accuracy', value: 1 }]).headline).not.toContain('accuracy')
  })

  it('says it beside a verdict that rests on few events, too', () => {
    const v = verdictOf('classification', null, run5(), null, 165, null, { fewest: 3, absent: [] })
    expect(v.headline).toBe('Better than the best baseline (persistence) by 25.6 % on test (Brier score), but on test persistence had a higher accuracy (0.7455 against 0.7091) and F1 (0.7529 against 0.6883), and the test period holds only 3 rows of its rarer class')
  })
})

describe("toneOf for a classification run level with its baseline (the verdict's noise)", () => {
  const m = (model: number) => [
    { split: 'val' as const, model: 'training-rate', metric: 'brier', value: 0.21 },
    { split: 'test' as const, model: 'model', metric: 'brier', value: model },
    { split: 'test' as const, model: 'training-rate', metric: 'brier', value: 0.2176 },
    { split: 'test' as const, model: 'model', metric: 'skill', value: 1 - model / 0.2176 }
  ]
  const noise = (mean: number) => ({ baseline: 'training-rate', mean, se: 0.0018, rows: 90 })
  it('is amber where the verdict is level, a gain or a small loss, and as before without', () => {
    for (const [model, mean] of [[0.2157, -0.0019], [0.218, 0.0004]] as const) {
      const v = verdictOf('classification', null, m(model), null, null, null, null, 'app', [], noise(mean))
      expect(v.tone).toBe('warn')
      expect(toneOf(v.skill, false, false, false, true)).toBe(v.tone)
    }
    expect(toneOf(1 - 0.2157 / 0.2176, false, false, false, false)).toBe(verdictOf('classification', null, m(0.2157)).tone)
    expect(toneOf(1 - 0.218 / 0.2176, false)).toBe('bad')
    expect(toneOf(null, false, false, false, true)).toBeNull() // no skill: as before
  })
})

describe('percentSize and skillPercent: a skill that is not 0 never reads as 0.0 %', () => {
  // RMSE 2.4329 against the baseline's 2.4318: 0.045 % more error, which one decimal shows as 0.0 %
  const close = 1 - 2.4329 / 2.4318

  it('keep one decimal where it shows the difference, two where one rounds to 0.0, and say "< 0.01 %" below that', () => {
    expect(percentSize(0.421)).toBe('42.1 %')
    expect(percentSize(-1.308)).toBe('130.8 %')
    expect(percentSize(close)).toBe('0.05 %')
    expect(percentSize(0.00099)).toBe('0.1 %')
    expect(percentSize(0.00003)).toBe('< 0.01 %')
    expect(percentSize(0)).toBe('0.0 %')
    expect(skillPercent(0.174)).toBe('+17.4 %')
    expect(skillPercent(close)).toBe('-0.05 %')
    expect(skillPercent(0.00042)).toBe('+0.04 %')
    expect(skillPercent(-0.00003)).toBe('-< 0.01 %')
    expect(skillPercent(0)).toBe('0.0 %')
  })

  it("the verdict's words give the digits too, worse or better", () => {
    const worse = verdictOf('regression', won, [{ split: 'val', model: 'naive', metric: 'rmse', value: 1 }, { split: 'test', model: 'model', metric: 'skill', value: close }])
    expect(worse.headline).toBe('Worse than naive by 0.05 % on test (RMSE): use the naive forecast')
    expect(verdictOf('regression', won, metrics(0.00003)).headline).toBe('Better than the best baseline (seasonal naive) by < 0.01 % on test (RMSE)')
  })
})

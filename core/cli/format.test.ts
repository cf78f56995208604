import { expect, it } from 'vitest'
import { displayWidth, metricsTable, progressLine, table } from './format'
import { durationWords } from '../train/progress'

it('lists metrics in the order a run computes them, whatever order they come in (a stored run: by name)', () => {
  const row = (metric: string, value: number) => ({ split: 'test' as const, model: 'model', metric, value })
  const byName = ['mae', 'mape', 'mase', 'r2', 'rmse', 'rmse@2', 'rmse@10', 'skill', 'smape'].map((m, i) => row(m, i))
  const header = metricsTable(byName).split('\n')[0]!.trim().split(/\s+/)
  expect(header).toEqual(['predictor', 'mae', 'rmse', 'mape', 'smape', 'mase', 'r2', 'rmse@2', 'rmse@10', 'skill'])
  const cls = ['accuracy', 'auc', 'brier', 'f1', 'logloss', 'precision', 'recall', 'skill'].map((m, i) => row(m, i))
  expect(metricsTable(cls).split('\n')[0]!.trim().split(/\s+/)).toEqual(['predictor', 'accuracy', 'f1', 'precision', 'recall', 'logloss', 'brier', 'auc', 'skill'])
})

it('lists the predictors as fw train does, whatever order they come in (a stored run: by name): the forecast, the network alone, then the baselines plainest first', () => {
  const byName = ['arima', 'drift', 'ets', 'linear', 'model', 'moving-average', 'naive', 'network', 'seasonal-naive', 'theta'].map((model) => ({ split: 'test' as const, model, metric: 'rmse', value: 1 }))
  const predictors = metricsTable(byName).split('\n').slice(2).map((l) => l.split(/\s+/)[0])
  expect(predictors).toEqual(['model', 'network', 'naive', 'moving-average', 'linear', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'])
})

it('tables align by the columns a terminal draws: CJK and emoji take two, combining marks none', () => {
  expect([displayWidth('store'), displayWidth('店铺'), displayWidth('🚀x'), displayWidth('é'), displayWidth('e\u0301')]).toEqual([5, 4, 3, 1, 1])
  const lines = table(['series', 'mae'], [['店铺 1', '1.5'], ['shop 22', '10.25'], ['🚀', '3']]).split('\n')
  // every row's last cell ends in the same column
  expect(new Set(lines.map(displayWidth))).toEqual(new Set([displayWidth(lines[0]!)]))
  expect(lines[2]).toBe('店铺 1     1.5')
})

it('counts a symbol drawn as an emoji by its variation selector (🌡️), or a joined emoji, as two columns; the symbol alone as one', () => {
  expect([displayWidth('🌡️'), displayWidth('température 🌡️'), displayWidth('👩‍💻'), displayWidth('👍🏽'), displayWidth('🇫🇷'), displayWidth('🌡'), displayWidth('©')]).toEqual([2, 14, 2, 2, 2, 1, 1])
  const lines = table(['column', 'missing'], [['temp 🌡️', '0'], ['temp xx', '12']]).split('\n')
  expect(new Set(lines.map(displayWidth))).toEqual(new Set([displayWidth(lines[0]!)]))
  expect(lines[2]).toBe('temp 🌡️        0')
})

it("says under the table why each '—' is undefined, as skill's reasons are said; the baselines' skill cells are blank, not '—'", () => {
  const row = (model: string, metric: string, value: number | null) => ({ split: 'test' as const, model, metric, value })
  // a classification run with no positive predicted, and no positive in its test period
  const cls = [row('model', 'accuracy', 1), row('model', 'precision', null), row('model', 'recall', null), row('model', 'f1', null), row('model', 'brier', 0.01), row('model', 'auc', null), row('majority', 'precision', null), row('majority', 'brier', 0.02), row('model', 'skill', 0.5)]
  const t = metricsTable(cls, 'test', null, { task: 'classification', choice: null, target: null })
  const lines = t.split('\n')
  expect(lines[2]).toMatch(/^model\s+1\.0000\s+—\s+—\s+—\s+0\.0100\s+—\s+0\.5000$/)
  expect(lines[3]).toMatch(/^majority\s+—\s+—\s+—\s+—\s+0\.0200\s+—\s*$/) // no skill of its own: blank
  expect(lines.slice(4)).toEqual([
    '— in f1 (model): undefined: nothing was predicted as the class and no row of it was there to find (0 / 0)',
    '— in precision (model, majority): undefined: nothing was predicted as the class (0 / 0)',
    '— in recall (model): undefined: no row of the class was there to find (0 / 0)',
    '— in auc (model): undefined: only one class is present, so there is no pair of rows of two classes to rank'
  ])
  // regression: sMAPE over zeros, and a skill that the rule gives none (both fit exactly)
  const reg = [row('model', 'rmse', 2e-14), row('model', 'smape', null), row('drift', 'rmse', 1e-14), row('drift', 'smape', 12), row('model', 'skill', 0.168)]
  const r = metricsTable([...reg, { split: 'val' as const, model: 'drift', metric: 'rmse', value: 1 }], 'test', null, { task: 'regression', choice: null, target: 100 }).split('\n')
  expect(r.slice(4)).toEqual([
    "— in smape (model): undefined: every point's actual and forecast are both 0 to rounding, so no point has a relative error (0 / 0); sMAPE leaves such points out",
    '— in skill (model): no skill: the forecast and the drift baseline both fit the test period exactly (RMSE 0 to rounding), so the ratio of their errors is rounding noise, not skill'
  ])
  // nothing undefined: no note
  expect(metricsTable([row('model', 'rmse', 1), row('naive', 'rmse', 2), row('model', 'skill', 0.5)]).split('\n')).toHaveLength(4)
})

it("says the time left in the progress line as the Train view does, minutes and hours named (it said 'ETA 7827s')", () => {
  expect(progressLine(4, 20, 0.1, null, 7826.2)).toMatch(/ETA 2 h 11 min$/)
  expect(progressLine(4, 20, 0.1, 0.2, 231)).toMatch(/ETA 3 min 51 s$/)
  expect(progressLine(20, 20, 0.1, null, -1)).toMatch(/ETA 0 s$/)
  // whole seconds rounded up first: no '2 min 60 s' (the Train view's old Math.ceil(s % 60))
  expect([durationWords(44.2), durationWords(179.5), durationWords(3599.5), durationWords(3600)]).toEqual(['45 s', '3 min 0 s', '1 h 0 min', '1 h 0 min'])
})

// explore25 finding 10: --direct --horizon 60 printed 60 rmse@k columns, a table ~1,000 characters wide
it('shows a few per-step columns of a long direct horizon (the first, some between, the last) and says where all of them are', () => {
  const row = (metric: string, value: number) => ({ split: 'test' as const, model: 'model', metric, value })
  const steps = Array.from({ length: 60 }, (_, k) => row(`rmse@${k + 1}`, k))
  const said = metricsTable([row('mae', 1), row('rmse', 2), ...steps]).split('\n')
  expect(said[0]!.trim().split(/\s+/)).toEqual(['predictor', 'mae', 'rmse', 'rmse@1', 'rmse@13', 'rmse@25', 'rmse@36', 'rmse@48', 'rmse@60'])
  expect(said).toContain('note: rmse@k for 6 of its 60 steps (1, 13, 25, 36, 48, 60); every step\'s in --json')
  expect(said[2]).toMatch(/^model +1(\.0+)? +2(\.0+)? +0(\.0+)? +12(\.0+)? /)
  // up to 8 steps: all shown, no note
  const eight = metricsTable([row('mae', 1), ...steps.slice(0, 8)]).split('\n')
  expect(eight[0]!.trim().split(/\s+/)).toHaveLength(10)
  expect(eight.join('\n')).not.toContain('every step')
})

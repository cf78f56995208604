// Each chart's description for a screen reader, from the data it draws: the numbers a sighted
// reader takes from the chart, in one sentence.
import { describe, expect, it } from 'vitest'
import type { ChartDataset } from 'chart.js'
import { calibrationSummary, chartSummary, flowSummary, forecastSummary, gradSummary, histogramSummary, lossSummary, residualSummary, rocSummary, seriesSummary } from './chart-summary'
import { atThreshold, calibration, roc } from './evaluate'

const epochs = [
  { epoch: 1, trainLoss: 0.5, valLoss: 0.6, gradNorm: 2.5 },
  { epoch: 2, trainLoss: 0.3, valLoss: 0.25, gradNorm: 3.9 },
  { epoch: 3, trainLoss: 0.2, valLoss: 0.31, gradNorm: 0.35 }
]
const row = (i: number, value: number, actual: number | null, lower: number | null = null, upper: number | null = null) => ({ ts: i, step: 1, value, actual, lower, upper })

describe('chart summaries', () => {
  it('says the training loss from first to last epoch and the best validation loss', () => {
    expect(lossSummary(epochs)).toBe('training loss 0.5 → 0.2 over 3 epochs; best validation loss 0.25 at epoch 2')
    expect(lossSummary(epochs.map((e) => ({ ...e, valLoss: null })))).toBe('training loss 0.5 → 0.2 over 3 epochs')
    expect(lossSummary([])).toBe('no epochs yet')
  })

  it('says the gradient norm, its largest and the clip', () => {
    expect(gradSummary(epochs, 1)).toBe('gradient norm before clipping 2.5 → 0.35 over 3 epochs, largest 3.9 at epoch 2; clipped at 1')
    expect(gradSummary(epochs, 0)).not.toContain('clipped')
  })

  it('says how much gradient reaches the first step of the window', () => {
    expect(flowSummary([0.002, 0.05, 0.4])).toBe('gradient through time over 3 steps of the window: 0.4 at the last step, 0.002 at the first (0.5 % of it)')
    expect(flowSummary(null)).toBe('no gradient flow measured')
  })

  it("says the test period's points, the MAE over those with an actual, and the interval's coverage", () => {
    const rows = [row(0, 1, 1.5), row(1, 2, 1.5), row(2, 3, 3.2), row(3, 4, null)]
    expect(forecastSummary(rows, { level: 0.9, coverage: 0.875 })).toBe('test period, 4 points: forecast vs actual, MAE 0.4; the 90 % interval covers 88 %')
    expect(forecastSummary(rows, { level: 0.9, coverage: null })).toBe('test period, 4 points: forecast vs actual, MAE 0.4')
    // two classes: the probability of the second above 0.5; more: the class index
    expect(forecastSummary([row(0, 0.8, 1), row(1, 0.3, 1), row(2, 0.1, 0), row(3, 0.6, 0)], { level: 0.9, coverage: null, classes: 2 })).toBe('test period, 4 points: predicted probability vs actual class, 50 % classified right')
    expect(forecastSummary([row(0, 2, 2), row(1, 1, 0)], { level: 0.9, coverage: null, classes: 3 })).toBe('test period, 2 points: predicted class vs actual class, 50 % classified right')
    expect(forecastSummary([], { level: 0.9, coverage: null })).toBe('no test forecasts')
  })

  it('says the residuals\' mean and the band 90 % of them lie in', () => {
    const r = [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.0]
    expect(residualSummary(r)).toBe('residuals of 10 test points: mean -0.05, 90 % within ±0.9')
    expect(residualSummary([])).toBe('no residuals')
  })

  it('says the ROC curve\'s AUC and its operating point at the threshold the Threshold panel shows, and none with one class', () => {
    const rows = [row(0, 0.9, 1), row(1, 0.8, 0), row(2, 0.6, 1), row(3, 0.3, 1), row(4, 0.1, 0), row(5, 0.55, null)]
    const c = roc(rows)
    // above 0.5: 0.9 and 0.6 of the class, 0.8 not; 0.55 has no actual
    expect(rocSummary(c, atThreshold(rows, 0.5))).toBe('ROC over 5 test points (3 of the class): AUC 0.667 (0.5 is chance); at the 0.5 threshold, true positive rate 0.667 at false positive rate 0.5')
    // the panel moved to 0.25: 0.3 joins the class, so every one of the class is caught
    expect(rocSummary(c, atThreshold(rows, 0.25))).toBe('ROC over 5 test points (3 of the class): AUC 0.667 (0.5 is chance); at the 0.25 threshold, true positive rate 1 at false positive rate 0.5')
    expect(rocSummary(c, null)).toBe('ROC over 5 test points (3 of the class): AUC 0.667 (0.5 is chance)')
    expect(rocSummary(roc([row(0, 0.9, 1), row(1, 0.2, 1)]), atThreshold([row(0, 0.9, 1), row(1, 0.2, 1)], 0.5))).toBe('no ROC curve: the 2 test points hold the class only')
    expect(rocSummary(roc([]), null)).toBe('no ROC curve: no test points')
  })

  it("says the calibration bins, first and last, and the largest gap between predicted and observed", () => {
    const bins = calibration([row(0, 0.12, 0), row(1, 0.08, 0), row(2, 0.72, 1), row(3, 0.68, 0), row(4, 0.74, 0), row(5, 0.95, 1)])
    // bins of equal counts, at least 3 each (calibration-bins.test.ts): 0.08, 0.12, 0.68 and 0.72, 0.74, 0.95
    expect(calibrationSummary(bins)).toBe('predicted 0.293 → observed 0 … predicted 0.803 → observed 0.667 over 2 bins of 6 test points (3 each, by predicted probability); largest gap 0.293 at predicted 0.293 (observed 0)')
    expect(calibrationSummary(calibration([row(0, 0.3, 1)]))).toBe('predicted 0.3 → observed 1 over 1 bin of 1 test point (every predicted probability is the same); largest gap 0.7 at predicted 0.3 (observed 1)')
    expect(calibrationSummary(calibration([row(0, 0.3, 1), row(1, 0.4, 0)]))).toBe('predicted 0.35 → observed 0.5 over 1 bin of 2 test points (too few for two bins of 3); largest gap 0.15 at predicted 0.35 (observed 0.5)')
    expect(calibrationSummary([])).toBe('no calibration: no test points')
  })

  it("says the histogram's bins and its tallest", () => {
    expect(histogramSummary({ edges: [-1.5, -0.5, 0.5, 1.5], counts: [2, 7, 1] })).toBe('10 residuals in 3 bins 1 wide from -1.5 to 1.5; the most, 7 points, from -0.5 to 0.5')
  })

  it("says a series' points, its calendar step, its span and its range, on the rows shown", () => {
    const month = (y: number, m: number) => Date.UTC(y, m - 1, 1)
    const times = Float64Array.from({ length: 24 }, (_, i) => month(2000 + Math.floor(i / 12), (i % 12) + 1))
    const values = Float64Array.from({ length: 24 }, (_, i) => 300 + i)
    values[5] = NaN
    expect(seriesSummary('CO2', values, times, null)).toBe('series CO2, 23 monthly points from 2000-01 to 2001-12, 300 to 323')
    // one series' rows of several
    expect(seriesSummary('CO2', values, times, Int32Array.from([0, 1, 2]))).toBe('series CO2, 3 monthly points from 2000-01 to 2000-03, 300 to 302')
    expect(seriesSummary('x', Float64Array.from([3, 1, 2]), null, null)).toBe('series x, 3 points, 1 to 3')
  })

  it('says any other chart by its lines (a band by both its edges) or its bars', () => {
    const sets = [
      { label: '90 % interval', data: [{ x: 0, y: 5 }, { x: 1, y: 6 }] },
      { label: 'lower', data: [{ x: 0, y: 1 }, { x: 1, y: 2 }] },
      { label: 'forecast', data: [{ x: 0, y: 3 }, { x: 1, y: null }, { x: 2, y: 4.5 }] }
    ] as ChartDataset[]
    expect(chartSummary(sets)).toBe('90 % interval: 2 points, lower edge 1 to 2, upper edge 5 to 6; forecast: 2 points, 3 to 4.5')
    expect(chartSummary([{ label: 'count', data: [1, 4, 2] }] as ChartDataset[], ['a', 'b', 'c'])).toBe('count: 3 bars, highest 4 at b')
    expect(chartSummary([])).toBe('no data')
  })

  it('says a bar chart\'s highest bar exactly where it is a count, else as rounded (not "highest 2100" for 2104)', () => {
    expect(chartSummary([{ label: 'count', data: [752, 2104, 3] }] as ChartDataset[], ['a', 'b', 'c'])).toBe('count: 3 bars, highest 2,104 at b')
    expect(chartSummary([{ label: 'count', data: [1, 123456, 3] }] as ChartDataset[])).toBe('count: 3 bars, highest 123,456')
    expect(chartSummary([{ label: 'MAE', data: [0.5, 0.12345] }] as ChartDataset[], ['naive', 'model'])).toBe('MAE: 2 bars, highest 0.5 at naive')
    expect(chartSummary([{ label: 'MAE', data: [0.1, 0.12345] }] as ChartDataset[], ['naive', 'model'])).toBe('MAE: 2 bars, highest about 0.123 at model')
  })

  it('rounds a range outward, so that its ends hold every value (not 2100 for a highest of 2104)', () => {
    expect(chartSummary([{ label: 'sales', data: [{ x: 0, y: 752.6 }, { x: 1, y: 2104 }, { x: 2, y: 0.752 }] }] as ChartDataset[])).toBe('sales: 3 points, 0.752 to 2110')
    expect(chartSummary([{ label: 'sales', data: [{ x: 0, y: 752.6 }, { x: 1, y: 2104 }] }] as ChartDataset[])).toBe('sales: 2 points, 752 to 2110')
    expect(chartSummary([{ label: 'v', data: [{ x: 0, y: -0.0123456 }, { x: 1, y: 999.6 }] }] as ChartDataset[])).toBe('v: 2 points, -0.0124 to 1000')
    expect(seriesSummary('S', Float64Array.from([752.6, 1000, 2106.6]), null, null)).toBe('series S, 3 points, 752 to 2110')
  })
})

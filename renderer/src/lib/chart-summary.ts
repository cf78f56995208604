// What a chart shows, in one short sentence of numbers, for a screen reader: the canvas is an image
// whose name is only its title, so ChartPanel gives it this as its description. Built from the data
// the chart draws (the views pass theirs in); numbers in the app's format, no words of the CLI's.
import type { ChartDataset } from 'chart.js'
import type { ForecastPoint } from '../../../electron/contract'
import { calendarStep, fileTime, formatCount, formatNumber } from './columns'
import type { TimeZoneMark } from '../../../core/data/time-cell'
import { plural } from '../../../core/data/words'
import { CALIBRATION_MIN_BIN, type CalibrationBin } from './evaluate'

const num = (v: number) => formatNumber(v, 3)
/** `v` to num's 3 significant digits, rounded away from the range it ends (`dir` -1: the lowest, down;
 *  1: the highest, up), so that "752 to 2110" holds every value: 2104 is said 2110, not 2100. */
function outward(v: number, dir: -1 | 1): number {
  if (v === 0 || !Number.isFinite(v)) return v
  const p = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2)
  const q = v / p
  const whole = Math.round(q)
  // (0.752 / 0.001 is 751.999…: a value already of 3 digits stays as it is)
  const r = Math.abs(q - whole) < 1e-9 * Math.abs(q) ? whole : dir > 0 ? Math.ceil(q) : Math.floor(q)
  return +(r * p).toPrecision(3)
}
/** A bar chart's highest bar, its words true: a count exactly ("2,104", not num's "2100"), another
 *  value exactly where num's 3 digits write it so, else said as rounded ("about 0.123"). */
function highest(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatCount(v)
  return +num(v) === v ? num(v) : `about ${num(v)}`
}
/** "752 to 2110": the lowest and the highest of a range, rounded outward. */
const span = (lo: number, hi: number) => `${num(outward(lo, -1))} to ${num(outward(hi, 1))}`
const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

interface Epoch {
  epoch: number
  trainLoss: number
  valLoss: number | null
  gradNorm?: number | null
}

/** "training loss 0.173 → 0.161 over 22 epochs; best validation loss 0.152 at epoch 18". */
export function lossSummary(epochs: readonly Epoch[]): string {
  const train = epochs.filter((e) => finite(e.trainLoss))
  if (!train.length) return 'no epochs yet'
  const first = train[0]!
  const last = train[train.length - 1]!
  let s = `training loss ${num(first.trainLoss)} → ${num(last.trainLoss)} over ${plural(train.length, 'epoch')}`
  let best: Epoch | null = null
  for (const e of epochs) if (finite(e.valLoss) && (!best || e.valLoss < best.valLoss!)) best = e
  if (best) s += `; best validation loss ${num(best.valLoss!)} at epoch ${best.epoch}`
  return s
}

/** "gradient norm 2.1 → 0.35 over 22 epochs, largest 3.9 at epoch 2; clipped at 1". */
export function gradSummary(epochs: readonly Epoch[], clipNorm: number): string {
  const g = epochs.filter((e) => finite(e.gradNorm))
  if (!g.length) return 'no gradient norms yet'
  let top = g[0]!
  for (const e of g) if (e.gradNorm! > top.gradNorm!) top = e
  const clip = clipNorm > 0 ? `; clipped at ${num(clipNorm)}` : ''
  return `gradient norm before clipping ${num(g[0]!.gradNorm!)} → ${num(g[g.length - 1]!.gradNorm!)} over ${plural(g.length, 'epoch')}, largest ${num(top.gradNorm!)} at epoch ${top.epoch}${clip}`
}

/** "gradient at the last step 0.42, at the first 0.0031 of 24 steps back through the window (0.74 %)". */
export function flowSummary(norms: readonly number[] | null): string {
  if (!norms || !norms.length) return 'no gradient flow measured'
  const first = norms[0]!
  const last = norms[norms.length - 1]!
  const kept = last > 0 && Number.isFinite(first / last) ? ` (${num((first / last) * 100)} % of it)` : ''
  return `gradient through time over ${plural(norms.length, 'step')} of the window: ${num(last)} at the last step, ${num(first)} at the first${kept}`
}

/** "test period, 120 points: forecast vs actual, MAE 0.33; the 90 % interval covers 89 %" (a
 *  regression's test rows; a classification's say its accuracy instead). */
export function forecastSummary(rows: readonly ForecastPoint[], o: { level: number; coverage: number | null; classes?: number }): string {
  const scored = rows.filter((r) => finite(r.actual) && finite(r.value))
  if (!rows.length) return 'no test forecasts'
  const head = `test period, ${plural(rows.length, 'point')}`
  if (o.classes) {
    const right = scored.filter((r) => (o.classes === 2 ? Number(r.value > 0.5) : Math.round(r.value)) === Math.round(r.actual!)).length
    const what = o.classes === 2 ? 'predicted probability vs actual class' : 'predicted class vs actual class'
    return `${head}: ${what}${scored.length ? `, ${num((right / scored.length) * 100)} % classified right` : ''}`
  }
  const mae = scored.length ? scored.reduce((a, r) => a + Math.abs(r.actual! - r.value), 0) / scored.length : null
  const cover = o.coverage === null ? '' : `; the ${Math.round(o.level * 100)} % interval covers ${Math.round(o.coverage * 100)} %`
  return `${head}: forecast vs actual${mae === null ? '' : `, MAE ${num(mae)}`}${cover}`
}

/** "residuals: mean 0.02, 90 % within ±0.7" (actual − forecast over the test points). */
export function residualSummary(residuals: readonly number[]): string {
  const r = residuals.filter(finite)
  if (!r.length) return 'no residuals'
  const mean = r.reduce((a, x) => a + x, 0) / r.length
  const abs = r.map(Math.abs).sort((a, b) => a - b)
  const p90 = abs[Math.max(0, Math.ceil(0.9 * abs.length) - 1)]!
  return `residuals of ${plural(r.length, 'test point')}: mean ${num(mean)}, 90 % within ±${num(p90)}`
}

/** "30 bins from -1.5 to 1.5; the most, 14 points, around 0.05". */
export function histogramSummary(h: { edges: readonly number[]; counts: readonly number[] }): string {
  if (!h.counts.length) return 'no residuals'
  let top = 0
  h.counts.forEach((c, i) => c > h.counts[top]! && (top = i))
  const total = h.counts.reduce((a, c) => a + c, 0)
  const n = h.counts.length
  const width = +((h.edges[n]! - h.edges[0]!) / n).toPrecision(6)
  return `${plural(total, 'residual')} in ${n} bins ${num(width)} wide from ${num(h.edges[0]!)} to ${num(h.edges[n]!)}; the most, ${plural(h.counts[top]!, 'point')}, from ${num(h.edges[top]!)} to ${num(h.edges[top + 1]!)}`
}

/** "series CO2, 672 monthly points from 1958-03 to 2014-02, 313 to 400": the column's values on the
 *  rows shown (all, or one series' rows), not the envelope the chart draws of a long file. */
export function seriesSummary(name: string, values: ArrayLike<number>, times: ArrayLike<number> | null, rows: ArrayLike<number> | null, zone: TimeZoneMark = null): string {
  let n = 0
  let nt = 0
  let lo = Infinity
  let hi = -Infinity
  let first = Infinity
  let last = -Infinity
  const count = rows ? rows.length : values.length
  for (let k = 0; k < count; k++) {
    const i = rows ? rows[k]! : k
    // the span and the step count the rows with a time, a value missing or not
    const t = times?.[i]
    if (t !== undefined && Number.isFinite(t)) (nt++, (first = Math.min(first, t)), (last = Math.max(last, t)))
    const v = values[i]!
    if (!Number.isFinite(v)) continue
    n++
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (!n) return `series ${name}, no values`
  const dated = first <= last
  // an integer step index (t = 1..N) has no calendar step: its integers are said as they are
  const step = nt > 1 && zone !== 'step' ? calendarStep((last - first) / (nt - 1)) : null
  // a calendar month or coarser is said to the month, as the data is; the file's day (fileTime)
  const when = (t: number) => (step === 'monthly' || step === 'quarterly' || step === 'yearly' ? fileTime(t, zone).slice(0, 7) : fileTime(t, zone))
  const dates = dated ? ` from ${when(first)} to ${when(last)}` : ''
  return `series ${name}, ${plural(n, step ? `${step} point` : 'point')}${dates}, ${span(lo, hi)}`
}

type Point = { x: number; y: number | null } | number | null

/** Any other chart: each drawn line's label, points and range ("forecast: 30 points, 12.1 to 15.4");
 *  a bar chart's bars and its highest. The band's lower edge (label "lower") is the band's, not a line. */
/** The smallest and largest of `ys` (loops, not Math.min(...ys): a long series would overflow the arguments). */
function range(ys: readonly number[]): { lo: number; hi: number } {
  let lo = Infinity
  let hi = -Infinity
  for (const y of ys) (lo = Math.min(lo, y)), (hi = Math.max(hi, y))
  return { lo, hi }
}

export function chartSummary(datasets: readonly ChartDataset[], labels: readonly (string | number)[] = []): string {
  const parts: string[] = []
  const ysOf = (d: ChartDataset) => (d.data as readonly Point[]).map((p) => (typeof p === 'number' ? p : p?.y)).filter(finite)
  datasets.forEach((d, k) => {
    if (d.label === 'lower') return
    const data = d.data as readonly Point[]
    const ys = ysOf(d)
    if (!ys.length) return
    const label = d.label ? `${d.label}: ` : ''
    const { lo, hi } = range(ys)
    // a band: its upper edge, filled down to the 'lower' dataset after it; both edges said
    const lower = datasets[k + 1]?.label === 'lower' ? ysOf(datasets[k + 1]!) : null
    if (lower?.length) {
      const l = range(lower)
      parts.push(`${label}${plural(ys.length, 'point')}, lower edge ${span(l.lo, l.hi)}, upper edge ${span(lo, hi)}`)
    } else if (data.every((p) => typeof p === 'number' || p === null)) {
      const at = labels[data.findIndex((p) => p === hi)]
      parts.push(`${label}${plural(ys.length, 'bar')}, highest ${highest(hi)}${at !== undefined ? ` at ${at}` : ''}`)
    } else {
      parts.push(`${label}${plural(ys.length, 'point')}, ${span(lo, hi)}`)
    }
  })
  const shown = parts.slice(0, 4)
  if (parts.length > 4) shown.push(`and ${parts.length - 4} more`)
  return shown.length ? shown.join('; ') : 'no data'
}

/** "ROC over 120 test points (40 of the class): AUC 0.87 (0.5 is chance); at the 0.35 threshold,
 *  true positive rate 0.8 at false positive rate 0.15": the point marked on the curve, the rates at
 *  the threshold the Threshold panel shows (its atThreshold result; 0.5 unless moved). */
export function rocSummary(c: { auc: number | null; positives: number; negatives: number }, at: { threshold: number; fpr: number; tpr: number } | null): string {
  const n = c.positives + c.negatives
  if (c.auc === null) return n ? `no ROC curve: the ${plural(n, 'test point')} hold ${c.positives ? 'the class only' : 'none of the class'}` : 'no ROC curve: no test points'
  const curve = `ROC over ${plural(n, 'test point')} (${formatCount(c.positives)} of the class): AUC ${num(c.auc)} (0.5 is chance)`
  return at && finite(at.fpr) && finite(at.tpr) ? `${curve}; at the ${num(at.threshold)} threshold, true positive rate ${num(at.tpr)} at false positive rate ${num(at.fpr)}` : curve
}

/** "predicted 0.05 → observed 0.02 … predicted 0.93 → observed 0.9 over 10 bins of 120 test points
 *  (12 each, by predicted probability); largest gap 0.12 at predicted 0.71 (observed 0.59)": each bin's mean probability and the share of
 *  its points in the class, as the calibration chart draws them. */
export function calibrationSummary(bins: readonly CalibrationBin[]): string {
  if (!bins.length) return 'no calibration: no test points'
  const pair = (b: { x: number; y: number }) => `predicted ${num(b.x)} → observed ${num(b.y)}`
  let top = bins[0]!
  for (const b of bins) if (Math.abs(b.y - b.x) > Math.abs(top.y - top.x)) top = b
  const n = bins.reduce((a, b) => a + b.n, 0)
  const range = bins.length === 1 ? pair(bins[0]!) : `${pair(bins[0]!)} … ${pair(bins[bins.length - 1]!)}`
  // how the rows were binned (equal counts: lib/evaluate calibration), or why in one bin
  const sizes = bins.map((b) => b.n)
  const [least, most] = [Math.min(...sizes), Math.max(...sizes)]
  const how = bins[0]!.same ? 'every predicted probability is the same'
    : bins.length === 1 ? `too few for two bins of ${CALIBRATION_MIN_BIN}`
    : `${least === most ? least : `${least} to ${most}`} each, by predicted probability`
  return `${range} over ${plural(bins.length, 'bin')} of ${plural(n, 'test point')} (${how}); largest gap ${num(Math.abs(top.y - top.x))} at predicted ${num(top.x)} (observed ${num(top.y)})`
}

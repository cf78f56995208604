// The quality benchmark's scoring, M4's definitions (pure; test/quality-metrics.test.ts checks them
// against R's forecast::accuracy() numbers stored in bench/quality/r-reference.json).

/** M4's sMAPE in percent: 200/h · Σ |y − f| / (|y| + |f|); a term with y = f = 0 counts 0. */
export function smape(y: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < y.length; i++) {
    const d = Math.abs(y[i] - f[i])
    const q = Math.abs(y[i]) + Math.abs(f[i])
    s += q === 0 ? 0 : d / q
  }
  return (200 * s) / y.length
}

/** MASE's scale: the in-sample MAE of the lag-m naive forecast (seasonal naive; m = 1: naive). */
export function maseScale(train: ArrayLike<number>, m: number): number {
  let s = 0
  for (let t = m; t < train.length; t++) s += Math.abs(train[t] - train[t - m])
  return s / (train.length - m)
}

export function mae(y: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - f[i])
  return s / y.length
}

export function mase(y: ArrayLike<number>, f: ArrayLike<number>, train: ArrayLike<number>, m: number): number {
  return mae(y, f) / maseScale(train, m)
}

/** Share of y inside [lower, upper] (bounds included). */
export function coverage(y: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let k = 0
  for (let i = 0; i < y.length; i++) if (y[i] >= lower[i] && y[i] <= upper[i]) k++
  return k / y.length
}

/** The last value, h times. */
export function naiveForecast(train: ArrayLike<number>, h: number): Float64Array {
  return new Float64Array(h).fill(train[train.length - 1])
}

/** The value one period back, from the last observed season: f[i] = y[n − m + (i mod m)]. */
export function seasonalNaiveForecast(train: ArrayLike<number>, m: number, h: number): Float64Array {
  const n = train.length
  const f = new Float64Array(h) // (h)
  for (let i = 0; i < h; i++) f[i] = train[n - m + (i % m)]
  return f
}

/** exp(mean(log x)) over the finite positive entries; NaN when there are none. */
export function geomean(xs: number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0)
  return ok.length ? Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length) : NaN
}

export function mean(xs: number[]): number {
  const ok = xs.filter(Number.isFinite)
  return ok.length ? ok.reduce((s, x) => s + x, 0) / ok.length : NaN
}

/** Equal up to rounding: the same model fitted by the workbench and by R agrees to ~1e-9, not bit for bit. */
export const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b))

/** MASE below the better of naive and seasonal naive, a tie within 1e-6 relative not counted; no score (NaN) does not beat. */
export function beatsBetterNaive(mase: number, naive: number, snaive: number): boolean {
  const best = Math.min(naive, snaive)
  return Number.isFinite(mase) && mase < best && !same(mase, best)
}

/** Whether any of `contestants` beats the better of naive and seasonal naive on one series: the
 *  ceiling of issue 12's first target, a choice among them made after seeing the held-out values. */
export function anyBeatsBetterNaive(scores: Record<string, number>, contestants: string[]): boolean {
  return contestants.some((c) => beatsBetterNaive(scores[c] ?? Number.NaN, scores['naive'] ?? Number.NaN, scores['snaive'] ?? Number.NaN))
}

/** Whether contestant c's MASE is more than twice the best of every other contestant's on one series
 *  (issue 12's "no series worse than 2x the best method"); no score (NaN) counts as worse, and a
 *  series no other contestant scored does not count. */
export function worseThanTwiceBest(scores: Record<string, number>, c: string): boolean {
  const others = Object.entries(scores).filter(([k, v]) => k !== c && Number.isFinite(v)).map(([, v]) => v)
  if (!others.length) return false
  const m = scores[c]
  return !(m !== undefined && Number.isFinite(m)) || m > 2 * Math.min(...others)
}

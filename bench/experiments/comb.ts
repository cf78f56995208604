// M4's "Comb" benchmark (S-H-D Comb; Makridakis, Spiliotis & Assimakopoulos 2018, *The M4
// Competition: Results, findings, conclusion and way forward*, IJF 34(4), and 2020, IJF 36(1); the
// organisers' code, M4-methods "Benchmarks and Evaluation.R"): where a 90 % autocorrelation test at
// lag m finds a season, the series is divided by the seasonal figure of a classical multiplicative
// decomposition (stats::decompose); simple exponential smoothing (ses), Holt (holt) and damped Holt
// (holt(damped = TRUE)) are fitted on the adjusted series, and the forecast is the plain mean of the
// three, multiplied back by the figure. For the experiment in choice-rules.exp.ts (EXP_COMB=1) only:
// nothing in core/ reads it.
//
// Where this departs from M4's code, and why:
// - a series with a value at or below 0 (M4 had none) is adjusted additively (the figure subtracted),
//   as thetaf-style adjustment in choice-rules.exp.ts's EXP_DESEASON does: a ratio to a moving average
//   that crosses 0 means nothing;
// - the three fits are core/data/stats' ETS recursion and Nelder-Mead (ets-fit.ts fitEtsModel) with
//   the model types fixed, ETS(A,N,N), ETS(A,A,N), ETS(A,Ad,N), minimising the MSE as ses() and holt()
//   ask ets() to (opt.crit = "mse"); a fit R would refuse (too few rows for its parameters) is left
//   out, and the Comb is the mean of those that fit (none: no Comb).

import { fitEtsModel } from '../../core/data/stats/ets-fit'
import { restoreEts } from '../../core/data/stats/ets'
import { etsLabel, type EtsSpec } from '../../core/data/stats/ets-model'
import { acf, decomposeFigure } from '../../core/data/stats/linalg'
import type { StatFit } from '../../core/data/stats/types'

/** M4's SeasonalityTest: not seasonal under 3 periods of rows; else |r_m| above 1.645 times its
 *  standard error under Bartlett's formula, sqrt((1 + 2 sum_{k<m} r_k^2) / n). */
export function m4Seasonal(y: Float64Array, m: number): boolean {
  const n = y.length
  if (m <= 1 || n < 3 * m) return false
  const r = acf(y, m) // (m) r_1..r_m
  let s = 0
  for (let k = 0; k < m - 1; k++) s += r[k]! * r[k]!
  const lim = (1.645 / Math.sqrt(n)) * Math.sqrt(1 + 2 * s)
  return Math.abs(r[m - 1]!) > lim // NaN (a constant series) is not seasonal, as M4's is.na check
}

const SPECS: EtsSpec[] = [
  { error: 'A', trend: 'N', damped: false, season: 'N', m: 1 },
  { error: 'A', trend: 'A', damped: false, season: 'N', m: 1 },
  { error: 'A', trend: 'A', damped: true, season: 'N', m: 1 }
]

/** One fixed ETS type fitted on y by the MSE (ses(), holt()), as a StatFit; null where it cannot fit. */
function fitFixed(y: Float64Array, spec: EtsSpec): StatFit | null {
  const fit = fitEtsModel(y, spec, 'mse')
  if (!fit) return null
  // the likelihood at the fit, n log(sum e^2) for additive errors: sigma2 as ets() computes it
  const sse = Math.exp(fit.lik / y.length)
  return restoreEts({ name: 'ets', label: etsLabel(spec), period: 1, params: { spec, par: fit.par, x0: fit.x0, xn: fit.xn, sigma2: sse / (y.length - (fit.nfree - 1)), aicc: fit.aicc, loglik: fit.loglik, n: y.length } })
}

export interface CombFit {
  /** the seasonal figure by position t % m from the fitted series' first row; null: not adjusted */
  figure: Float64Array | null
  multiplicative: boolean
  /** the members that fitted: 'ETS(A,N,N)' etc. */
  members: string[]
  /** forecasts 1..h past the end of the fitted series */
  forecast(h: number): Float64Array
  /** (W, h): each member's parameters fixed, its state filtered through y (adjusted by the figure)
   *  up to each origin; y's row 0 is the fitted series' row 0 */
  forecastAt(y: Float64Array, origins: Int32Array, h: number): Float64Array
}

/** The Comb fitted on y with season m (m <= 1: none). Throws where none of the three fits. */
export function fitComb(y: Float64Array, m: number): CombFit {
  const n = y.length
  const multiplicative = y.every((v) => v > 0)
  const figure = m > 1 && m4Seasonal(y, m) ? decomposeFigure(y, m, multiplicative) : null
  const adj = (v: number, t: number) => (!figure ? v : multiplicative ? v / figure[t % m]! : v - figure[t % m]!)
  const back = (v: number, t: number) => (!figure ? v : multiplicative ? v * figure[t % m]! : v + figure[t % m]!)
  const yAdj = Float64Array.from(y, adj)
  const fits = SPECS.map((s) => fitFixed(yAdj, s)).filter((f): f is StatFit => f !== null)
  if (!fits.length) throw new RangeError(`Comb: none of ses, Holt and damped Holt fits ${n} rows`)
  const meanOf = (xs: Float64Array[]) => Float64Array.from(xs[0]!, (_, i) => xs.reduce((s, x) => s + x[i]!, 0) / xs.length)
  return {
    figure,
    multiplicative,
    members: fits.map((f) => f.label),
    forecast: (h) => meanOf(fits.map((f) => f.forecast(h))).map((v, k) => back(v, n + k)),
    forecastAt(yy, origins, h) {
      const ya = Float64Array.from(yy, adj)
      const p = meanOf(fits.map((f) => f.forecastAt(ya, origins, h)))
      origins.forEach((o, w) => { for (let k = 0; k < h; k++) p[w * h + k] = back(p[w * h + k]!, o + 1 + k) })
      return p
    }
  }
}

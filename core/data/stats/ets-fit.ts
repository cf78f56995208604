// Fitting ETS as forecast::ets() does: etsmodel() for one model (Nelder-Mead over the smoothing
// parameters and the initial states, minimising the likelihood criterion) and the automatic choice
// by AICc over R's default model set.

import { EtsState, etsCriterion, etsFilter, etsLabel, stateSize, type EtsParams, type EtsSpec, type SeasonType, type TrendType } from './ets-model'
import { initParams, initState, paramsOk, SeasonStarts } from './ets-init'
import { nelderMead } from './nelder-mead'

export interface EtsFitResult {
  spec: EtsSpec
  par: EtsParams
  x0: number[] // initial state [l, (b), s1..sm], the last seasonal state included (R's initstate)
  xn: number[] // final state after the fitted series (R's states[n + 1, ])
  lik: number // etscalc's criterion at the fit
  loglik: number // R's fit$loglik = -lik / 2
  aicc: number
  nfree: number // estimated parameters, as R counts them for the AICc (smoothing + initial states + 1)
  fncount: number
}

/** The parameter vector's smoothing part, in R's order, into `p` (returned). */
function unpack(spec: EtsSpec, v: ArrayLike<number>, p: EtsParams): EtsParams {
  let j = 0
  p.alpha = v[j++]
  p.beta = spec.trend !== 'N' ? v[j++] : 0
  p.gamma = spec.season !== 'N' ? v[j++] : 0
  p.phi = spec.damped ? v[j++] : 1
  return p
}

/** EtsParams whose fields hold fractions from the start (NaN, not 0 or 1), so that writing
 *  alpha = 0.2 into one never changes the object's layout: a change that threw away the
 *  compiled criterion and admissibility check in the first search of a process. */
function params(): EtsParams {
  return { alpha: NaN, beta: NaN, gamma: NaN, phi: NaN }
}

/** The full initial state from the optimised part: R appends s_m = m [multiplicative] - sum(s1..s_{m-1}). */
function fullState(spec: EtsSpec, v: ArrayLike<number>, from: number, out: Float64Array): void {
  const ns = out.length
  const given = spec.season === 'N' ? ns : ns - 1
  for (let i = 0; i < given; i++) out[i] = v[from + i]
  if (spec.season !== 'N') {
    let sum = 0
    for (let i = 1 + (spec.trend !== 'N' ? 1 : 0); i < given; i++) sum += out[i]
    out[ns - 1] = (spec.season === 'M' ? spec.m : 0) - sum
  }
}

export type Criterion = 'lik' | 'mse'

/** One model's search, set up: its start and the objective Nelder-Mead minimises (the criterion at
 *  the parameters, Infinity outside the region R searches). */
interface EtsSearch {
  y: Float64Array
  spec: EtsSpec
  start: Float64Array // (npar) smoothing parameters, then the optimised initial states
  nsp: number // smoothing parameters in start
  x0: Float64Array // (nstate) scratch: the full initial state
  objective: (v: Float64Array) => number
}

/** etsmodel() up to the search: null where R gives up on the model (more parameters than the data
 *  allow, or no finite criterion at the start). */
function prepareSearch(y: Float64Array, spec: EtsSpec, crit: Criterion, seasons?: SeasonStarts): EtsSearch | null {
  const n = y.length
  const p0 = initParams(spec)
  const s0 = initState(y, spec, seasons)
  const start = Float64Array.from([...p0, ...s0])
  if (start.length >= n - 1) return null
  const nsp = p0.length
  const x0 = new Float64Array(stateSize(spec)) // (nstate)
  const seasFrom = 1 + (spec.trend !== 'N' ? 1 : 0)
  const ring = new Float64Array(spec.m) // (m) scratch for etsCriterion
  const p = params() // written in place by each evaluation: nothing allocated per call
  const objective = (v: Float64Array): number => {
    unpack(spec, v, p)
    if (!paramsOk(spec, p)) return Infinity
    fullState(spec, v, nsp, x0)
    if (spec.season === 'M') for (let i = seasFrom; i < x0.length; i++) if (x0[i] < 0) return Infinity
    if (crit === 'mse') return etsCriterion(spec, x0, y, p, ring, 'mse')
    let lik = etsCriterion(spec, x0, y, p, ring, 'lik')
    if (lik < -1e10) lik = -1e10 // avoid perfect fits
    return Number.isNaN(lik) ? Infinity : lik
  }
  if (!Number.isFinite(objective(start))) return null
  return { y, spec, start, nsp, x0, objective }
}

/** etsmodel()'s search from a prepared start, and the model it lands on. */
function runSearch(s: EtsSearch): EtsFitResult {
  const { y, spec, nsp, x0 } = s
  const n = y.length
  const opt = nelderMead(s.objective, s.start)
  const par = unpack(spec, opt.par, params())
  fullState(spec, opt.par, nsp, x0)
  const st = new EtsState(spec)
  const { lik } = etsFilter(st, x0, y, par)
  const np = s.start.length + 1
  const aicc = lik + 2 * np + (2 * np * (np + 1)) / (n - np - 1)
  return { spec, par, x0: Array.from(x0), xn: st.toArray(), lik, loglik: -0.5 * lik, aicc, nfree: np, fncount: opt.fncount }
}

/**
 * etsmodel(): fits one model. null where R gives up on it (more parameters than the data allow,
 * or no finite criterion at the start). 'mse' is what ses() asks for; ets() uses 'lik'.
 */
export function fitEtsModel(y: Float64Array, spec: EtsSpec, crit: Criterion = 'lik'): EtsFitResult | null {
  const s = prepareSearch(y, spec, crit)
  return s && runSearch(s)
}

/** The models ets(y) tries, in R's loop order (ties keep the first): restrict = TRUE, no multiplicative trend. */
export function etsCandidates(y: Float64Array, period: number): EtsSpec[] {
  const n = y.length
  let positive = true
  for (let t = 0; t < n; t++) if (!(y[t] > 0)) positive = false
  // R: no season for m = 1, n <= m, or m > 24 (ets() warns and drops it)
  const seasonal = period > 1 && n > period && period <= 24
  const seasons: SeasonType[] = seasonal ? ['N', 'A', 'M'] : ['N']
  const out: EtsSpec[] = []
  for (const error of ['A', 'M'] as const)
    for (const trend of ['N', 'A'] as TrendType[])
      for (const season of seasons)
        for (const damped of [true, false]) {
          if (trend === 'N' && damped) continue
          if (error === 'A' && season === 'M') continue
          if (!positive && (error === 'M' || season === 'M')) continue
          out.push({ error, trend, damped, season, m: season === 'N' ? 1 : period })
        }
  return out
}

export interface EtsAuto {
  best: EtsFitResult
  tried: { label: string; aicc: number | null }[] // every candidate, null where it could not be fitted
}

/** ets(y): every candidate by maximum likelihood, the lowest AICc wins. `tick`: told as each
 *  candidate's fit ends (a progress count; it changes nothing). */
export function fitEtsAuto(y: Float64Array, period: number, tick?: () => void): EtsAuto {
  let best: EtsFitResult | null = null
  const tried: EtsAuto['tried'] = []
  const specs = etsCandidates(y, period)
  // Every candidate's start is evaluated before any search, the most general forms first (R's order
  // ends with them): the criterion and its checks have then run through every form's branches by the
  // time V8 optimises them. Searched one by one in R's order, each new form (seasonal, then damped,
  // then multiplicative) reached a branch the optimised code had never run, and V8 threw that code
  // away, with Nelder-Mead's loop that had inlined it, and compiled it again (bench stats: the first
  // search in a fresh process took 425 CPU-ms, 276 with this, later ones 32-40). Each evaluation
  // reads only its own model's arguments, so the results do not change.
  // the candidates' seasonal starts (the decomposition) made once per season type, not per candidate
  const seasons = new SeasonStarts(y)
  const searches: (EtsSearch | null)[] = []
  for (let k = specs.length - 1; k >= 0; k--) searches[k] = prepareSearch(y, specs[k], 'lik', seasons)
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k]
    const search = searches[k]
    const fit = search && runSearch(search)
    tried.push({ label: etsLabel(spec), aicc: fit ? fit.aicc : null })
    tick?.()
    if (fit && fit.aicc < (best ? best.aicc : Infinity)) best = fit // R: `fit.ic < best.ic`, best.ic starting at Inf
  }
  if (best === null) throw new RangeError(`ETS: no model could be fitted to the ${y.length} points`)
  return { best, tried }
}

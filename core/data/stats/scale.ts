// The units a statistical model is fitted in. R's ets(), thetaf() and arima() are not invariant
// to the series' units: their optimisers stop on tolerances relative to an objective that shifts
// with log(scale) (ets's n log(sum e^2), arima's 0.5 log(sigma2)) or that scales with it (ses's
// mean squared error), and a few tests compare with absolute numbers. So the same series in kg or
// in t, in W or in GW, chose different models with different scores (a series of values near 1e-9
// got a Theta that barely moved, one near 1 no ARIMA at all). Each of those models is therefore
// fitted on y / scale, the scale being y's mean absolute value, and its stored parameters are
// mapped back to y's units (level, trend, additive season, regression terms and states times the
// scale, an additive error's variance times its square, the likelihood less n log(scale)), so that
// the same series in other units gives the same model and the same forecasts in proportion, to
// rounding.

/** The scale y is fitted at: the mean of |y| (1 for a series of zeros, or where the mean is not a
 *  positive finite number). Divided term by term, so that no sum overflows. */
export function fitScale(y: ArrayLike<number>): number {
  const n = y.length
  let s = 0
  for (let t = 0; t < n; t++) s += Math.abs(y[t]) / n
  return s > 0 && Number.isFinite(s) ? s : 1
}

/**
 * The band of mean |y| in which a run fits R's model of y as given ([1e-2, 1e9]): every series of the
 * quality benchmark lies in it (0.104 to 1.57e8), where a run's models are R's own. Outside it R's
 * absolute tolerances break down (a series near 1e-9 got a Theta that barely moved), so y is fitted
 * as y / mean |y| there. Measured before choosing the band: fitting every series scale-free changed
 * 21 of the 82 benchmark series by more than 5 % either way, and put two more past twice the best
 * method's MASE (gm MASE / seasonal naive 0.6365 -> 0.6393), so ordinary units keep R's fit.
 */
export const ORDINARY_SCALE = { min: 1e-2, max: 1e9 } as const

/** The scale a run fits y at ('ordinary' units): 1 for a mean |y| in ORDINARY_SCALE, else fitScale(y). */
export function ordinaryScale(y: ArrayLike<number>): number {
  const s = fitScale(y)
  return s >= ORDINARY_SCALE.min && s <= ORDINARY_SCALE.max ? 1 : s
}

/**
 * ETS's scale in a run: 1 for a mean |y| in ORDINARY_SCALE, else the power of ten that puts it in
 * [1, 10) (1e12 for a mean of 1.3e12, 1e-9 for 3e-9). Not fitScale(y): R's ets() lands in different
 * minima at different units (its Nelder-Mead's first simplex steps by a tenth of the largest
 * parameter, the level in y's units, along the smoothing parameters too, and its seasonal searches
 * stop at 2000 evaluations), so a series near 1.3e12 fitted at mean 1 chose ETS(A,A,A) where the same
 * series near 1.3 got ETS(M,A,A). A power of ten maps a series past the band onto the decimal units
 * that R fits as given in the band, so a change of units by a power of ten (kg and t, W and GW)
 * gives the same model; another factor (3, or 1.8 and 32 for degrees) may not.
 */
export function decimalScale(y: ArrayLike<number>): number {
  const s = fitScale(y)
  if (s >= ORDINARY_SCALE.min && s <= ORDINARY_SCALE.max) return 1
  let k = Math.floor(Math.log10(s))
  // log10 of a mean at a power of ten may round to either side of it
  if (Number(`1e${k}`) > s) k--
  else if (Number(`1e${k + 1}`) <= s) k++
  return Number(`1e${k}`) // parsed, so correctly rounded (10 ** -9 need not be)
}

/** y / scale. (n) */
export function scaledBy(y: Float64Array, scale: number): Float64Array {
  return scale === 1 ? y : Float64Array.from(y, (v) => v / scale)
}

/** A likelihood of n points fitted at `scale`, in the units of the data (R's loglik less n log(scale)). */
export function loglikInUnits(loglik: number, n: number, scale: number): number {
  return loglik - n * Math.log(scale)
}

/** An AIC-like criterion (-2 loglik + penalty) of n points fitted at `scale`, in the units of the data. */
export function criterionInUnits(ic: number, n: number, scale: number): number {
  return ic + 2 * n * Math.log(scale)
}

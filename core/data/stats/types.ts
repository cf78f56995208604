// The shapes every statistical model shares, and the input checks they all run. Kept apart from
// index.ts so that each model file can import them without a cycle.

export type StatName = 'naive' | 'seasonal-naive' | 'drift' | 'ets' | 'theta' | 'arima'

/** JSON, stored in model files. `params` holds everything forecast() and forecastAt() need. */
export interface StoredStat {
  name: StatName
  label: string
  period: number
  params: Record<string, unknown>
}

export interface StatFit {
  name: StatName
  label: string // human label, e.g. 'ETS(M,Ad,M)', 'ARIMA(2,1,1)(0,1,0)[12]', 'Theta', 'Drift', 'Seasonal naive (12)'
  period: number // 1 = non-seasonal
  aicc: number | null // ETS and ARIMA only
  /** Point forecasts 1..h past the end of the series the model was fitted on. (h) */
  forecast(h: number): Float64Array
  /** For each origin o (0-based index into y): point forecasts of y[o+1..o+h], parameters fixed at
   *  the fit, states filtered through y[0..o] only (nothing after o is read for origin o). y may be
   *  longer than the fitted series (validation/test rows follow the training rows) or be new data.
   *  `start`: the row of the fitted series that y[0] falls on (default 0: y starts where the fitted
   *  series did; negative: before it), so that ETS and Theta read y[t] in the season position of
   *  row start + t, not of row t. The naive family and ARIMA read their season from y itself (the
   *  rows m back, and ARIMA's Kalman state), so they have no position to place.
   *  Returns (W, h) row-major, W = origins.length. */
  forecastAt(y: Float64Array, origins: Int32Array, h: number, start?: number): Float64Array
  /** For origins o_i of y: a function of windows (W, L) giving, to the bit, forecastAt(y', [o_i], h)
   *  for each origin, y' being y with rows o_i - L + 1 .. o_i replaced by window i, (W, h): the
   *  windows a permutation importance edits (core/train/explain). Models that filter through the
   *  series (ETS, Theta, ARIMA) filter y's rows once, here, and each call steps the windows from the
   *  states saved before them; the naive family reads the rows it needs from the window or y. */
  windowForecaster(y: Float64Array, origins: ArrayLike<number>, L: number, h: number): (windows: Float64Array) => Float64Array
  toJSON(): StoredStat
  /** Set by refitStat only: how the model was refitted (not stored by toJSON). */
  refit?: StatRefit
}

/**
 * How refitStat refitted a model. 'same-orders': an ARIMA re-estimated with its stored orders and
 * regression term; 'search': that failed (reason says why) and the full automatic ARIMA search ran
 * instead; 'fit': a model other than ARIMA, fitted afresh by fitStat (ETS and Theta choose again).
 */
export interface StatRefit {
  kind: 'same-orders' | 'search' | 'fit'
  reason?: string
}

/** Rejects NaN/Infinity anywhere in y[0..end) and a series shorter than `minLength`. */
export function checkSeries(y: ArrayLike<number>, minLength: number, what: string, end = y.length): void {
  if (y.length < minLength) throw new RangeError(`${what}: the series has ${y.length} points, it needs at least ${minLength}`)
  for (let t = 0; t < end; t++)
    if (!Number.isFinite(y[t])) throw new RangeError(`${what}: y[${t}] is ${y[t]}; statistical models need finite values (impute first)`)
}

export function checkHorizon(h: number, what: string): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`${what}: horizon h must be an integer >= 1, got ${h}`)
}

/**
 * Checks the arguments of forecastAt and returns the largest origin, so a model reads (and checks)
 * y only up to there: rows after the last origin may be anything, NaN included.
 */
export function checkOrigins(y: Float64Array, origins: Int32Array, h: number, what: string): number {
  checkHorizon(h, what)
  let last = -1
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i]
    if (o < 0 || o >= y.length) throw new RangeError(`${what}: origins[${i}] = ${o} is outside y (length ${y.length})`)
    if (o > last) last = o
  }
  checkSeries(y, 0, what, last + 1)
  return last
}

/** Period from the caller: null or 1 means non-seasonal. */
export function checkPeriod(period: number | null, what: string): number {
  const m = period ?? 1
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`${what}: period must be an integer >= 1 or null, got ${period}`)
  return m
}

/** Reads a finite number field of stored params, naming the field when it is missing or wrong. */
export function numField(p: Record<string, unknown>, key: string, what: string): number {
  const v = p[key]
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${what}: params.${key} must be a finite number, got ${JSON.stringify(v)}`)
  return v
}

/** A likelihood-like field of stored params: null when absent as a model file writes it (null) or
 *  infinite in a fit kept in memory (an exact fit: a straight line has sigma2 0 and an infinite
 *  likelihood, which JSON writes as null), else a finite number (numField). */
export function nullableNumField(p: Record<string, unknown>, key: string, what: string): number | null {
  const v = p[key]
  return v === null || v === Infinity || v === -Infinity ? null : numField(p, key, what)
}

/** Reads an array of finite numbers from stored params (length checked when given). */
export function arrField(p: Record<string, unknown>, key: string, what: string, length?: number): Float64Array {
  const v = p[key]
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
    throw new RangeError(`${what}: params.${key} must be an array of finite numbers`)
  if (length !== undefined && v.length !== length) throw new RangeError(`${what}: params.${key} must have ${length} entries, got ${v.length}`)
  return Float64Array.from(v as number[])
}

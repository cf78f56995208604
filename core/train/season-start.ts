// Where new rows fall in the season of a run's statistical models. ETS and Theta carry a seasonal
// index per position in the season, fitted from the training rows' first row (row 0) on; applied to
// another file they must read its first row in the position its date has, not in row 0's, or the
// week (or year) is shifted by the difference and the forecasts with it. The position is the number
// of steps from the training rows' first time (pipeline.fitted.start) to the file's first time,
// counted as the stamps past the end count them (time-step.ts). Business days count no step for a
// weekday without a row that reads as a holiday (closedWeekdays): the training rows' own
// (pipeline.fitted.closed) and the file's, as the run read its rows (consecutive rows, one step
// apart). Where that cannot be counted the first row is read as row 0, and said: never silently.
import type { Applied } from '../data'
import type { ClockRule } from '../data/clock-rule'
import { stepClass, stepName } from '../data/series'
import { dayNumber, isoToDay } from '../data/days'
import { closedDays } from '../data/weekdays'
import { timeCells, type TimeZoneMark } from '../data/time-cell'
import { andList } from '../data/words'
import type { LoadedModel } from './forecast'
import { inferStep, stepsBetween, type TimeStep } from './time-step'

export interface SeasonStart {
  /** The training rows' row that the data's first row falls on (0: read as the training's first). */
  start: number
  /** Why the season could not be placed by the dates, or that rows skip steps; null when all is well. */
  note: { level: 'note' | 'warning'; message: string } | null
}

/** Times a notice names together, each as the forecast files write them, in the one form that fits
 *  them all (core/data/time-cell.ts): 2021-07-20, or 2021-07-23 12:00:00 where one has a time of day. */
const stamps = (zone: TimeZoneMark | undefined, ...ts: number[]): string[] => timeCells(ts, zone ?? null) as string[]

/** The step of the data's rows (on the clock rule their offsets follow, Applied.clock: Berlin's
 *  midnight on the 1st steps in months), else (a single row) the training step where a fixed one. Business
 *  days skip, beside a closed holiday table's days, the weekdays that the training rows (fitted.closed)
 *  and the data's rows skip as holidays. */
function stepOfRows(m: Pick<LoadedModel, 'fitted' | 'config'>, time: Float64Array, clock?: ClockRule): TimeStep | null {
  const s = inferStep(time, m.config.calendar?.holidays, clock)
  if (s?.kind === 'weekdays') return withClosed(s, m.fitted.closed, time)
  if (s) return s
  const f = m.fitted.step
  if (!f) return null
  if (f.weekdays) return withClosed({ kind: 'weekdays' }, m.fitted.closed, time)
  const c = stepClass(f.ms)
  return c === 'month' || c === 'quarter' || c === 'year' ? null : { kind: 'ms', ms: f.ms }
}

/** `s` with the training rows' holidays (those of them the data has no row on: a row is a step
 *  wherever it is) and the data's own. */
function withClosed(s: TimeStep & { kind: 'weekdays' }, training: readonly string[] | undefined, time: Float64Array): TimeStep {
  const rows = new Set(Array.from(time, dayNumber))
  const days = new Set([...(s.closed ?? []), ...(training ?? []).map(isoToDay).filter((d) => !rows.has(d)), ...(closedDays(time) ?? [])])
  return days.size ? { kind: 'weekdays', closed: [...days].sort((a, b) => a - b) } : s
}

/** The models of the run's forecast that place a season by position: ETS and Theta with a period. */
function phased(m: Pick<LoadedModel, 'choice'>): { labels: string; one: boolean; period: number } | null {
  const xs = (m.choice?.members ?? []).filter((x) => (x.fit.name === 'ets' || x.fit.name === 'theta') && (x.fit.period > 1 || x.full.period > 1))
  if (!xs.length) return null
  const labels = [...new Set(xs.map((x) => x.fit.label))]
  return { labels: andList(labels), one: labels.length === 1, period: Math.max(...xs.map((x) => Math.max(x.fit.period, x.full.period))) }
}

/** Where `a`'s first row falls in the season of `m`'s statistical models, and what could not be
 *  placed. `file`: the data's name for the words. */
export function seasonStart(m: Pick<LoadedModel, 'fitted' | 'config' | 'choice'>, a: Pick<Applied, 'N' | 'time' | 'clock'> & { zone?: TimeZoneMark }, file = 'the data'): SeasonStart {
  const p = phased(m)
  if (!p || a.N === 0) return { start: 0, note: null }
  // one model (Theta left out of the mean) is said in the singular: 'ETS(M,A,M) places its season'
  const their = p.one ? 'its' : 'their'
  const verb = (v: string) => (p.one ? `${v}s` : v)
  const season = `${their} season (${p.period} rows)`
  const asRow0 = `${p.labels} ${verb('read')} its first row in the season position of the training rows' first row`
  if (!a.time)
    return { start: 0, note: { level: 'note', message: `${file} has no times, so ${asRow0}: it must start a whole number of seasons (${p.period} rows) after the training rows for ${season} to fall on the right rows` } }
  const t0 = m.fitted.start === undefined ? NaN : Date.parse(m.fitted.start)
  if (!Number.isFinite(t0))
    return { start: 0, note: { level: 'warning', message: `the model file does not record when its training rows start (it was saved by an earlier version), so ${asRow0}: ${their} forecasts of ${file} are right only if it starts a whole number of seasons (${p.period} rows) after the training rows; train the run again to have ${season} placed by the dates` } }
  const step = stepOfRows(m, a.time, a.clock)
  const first = a.time[0]!
  const k = step ? stepsBetween(t0, first, step) : null
  if (k === null) {
    const [at, from] = stamps(a.zone, first, t0)
    return { start: 0, note: { level: 'warning', message: `the first time of ${file} (${at}) is not a whole number of steps${m.fitted.step ? ` of ${stepName(stepClass(m.fitted.step.ms, m.fitted.step.weekdays === true)!)}` : ''} from the training rows' first (${from}), so ${asRow0}, and ${their} forecasts may be off by part of a season; give it rows on the training rows' times` } }
  }
  // the models read the rows as consecutive steps: a row that skips steps shifts the season after it
  const last = a.time[a.N - 1]!
  const span = stepsBetween(t0, last, step!)
  if (span !== k + a.N - 1) {
    const [from, to] = stamps(a.zone, first, last)
    return { start: k, note: { level: 'note', message: `${file} has ${a.N} rows from ${from} to ${to}, ${span === null ? 'not all a whole number of steps apart' : `which span ${span - k + 1} steps`}: ${p.labels} ${verb('place')} ${their} season by its first row's date and ${verb('read')} the rows as consecutive steps, so after a row that skips steps ${season} is off by the steps skipped` } }
  }
  return { start: k, note: null }
}

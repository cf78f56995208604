// Axis labels of the app's charts. Our own formatting: chart.js's default builds an Intl.NumberFormat,
// and the first one in a page loads ICU's locale data, a 50-130 ms main-thread task when the first
// chart appears.
import { formatCount, formatTime } from './columns'
import { DAY_MS as DAY } from '../../../core/data/days'
import { fileClock, isPeriodMark, periodCell, type PeriodMark, type TimeZoneMark } from '../../../core/data/time-cell'

export function numberTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e6 || a < 1e-4) return v.toExponential(1)
  return Number.isInteger(v) ? formatCount(v) : String(+v.toPrecision(6))
}

/** v written with two significant digits at most (0.74, 15, 0.0003). */
const twoDigits = (v: number) => v > 0 && Math.abs(+v.toPrecision(2) - v) <= 1e-9 * v

/** The least gap in pixels between two labels of a vertical axis: a 12 px label and some air. */
export const LABEL_GAP_PX = 16

/** A log axis' extent and length in pixels (chart.js's scale: min, max, height). */
export interface LogAxis {
  min: number
  max: number
  pixels: number
}

/**
 * A logarithmic axis' label of tick `index` (value v) among `values`, with numberTick: chart.js's
 * labelling over decades (1, 2, 3, 5 x 10^n, and the top ticks). A range of less than a decade has
 * few ticks, packed where its significand steps get finer (0.736, 0.737, ... below 0.74, 0.75):
 * there only the ticks of two significant digits are labelled, or every tick when fewer than two
 * have them. Given the `axis` (its pixel length), the labels are then thinned by spacing: the
 * roundest first (0.5 before 0.55 before 0.49), each kept only LABEL_GAP_PX or more from those
 * kept, so that they never overlap (0.47, 0.48, 0.49, 0.5 about 8 px apart on a short chart).
 */
export function logTick(v: number, index: number, values: readonly number[], axis?: LogAxis): string {
  if (!axis || !(axis.pixels > 0)) return baseLogTick(v, index, values)
  const labels = values.map((x, i) => baseLogTick(x, i, values))
  if (!labels[index]) return ''
  const lo = Math.log(axis.min > 0 ? axis.min : Math.min(...values.filter((x) => x > 0)))
  const hi = Math.log(axis.max > 0 ? axis.max : Math.max(...values))
  if (!(hi > lo)) return labels[index]!
  const px = (x: number) => ((Math.log(x) - lo) / (hi - lo)) * axis.pixels
  // labelled ticks, roundest first, then from the top (chart.js labels the top ticks of a decade)
  const order = values.flatMap((x, i) => (labels[i] && x > 0 ? [i] : [])).sort((a, b) => digits(values[a]!) - digits(values[b]!) || values[b]! - values[a]!)
  const kept: number[] = []
  for (const i of order) {
    if (kept.every((k) => Math.abs(px(values[i]!) - px(values[k]!)) >= LABEL_GAP_PX)) kept.push(i)
    if (i === index) return kept.includes(index) ? labels[index]! : ''
  }
  return values[index] === 0 ? labels[index]! : ''
}

/** The significant digits numberTick writes for v > 0 (0.5: 1, 0.55: 2, 0.736: 3). */
function digits(v: number): number {
  for (let p = 1; p < 15; p++) if (Math.abs(+v.toPrecision(p) - v) <= 1e-9 * v) return p
  return 15
}

function baseLogTick(v: number, index: number, values: readonly number[]): string {
  if (v === 0) return '0'
  const count = values.length
  if (count <= 10) return twoDigits(v) || values.filter(twoDigits).length < 2 ? numberTick(v) : ''
  // many ticks within a decade (a loss between 0.44 and 0.49: chart.js puts one every 0.001), nearly
  // evenly spaced: the top-fifth rule below labelled a dozen of them on top of each other; every
  // k-th tick instead, at most 6 labels
  const lo = Math.min(...values.filter((x) => x > 0))
  const hi = Math.max(...values)
  if (hi / lo < 10) {
    const round = values.filter(twoDigits).length
    if (round >= 2 && round <= 8) return twoDigits(v) ? numberTick(v) : ''
    return index % Math.ceil(count / 6) === 0 ? numberTick(v) : ''
  }
  // Rounded: 0.3 / 0.1 is 2.9999999999999996, which hid every label but 0.1 and 0.2.
  const remain = Math.round((v / Math.pow(10, Math.floor(Math.log10(v)))) * 1e6) / 1e6
  return [1, 2, 3, 5, 10, 15].includes(remain) || index > 0.8 * count ? numberTick(v) : ''
}

/** A time axis' label: the day, or the day and hour where the ticks are less than a day apart (an
 *  hourly chart over a few days would otherwise repeat each day's date without its hours). Where
 *  every tick is the first of a month (calendarTicks' months and quarters) the month alone, and where
 *  every tick is the first of January the year alone: "2012-01-01" under each tick of a monthly
 *  series said a day that no tick means, and ten characters a label crowded a narrow chart. */
export function timeTick(ms: number, ticks: readonly { value: number }[]): string {
  const apart = ticks.length > 1 ? Math.abs(ticks[1]!.value - ticks[0]!.value) : Infinity
  if (ticks.length > 1 && apart >= 28 * DAY && ticks.every((t) => monthStart(t.value))) {
    const d = new Date(ms)
    const year = String(d.getUTCFullYear())
    if (ticks.every((t) => new Date(t.value).getUTCMonth() === 0)) return year
    return `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  }
  return formatTime(ms, apart < DAY)
}

/** ms is midnight UTC of the first of a month. */
function monthStart(ms: number): boolean {
  const d = new Date(ms)
  return d.getUTCDate() === 1 && ms % DAY === 0
}

const HOUR = 36e5
/** Calendar steps, finest first: hours, days, weeks, months, years. */
const STEPS: { unit: 'hour' | 'day' | 'month' | 'year'; every: number; ms: number }[] = [
  ...[1, 2, 3, 6, 12].map((every) => ({ unit: 'hour' as const, every, ms: every * HOUR })),
  ...[1, 2, 7, 14].map((every) => ({ unit: 'day' as const, every, ms: every * DAY })),
  ...[1, 2, 3, 6].map((every) => ({ unit: 'month' as const, every, ms: every * 30.44 * DAY })),
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500].map((every) => ({ unit: 'year' as const, every, ms: every * 365.25 * DAY }))
]

/**
 * Ticks of a time axis from `min` to `max` (epoch ms, UTC) on calendar boundaries: whole hours, days
 * (weeks from a Monday), the first of a month or quarter, the first of January. chart.js's linear
 * axis put them at round numbers of milliseconds, which fall on odd days ("2018-03-03" on a monthly
 * series). The finest step that gives at most `most` ticks; none when the range is empty.
 */
export function calendarTicks(min: number, max: number, most = 8, period: PeriodMark | null = null): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return []
  const steps = period ? STEPS.filter((s) => periodStep(s, period)) : STEPS
  const step = steps.find((s) => (max - min) / s.ms <= most) ?? steps[steps.length - 1]!
  const out: number[] = []
  const d = new Date(min)
  if (step.unit === 'hour' || step.unit === 'day') {
    // from the epoch (a Thursday) for hours and days; weeks and fortnights from a Monday
    const origin = step.unit === 'day' && step.every >= 7 ? 4 * DAY : 0
    for (let t = Math.ceil((min - origin) / step.ms) * step.ms + origin; t <= max; t += step.ms) out.push(t)
    return out
  }
  if (step.unit === 'month') {
    const y = d.getUTCFullYear()
    let m = Math.ceil((d.getUTCMonth() + (d.getUTCDate() > 1 || d.getUTCHours() > 0 ? 1 : 0)) / step.every) * step.every
    for (let t = Date.UTC(y, m, 1); t <= max; m += step.every, t = Date.UTC(y, m, 1)) out.push(t)
    return out
  }
  let y = Math.ceil((d.getUTCFullYear() + (min > Date.UTC(d.getUTCFullYear(), 0, 1) ? 1 : 0)) / step.every) * step.every
  for (let t = Date.UTC(y, 0, 1); t <= max; y += step.every, t = Date.UTC(y, 0, 1)) out.push(t)
  return out
}

/** Whether calendar step `s` falls on the starts of `period`s (a file of months, quarters, years or
 *  ISO weeks: no tick inside one, as 2020-01-15 was on a file of three months). */
function periodStep(s: (typeof STEPS)[number], period: PeriodMark): boolean {
  if (s.unit === 'year') return true
  if (period === 'iso-week') return s.unit === 'day' && s.every % 7 === 0
  return s.unit === 'month' && (period === 'month' || (period === 'quarter' && s.every % 3 === 0))
}

/** An axis title in lines of at most `width` characters, broken between words (a word longer than a
 *  line is cut), at most `most` lines, the last ending in "…" when the title is longer: chart.js
 *  draws a title on one line, and a y title longer than the chart's height ran over the tick labels
 *  (a 119-character column name on a 260 px chart). The full name stays in the column picker. */
export function axisTitle(text: string, width = 36, most = 2): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word
    while (w.length > 0) {
      const room = width - (line ? line.length + 1 : 0)
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w
        w = ''
      } else if (line) {
        lines.push(line)
        line = ''
      } else {
        const chars = Array.from(w) // (by character: an emoji is not cut in half)
        lines.push(chars.slice(0, width).join(''))
        w = chars.slice(width).join('')
      }
    }
  }
  if (line) lines.push(line)
  if (lines.length <= most) return lines
  const kept = lines.slice(0, most)
  kept[most - 1] = `${Array.from(kept[most - 1]!).slice(0, width - 1).join('')}…`
  return kept
}

/** A histogram's x labels on an axis of `pixels`: the edges of its bins (round, as lib/evaluate's
 *  histogram makes them) that are multiples of a step of 1, 2 or 5 × 10ⁿ, a whole number of bins,
 *  the least that leaves `minPx` between two labels (bins 0.1 wide on 250 px: -0.5, 0, 0.5, 1), so
 *  that the labels are round and never crowd (30 bins' centres to three decimals did: -0.804,
 *  -0.456, …). Both ends where fewer than two edges are such multiples. */
export function edgeTicks(edges: readonly number[], pixels: number, minPx = 56): number[] {
  const n = edges.length - 1
  if (n < 1) return [...edges]
  const width = (edges[n]! - edges[0]!) / n
  const per = pixels > 0 ? pixels / n : 0
  // the label step: the width itself, else the least of 1, 2, 5 × 10ⁿ that is a whole number of bins
  // and leaves minPx between labels (bins 0.25 wide: 0.25, 0.5, 1, 2, 5, …)
  let step = width
  for (let p = 10 ** Math.floor(Math.log10(width)), i = 0; per * (step / width) < minPx && step < width * n; i++) {
    const s = [1, 2, 5][i % 3]! * p * 10 ** Math.floor(i / 3)
    const k = s / width
    if (s > width && Math.abs(k - Math.round(k)) < 1e-6) step = s
  }
  const round = edges.filter((e) => Math.abs(e / step - Math.round(e / step)) < 1e-6)
  return round.length >= 2 ? round : [edges[0]!, edges[n]!]
}

/** A time axis of instants over [min, max] whose times were written in `zone` (core/data/time-cell):
 *  calendarTicks on the file's clock (its midnights, its first of a month), each at its instant;
 *  without a zone, calendarTicks as they are. */
export function zonedCalendarTicks(min: number, max: number, zone: TimeZoneMark): number[] {
  const off = (ms: number) => fileClock(ms, zone) - ms
  const lead = off(min)
  return calendarTicks(min + lead, max + off(max), 8, isPeriodMark(zone) ? zone : null).map((c) => c - off(c - lead))
}

/** A time axis' label (timeTick) on the file's clock in `zone`: the day or hour it shows there. A
 *  file of periods (months, quarters, years, ISO weeks) names a tick that starts one as its table
 *  does (periodCell: 2020 Q1, 2020-W02), or by its year where every tick starts a year. */
export function zonedTimeTick(ms: number, ticks: readonly { value: number }[], zone: TimeZoneMark): string {
  if (isPeriodMark(zone)) {
    const years = ticks.length > 1 && ticks.every((t) => periodCell(t.value, 'year') !== null)
    const named = periodCell(ms, years ? 'year' : zone)
    if (named !== null) return named
  }
  return timeTick(fileClock(ms, zone), ticks.map((t) => ({ value: fileClock(t.value, zone) })))
}

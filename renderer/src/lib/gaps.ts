// Where a time series skips periods (a monthly series with some months absent), a line chart must
// break instead of drawing straight across the missing months as if they were there. Pure: the
// Data and Evaluate views give their points and times, the tests check the breaks.
import { closedWeekdays } from '../../../core/data/weekdays'
import { advanceTime, inferStep } from '../../../core/train/time-step'

/** A step longer than this many regular steps skips at least one period: a gap. Calendar months
 *  (28 to 31 days) and a business-day series' weekend stay well under it; its holidays are no gap
 *  either (closedWeekdays). */
export const GAP_FACTOR = 1.5
/** The regular step is told from at most this many times from the start: cheap for a million
 *  rows, and enough for any calendar. */
const STEP_SAMPLE = 20_000

/** A gap: the times of the rows either side of it. */
export type Gap = readonly [before: number, after: number]

/**
 * The gaps in `t` (epoch ms; rows without a time skipped): each pair of consecutive times further
 * apart than GAP_FACTOR of the series' regular step, the step as the run reads it (calendar months,
 * weekdays, or the median spacing: core/train/time-step.ts), in time order whatever the order of
 * the rows. In a business-day series the steps over a few weekdays that read as holidays are no gap
 * (core/data/weekdays.ts closedWeekdays, the rule of the run's notice): a missing week still is.
 * Empty when the step cannot be told (fewer than three times).
 */
export function timeGaps(t: ArrayLike<number>): Gap[] {
  const times: number[] = []
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]!)) times.push(t[i]!)
  if (times.length < 3) return []
  if (times.some((x, i) => i > 0 && x < times[i - 1]!)) times.sort((a, b) => a - b)
  const step = inferStep(Float64Array.from(times.slice(0, STEP_SAMPLE)))
  if (!step) return []
  const holidays = step.kind === 'weekdays' ? closedWeekdays(times)?.steps : undefined
  const gaps: Gap[] = []
  for (let i = 1; i < times.length; i++) {
    if (holidays?.has(i - 1)) continue
    const a = times[i - 1]!
    const d = times[i]! - a
    const regular = step.kind === 'ms' ? step.ms : advanceTime(a, step, 1) - a
    if (d > GAP_FACTOR * regular) gaps.push([a, times[i]!])
  }
  return gaps
}

/** The first gap that starts at or after `x` (gaps in time order), or -1. */
function gapFrom(gaps: readonly Gap[], x: number): number {
  let lo = 0
  let hi = gaps.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (gaps[mid]![0] < x) lo = mid + 1
    else hi = mid
  }
  return lo < gaps.length ? lo : -1
}

/** Whether a gap lies wholly between x0 and x1: a line from x0 to x1 would cross missing periods. */
export function spansGap(gaps: readonly Gap[], x0: number, x1: number): boolean {
  if (!(x1 > x0)) return false
  const g = gapFrom(gaps, x0)
  return g >= 0 && gaps[g]![1] <= x1
}

/** `points` (x the time) with a point of no value in every gap between two of them, so that a line
 *  drawn with spanGaps false breaks there. The same array when the series has no gap. */
export function breakAtGaps<P extends { x: number; y: number | null }>(points: readonly P[], gaps: readonly Gap[]): (P | { x: number; y: null })[] {
  if (!gaps.length || points.length < 2) return points as P[]
  const out: (P | { x: number; y: null })[] = [points[0]!]
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!.x
    const b = points[k]!.x
    if (spansGap(gaps, a, b)) {
      const g = gaps[gapFrom(gaps, a)]!
      out.push({ x: (g[0] + g[1]) / 2, y: null })
    }
    out.push(points[k]!)
  }
  return out
}

/** A line segment as chart.js's `segment` options see it: the x of its two ends. */
interface SegmentEnds { p0: { parsed: { x: number } }; p1: { parsed: { x: number } } }

/**
 * The options that make a chart.js line dataset break at `gaps`: no line across a gap (spanGaps
 * false, with breakAtGaps' points), and a segment that still spans one drawn transparent, line and
 * fill. That second guard is for long series, whose points chart.js decimates, which may drop the
 * points of no value.
 */
export function gapLine<P extends { x: number; y: number | null }>(points: readonly P[], gaps: readonly Gap[]): { data: (P | { x: number; y: null })[]; spanGaps: false; segment?: { borderColor: (c: SegmentEnds) => string | undefined; backgroundColor: (c: SegmentEnds) => string | undefined } } {
  const data = breakAtGaps(points, gaps)
  if (!gaps.length) return { data, spanGaps: false }
  const hide = (c: SegmentEnds) => (spansGap(gaps, c.p0.parsed.x, c.p1.parsed.x) ? 'transparent' : undefined)
  return { data, spanGaps: false, segment: { borderColor: hide, backgroundColor: hide } }
}

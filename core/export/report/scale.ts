// Axis scales and tick choice for the report's SVG charts.

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Round numbers for SVG coordinates: short output, sub-pixel exact enough. */
export function r2(v: number): string {
  return (Math.round(v * 100) / 100).toString()
}

/** About `count` ticks at 1, 2 or 5 × 10^k covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const out: number[] = []
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v)
  return out
}

/** Padded [lo, hi] around finite values, snapped outward to nice ticks. */
export function niceDomain(values: number[], includeZero = false): [number, number] {
  const v = values.filter(Number.isFinite)
  if (includeZero) v.push(0)
  if (v.length === 0) return [0, 1]
  let lo = Math.min(...v)
  let hi = Math.max(...v)
  if (lo === hi) { lo -= Math.abs(lo) * 0.1 || 1; hi += Math.abs(hi) * 0.1 || 1 }
  const t = niceTicks(lo, hi, 5)
  const step = t.length > 1 ? t[1] - t[0] : (hi - lo) / 5
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step]
}

export function formatNumber(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return '–'
  const a = Math.abs(v)
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2)
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 })
  return Number(v.toPrecision(digits)).toString()
}

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const TIME_STEPS = [MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY]
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** UTC ticks at whole minutes, hours, days, weeks, months or years, about `count` of them. */
export function timeTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo
  const step = TIME_STEPS.find((s) => span / s <= count)
  if (step !== undefined) {
    const out: number[] = []
    const align = step >= 7 * DAY ? 4 * DAY : 0 // weeks start on Monday (1970-01-05)
    for (let t = Math.ceil((lo - align) / step) * step + align; t <= hi; t += step) out.push(t)
    return out
  }
  const months = [1, 2, 3, 6, 12, 24, 60, 120].find((m) => span / (m * 30.44 * DAY) <= count) ?? 240
  const d = new Date(lo)
  let y = d.getUTCFullYear()
  let m = Math.ceil((d.getUTCMonth() + (d.getUTCDate() > 1 || d.getUTCHours() > 0 ? 1 : 0)) / months) * months
  const out: number[] = []
  for (;;) {
    y += Math.floor(m / 12)
    m %= 12
    const t = Date.UTC(y, m, 1)
    if (t > hi) return out
    out.push(t)
    m += months
  }
}

export function formatTime(ms: number, spanMs: number): string {
  const d = new Date(ms)
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`
  if (spanMs <= 2 * DAY) return `${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
  if (spanMs <= 400 * DAY) return day
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

/** An instant of the machine's clock (the run's creation), in UTC and said so; the data's times are
 *  written as the forecast files write them instead (report.ts dataTime: with their own zone, or
 *  none for local clock times). */
export function isoDate(ms: number | null): string {
  if (ms === null) return '–'
  const s = new Date(ms).toISOString()
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s.slice(0, 16).replace('T', ' ') + ' UTC'
}

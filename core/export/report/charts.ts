// Inline SVG charts for the run report: a line chart (with an optional interval band, log axis and
// markers), a split timeline and a confusion matrix. Styling lives in the report's CSS classes.
import { esc, formatNumber, formatTime, niceDomain, niceTicks, r2, timeTicks } from './scale'

export interface Series {
  name: string
  color: string
  points: [number, number | null][] // null breaks the line
  dash?: string
  width?: number
}

export interface LineChartSpec {
  ariaLabel: string
  width?: number
  height?: number
  series: Series[]
  band?: { name: string; color: string; points: [number, number | null, number | null][] } // x, lo, hi
  x: { kind: 'time' | 'number'; label: string; domain?: [number, number]; integer?: boolean }
  y: { label: string; log?: boolean; domain?: [number, number]; format?: (v: number) => string }
  vlines?: { x: number; label: string }[]
  diagonal?: boolean // the chance line of a ROC curve
}

const M = { top: 34, right: 18, bottom: 46, left: 62 }

/** The most labelled ticks a log axis gets: a gradient flow falling to 1e-45 spans 46 decades, and a
 *  label per decade was a wall of text; past this, every k-th decade counted down from the top. */
export const MAX_LOG_TICKS = 8

export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = []
  const a = Math.floor(Math.log10(lo))
  const b = Math.ceil(Math.log10(hi))
  const mult = b - a <= 2 ? [1, 2, 5] : [1]
  const every = Math.max(1, Math.ceil((b - a + 1) / MAX_LOG_TICKS))
  for (let e = a; e <= b; e++) {
    if ((b - e) % every !== 0) continue
    for (const m of mult) { const v = m * 10 ** e; if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v) }
  }
  return out
}

export function lineChart(spec: LineChartSpec): string {
  const W = spec.width ?? 720
  const H = spec.height ?? 280
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const xs = [...spec.series.flatMap((s) => s.points.map((p) => p[0])), ...(spec.band?.points.map((p) => p[0]) ?? [])]
  const ys = [...spec.series.flatMap((s) => s.points.map((p) => p[1])), ...(spec.band?.points.flatMap((p) => [p[1], p[2]]) ?? [])]
    .filter((v): v is number => v !== null && Number.isFinite(v) && (!spec.y.log || v > 0))
  const [x0, x1] = spec.x.domain ?? (xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1])
  const xSpan = x1 - x0 || 1
  let [y0, y1] = spec.y.domain ?? (spec.y.log ? [Math.min(...ys, 1), Math.max(...ys, 1)] : niceDomain(ys))
  if (spec.y.log) { y0 = 10 ** Math.floor(Math.log10(y0)); y1 = 10 ** Math.ceil(Math.log10(y1)); if (y1 === y0) y1 = y0 * 10 }
  const X = (v: number) => M.left + ((v - x0) / xSpan) * pw
  const Y = spec.y.log
    ? (v: number) => M.top + ph - ((Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * ph
    : (v: number) => M.top + ph - ((v - y0) / (y1 - y0 || 1)) * ph
  const fmtY = spec.y.format ?? ((v: number) => formatNumber(v))

  const parts: string[] = []
  const yt = spec.y.log ? logTicks(y0, y1) : niceTicks(y0, y1, 5)
  for (const v of yt) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${r2(Y(v))}" y2="${r2(Y(v))}"/>`)
    parts.push(`<text class="tick" x="${M.left - 8}" y="${r2(Y(v) + 4)}" text-anchor="end">${esc(fmtY(v))}</text>`)
  }
  let xt = spec.x.kind === 'time' ? timeTicks(x0, x1, 6) : niceTicks(x0, x1, 6)
  if (spec.x.integer) xt = xt.filter((v) => Number.isInteger(v))
  for (const v of xt) {
    const label = spec.x.kind === 'time' ? formatTime(v, xSpan) : formatNumber(v)
    parts.push(`<line class="tickmark" x1="${r2(X(v))}" x2="${r2(X(v))}" y1="${M.top + ph}" y2="${M.top + ph + 5}"/>`)
    parts.push(`<text class="tick" x="${r2(X(v))}" y="${M.top + ph + 18}" text-anchor="middle">${esc(label)}</text>`)
  }
  parts.push(`<line class="axis" x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}"/>`)
  parts.push(`<text class="axlabel" x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle">${esc(spec.x.label)}</text>`)
  parts.push(`<text class="axlabel" transform="translate(14 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(spec.y.label)}</text>`)
  if (spec.diagonal) parts.push(`<line class="chance" x1="${X(x0)}" y1="${Y(y0)}" x2="${X(x1)}" y2="${Y(y1)}"/>`)

  if (spec.band) {
    const pts = spec.band.points.filter((p): p is [number, number, number] => p[1] !== null && p[2] !== null)
    if (pts.length > 1) {
      const up = pts.map((p) => `${r2(X(p[0]))},${r2(Y(p[2]))}`)
      const down = pts.slice().reverse().map((p) => `${r2(X(p[0]))},${r2(Y(p[1]))}`)
      parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${spec.band.color}" fill-opacity="0.22" stroke="none"/>`)
    }
  }
  for (const s of spec.series) {
    const segs: string[] = []
    let pen = 'M'
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y) || (spec.y.log && y <= 0)) { pen = 'M'; continue }
      segs.push(`${pen}${r2(X(x))} ${r2(Y(y))}`)
      pen = 'L'
    }
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : ''
    parts.push(`<path d="${segs.join('')}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.8}" stroke-linejoin="round"${dash}/>`)
  }
  for (const v of spec.vlines ?? []) {
    parts.push(`<line class="marker" x1="${r2(X(v.x))}" x2="${r2(X(v.x))}" y1="${M.top}" y2="${M.top + ph}"/>`)
    parts.push(`<text class="markerlabel" x="${r2(X(v.x) + 4)}" y="${M.top + 12}">${esc(v.label)}</text>`)
  }
  // legend, right-aligned above the plot
  const items = [...spec.series.map((s) => ({ name: s.name, color: s.color, band: false, dash: s.dash })), ...(spec.band ? [{ name: spec.band.name, color: spec.band.color, band: true, dash: undefined }] : [])]
  let lx = M.left + pw
  for (const it of items.reverse()) {
    const w = 26 + it.name.length * 6.6
    lx -= w
    parts.push(it.band
      ? `<rect x="${r2(lx)}" y="10" width="16" height="10" fill="${it.color}" fill-opacity="0.3"/>`
      : `<line x1="${r2(lx)}" x2="${r2(lx + 16)}" y1="15" y2="15" stroke="${it.color}" stroke-width="2.4"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/>`)
    parts.push(`<text class="legend" x="${r2(lx + 21)}" y="19">${esc(it.name)}</text>`)
    lx -= 10
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.ariaLabel)}">${parts.join('')}</svg>`
}

export interface TimelineSegment { label: string; rows: number; detail: string; color: string }

/** One bar split in proportion to rows, labelled under each part. */
export function splitTimeline(segments: TimelineSegment[], width = 1000): string {
  const total = segments.reduce((a, s) => a + s.rows, 0) || 1
  const H = 78
  let x = 0
  const parts: string[] = []
  segments.forEach((s, i) => {
    const w = (s.rows / total) * width
    const anchor = i === 0 ? 'start' : i === segments.length - 1 ? 'end' : 'middle'
    const tx = anchor === 'start' ? x + 2 : anchor === 'end' ? x + w - 2 : x + w / 2
    parts.push(`<rect x="${r2(x)}" y="6" width="${r2(Math.max(w - 2, 1))}" height="26" rx="4" fill="${s.color}"/>`)
    parts.push(`<text class="seglabel" x="${r2(x + w / 2)}" y="24" text-anchor="middle">${esc(w > 80 ? `${s.label} · ${s.rows.toLocaleString('en-US')}` : s.label)}</text>`)
    parts.push(`<text class="tick" x="${r2(tx)}" y="50" text-anchor="${anchor}">${esc(s.detail)}</text>`)
    x += w
  })
  return `<svg class="chart timeline" viewBox="0 0 ${width} ${H - 16}" role="img" aria-label="split timeline">${parts.join('')}</svg>`
}

/** Counts with each cell shaded by its share of the actual class (row). */
export function confusionMatrix(labels: string[], counts: number[][]): string {
  const n = labels.length
  const cell = Math.min(96, Math.floor(360 / Math.max(n, 1)))
  const left = 110
  const top = 46
  const W = left + n * cell + 10
  const H = top + n * cell + 14
  const parts: string[] = [`<text class="axlabel" x="${left + (n * cell) / 2}" y="14" text-anchor="middle">predicted</text>`,
    `<text class="axlabel" transform="translate(14 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle">actual</text>`]
  labels.forEach((l, j) => parts.push(`<text class="tick" x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${esc(l)}</text>`))
  counts.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0) || 1
    parts.push(`<text class="tick" x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(labels[i] ?? String(i))}</text>`)
    row.forEach((c, j) => {
      const share = c / sum
      const dark = share > 0.55
      parts.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="${i === j ? '#1d4ed8' : '#b91c1c'}" fill-opacity="${r2(0.08 + 0.82 * share)}"/>`)
      parts.push(`<text class="${dark ? 'cm cm-dark' : 'cm'}" x="${left + j * cell + cell / 2 - 1}" y="${top + i * cell + cell / 2}" text-anchor="middle">${c}</text>`)
      parts.push(`<text class="${dark ? 'cmp cm-dark' : 'cmp'}" x="${left + j * cell + cell / 2 - 1}" y="${top + i * cell + cell / 2 + 15}" text-anchor="middle">${Math.round(share * 100)} %</text>`)
    })
  })
  return `<svg class="chart" style="width:${W}px;max-width:100%" viewBox="0 0 ${W} ${H}" role="img" aria-label="confusion matrix">${parts.join('')}</svg>`
}

/** A lag × input heatmap: one row per input, one column per lag (oldest left). Unsigned values
 *  shade one blue by size; signed ones blue (up) or red (down), by |value| over the largest. */
export function heatmap(values: number[][] /* (L, D) */, inputs: string[], lags: number[], opts: { ariaLabel: string; signed?: boolean; unit?: string }): string {
  const L = lags.length
  const D = inputs.length
  const max = Math.max(0, ...values.flat().map(Math.abs))
  const left = Math.min(170, 14 + 7 * Math.max(...inputs.map((n) => n.length), 4))
  const top = 10
  const cw = Math.max(12, Math.min(40, Math.floor(840 / Math.max(L, 1))))
  const ch = 22
  const W = left + L * cw + 10
  const H = top + D * ch + 40
  const parts: string[] = []
  inputs.forEach((n, d) => {
    parts.push(`<text class="tick" x="${left - 8}" y="${top + d * ch + ch / 2 + 4}" text-anchor="end">${esc(n)}</text>`)
    for (let t = 0; t < L; t++) {
      const v = values[t]?.[d] ?? 0
      const share = max > 0 ? Math.abs(v) / max : 0
      const fill = opts.signed && v < 0 ? '#b91c1c' : '#1d4ed8'
      parts.push(`<rect x="${left + t * cw}" y="${top + d * ch}" width="${cw - 2}" height="${ch - 2}" rx="2" fill="${fill}" fill-opacity="${r2(0.04 + 0.9 * share)}"><title>${esc(`${n}, lag ${lags[t]}: ${formatNumber(v, 4)}${opts.unit ? ` ${opts.unit}` : ''}`)}</title></rect>`)
    }
  })
  const every = Math.max(1, Math.ceil(L / 24))
  lags.forEach((l, t) => {
    if (t % every === 0 || t === L - 1) parts.push(`<text class="tick" x="${left + t * cw + cw / 2 - 1}" y="${top + D * ch + 14}" text-anchor="middle">${l}</text>`)
  })
  parts.push(`<text class="axlabel" x="${left + (L * cw) / 2}" y="${top + D * ch + 34}" text-anchor="middle">lag (rows before the forecast row; newest right)</text>`)
  return `<svg class="chart" style="width:${W}px;max-width:100%" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.ariaLabel)}">${parts.join('')}</svg>`
}

/** Horizontal bars, largest first as given; negative values drawn as zero-length with their number. */
export function barChart(items: { label: string; value: number }[], opts: { ariaLabel: string; color?: string; width?: number }): string {
  const W = opts.width ?? 490
  const left = Math.min(200, 14 + 7 * Math.max(...items.map((x) => x.label.length), 4))
  const right = 70
  const bh = 20
  const H = items.length * bh + 8
  const max = Math.max(0, ...items.map((x) => x.value))
  const pw = W - left - right
  const parts = items.map((x, i) => {
    const w = max > 0 ? Math.max(0, (x.value / max) * pw) : 0
    const y = 4 + i * bh
    return `<text class="tick" x="${left - 8}" y="${y + 14}" text-anchor="end">${esc(x.label)}</text><rect x="${left}" y="${y + 3}" width="${r2(w)}" height="${bh - 6}" rx="2" fill="${opts.color ?? '#2563eb'}"/><text class="tick" x="${r2(left + w + 6)}" y="${y + 14}">${esc(formatNumber(x.value, 3))}</text>`
  })
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.ariaLabel)}">${parts.join('')}</svg>`
}

// `fw explain --run N [--at TIMESTAMP] [--json]`: why the network of a stored run forecasts what it
// does (core/train/explain-run.ts): one forecast's attributions per (lag, input), a text heatmap,
// importance on the validation windows and the effective memory beside the look-back.
import { fileClock, isPeriodMark, noticeTime, readTimeText, wallInstant, type TimeZoneMark } from '../data/time-cell'
import { explanationOf, rebuildStoredRun } from '../services/run-export'
import { parseGlobalSummary } from '../services/global-run'
import { GLOBAL_REFINE_BUDGET } from '../train/explain'
import { completeness, inputLagWords, type RunExplanation } from '../train/explain-run'
import { advanceTime, inferStep } from '../train/time-step'
import type { ClockRule } from '../data/clock-rule'
import { UsageError, str, wholeNumber, type Parsed } from './args'
import { fmt, statusLine, table, type Out } from './format'
import { openCliStore } from './runs'

export const EXPLAIN_FLAGS = { db: 'string', json: 'boolean', run: 'string', at: 'string', steps: 'integer', windows: 'integer', 'refine-budget': 'integer' } as const

export function explainCommand(p: Parsed, out: Out, err?: Out): void {
  const run = str(p, 'run')
  const id = wholeNumber(run) ?? NaN
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`--run RUN is required (a positive integer)${run === undefined ? '' : `, got '${run}'`}`)
  const steps = p.flags['steps'] ?? 32
  const windows = p.flags['windows'] ?? 500
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > 1024) throw new UsageError(`--steps must be an integer in 1..1024 (got ${steps})`)
  if (typeof windows !== 'number' || !Number.isInteger(windows) || windows < 0) throw new UsageError(`--windows must be an integer >= 0 (got ${windows})`)
  const refineTotal = p.flags['refine-budget'] ?? GLOBAL_REFINE_BUDGET
  if (typeof refineTotal !== 'number' || !Number.isSafeInteger(refineTotal) || refineTotal < 0)
    throw new UsageError(`--refine-budget must be a whole number of gradient evaluations >= 0 (0: the validation windows are not refined; got ${refineTotal})`)
  const store = openCliStore(p)
  // a line rewritten in place on a terminal while the work goes (a look-back of 200 takes minutes),
  // cleared before the explanation; nothing elsewhere (a pipe or --json reads the result only)
  const line = statusLine(out)
  let e: RunExplanation
  let zone: TimeZoneMark = null
  try {
    if (parseGlobalSummary(store.runs.get(id).globalJson))
      throw new UsageError(`run ${id} is a global run (one model across series): fw explain explains single-series runs; train one series with --series COL --series-value VALUE to explain its forecasts`)
    line.show(`rebuilding run ${id} from its stored data`)
    const r = rebuildStoredRun(store, id)
    if (r.config.data.task !== 'regression') throw new UsageError(`run ${id} is a classification; explanations are for regression runs`)
    const { prep } = r.rebuilt.run
    const L = r.config.data.lookBack
    const h = r.config.data.horizon
    const at = str(p, 'at')
    let end: number | undefined
    zone = prep.zone
    if (at !== undefined) end = endOfForecast(at, prep.time, prep.N, L, h, prep.clock, prep.zone, (n) => err?.write(`note: ${n}\n`))
    try {
      e = explanationOf(r, { ...(end !== undefined ? { end } : {}), steps, windows, refineTotal, localOnly: windows === 0, ...(out.isTTY ? { onProgress: line.show } : {}) })!
    } catch (err) {
      // a window that reads inputs known in the future past the run's rows (explainRun says which)
      if (err instanceof RangeError && end !== undefined) throw new UsageError(err.message)
      throw err
    }
  } finally {
    line.clear()
    store.close()
  }
  if (p.flags['json'] === true) out.write(JSON.stringify({ run: id, ...e }, null, 2) + '\n')
  else out.write(renderExplanation(id, e, zone))
}

/** --at: the time (or, without a time column, the 0-based row) of the forecast row; the window
 *  ends h rows before it. A time without an offset on times that carried offsets is read on the
 *  file's clock (the offset in force at that wall time; where the clock turns back and shows it
 *  twice, the first, which `note` is told). A time that is no row of the data is refused with the nearest ones,
 *  named as the data's files write them (`zone`, the data's: noticeTime). Zone 'step': the time
 *  column is an integer step index, so --at is one of its integers. */
export function endOfForecast(at: string, time: Float64Array | null, N: number, L: number, h: number, clock?: ClockRule, zone: TimeZoneMark = null, note?: (words: string) => void): number {
  const stepIndex = zone === 'step'
  let row: number
  // the time of row i, rows past the end stepping on as the forecast does (null: no regular step)
  const step = time ? inferStep(time, null, clock) : null
  const timeOf = (i: number) => (!time ? NaN : i < N ? time[i]! : step ? advanceTime(time[N - 1]!, step, i - N + 1) : NaN)
  const iso = (i: number) => (Number.isFinite(timeOf(i)) ? noticeTime(timeOf(i), zone) : `row ${i}`)
  if (!time) {
    row = wholeNumber(at) ?? NaN
    if (!Number.isInteger(row)) throw new UsageError(`the data has no time column, so --at is the 0-based row of the forecast (got '${at}')`)
  } else {
    // a time without an offset is a wall time, as the file's times without one are read (as
    // written, in UTC); on times that carried offsets, read on the file's clock (fileClock): the row
    // whose clock shows it, the first of two where the clock turns back (said), as a date alone
    // names the file's midnight
    const { ms: wall, naive } = stepIndex ? { ms: wholeNumber(at) ?? NaN, naive: false } : readTimeText(at)
    if (stepIndex && !Number.isFinite(wall)) throw new UsageError(`--at must be a whole number of the step index (got '${at}')`)
    if (!Number.isFinite(wall)) throw new UsageError(`--at must be a date or time such as 2012-06-03 or 2012-06-03T13:00:00+01:00 (got '${at}')`)
    const onClock = naive && zone !== null && !isPeriodMark(zone)
    let t = wall
    row = -1
    if (onClock) {
      const hits: number[] = []
      for (let i = 0; i < N + h; i++) if (Number.isFinite(timeOf(i)) && fileClock(timeOf(i), zone) === wall) hits.push(i)
      if (hits.length > 1) note?.(`--at ${at} is twice on the file's clock, where it turns back (${hits.slice(0, 2).map(iso).join(' and ')}): the first is explained; give the offset to pick the other`)
      if (hits.length) row = hits[0]!
      else t = wallInstant(wall, zone)
    } else row = time.indexOf(t)
    // a time past the end that the last windows forecast (the one explained by default)
    for (let k = 1; row < 0 && !onClock && k <= h; k++) if (timeOf(N - 1 + k) === t) row = N - 1 + k
    if (row < 0) {
      let near = 0
      for (let i = 1; i < N; i++) if (Math.abs(time[i]! - t) < Math.abs(time[near]! - t)) near = i
      throw new UsageError(`no row at ${at}${onClock ? ` (read on the file's clock, as ${noticeTime(t, zone)})` : ''}; the nearest are ${[near - 1, near, near + 1].filter((i) => i >= 0 && i < N).map(iso).join(', ')}`)
    }
  }
  const end = row - h
  if (end < L - 1 || end > N - 1) {
    const what = time ? `the forecast for ${at}` : `the forecast of row ${row}`
    throw new UsageError(`${what} needs a window of ${L} rows ending ${h} ${h === 1 ? 'row' : 'rows'} before it (look-back ${L}, horizon ${h}): forecasts from ${iso(L - 1 + h)} to ${iso(N - 1 + h)} can be explained`)
  }
  return end
}

const SHADES = [' ', '·', '░', '▒', '▓', '█']

/** The most characters a heatmap row takes: a look-back of 365 drew lines 365 characters wide. */
export const HEATMAP_COLUMNS = 72

/** |values| (L, D) as one line per input, one character per lag (oldest left), shaded by size; a
 *  look-back longer than HEATMAP_COLUMNS puts k lags in a character, shaded by the largest of them. */
export function textHeatmap(m: number[][], names: string[], lags: number[]): string {
  const max = Math.max(...m.flat().map(Math.abs), 0)
  const k = Math.ceil(m.length / HEATMAP_COLUMNS)
  const cols = Array.from({ length: Math.ceil(m.length / k) }, (_, c) => m.slice(c * k, (c + 1) * k))
  const w = Math.max(...names.map((n) => n.length), 5)
  const shade = (v: number) => SHADES[max > 0 ? Math.min(5, Math.ceil((v / max) * 5)) : 0]
  const lines = names.map((n, d) => `  ${n.padEnd(w)} ${cols.map((rows) => shade(Math.max(...rows.map((row) => Math.abs(row[d]!))))).join('')}`)
  const axis = `  ${'lag'.padEnd(w)} ${String(lags[0]).padEnd(Math.max(1, cols.length - String(lags[lags.length - 1]).length))}${lags[lags.length - 1]}`
  return [...lines, axis, ...(k > 1 ? [`  (one character per ${k} lags, shaded by the largest)`] : [])].join('\n')
}

/** A time of the explanation: as the data's files write it where its times carried an offset, or
 *  are a step index (noticeTime); else the day, or the UTC time to the minute. */
function timeWords(t: number, zone: TimeZoneMark): string {
  if (zone !== null) return noticeTime(t, zone)
  return new Date(t).toISOString().replace('T00:00:00.000Z', '').replace(':00.000Z', 'Z')
}

export function renderExplanation(id: number, e: RunExplanation, zone: TimeZoneMark = null): string {
  const a = e.at
  const o: string[] = []
  const when = a.time !== null ? timeWords(a.time, zone) : `row ${a.row}`
  o.push(`run ${id}: why the network forecasts ${e.target} = ${fmt(a.forecast)} for ${when} (${e.horizon} ${e.horizon === 1 ? 'step' : 'steps'} after the window ending ${a.endTime !== null ? timeWords(a.endTime, zone) : `row ${a.end}`})`)
  const total = a.forecast - a.fromBaseline
  o.push(`  from the baseline (${e.baseline.words}) it would forecast ${fmt(a.fromBaseline)}; the inputs move it by ${total >= 0 ? '+' : ''}${fmt(total)}`)
  const c = completeness(a)
  const refined = a.evaluations > e.method.steps ? ` (refined to ${a.evaluations} gradient evaluations where the forecast changes abruptly along the path)` : ''
  o.push(`  integrated gradients, ${e.method.steps} ${e.method.quadrature === 'gauss-legendre' ? 'Gauss-Legendre' : e.method.quadrature} nodes${refined}, in ${e.target}'s units; completeness gap ${a.gap.toExponential(1)} (tolerance ${c.tolerance.toExponential(1)})`)
  if (!c.adds) o.push(gapWarning(c, a.evaluations))
  const cells = a.attributions.flatMap((row, t) => row.map((v, d) => ({ v, t, d }))).sort((x, y) => Math.abs(y.v) - Math.abs(x.v)).slice(0, 8)
  o.push('', 'top inputs of this forecast:')
  o.push(table(['input', 'lag', 'attribution', 'grad × input'], cells.map((c) => [e.inputNames[c.d]!, inputLagWords(e, c.t, c.d), signed(c.v), signed(a.gradientTimesInput[c.t]![c.d]!)])))
  o.push('', `|attribution| by lag (columns: lag ${e.lags[0]}, oldest, to lag ${e.lags[e.lags.length - 1]}, newest${ledWords(e)}):`)
  o.push(textHeatmap(a.attributions, e.inputNames, e.lags))
  const g = e.global
  if (g) {
    o.push('', `on ${g.windows} validation windows (mean |attribution|, ${e.target}'s units):`)
    const perm = e.permutation
    const byInput = e.inputNames.map((n, d) => ({ n, v: g.perInput[d]! })).sort((x, y) => y.v - x.v)
    o.push(table(['input', 'importance'], byInput.map((x) => [x.n, fmt(x.v)])))
    o.push(textHeatmap(g.meanAbs, e.inputNames, e.lags))
    const rule = `the plain ${e.method.steps}-node rule`
    const refined = g.refineBudget === 0
      ? `by ${rule}, unrefined (--refine-budget 0)`
      : `after refinement brought ${g.overPlain - g.overTolerance} of the ${g.overPlain} over it by ${rule} within it, nearest the tolerance first, with ${g.refineEvaluations} gradient evaluations (at most ${g.refineBudget} for all windows)`
    if (g.overTolerance > 0) o.push(`warning: on ${g.overTolerance} of ${g.windows} validation windows the attributions miss more of the move than the tolerance (mean |gap| ${fmt(g.meanAbsGap)}), ${refined}; importance there leaves out the abrupt part of those forecasts`)
    else if (g.overPlain > 0) o.push(`refined the paths of the ${g.overPlain} validation windows over the tolerance by ${rule} (${g.refineEvaluations} gradient evaluations): on every window the attributions add up to the move within the tolerance`)
    o.push(`effective memory: the latest ${g.effectiveMemory} of ${e.lookback} rows hold ${Math.round(g.share * 100)} % of the attribution mass (look-back ${e.lookback})${g.effectiveMemory < e.lookback / 2 ? '; a longer window is unlikely to help' : g.effectiveMemory >= e.lookback ? '; the network uses the whole window, a longer one may help' : ''}`)
    if (perm?.by === 'feature') {
      o.push('', `permutation importance per input column (MAE ${fmt(perm.base)} unpermuted; increase when its whole history is shuffled across windows, ${perm.repeats} repeats):`)
      o.push(lagBars([...perm.items].sort((x, y) => y.increase - x.increase)))
    }
    if (perm?.by === 'lag') {
      o.push('', `permutation importance per lag (MAE ${fmt(perm.base)} unpermuted; increase when one lag is shuffled across windows, ${perm.repeats} repeats):`)
      o.push(lagBars(perm.items))
    }
    for (const m of e.members) {
      o.push('', `${m.label} (weight ${m.weight.toFixed(2)} in the run's forecast), permutation importance per lag (MAE ${fmt(m.base)} unpermuted):`)
      o.push(lagBars(m.items))
    }
  }
  if (e.notes.length) o.push('', ...e.notes.map((n) => `note: ${n}`))
  return o.join('\n') + '\n'
}

/** The line that says the cells of one forecast do not add up to its move, and by how much. */
export function gapWarning(c: ReturnType<typeof completeness>, evaluations: number): string {
  return `warning: the attributions add up to ${signed(c.sum)}, not to the move ${signed(c.move)}: they miss ${signed(c.missed)} of it (${fmtShare(c.share)}), more than the tolerance ${fmt(c.tolerance)}. Along the path from the baseline the forecast changes faster than ${evaluations} gradient evaluations resolve (a step of the network), and that part of the move is in no cell`
}

function fmtShare(x: number): string {
  return Number.isFinite(x) ? `${x >= 0.1 ? Math.round(x * 100) : (x * 100).toPrecision(2)} %` : 'all of it'
}

function signed(v: number): string {
  return Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${fmt(v)}` : '—'
}

/** The most bars lagBars draws: a model's importance per lag printed 365 lines for a look-back of 365. */
export const MAX_BARS = 24

/** One bar per item (a lag or an input), scaled to the largest increase; past MAX_BARS items, the
 *  MAX_BARS largest, largest first, and a line for the rest. */
export function lagBars(items: { name: string; increase: number }[]): string {
  const max = Math.max(...items.map((x) => x.increase), 0)
  const ranked = items.length > MAX_BARS ? [...items].sort((x, y) => y.increase - x.increase) : items
  // of a long list, the largest that raise the error at all (a model reading 8 of 365 lags listed 16 zeros)
  const top = ranked === items ? items : ranked.slice(0, MAX_BARS)
  const shown = top !== items && top.some((x) => x.increase > 0) ? top.filter((x) => x.increase > 0) : top
  const rest = items.length - shown.length
  const w = Math.max(...shown.map((x) => x.name.length))
  const bars = shown.map((x) => `  ${x.name.padEnd(w)} ${'█'.repeat(max > 0 ? Math.max(0, Math.round((x.increase / max) * 30)) : 0).padEnd(30)} ${signed(x.increase)}`)
  const next = rest ? ranked[shown.length]!.increase : 0
  return [...bars, ...(rest ? [`  … ${rest} more, ${next > 0 ? `each ${signed(next)} or less` : 'none raising the error'} (--json lists all)`] : [])].join('\n')
}

/** Of the heatmap's lag columns: where an input known in the future is read ahead, what its columns hold. */
function ledWords(e: RunExplanation): string {
  const led = [...new Set(e.inputNames.filter((_, d) => (e.leads?.[d] ?? 0) > 0).map((n) => n.split('=')[0]!))]
  return led.length ? `; ${led.join(', ')}, known in the future, ${led.length === 1 ? 'holds' : 'hold'} in column lag k the value of lag k − ${e.horizon} (the forecast step's own at lag ${e.horizon})` : ''
}

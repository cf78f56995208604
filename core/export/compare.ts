// What two runs did, side by side, beside their config diff: the CLI's `fw compare` and the Runs
// view's Compare panel. Pure, so the renderer can take it.

import { forecasterName } from './forecaster-name'
import { headlineMetric } from '../data/metrics'
import { runSkill, type ChoiceSummary } from './verdict'
import { formatCount } from '../data/words'
import { formatTime } from '../data/series'
import { naturalCompare } from '../data/natural'
import { isPeriodMark, noticeTime, type TimeZoneMark } from '../data/time-cell'
import type { TrainConfig } from '../train/types'

/** One run as the comparison reads it. `metrics` are its stored rows; `forecaster` its choice
 *  (absent for classification and runs stored before the choice existed: their forecast is the
 *  network's). */
export interface CompareSide {
  datasetName: string | null
  target: string | null
  forecaster: { chosen: string; label: string } | null
  /** A global run: each series' forecast is chosen on its own ('per series', as the run lists say). */
  global?: boolean
  /** The run's task (absent: read from its metrics, a Brier score without an RMSE being classification). */
  task?: 'regression' | 'classification'
  metrics: readonly { split: string; model: string; metric: string; value: number | null }[]
  /** A single-series run's choice as stored (null: none) and targetScale (core/data/metrics): its
   *  skill row is then the verdict's (runSkill, as fw show and the Runs lists give it), not the one
   *  an older run stored (against one of its own members, or the best baseline on test). Absent:
   *  the stored skill (a global run's is its GMRAE's, stored). */
  judged?: { choice: ChoiceSummary | null; target: number | null }
  /** The run's status (absent: done): a run that did not finish has no forecast to name. */
  status?: 'queued' | 'running' | 'done' | 'failed' | 'interrupted' | 'cancelled'
}

/** What a run that did not finish is, for its 'forecast by' cell: "none (failed)"; null when done. */
function unfinishedBy(s: CompareSide): string | null {
  return s.status === undefined || s.status === 'done' ? null : `none (${s.status})`
}

/** A sentence for each run of the two that did not finish: "run 3 failed: it has no forecast and no
 *  test metrics" (`names`: how the front end names runs), the reason it stored after it where given. */
export function unfinishedNotes(sides: readonly [CompareSide & { id: number; error?: string | null }, CompareSide & { id: number; error?: string | null }], name: (id: number) => string): string[] {
  const verb = { queued: 'is queued', running: 'is still training', failed: 'failed', interrupted: 'was interrupted', cancelled: 'was cancelled' } as const
  return sides.flatMap((s) => (s.status === undefined || s.status === 'done' ? [] : [`${name(s.id)} ${verb[s.status]}${s.error ? ` (${s.error})` : ''}: it has no forecast and no test metrics to compare`]))
}

export interface CompareRow {
  /** 'dataset', 'target', 'forecast by' (compareRows' `name` of the forecaster), or a test metric's name. */
  label: string
  a: string | number | null
  b: string | number | null
  /** The 'skill' row: the metric both runs' skill is measured on (their headline), whose row it follows. */
  of?: string
  /** A row of the network's own test metric (label 'network mae'): the metric's name. */
  network?: string
}

/** Metrics in the order an analyst reads them; others follow by name. */
const ORDER = ['mae', 'rmse', 'mase', 'smape', 'mape', 'r2', 'skill', 'accuracy', 'f1', 'auc', 'logloss', 'brier']

/**
 * The rows: each run's data and forecaster, then the test metrics of each run's forecast (the stored
 * 'model' rows: the chosen forecaster's, or the network's in runs stored before the choice).
 * `sameData` is false when the runs forecast other files or targets, whose errors are not on one
 * scale (MASE and skill still are). `name`: the forecaster's name from its choice (the CLI's short
 * one by default; the app gives the full label).
 */
export function compareRows(a: CompareSide, b: CompareSide, name: (chosen: string, label: string) => string = forecasterName): { rows: CompareRow[]; sameData: boolean } {
  const task = (s: CompareSide, m: Map<string, unknown>) => s.task ?? (m.has('brier') && !m.has('rmse') ? 'classification' : 'regression')
  const test = (s: CompareSide) => {
    const m = new Map(s.metrics.filter((x) => x.split === 'test' && x.model === 'model').map((x) => [x.metric, x.value]))
    if (s.judged && !s.global && m.has('skill')) m.set('skill', runSkill(task(s, m), s.judged.choice, [...s.metrics], s.judged.target).skill)
    return m
  }
  const [ma, mb] = [test(a), test(b)]
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length)
  const names = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
  // the skill is the headline metric's (core/data/metrics): said, and placed right after that metric,
  // never beside another; runs judged on different metrics keep a bare 'skill' row
  // (a global run's is its GMRAE's: 1 - GMRAE, core/train/global.ts globalTestMetrics)
  const headline = (s: CompareSide, m: Map<string, unknown>) => (!m.has('skill') ? undefined : s.global ? 'gmrae' : headlineMetric(task(s, m)))
  const [ha, hb] = [headline(a, ma), headline(b, mb)]
  const of = ha === undefined ? hb : hb === undefined || hb === ha ? ha : null
  if (of && names.includes(of)) names.splice(names.indexOf('skill'), 1), names.splice(names.indexOf(of) + 1, 0, 'skill')
  const by = (s: CompareSide) => unfinishedBy(s) ?? (s.global ? 'per series' : s.forecaster ? name(s.forecaster.chosen, s.forecaster.label) : 'network')
  // the network's own test metrics (its stored 'network' rows): where a run's forecast is not the
  // network alone (statistical models chosen, or a global run's per-series choice), two runs that
  // differ in a network setting can forecast alike, and only these rows show what the change did
  const net = (s: CompareSide) => new Map(s.metrics.filter((x) => x.split === 'test' && x.model === 'network').map((x) => [x.metric, x.value]))
  const [na, nb] = [net(a), net(b)]
  const netNames = by(a) === 'network' && by(b) === 'network' ? [] : [...new Set([...na.keys(), ...nb.keys()])].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
  const rows: CompareRow[] = [
    { label: 'dataset', a: a.datasetName, b: b.datasetName },
    { label: 'target', a: a.target, b: b.target },
    { label: 'forecast by', a: by(a), b: by(b) },
    ...names.map((n) => ({ label: n, a: ma.get(n) ?? null, b: mb.get(n) ?? null, ...(n === 'skill' && of ? { of } : {}) })),
    ...netNames.map((n) => ({ label: `network ${n}`, a: na.get(n) ?? null, b: nb.get(n) ?? null, network: n }))
  ]
  return { rows, sameData: a.datasetName === b.datasetName && a.target === b.target }
}

/** A global run's side narrowed to one of its series (its stored row: the chosen forecast's test
 *  MAE and MASE, and what forecast it), to compare with a single-series run of that series: the
 *  run's own metrics are means over all its series, not that series' scores. */
export function seriesSide(global: CompareSide, row: { mae: number | null; mase: number | null; forecastBy?: string | null; forecastLabel?: string | null; networkMae?: number | null; networkMase?: number | null }): CompareSide {
  const { judged: _j, ...rest } = global
  // the global network's own scores of this series, where another forecaster was chosen for it
  const network = row.forecastBy && row.forecastBy !== 'network' ? ([['mae', row.networkMae ?? null], ['mase', row.networkMase ?? null]] as const) : []
  return {
    ...rest,
    global: false,
    forecaster: row.forecastBy ? { chosen: row.forecastBy, label: row.forecastLabel ?? row.forecastBy } : null,
    metrics: [
      { split: 'test', model: 'model', metric: 'mae', value: row.mae },
      { split: 'test', model: 'model', metric: 'mase', value: row.mase },
      ...network.map(([metric, value]) => ({ split: 'test', model: 'network', metric, value }))
    ]
  }
}

/** One series of a global run as compareSeries reads it (core/store SeriesRow): its chosen
 *  forecast's test MASE and the network's own (null in rows stored before, where mase is the
 *  network's: forecastBy null). */
export interface SeriesScore {
  key: readonly string[]
  label: string
  mase: number | null
  networkMase: number | null
  forecastBy: string | null
}

/** How many series each of two runs scores lower on, how many alike, and how many either run
 *  cannot score (no MASE: a constant training period). */
export interface SeriesWins {
  a: number
  b: number
  equal: number
  unscored: number
}

export interface SeriesCompareRow {
  label: string
  /** The chosen forecast's and the network's test MASE of this series in each run; null where the
   *  run has no such series. */
  a: { forecast: number | null; network: number | null } | null
  b: { forecast: number | null; network: number | null } | null
}

/** Two global runs' series side by side, matched by their id values, in natural order of their
 *  labels: each one's test MASE of the chosen forecast and of the network alone, and how many
 *  series each run wins on either (lower MASE; within 1e-9 relative is equal). Two runs that differ
 *  in a network setting often choose the same statistical forecast for every series: the means then
 *  agree, and only the network's per-series scores show which run's network did better where. */
export function compareSeries(a: readonly SeriesScore[], b: readonly SeriesScore[]): { rows: SeriesCompareRow[]; forecast: SeriesWins; network: SeriesWins; onlyA: number; onlyB: number } {
  const id = (s: SeriesScore) => JSON.stringify(s.key)
  const side = (s: SeriesScore | undefined) => (s ? { forecast: s.mase, network: s.networkMase ?? (s.forecastBy === null ? s.mase : null) } : null)
  const byKey = new Map(b.map((s) => [id(s), s]))
  const seen = new Set<string>()
  const rows: SeriesCompareRow[] = a.map((s) => (seen.add(id(s)), { label: s.label, a: side(s), b: side(byKey.get(id(s))) }))
  for (const s of b) if (!seen.has(id(s))) rows.push({ label: s.label, a: null, b: side(s) })
  rows.sort((x, y) => naturalCompare(x.label, y.label))
  const wins = (pick: (v: { forecast: number | null; network: number | null }) => number | null): SeriesWins => {
    const w: SeriesWins = { a: 0, b: 0, equal: 0, unscored: 0 }
    for (const r of rows) {
      if (!r.a || !r.b) continue
      const [x, y] = [pick(r.a), pick(r.b)]
      if (x === null || y === null) w.unscored++
      else if (Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))) w.equal++
      else x < y ? w.a++ : w.b++
    }
    return w
  }
  return { rows, forecast: wins((v) => v.forecast), network: wins((v) => v.network), onlyA: rows.filter((r) => !r.b).length, onlyB: rows.filter((r) => !r.a).length }
}

/** "run 2 is lower on 6 series, run 13 on 4 (1 alike)": compareSeries' wins in words; `name`: how
 *  the front end names a run. */
export function winsWords(w: SeriesWins, ids: readonly [number, number], name: (id: number) => string): string {
  const rest = [w.equal ? `${formatCount(w.equal)} alike` : '', w.unscored ? `${formatCount(w.unscored)} without a MASE` : ''].filter(Boolean)
  return `${name(ids[0])} is lower on ${formatCount(w.a)} series, ${name(ids[1])} on ${formatCount(w.b)}${rest.length ? ` (${rest.join(', ')})` : ''}`
}

/** The series a single-series run forecast (its data.series: id columns and their values), as the
 *  key of a global run's series over `columns`; null when the run is not of one series of them. */
export function oneSeriesKey(configJson: string, columns: readonly string[]): string[] | null {
  const s = (JSON.parse(configJson) as { data?: { series?: { columns?: unknown; values?: unknown; global?: unknown } } }).data?.series
  if (!s || s.global || !Array.isArray(s.columns) || !Array.isArray(s.values)) return null
  if (s.columns.length !== columns.length || s.columns.some((c, i) => c !== columns[i]) || s.values.length !== columns.length) return null
  return s.values.map(String)
}

/** A run as narrowCompare reads it: its dataset, its series id columns where it is a global run
 *  (null: a single-series run), and its config as stored (data.series). */
export interface NarrowRun {
  datasetId: number | null
  globalColumns: readonly string[] | null
  configJson: string
}

/** Which of two runs (0: the first, 1: the second) is a global run beside a single-series run of
 *  one of its series, of the same dataset, and that series' key; null for any other pair. fw compare
 *  and the app's Compare then set that series' row of the global run (narrowCompare) beside the
 *  single run, not the global run's means over all its series. */
export function narrowing(a: NarrowRun, b: NarrowRun): { global: 0 | 1; key: string[] } | null {
  const key = (g: NarrowRun, other: NarrowRun) => (!g.globalColumns || other.globalColumns || g.datasetId === null || g.datasetId !== other.datasetId ? null : oneSeriesKey(other.configJson, g.globalColumns))
  const ka = key(a, b)
  if (ka) return { global: 0, key: ka }
  const kb = key(b, a)
  return kb ? { global: 1, key: kb } : null
}

/** The two sides compareRows takes, the global one narrowed to its row for the series `n` names
 *  (`rows`: the global run's series); null where `n` is null or the run has no row of that series. */
export function narrowCompare<R extends { key: readonly string[]; mae: number | null; mase: number | null; forecastBy?: string | null; forecastLabel?: string | null }>(
  sides: readonly [CompareSide, CompareSide],
  n: { global: 0 | 1; key: readonly string[] } | null,
  rows: readonly R[]
): { sides: [CompareSide, CompareSide]; row: R } | null {
  if (!n) return null
  const row = rows.find((s) => s.key.length === n.key.length && s.key.every((k, i) => k === n.key[i]))
  if (!row) return null
  const out: [CompareSide, CompareSide] = [sides[0], sides[1]]
  out[n.global] = seriesSide(sides[n.global], row)
  return { sides: out, row }
}

// Whether two runs' test scores can be set side by side (fw compare and the app's Runs › Compare
// say the same reasons). A run scored 7 steps ahead errs more than one scored 1 step ahead of the
// same series, and a run tested on another stretch of time, another series or another target
// measures other data: a lower error there says nothing about which model is better.

/** A run as notComparable reads it: what its test scores were measured on. */
export interface ScoredOn {
  id: number
  /** Its dataset: the number, the file's name, and what its rows are (core/store datasetContentKey:
   *  two imports of the same rows are the same data); content null or absent: judged by number. */
  dataset: { id: number; name: string | null; content?: string | null }
  /** The series of a long file it forecast ("store = B", seriesWords), or, for a global run, how many
   *  series it forecast with one model; null or absent: the whole file. */
  series?: string | null
  global?: { series: number } | null
  data: Pick<TrainConfig['data'], 'target' | 'task' | 'rule' | 'horizon' | 'split'>
  /** Its forecasts' ts are times (else row numbers). */
  hasTime: boolean
  /** The zone its data's times were written in (../data/time-cell), in which its test period is
   *  named as its files write it ('step': an integer step index, named by its integers, not as
   *  times since 1970); null or absent: none (the day, as before). */
  zone?: TimeZoneMark
  /** Its stored forecasts (step, ts), whose times at its horizon are its test period. */
  forecasts: readonly { step: number; ts: number }[]
}

/** The series a run of one series of a long file forecast, as the lists name it ("store = B,
 *  dept = 3"); undefined for a run of the whole file or a global run. */
export function seriesWords(series: { columns?: readonly string[]; values?: readonly unknown[] | null } | undefined | null): string | undefined {
  return series?.columns && series.values?.length ? series.columns.map((c, i) => `${c} = ${String(series.values![i])}`).join(', ') : undefined
}

/** The test period a run was scored on: the times of its forecasts at its horizon (the step its
 *  test metrics are measured at); null where it stored none (a global run, a run stored before). */
function period(r: ScoredOn): { from: number; to: number; n: number } | null {
  const h = r.data.horizon
  let from = Infinity
  let to = -Infinity
  let n = 0
  for (const f of r.forecasts) if (f.step === h) (from = Math.min(from, f.ts)), (to = Math.max(to, f.ts)), n++
  return n ? { from, to, n } : null
}
const periodWords = (r: ScoredOn, p: { from: number; to: number; n: number }) => {
  const zoned = r.zone != null && !isPeriodMark(r.zone)
  const at = (t: number) => (!r.hasTime ? `row ${formatCount(t)}` : zoned ? noticeTime(t, r.zone!) : formatTime(t))
  return `${at(p.from)} – ${at(p.to)} (${formatCount(p.n)} ${p.n === 1 ? 'point' : 'points'})`
}
type Split = TrainConfig['data']['split']
const splitWords = (s: Split) => (s.kind === 'fraction' ? `the last ${Math.round((1 - s.train - s.val) * 100)} % of its rows` : `its rows from ${s.testStart}`)
const seriesOf = (r: ScoredOn) => (r.global ? `all ${formatCount(r.global.series)} series with one model` : r.series ?? null)
const stepsAhead = (h: number) => `${h} ${h === 1 ? 'step' : 'steps'} ahead`

/** Why the test scores of runs `a` and `b` do not compare, one sentence per reason; empty when
 *  they were scored on the same data (the same rows, whichever import stored them), series, target,
 *  horizon and test period. `sameSeries`: a global run's row for the other run's one series is
 *  compared (narrowing), not its means over all its series. `name`: how a run is named ('run #3' in
 *  the app, 'run 3' in fw). */
export function notComparable(a: ScoredOn, b: ScoredOn, { sameSeries = false, name = (id: number) => `run #${id}` } = {}): string[] {
  const [A, B] = [name(a.id), name(b.id)]
  const why: string[] = []
  const [fa, fb] = [a.dataset.name ?? null, b.dataset.name ?? null]
  const [ca, cb] = [a.dataset.content ?? null, b.dataset.content ?? null]
  if (fa !== fb) why.push(`Data: ${A} forecasts ${fa ?? 'a file not named'}, ${B} ${fb ?? 'a file not named'}. MAE and RMSE are each in the units of their own file; MASE, sMAPE and skill have no units, but still measure other series.`)
  // two imports of one name (an edited file, another month's export) are other data too, unless their rows are the same
  else if (ca !== null && cb !== null ? ca !== cb : a.dataset.id !== b.dataset.id)
    why.push(`Data: ${A} and ${B} forecast two different imports named ${fa ?? 'alike'} (datasets ${a.dataset.id} and ${b.dataset.id}): their rows ${ca !== null && cb !== null ? 'differ' : 'may differ'}.`)
  const [sa, sb] = [seriesOf(a), seriesOf(b)]
  if (sa !== sb && !sameSeries) why.push(`Series: ${A} forecasts ${sa ?? 'the whole file'}, ${B} ${sb ?? 'the whole file'}.`)
  const [da, db] = [a.data, b.data]
  if (da.target !== db.target) why.push(`Target: ${A} forecasts ${da.target}, ${B} ${db.target}.`)
  else if (da.task === 'classification' && db.task === 'classification' && (da.rule ?? null) !== (db.rule ?? null))
    why.push(`Classes: ${A} predicts ${da.rule ? `whether ${da.rule}` : `the classes of ${da.target}`}, ${B} ${db.rule ? `whether ${db.rule}` : `the classes of ${db.target}`}: other classes, other base rates.`)
  else if (da.task !== db.task) why.push(`Task: ${A} ${da.task === 'classification' ? 'classifies' : 'forecasts values'}, ${B} ${db.task === 'classification' ? 'classifies' : 'forecasts values'}: their scores are different measures.`)
  if (da.horizon !== db.horizon) why.push(`Horizon: ${A} is scored on forecasts ${stepsAhead(da.horizon)}, ${B} on forecasts ${stepsAhead(db.horizon)}. Errors grow the further ahead a forecast looks.`)
  const [pa, pb] = [period(a), period(b)]
  if (pa && pb) {
    if (pa.from !== pb.from || pa.to !== pb.to || pa.n !== pb.n) why.push(`Test period: ${A} is scored on ${periodWords(a, pa)}, ${B} on ${periodWords(b, pb)}.`)
  } else if (JSON.stringify(da.split) !== JSON.stringify(db.split)) {
    why.push(`Test period: ${A} is scored on ${splitWords(da.split)}, ${B} on ${splitWords(db.split)}.`)
  }
  return why
}

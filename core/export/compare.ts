// What two runs did, side by side, beside their config diff: the CLI's `fw compare` and the Runs
// view's Compare panel. Pure, so the renderer can take it.

import { forecasterName } from './forecaster-name'
import { headlineMetric } from '../data/metrics'
import { runSkill, type ChoiceSummary } from './verdict'

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
}

export interface CompareRow {
  /** 'dataset', 'target', 'forecast by' (compareRows' `name` of the forecaster), or a test metric's name. */
  label: string
  a: string | number | null
  b: string | number | null
  /** The 'skill' row: the metric both runs' skill is measured on (their headline), whose row it follows. */
  of?: string
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
  const by = (s: CompareSide) => (s.global ? 'per series' : s.forecaster ? name(s.forecaster.chosen, s.forecaster.label) : 'network')
  const rows: CompareRow[] = [
    { label: 'dataset', a: a.datasetName, b: b.datasetName },
    { label: 'target', a: a.target, b: b.target },
    { label: 'forecast by', a: by(a), b: by(b) },
    ...names.map((n) => ({ label: n, a: ma.get(n) ?? null, b: mb.get(n) ?? null, ...(n === 'skill' && of ? { of } : {}) }))
  ]
  return { rows, sameData: a.datasetName === b.datasetName && a.target === b.target }
}

/** A global run's side narrowed to one of its series (its stored row: the chosen forecast's test
 *  MAE and MASE, and what forecast it), to compare with a single-series run of that series: the
 *  run's own metrics are means over all its series, not that series' scores. */
export function seriesSide(global: CompareSide, row: { mae: number | null; mase: number | null; forecastBy?: string | null; forecastLabel?: string | null }): CompareSide {
  const { judged: _j, ...rest } = global
  return {
    ...rest,
    global: false,
    forecaster: row.forecastBy ? { chosen: row.forecastBy, label: row.forecastLabel ?? row.forecastBy } : null,
    metrics: [{ split: 'test', model: 'model', metric: 'mae', value: row.mae }, { split: 'test', model: 'model', metric: 'mase', value: row.mase }]
  }
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

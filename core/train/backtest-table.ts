// What a backtest's folds say, in numbers: one metric per fold and predictor, its mean over the
// folds, the best value in each row, and in how many folds the forecast beat every baseline.
// `fw backtest` prints it and the app's Backtest panel shows it, so both read the folds alike.
// Pure (types and core/data's metric list only): the renderer uses it.
import { rangeList } from '../data/ranges'
import { headlineMetric, higherIsBetter } from '../data/metrics'
import { naturalBy } from '../data/natural'
import { andList } from '../data/words'
import type { BacktestFold } from './backtest'
import type { TrainConfig } from './types'

/** The folds the app's backtest may have (`fw backtest` takes up to 50): each fold is a whole run. */
export const BACKTEST_FOLDS = { min: 2, max: 20 } as const

/** The run's forecast and the network alone inside it: not baselines. */
const OWN = new Set(['model', 'network'])

export interface BacktestTable {
  metric: string
  higherBetter: boolean
  /** Every predictor any fold scored, in the order the folds list them ('model' is the forecast). */
  predictors: string[]
  rows: {
    fold: number
    trainRows: number
    testRows: number
    /** A global run's: the series the fold scored, of all (its values are over those alone). */
    series?: { scored: number; total: number }
    values: (number | null)[]
    best: number | null
    /** The best baseline the forecast is judged against in this fold (null: none to judge against). */
    against: string | null
    /** The baselines this fold's forecast is made of (its members): left out of its judgement, as
     *  Evaluate leaves them out of a run's. */
    members: string[]
    /** Baselines left out of that judgement: their value equals the forecast's exactly, so the
     *  forecast was that baseline's own (a run whose network lost forecasts with a baseline alone). */
    same: string[]
  }[]
  /** The mean over the folds; null for a predictor that some fold could not score (a note says why),
   *  since a mean over fewer folds would compare it on other test periods than the rest. */
  mean: { values: (number | null)[]; best: number | null }
  /** Folds in which the forecast did strictly better than the best baseline of that fold (leaving
   *  out the baselines it is made of, and a baseline whose value is the forecast's own). */
  beat: number
  /** Folds with a forecast score and at least one baseline score. */
  compared: number
  /** The baseline with the best mean, and that mean; null when no baseline has one. A baseline whose
   *  value is the forecast's in every fold is left out (it is the forecast, not something to beat),
   *  and so is one the forecast is made of in any fold. */
  bestBaseline: { model: string; mean: number } | null
  /** The baselines the forecast was made of, each set with the folds it was made of it in (folds
   *  whose forecast had none are in no group). */
  members: { models: string[]; folds: number[] }[]
  /** The folds in which the forecast was a baseline's own, and which baselines those were. */
  same: { folds: number; models: string[] }
  /** A global run's: the fewest and most series a fold scored, of all; null for one series. */
  series: { fewest: number; most: number; total: number } | null
  /** The folds whose forecast was the network alone: such a fold lists no network row (it would
   *  repeat the forecast's), and the network's figure there is the forecast's. */
  networkAlone: number[]
  /** A global run's, where its folds score seasonal naive: a column beside naive, never a baseline
   *  judged (naive is the yardstick, as of the run's own skill), and, on mase, the fewest and most
   *  series its mean is over (those with a season), of all; null otherwise. */
  seasonal: { series: { fewest: number; most: number; total: number } | null } | null
}

/** The metric `fw backtest` prints and the app's panel opens on: the run's headline (core/data/metrics:
 *  RMSE, or the Brier score for classification); a global run's mean MASE over its series, which
 *  compares the forecast, the network and naive fold by fold (its GMRAE is 1 for naive by definition);
 *  a global classification's mean Brier over its series, as a single classification's headline. */
export const backtestHeadline = (task: TrainConfig['data']['task'], global = false): string => (global && task === 'regression' ? 'mase' : headlineMetric(task))

/** The metrics the folds were scored on, in the order they list them (the run's skill left out). */
export function backtestMetrics(folds: readonly BacktestFold[]): string[] {
  return [...new Set(folds.flatMap((f) => f.metrics.map((m) => m.metric)))].filter((m) => m !== 'skill')
}

export function backtestTable(folds: readonly BacktestFold[], metric: string): BacktestTable {
  const higherBetter = higherIsBetter(metric)
  const better = (a: number, b: number) => (higherBetter ? a > b : a < b)
  const bestOf = (values: (number | null)[]): number | null =>
    values.reduce<number | null>((b, v) => (v === null || !Number.isFinite(v) ? b : b === null || better(v, b) ? v : b), null)
  const predictors = [...new Set(folds.flatMap((f) => f.metrics.filter((m) => m.metric === metric).map((m) => m.model)))]
  const listed = (f: BacktestFold, model: string) => f.metrics.find((m) => m.model === model && m.metric === metric)?.value ?? null
  // a fold whose forecast is the network alone (no members) lists no network row: the network's
  // figure there is the forecast's (it showed "—" for that fold and for the mean, unexplained)
  const networkAlone = predictors.includes('network') ? folds.filter((f) => !f.metrics.some((m) => m.model === 'network') && !f.members?.length && listed(f, 'model') !== null).map((f) => f.fold) : []
  const valueOf = (f: BacktestFold, model: string) => listed(f, model === 'network' && networkAlone.includes(f.fold) ? 'model' : model)
  const rows = folds.map((f) => {
    const values = predictors.map((p) => valueOf(f, p))
    // the fold's forecast's own members that the fold scored (a member it could not score is no baseline anyway)
    const members = (f.members ?? []).filter((m) => predictors.includes(m))
    return { fold: f.fold, trainRows: f.trainRows, testRows: f.testRows, ...(f.series ? { series: f.series } : {}), values, best: bestOf(values), members }
  })
  const means = predictors.map((_, i) => {
    if (!rows.length || rows.some((r) => r.values[i] === null)) return null
    return rows.reduce((s, r) => s + r.values[i]!, 0) / rows.length
  })
  // a global run's folds: seasonal naive is a column beside naive, not a baseline to beat (its
  // figures are over the series with a season alone; naive is the yardstick, as of the run's skill)
  const global = folds.some((f) => f.series)
  const beside = (p: string) => global && p === 'seasonal-naive'
  const baselines = predictors.map((p, i) => (OWN.has(p) || beside(p) ? -1 : i)).filter((i) => i >= 0)
  const own = predictors.indexOf('model')
  let beat = 0
  let compared = 0
  const judged = rows.map((r) => {
    const mine = own < 0 ? null : r.values[own]!
    // what the forecast is made of is not a baseline it must beat (Evaluate's rule: against its own
    // members its skill would be ~0 by construction); the fold's choice may differ from the next's
    const pool = baselines.filter((i) => !r.members.includes(predictors[i]!))
    // the same value to the last digit is the same forecast: judged against the next best instead
    const same = mine === null ? [] : pool.filter((i) => r.values[i] === mine)
    const others = pool.filter((i) => !same.includes(i))
    const base = bestOf(others.map((i) => r.values[i]!))
    const against = base === null ? null : predictors[others.find((i) => r.values[i] === base)!]!
    if (mine !== null && base !== null) {
      compared++
      if (better(mine, base)) beat++
    }
    return { ...r, against, same: same.map((i) => predictors[i]!) }
  })
  const sameFolds = judged.filter((r) => r.same.length)
  // a baseline that is the forecast in every fold the forecast has a value is not one to beat on the
  // mean, nor one the forecast is made of in some fold (the mean is over every fold's forecast)
  const scored = judged.filter((r) => own >= 0 && r.values[own] !== null)
  const meanBases = baselines.filter((i) => !judged.some((r) => r.members.includes(predictors[i]!)) && !(scored.length && scored.every((r) => r.same.includes(predictors[i]!))))
  const bestMean = bestOf(meanBases.map((i) => means[i]!))
  const bestIndex = meanBases.find((i) => means[i] === bestMean)
  return {
    metric,
    higherBetter,
    predictors,
    rows: judged,
    mean: { values: means, best: bestOf(means) },
    beat,
    compared,
    bestBaseline: bestMean === null || bestIndex === undefined ? null : { model: predictors[bestIndex]!, mean: bestMean },
    same: { folds: sameFolds.length, models: [...new Set(sameFolds.flatMap((r) => r.same))] },
    members: membersByFolds(judged),
    networkAlone,
    series: seriesCoverage(folds),
    seasonal: predictors.some(beside) ? { series: metric === 'mase' ? seasonalCoverage(folds) : null } : null
  }
}

/** The folds' members grouped by the same set, in the order first met. */
function membersByFolds(rows: readonly { fold: number; members: string[] }[]): BacktestTable['members'] {
  const groups = new Map<string, { models: string[]; folds: number[] }>()
  for (const r of rows) {
    if (!r.members.length) continue
    const key = r.members.join('\n')
    const g = groups.get(key) ?? groups.set(key, { models: r.members, folds: [] }).get(key)!
    g.folds.push(r.fold)
  }
  return [...groups.values()]
}

function seriesCoverage(folds: readonly BacktestFold[], scoredOf: (s: NonNullable<BacktestFold['series']>) => number = (s) => s.scored): BacktestTable['series'] {
  const counts = folds.flatMap((f) => (f.series ? [f.series] : []))
  if (!counts.length) return null
  const scored = counts.map(scoredOf)
  return { fewest: Math.min(...scored), most: Math.max(...scored), total: Math.max(...counts.map((c) => c.total)) }
}

/** The series seasonal naive's mean MASE is over in each fold (those with a season), as
 *  seriesCoverage counts the scored ones; null where a fold does not say (folds run before
 *  2026-12-07). */
function seasonalCoverage(folds: readonly BacktestFold[]): BacktestTable['series'] {
  return folds.every((f) => f.series?.seasonalNaive !== undefined) ? seriesCoverage(folds, (s) => s.seasonalNaive!) : null
}

/** "7 of 30 series", "5–7 of 30 series", "all 30 series": how many series a global backtest's figures
 *  are over (a fold's or every fold's), for fw backtest and the app's panel alike. */
export function seriesCountWords(c: { fewest: number; most: number; total: number } | { scored: number; total: number }): string {
  const [lo, hi] = 'scored' in c ? [c.scored, c.scored] : [c.fewest, c.most]
  if (lo === c.total && hi === c.total) return `all ${c.total} series`
  return `${lo === hi ? lo : `${lo}–${hi}`} of ${c.total} series`
}

/** How a summary names things: the metric inside a sentence, a value, a baseline. */
export interface SummaryWords {
  metric: (metric: string) => string
  value: (metric: string, v: number) => string
  baseline: (model: string) => string
}

/** The table in one or two sentences, as the app's panel and `fw backtest` say it. "Beat every
 *  baseline" per fold, since the best baseline may differ from fold to fold; the means over all
 *  folds are a separate comparison (the forecast can win on the mean and in no single fold). */
export function backtestSummary(t: BacktestTable, words: SummaryWords): string {
  const own = t.predictors.indexOf('model')
  const mean = own < 0 ? null : t.mean.values[own] ?? null
  const bests = new Set(t.rows.map((r) => r.against).filter((a) => a !== null))
  const folds = (n: number) => `${n} ${n === 1 ? 'fold' : 'folds'}`
  const made = t.members.length > 0
  let s = `The forecast beat every baseline${made ? ' it is not made of' : ''} in ${t.beat} of ${folds(t.compared)}${bests.size > 1 ? ' (the best baseline differs per fold)' : ''}`
  const base = t.bestBaseline
  if (mean !== null && base) {
    s += `; over all folds its mean ${words.metric(t.metric)} is ${words.value(t.metric, mean)}, against ${words.value(t.metric, base.mean)} for ${words.baseline(base.model)}, the baseline with the best mean`
  }
  s += '.'
  if (made) s += ` ${membersWords(t, words.baseline)}`
  const c = t.series
  if (c && c.fewest < c.total) {
    // a figure over the few series the shared dates keep is not the run's over all of them
    s += ` ${c.fewest === c.most ? 'Each fold scores' : 'The folds score'} ${seriesCountWords(c)}${c.fewest === c.most ? '' : ' (by fold)'}: the others are left out by the folds' shared dates (see the notes), so these figures are not comparable with a test figure over all ${c.total}, such as the run's own.`
  } else if (c) s += ` Every fold scores ${seriesCountWords(c)}.`
  if (t.seasonal) {
    // a mean over the series with a season is not one over them all: beside naive, never judged
    const over = t.seasonal.series ? ` (${seriesCountWords(t.seasonal.series)}${t.seasonal.series.fewest === t.seasonal.series.most ? ' in every fold' : ', by fold'})` : ''
    s += ` Seasonal naive is shown beside naive, not judged against: its ${words.metric(t.metric)} is over the series with a season${over}.`
  }
  if (t.networkAlone.length) {
    s += ` In ${foldWords(t.networkAlone)} the forecast was the network alone, so the network's figure there is the forecast's.`
  }
  if (t.same.folds) {
    const n = t.same.folds
    s += ` In ${folds(n)} the forecast was a baseline's own (${t.same.models.map(words.baseline).join(', ')}) and is compared with the next best.`
  }
  return s
}

/** What was left out of the baselines as the forecast's own members: "In every fold the forecast is
 *  made of ETS and Theta, which are not among the baselines it must beat." or, where the folds chose
 *  differently, "In folds 1, 3 the forecast is made of ETS and Theta, in fold 2 of ETS; there they are
 *  not among the baselines it must beat." */
function membersWords(t: BacktestTable, baseline: (model: string) => string): string {
  const named = (g: { models: string[] }) => andList(g.models.map(baseline))
  const one = t.members.length === 1 && t.members[0]!.folds.length === t.rows.length
  const which = (g: { models: string[] }) => (g.models.length === 1 ? 'is' : 'are')
  if (one) return `In every fold the forecast is made of ${named(t.members[0]!)}, which ${which(t.members[0]!)} not among the baselines it must beat.`
  const parts = t.members.map((g, i) => (i === 0 ? `${foldWords(g.folds)} the forecast is made of ${named(g)}` : `in ${foldWords(g.folds)} of ${named(g)}`))
  return `In ${parts.join(', ')}; there they are not among the baselines it must beat.`
}

const SKIPPED = /^statistical model skipped: ([\w-]+): (.*)$/s

/** The folds' notes with each text once, naming the folds it came from ("Folds 1–4: ARIMA skipped:
 *  none of …", "Every fold: …" where all said it): a model that no fold could fit would otherwise say so once per fold; then, for a
 *  global run's, each series some fold left out, once (foldSkipNotes). A skipped
 *  model's note loses the trainer's "statistical model skipped: arima: " prefix (and the model's name
 *  repeated at the start of its own message) for "ARIMA skipped: ", the name from `label`. */
export function groupedNotes(folds: readonly BacktestFold[], label: (model: string) => string): string[] {
  const notes = notesByText(folds, (n) => {
    const m = SKIPPED.exec(n)
    if (!m) return n
    const name = label(m[1]!)
    const rest = m[2]!.toLowerCase().startsWith(`${name.toLowerCase()}: `) ? m[2]!.slice(name.length + 2) : m[2]!
    return `${name} skipped: ${rest}`
  })
  return [...notes.map(([text, fs]) => `${foldWords(fs, folds.length).replace(/^./, (c) => c.toUpperCase())}: ${text}`), ...foldSkipNotes(folds)]
}

/** A measured value in a note ("errs 1.03× as much"): each fold measures its own training rows, so
 *  that folds say one note with slightly different values. Whole numbers (a line, a count) are not
 *  taken: a note on line 97 and one on line 120 are two notes. */
const MEASURED = /\d+\.\d+/g
const VALUE = '\u0000' // a measured value's place in a note's shape (no note holds it)

/** Each text of the folds' notes (as `words` writes it) once, with the folds that said it, in the
 *  order first said. Notes that differ only in their measured values are one, each value that
 *  differs given as the folds' range ("errs 1.01–1.03× as much"). */
export function notesByText(folds: readonly BacktestFold[], words: (note: string) => string = (n) => n): [string, number[]][] {
  const byShape = new Map<string, { values: string[][]; folds: number[] }>()
  for (const f of folds) {
    for (const n of f.notes) {
      const text = words(n)
      const shape = text.replace(MEASURED, VALUE)
      const at = byShape.get(shape) ?? byShape.set(shape, { values: [], folds: [] }).get(shape)!
      ;(text.match(MEASURED) ?? []).forEach((v, i) => (at.values[i] ??= []).push(v))
      if (!at.folds.includes(f.fold)) at.folds.push(f.fold)
    }
  }
  return [...byShape].map(([shape, { values, folds: fs }]) => {
    let i = 0
    return [shape.replaceAll(VALUE, () => valueRange(values[i++]!)), fs]
  })
}

/** "1.03" where every fold measured it so, else the lowest and highest: "1.01–1.03". */
function valueRange(vs: readonly string[]): string {
  const sorted = [...new Set(vs)].sort((a, b) => Number(a) - Number(b))
  return sorted.length === 1 ? sorted[0]! : `${sorted[0]}–${sorted[sorted.length - 1]}`
}

/** A series a fold left out, and why, in words that read the same in every fold they apply to:
 *  "starts on 2021-06-20, after the validation date (no rows to train on)", or, after the fold's own
 *  count of `rows`, "before the validation date, where look-back 14 and horizon 1 need 15 to train
 *  on" (foldSkipNotes joins the folds a series was left out of into one sentence). */
export interface FoldSkip { series: string; why: string; rows?: number }

/** "3", "3 and 10", "3, 10 and 17" (one number when all are the same). */
function numberList(xs: readonly number[]): string {
  const u = new Set(xs)
  if (u.size === 1) return String(xs[0])
  return andList(xs.map(String))
}

/** "fold 2", "folds 1–3", "folds 1, 2, 5"; "every fold" where they are all `of` the folds (more than one). */
export function foldWords(folds: readonly number[], of?: number): string {
  if (of !== undefined && of > 1 && folds.length === of) return 'every fold'
  return `${folds.length === 1 ? 'fold' : 'folds'} ${rangeList(folds, '–')}`
}

/** A FoldSkip's words after the series' name, with the folds' counts where it has them: "has 3 and
 *  10 rows before the validation date, where …", "starts on …". */
export function foldSkipWords(why: string, rows?: readonly number[]): string {
  return rows === undefined ? why : `has ${numberList(rows)} ${new Set(rows).size === 1 && rows[0] === 1 ? 'row' : 'rows'} ${why}`
}

/** One sentence per series that some fold left out, naming the folds and why, once however many
 *  folds say it: "store = B is left out of folds 1–3: it has 3, 10 and 17 rows before the validation
 *  date, where look-back 14 and horizon 1 need 15 to train on." */
export function foldSkipNotes(folds: readonly { fold: number; skipped?: readonly FoldSkip[] }[]): string[] {
  const bySeries = new Map<string, Map<string, { folds: number[]; rows: number[]; counted: boolean }>>()
  for (const f of folds) {
    for (const s of f.skipped ?? []) {
      const whys = bySeries.get(s.series) ?? bySeries.set(s.series, new Map()).get(s.series)!
      const g = whys.get(s.why) ?? whys.set(s.why, { folds: [], rows: [], counted: s.rows !== undefined }).get(s.why)!
      g.folds.push(f.fold)
      if (s.rows !== undefined) g.rows.push(s.rows)
    }
  }
  // one note per series, in natural order (store 2 before store 10)
  return naturalBy([...bySeries], ([series]) => series).map(([series, whys]) => {
    const all = [...whys.values()].flatMap((g) => g.folds)
    const said = (g: { rows: number[]; counted: boolean }, why: string) => `it ${foldSkipWords(why, g.counted ? g.rows : undefined)}`
    const parts = [...whys].map(([why, g]) => (whys.size === 1 ? said(g, why) : `in ${foldWords(g.folds)} ${said(g, why)}`))
    return `${series} is left out of ${foldWords(all)}: ${parts.join('; ')}.`
  })
}


// Walk-forward backtest with an expanding window: the last `testFraction` of the (time-sorted)
// rows is cut into k consecutive blocks; fold i trains on every row before block i (its last
// 15 % as validation) and is scored on block i. Each fold runs the whole pipeline again, so
// imputers and scalers are refitted on that fold's training rows only.
import { computeSplits, dropMissingRows, lastTargetRow, missingPolicyOf, PipelineError, prepareSeries, selectRows, splitWindow, splitWindows, windowCountIn, type Column, type Dataset, type PipelineConfig, type SplitName } from '../data'
import type { FoldSkip } from './backtest-table'
import type { StatFitter } from './choice'
import type { FitHooks, GradientProvider } from './fit'
import { runTraining } from './run'
import { globalFoldProblem, hasValue, globalTimes, laterFoldProblem, runCutsPerSeries, runGlobalFold, seriesTimes, windowWords, type WindowShape } from './backtest-global'
import { toPipelineConfig } from './prepare'
import { andListCut, wordsFor, type Who, type Words } from '../data/words'
import type { MetricRow, TrainConfig, TrainEvent } from './types'

export interface BacktestFold {
  fold: number
  trainRows: number // rows before the test block (training + validation)
  testRows: number
  metrics: MetricRow[] // test split only: the network and every baseline
  /** The baselines the fold's forecast is made of (its choice's statistical members: ETS and Theta
   *  for their mean), which it is not judged against, as Evaluate judges a run (backtest-table.ts).
   *  Empty or absent: none (the network alone, classification, a global run's fold). */
  members?: string[]
  /** What the fold's run said of itself, e.g. "statistical model skipped: arima: …" (a model missing
   *  from a fold's metrics is said, not only absent). */
  notes: string[]
  /** A global run's: the series this fold left out, and why (foldSkipNotes says them per series). */
  skipped?: FoldSkip[]
  /** A global run's: how many series the fold scored, of every series in the backtest's rows (its
   *  metrics are over the scored ones alone); seasonalNaive: how many of the scored its seasonal
   *  naive mase is over (those with a season; absent where none has one). */
  series?: { scored: number; total: number; seasonalNaive?: number }
}

export interface BacktestOptions {
  folds: number
  /** Whose words the folds' notes are in: `fw backtest` names its flags ("--season 7"), the app its
   *  Setup fields ("Season 7 in Setup"), as each front end says a run's notices. */
  words: Who
  testFraction?: number // share of the rows the k test blocks cover together (default 0.3)
  onEvent?: (fold: number, e: TrainEvent) => void
  /** Each fold as soon as it is scored (the app shows the table fill in fold by fold). */
  onFold?: (fold: BacktestFold) => void
  shouldStop?: () => boolean
  yieldNow?: () => Promise<void>
  /** How each fold's training steps are computed off this thread (the trainer's worker threads). */
  gradients?: GradientProvider
  /** Where each fold fits its statistical models (core/parallel's worker threads; a global run's, each
   *  series', as its own choice fits them): off this thread, so that a stop is heard while they fit;
   *  absent: on this thread, series by series. */
  statFits?: StatFitter
}

/** The share of the rows the k test blocks cover together, unless the caller names another. */
const TEST_FRACTION = 0.3

/** The rows a backtest of `config` cuts into folds: the series as training reads it (one series
 *  picked, sorted by time), up to its last target value (a known input's future rows hold nothing
 *  to score), without the rows a 'drop' policy removes: a run drops them before its split, so a
 *  fold's split counts the rows it keeps (dropped inside a fold, they would move its test block). */
function backtestSeries(config: TrainConfig, input: Dataset): { ds: Dataset; dropped: number; pc: PipelineConfig } {
  const pc = toPipelineConfig(config, input)
  const { dataset: sorted } = prepareSeries(input, pc.time)
  const target = sorted.columns.find((c) => c.name === config.data.target)
  const last = target ? lastTargetRow(target) : sorted.rowCount - 1
  const upTo = last >= 0 && last < sorted.rowCount - 1 ? selectRows(sorted, Int32Array.from({ length: last + 1 }, (_, i) => i)) : sorted
  const drop = [...new Set([pc.target, ...pc.features])].filter((n) => missingPolicyOf(pc, n) === 'drop')
  const ds = dropMissingRows(upTo, upTo.columns.filter((c) => drop.includes(c.name)))
  return { ds, dropped: upTo.rowCount - ds.rowCount, pc }
}

/** What preparing the whole file did before the folds were cut (rows sorted, repeats merged, rows
 *  without a time dropped, periods put back), which no fold's own run sees again, its rows already so:
 *  ds's notices (backtestSeries) that preparing ds again does not repeat. Those it repeats (the time
 *  steps the rows skip, weekdays only) each fold reads off its own rows and says itself. */
function fileNotes(ds: Dataset, pc: PipelineConfig, say: (m: Words) => string, imported: ReadonlySet<string>, seriesPrefix: string | null): string[] {
  const again = new Set(prepareSeries({ ...ds, notices: [] }, pc.time).dataset.notices.map(say))
  return [...new Set(ds.notices.map(say))].filter((w) => !imported.has(w) && !again.has(w) && !(seriesPrefix && w.startsWith(seriesPrefix)))
}

const SPLIT_WORDS: Record<SplitName, [string, string]> = { train: ['training rows', 'hold'], val: ['validation rows', 'hold'], test: ['test block', 'holds'] }

/**
 * Why some fold of k holds no window with every target known (null: each does). A missing target
 * value is filled where the target is an input, but no window is trained on or scored against it
 * (pipeline.ts), so a few missing values inside a short test block (or a per-step or direct
 * window's span) can leave a fold's split without a window: the fold's run would fail after the
 * folds before it trained. Names the fold, its rows and the lines of the missing values.
 */
function missingTargetProblem(ds: Dataset, target: Column, w: WindowShape, gap: number, k: number, testFraction: number): string | null {
  const N = ds.rowCount
  const valid = (r: number) => hasValue(target, r)
  for (let f = 0; f < k; f++) {
    const { before, block } = foldRows(N, k, f, testFraction)
    const n = before + block
    const { train, val } = foldSplit(before, n, gap)
    const splits = computeSplits(n, { split: { by: 'fraction', train, val, gap } }, null)
    for (const name of ['train', 'val', 'test'] as const) {
      const r = splits[name]
      if (splitWindows(n, r, w, name, valid).starts.length) continue
      const missing: number[] = []
      for (let i = r.start; i < r.end; i++) if (!valid(i)) missing.push(ds.lines[i]!)
      const lines = andListCut(missing, 5)
      const [what, verb] = SPLIT_WORDS[name]
      return `fold ${f + 1}'s ${what} (lines ${ds.lines[r.start]}-${ds.lines[r.end - 1]} of ${ds.file}) ${verb} no window of ${windowWords(w)} with every target known: "${target.name}" is missing on ${missing.length === 1 ? 'line' : 'lines'} ${lines}`
    }
  }
  return null
}

/** The most folds a backtest takes (`fw backtest`; the app's panel takes fewer, BACKTEST_FOLDS). */
export const MAX_FOLDS = 50

/** Where fold f (0-based) of k cuts N rows: `before` rows to train on (training + validation), then
 *  its test block of `block` rows; the fold's run reads the first before + block rows. */
function foldRows(N: number, k: number, f: number, testFraction: number): { before: number; block: number } {
  const block = Math.floor((N * testFraction) / k)
  return { before: N - (k - f) * block, block }
}

/** The split that puts exactly `before` of a fold's n rows ahead of its test block: the first 85 %
 *  of them to train, the last 15 % to validate (fractions of n, so the run's own split cuts there). */
function foldSplit(before: number, n: number, gap: number): { kind: 'fraction'; train: number; val: number; gap: number } {
  return { kind: 'fraction', train: (0.85 * before) / n, val: (0.15 * before + 0.5) / n, gap }
}

/** Which of a fold's splits hold no window (as preparePipeline counts them, every target known). */
function emptySplits(w: WindowShape, before: number, block: number, gap: number): { train: boolean; val: boolean; test: boolean } {
  const n = before + block
  const { train, val } = foldSplit(before, n, gap)
  const s = computeSplits(n, { split: { by: 'fraction', train, val, gap } }, null)
  const none = (k: SplitName) => windowCountIn(n, s[k], splitWindow(w, k)) === 0
  return { train: none('train'), val: none('val'), test: none('test') }
}

/**
 * Why k folds cannot be trained on N rows with this window (null: they can). Fold 1 trains on the
 * fewest rows and every fold's test block is the same size, so when fold 1's training and
 * validation rows and its test block each hold a window, every fold's do. A fold's split is exact:
 * a run's short-series shrinking (pipeline.ts shortSeriesSplit) would move its test block, so a
 * backtest never relies on it and asks for the rows its own split needs.
 */
function foldsProblem(w: WindowShape, gap: number, N: number, k: number, testFraction: number, unit: 'rows' | 'dates' = 'rows'): string | null {
  const { before, block } = foldRows(N, k, 0, testFraction)
  if (block < 1) return `the last ${Math.round(testFraction * 100)} % of ${N} ${unit === 'rows' ? 'rows' : 'distinct dates'} cannot give each of ${k} folds a ${unit.slice(0, -1)} to score`
  const empty = emptySplits(w, before, block, gap)
  if (empty.test) {
    let need = block + 1
    while (need <= N && emptySplits(w, before, need, gap).test) need++
    return `each fold would be scored on ${block} ${unit}; ${windowWords(w)}${gap ? ` and a gap of ${gap}` : ''} need at least ${need}`
  }
  if (empty.train || empty.val) {
    let need = before + 1
    while (need <= before + 1e6 && (({ train, val }) => train || val)(emptySplits(w, need, block, gap))) need++
    return `the first fold would train on ${before} ${unit}; ${windowWords(w)} need at least ${need} (85 % of them to train, 15 % to validate${gap ? `, a gap of ${gap}` : ''})`
  }
  return null
}

/** What a backtest of `config` on `input` cuts into folds (`count` rows of its series, or a global
 *  run's distinct dates), and why k folds of it cannot be trained: `shape` counts windows, at no
 *  cost; `exact` (a global run's; a series' with missing target values) goes further, so it is
 *  asked only where `shape` passes: a global run's prepares the first fold's run, a fraction of a
 *  second per hundred series, a series' looks for a window with every target known in each fold. */
interface FoldPlan {
  count: number
  unit: 'rows' | 'distinct dates'
  shape(k: number, testFraction: number): string | null
  exact?(k: number, testFraction: number): string | null
}

function planOf(config: TrainConfig, input: Dataset): FoldPlan {
  const w = toPipelineConfig(config, input).window
  const gap = config.data.split.gap
  if (config.data.series?.global) {
    const times = globalTimes(config, input)
    const N = times.length
    let series: ReturnType<typeof seriesTimes> | undefined
    return {
      count: N,
      unit: 'distinct dates',
      // a series that has a row on every date has as many rows as the dates: where they hold no
      // window for a fold, no series does
      shape: (k, testFraction) => foldsProblem(w, gap, N, k, testFraction, 'dates'),
      exact(k, testFraction) {
        const { before, block } = foldRows(N, k, 0, testFraction)
        series ??= seriesTimes(config, input)
        const cuts = Array.from({ length: k }, (_, f) => foldRows(N, k, f, testFraction))
        return globalFoldProblem(config, input, times, before, block) ?? laterFoldProblem(config, input, series, times, cuts)
      }
    }
  }
  const { ds } = backtestSeries(config, input)
  const N = ds.rowCount
  const target = ds.columns.find((c) => c.name === config.data.target)
  // every fold's windows checked only where a target value is missing (else shape counts them)
  let holes = false
  for (let i = 0; target && i < N && !holes; i++) holes = !hasValue(target, i)
  return {
    count: N,
    unit: 'rows',
    shape: (k, testFraction) => foldsProblem(w, gap, N, k, testFraction),
    ...(holes && target ? { exact: (k: number, testFraction: number) => missingTargetProblem(ds, target, w, gap, k, testFraction) } : {})
  }
}

const problemOf = (plan: FoldPlan, k: number, testFraction: number): string | null => plan.shape(k, testFraction) ?? plan.exact?.(k, testFraction) ?? null

export interface FoldLimit {
  /** The rows cut into folds (a global run: its distinct times). */
  rows: number
  /** The most folds (up to `upTo`) such that every number of folds from 2 to it can be trained (a
   *  global run's: each holds windows on the shared dates, and its own first fold is prepared);
   *  below 2: none. */
  most: number
  /** Why one more fold (or, with none, 2 folds) cannot be trained; null when `most` is `upTo`. */
  why: string | null
}

/** The most folds a backtest of `config` on `input` can train, and why not one more: each fold's test
 *  block needs a window, and so do the first fold's training and validation rows. */
export function maxBacktestFolds(config: TrainConfig, input: Dataset, upTo = MAX_FOLDS, testFraction = TEST_FRACTION): FoldLimit {
  return limitOf(planOf(config, input), upTo, testFraction)
}

function limitOf(plan: FoldPlan, upTo: number, testFraction: number): FoldLimit {
  let most = 1
  let why: string | null = null
  for (let k = 2; k <= upTo; k++) {
    why = plan.shape(k, testFraction)
    if (why) break
    most = k
  }
  // a global run's series may hold fewer rows than the dates: its first fold prepared, from the most
  // down until one fits
  for (; plan.exact && most >= 2; most--) {
    const no = plan.exact(most, testFraction)
    if (!no) break
    why = no
  }
  return { rows: plan.count, most: most < 2 ? 0 : most, why }
}

/** Why a backtest of `config` on `input` cannot train `k` folds, naming the most that fit (or that
 *  none do); null when it can. main, browser mode and `fw backtest` refuse with it before starting. */
export function backtestRefusal(config: TrainConfig, input: Dataset, k: number, testFraction = TEST_FRACTION): string | null {
  const plan = planOf(config, input)
  const why = problemOf(plan, k, testFraction)
  if (!why) return null
  const { most } = limitOf(plan, Math.max(2, k - 1), testFraction)
  const these = `these ${plan.count} ${plan.unit}`
  return `${k} folds do not fit: ${why}; ${most >= 2 ? `${these} allow at most ${most} folds` : `no backtest fits ${these}`}`
}

export async function backtest(config: TrainConfig, input: Dataset, opts: BacktestOptions): Promise<BacktestFold[]> {
  const k = opts.folds
  if (!Number.isInteger(k) || k < 2 || k > MAX_FOLDS) throw new RangeError(`folds must be an integer in [2, ${MAX_FOLDS}] (got ${k})`)
  const testFraction = opts.testFraction ?? TEST_FRACTION
  const refused = backtestRefusal(config, input, k, testFraction)
  if (refused) throw new PipelineError('short-series', refused, 'folds')
  if (config.data.series?.global) return backtestGlobal(config, input, k, testFraction, opts)
  const { ds, dropped, pc } = backtestSeries(config, input)
  const N = ds.rowCount
  // one series of a long file: said once, with what it means, rather than as each fold's run
  // re-reads it ('series store = S07: 133 of 133 rows', the fold's rows already that series')
  const picked = ds.notices.find((n) => n.code === 'series' && n.message.startsWith('series ') && !input.notices.some((m) => m.message === n.message))
  const seriesPrefix = picked ? picked.message.slice(0, picked.message.lastIndexOf(': ') + 2) : null
  const seriesNote = picked ? [`${picked.message} of the file, from which every fold is cut`] : []
  const droppedNote = dropped ? [`${dropped} ${dropped === 1 ? 'row with a missing value was' : 'rows with a missing value were'} dropped before the folds were cut (missing-value policy 'drop'), as a run drops them before its split`] : []
  const out: BacktestFold[] = []
  // a fold's preparation notices repeat the file's import notices: kept are the fold's own, read off
  // its rows (a value no log can take in its rows, a column constant on its training rows, the time
  // steps its rows skip), in the words of the front end that asked, as the global folds keep theirs;
  // a note every fold says is said once for them all where the folds are shown (groupedNotes)
  const say = (m: Words): string => wordsFor(m, opts.words)
  const imported = new Set(input.notices.map(say))
  const fileNote = fileNotes(ds, pc, say, imported, seriesPrefix)
  for (let f = 0; f < k; f++) {
    const { before, block } = foldRows(N, k, f, testFraction)
    const n = before + block
    // not the whole file's preparation notices (its time steps, '3 of 8755'), which are no fold's own
    const rows = { ...selectRows(ds, Int32Array.from({ length: n }, (_, i) => i)), notices: input.notices }
    const cfg: TrainConfig = { ...config, data: { ...config.data, split: foldSplit(before, n, config.data.split.gap) } }
    const notes: string[] = [...seriesNote, ...droppedNote, ...fileNote]
    const hooks: FitHooks = {
      emit: (e) => {
        if (e.type === 'started') notes.push(...new Set(e.notices.map(say).filter((w) => !imported.has(w) && !notes.includes(w) && !(seriesPrefix && w.startsWith(seriesPrefix)))))
        if (e.type === 'log' && e.message.startsWith('statistical model skipped')) notes.push(e.message)
        opts.onEvent?.(f + 1, e)
      },
      shouldStop: opts.shouldStop ?? (() => false),
      yieldNow: opts.yieldNow ?? (() => Promise.resolve())
    }
    const r = await runTraining({ config: cfg, dataset: rows, ...(opts.gradients ? { gradients: opts.gradients } : {}), ...(opts.statFits ? { statFits: opts.statFits } : {}) }, hooks)
    if (!r) break
    const members = r.choice ? r.choice.members.map((m) => m.name) : []
    const done: BacktestFold = { fold: f + 1, trainRows: before, testRows: block, metrics: r.metrics.filter((m) => m.split === 'test'), notes, members }
    out.push(done)
    opts.onFold?.(done)
  }
  return out
}

/** A global run's folds (backtest-global.ts): the same dates for every series, each fold one global
 *  run scored as the run's own evaluation pools its series. */
async function backtestGlobal(config: TrainConfig, input: Dataset, k: number, testFraction: number, opts: BacktestOptions): Promise<BacktestFold[]> {
  const times = globalTimes(config, input)
  const perSeries = runCutsPerSeries(config, input)
  const series = seriesTimes(config, input)
  const out: BacktestFold[] = []
  for (let f = 0; f < k; f++) {
    const { before, block } = foldRows(times.length, k, f, testFraction)
    const r = await runGlobalFold(config, input, times, before, block, {
      onEvent: (e) => opts.onEvent?.(f + 1, e),
      shouldStop: opts.shouldStop ?? (() => false),
      yieldNow: opts.yieldNow ?? (() => Promise.resolve()),
      runCutsPerSeries: perSeries,
      series,
      words: opts.words,
      ...(opts.gradients ? { gradients: opts.gradients } : {}),
      ...(opts.statFits ? { statFits: opts.statFits } : {})
    })
    if (!r) break
    const done: BacktestFold = { fold: f + 1, trainRows: r.trainRows, testRows: r.testRows, metrics: r.metrics, notes: r.notes, series: r.series, ...(r.skipped.length ? { skipped: r.skipped } : {}) }
    out.push(done)
    opts.onFold?.(done)
  }
  return out
}

// Walk-forward backtest of a global run (one network across every series of a long file): the folds
// are cut in time, the same for every series. The distinct times that hold a target value, pooled
// over the series, play the part a single series' rows play in backtest.ts: their last 30 % is cut
// into k blocks of times, and fold i trains the global run's config on every series' rows before
// block i (the first 85 % of those times to train, the rest to validate) and scores every series on
// its rows inside block i. Shared time boundaries, not per-series row blocks: one network learns
// from all series at once, so a series' rows after another series' test block would let that block
// leak into its training. A series with no window in a fold's training, validation or test rows
// (it starts late, ends early, or is short) is skipped in that fold or refuses it, as the run's own
// short-series policy says, and the fold's notes name it.
import { computeSplits, dropMissingRows, firstAtOrAfter, missingPolicyOf, PipelineError, prepareSeries, selectRows, splitWindow, splitWindows, targetSpan, type Column, type Dataset, type PipelineConfig, type SplitName } from '../data'
import { bareMessage, seriesRows } from '../data/global'
import { dataZoneMark, noticeTime, type TimeZoneMark } from '../data/time-cell'
import { wordsFor, type Who } from '../data/words'
import { ConfigError } from '../engine'
import { foldSkipWords, type FoldSkip } from './backtest-table'
import type { StatFitter } from './choice'
import type { FitHooks, GradientProvider } from './fit'
import { globalTestMetrics, prepareGlobalRun, runGlobalTraining } from './global'
import { toPipelineConfig } from './prepare'
import type { TrainConfig, TrainEvent } from './types'

/** The pooled time axis of `input` as a global run reads it: the distinct times (epoch ms, sorted)
 *  with a target value in some series. */
export function globalTimes(config: TrainConfig, input: Dataset): Float64Array {
  const time = timeOf(config, input)
  const target = input.columns.find((c) => c.name === config.data.target)
  const has = (i: number) => !target || (target.kind === 'categorical' ? target.codes[i]! >= 0 : target.kind !== 'text' && target.values[i] === target.values[i])
  const seen = new Set<number>()
  for (let i = 0; i < input.rowCount; i++) if (time[i] === time[i] && has(i)) seen.add(time[i]!)
  return Float64Array.from(seen).sort()
}

/** The pipeline config of one series of a global run (as prepareGlobalRun makes it). */
const pipelineConfigOf = (config: TrainConfig, input: Dataset): PipelineConfig => toPipelineConfig({ ...config, data: { ...config.data, series: undefined } }, input)

/** The time column's values (epoch ms), as a global run names its time column. */
function timeOf(config: TrainConfig, input: Dataset): Float64Array {
  const name = pipelineConfigOf(config, input).time.column
  const tcol = name === null ? undefined : input.columns.find((c) => c.name === name)
  if (!tcol || tcol.kind !== 'date') throw new PipelineError('no-time-column', `a backtest of a global model cuts every series at the same times: ${input.file} needs a date column as its time column`, 'time.column')
  return tcol.values
}

export type WindowShape = PipelineConfig['window']

/** Whether row i of `c` holds a value (a categorical one: a level). */
export const hasValue = (c: Column, i: number): boolean => (c.kind === 'categorical' ? c.codes[i]! >= 0 : c.kind !== 'text' && c.values[i] === c.values[i])

/** "look-back 12 and horizon 6" (and what a fold's window scores, where it is more than one row). */
export function windowWords(w: WindowShape): string {
  // a per-step window is scored on its last step, as a final-only one (splitWindow): no word for it
  const scored = w.targets === 'all' ? ` (direct: a window is scored on ${w.horizon} rows)` : ''
  return `look-back ${w.lookback} and horizon ${w.horizon}${scored}`
}

/** One series of a global run as each of its folds reads it: its rows sorted by time (the run's
 *  duplicates and resampling applied), without those a 'drop' policy removes, and which hold a
 *  target value; `none` says why it has no such row, where it has none. */
/** `zone`: the series' time column's (../data/time-cell zoneMarkOf), that the notes name its times in. */
interface SeriesTimes { label: string; time: Float64Array; known: Uint8Array; zone: TimeZoneMark; none?: string }

/** Every series of `input` as seriesFoldSkip reads it (once per backtest, not per fold). */
export function seriesTimes(config: TrainConfig, input: Dataset): SeriesTimes[] {
  const pc = pipelineConfigOf(config, input)
  const drop = [...new Set([pc.target, ...pc.features])].filter((n) => missingPolicyOf(pc, n) === 'drop')
  return seriesRows(input, config.data.series!.columns).map((s) => {
    const sorted = prepareSeries(selectRows(input, s.rows), pc.time).dataset
    const ds = dropMissingRows(sorted, sorted.columns.filter((c) => drop.includes(c.name)))
    const time = timeOf(config, ds)
    const zone = dataZoneMark(ds, pc.time.column)
    const y = ds.columns.find((c) => c.name === pc.target)
    const known = Uint8Array.from({ length: ds.rowCount }, (_, i) => (!y || hasValue(y, i) ? 1 : 0))
    if (ds.rowCount > 0) return { label: s.label, time, known, zone }
    // prepareSeries keeps the rows with a time; dropMissingRows those with every 'drop' column's value
    const none = sorted.rowCount === 0 ? 'has no row with a time' : `has no row with a value in every column whose missing-value policy is 'drop' (${drop.join(', ')})`
    return { label: s.label, time, known, zone, none: `${none} (no rows to train on)` }
  })
}

const SPLIT_NAMES: Record<SplitName, string> = { train: 'training rows', val: 'validation rows', test: 'test block' }

/**
 * Why a fold with validation from `valStart`, test from `testStart` to `end` (epoch ms) leaves series
 * `s` out, counted as the fold's run counts it (a split by those dates, each split holding a window
 * with every target known; pipeline.ts); null when it keeps it. The run's own words for a series it
 * skips are about a run ("the val split (rows 145-144)"); these are about the fold.
 */
export function seriesFoldSkip(s: SeriesTimes, w: WindowShape, gap: number, valStart: number, testStart: number, end: number): FoldSkip | null {
  const series = s.label
  const n = firstAtOrAfter(s.time, end + 1) // the rows up to the fold's last date
  const a = firstAtOrAfter(s.time, valStart)
  const b = firstAtOrAfter(s.time, testStart)
  if (s.none !== undefined) return { series, why: s.none }
  // the first and last rows the fold reads, not the file's: under 'drop', a series' first rows
  // without a value start it no earlier
  if (a === 0) return { series, why: `starts on ${day(s.time[0]!, s.zone)}, after the validation date (no rows to train on)` }
  if (s.time[s.time.length - 1]! < testStart) return { series, why: `ends on ${day(s.time[s.time.length - 1]!, s.zone)}, before the test block (no rows to score)` }
  // a window of the validation or test rows may read rows before them; its targets lie inside
  const other = gap + w.lookback + w.horizon - targetSpan(0, splitWindow(w, 'test'))[0]
  const words = windowWords(w)
  if (a < w.lookback + w.horizon) return { series, rows: a, why: `before the validation date, where ${words} need ${w.lookback + w.horizon} to train on` }
  const gapWords = gap ? `, a gap of ${gap} included,` : ''
  if (b - a < other) return { series, rows: b - a, why: `from the validation date to the test block, where ${words}${gapWords} need ${other} to validate on` }
  if (n - b < other) return { series, rows: n - b, why: `in the test block, where ${words}${gapWords} need ${other} to be scored on` }
  const splits = computeSplits(n, { split: { by: 'date', valStart: iso(valStart), testStart: iso(testStart), gap } }, s.time.subarray(0, n))
  for (const name of ['train', 'val', 'test'] as const) {
    const r = splits[name]
    if (splitWindows(n, r, w, name, (i) => s.known[i] === 1).starts.length) continue
    let missing = 0
    for (let i = r.start; i < r.end; i++) missing += 1 - s.known[i]!
    return { series, rows: missing, why: `without a target value in its ${SPLIT_NAMES[name]}, which leave no window of ${words} there with every target known` }
  }
  return null
}

const iso = (t: number) => new Date(t).toISOString()
/** A time the notes name, as the file wrote it (noticeTime): the day, a step index's integer, a
 *  zoned file's own clock. */
const day = (t: number, zone: TimeZoneMark) => noticeTime(t, zone)
/** The zone of the run's time column in `input`, the notes' (day). */
const zoneOf = (config: TrainConfig, input: Dataset): TimeZoneMark => dataZoneMark(input, pipelineConfigOf(config, input).time.column)

/** Fold f's run: the rows up to its block's last time, and the config that cuts them at the fold's
 *  dates (validation from the time 85 % into the fold's training times, test from its block's first). */
export function globalFold(config: TrainConfig, input: Dataset, times: Float64Array, before: number, block: number): { config: TrainConfig; rows: Dataset; valStart: number; testStart: number; end: number } {
  const time = timeOf(config, input)
  const end = times[before + block - 1]!
  const valStart = times[Math.floor(0.85 * before)]!
  const keep: number[] = []
  for (let i = 0; i < input.rowCount; i++) if (time[i]! <= end) keep.push(i)
  const s = config.data.series!
  const cfg: TrainConfig = {
    ...config,
    data: {
      ...config.data,
      split: { kind: 'date', valStart: iso(valStart), testStart: iso(times[before]!), gap: config.data.split.gap },
      // the same dates for every series (per-series cuts would split each series on its own rows)
      series: { ...s, global: { ...s.global!, cuts: 'dates' } }
    }
  }
  return { config: cfg, rows: selectRows(input, Int32Array.from(keep)), valStart, testStart: times[before]!, end }
}

/** Why the first fold's global run cannot be prepared (no series with a window in each of its
 *  training, validation and test rows, as the run's short-series policy counts them); null: it can. */
export function globalFoldProblem(config: TrainConfig, input: Dataset, times: Float64Array, before: number, block: number): string | null {
  const f = globalFold(config, input, times, before, block)
  try {
    prepareGlobalRun(f.config, f.rows)
    return null
  } catch (e) {
    if (!(e instanceof PipelineError) && !(e instanceof ConfigError)) throw e
    const z = zoneOf(config, input)
    return `the first fold (training before ${day(f.valStart, z)}, validation before ${day(f.testStart, z)}, scored to ${day(f.end, z)}) has none to train: ${e instanceof PipelineError ? bareMessage(e) : e.message}`
  }
}

/** Why some fold of a global backtest would fail after the folds before it trained (null: none
 *  would): one that leaves every series out, or, under the short-series policy 'refuse', one that
 *  leaves out a series with rows in it (the fold's run refuses it as the run itself would). Counted
 *  per series at each fold's dates (seriesFoldSkip), no fold prepared: the first fold's own
 *  preparation (globalFoldProblem) sees what counts of rows cannot (a feature with no value). */
export function laterFoldProblem(config: TrainConfig, input: Dataset, series: readonly SeriesTimes[], times: Float64Array, cuts: readonly { before: number; block: number }[]): string | null {
  const w = pipelineConfigOf(config, input).window
  const refuse = config.data.series!.global!.short === 'refuse'
  const z = zoneOf(config, input)
  for (const [f, { before, block }] of cuts.entries()) {
    const valStart = times[Math.floor(0.85 * before)]!
    const testStart = times[before]!
    const end = times[before + block - 1]!
    const skips = series.map((s) => seriesFoldSkip(s, w, config.data.split.gap, valStart, testStart, end))
    const say = (x: FoldSkip) => `${x.series} ${foldSkipWords(x.why, x.rows === undefined ? undefined : [x.rows])}`
    const fold = `fold ${f + 1} (validation from ${day(valStart, z)}, test from ${day(testStart, z)} to ${day(end, z)})`
    // a series with no row up to the fold's end is not in its rows: left out, never refused
    const refused = refuse ? skips.find((x, i) => x && series[i]!.time[0]! <= end) : undefined
    if (refused) return `${fold} would refuse a series, as the short-series policy 'refuse' says: ${say(refused)}`
    const all = skips.filter((x) => x !== null)
    if (all.length === series.length) return `${fold} leaves every series out: ${all.slice(0, 3).map(say).join('; ')}${all.length > 3 ? `; and ${all.length - 3} more` : ''}`
  }
  return null
}

export interface GlobalFoldOptions {
  onEvent?: (e: TrainEvent) => void
  shouldStop: () => boolean
  yieldNow: () => Promise<void>
  gradients?: GradientProvider
  /** Where each series' statistical models are fitted (runGlobalTraining's statFits). */
  statFits?: StatFitter
  /** Every series of the backtest's rows (seriesTimes): a fold names those it leaves out, and why. */
  series?: readonly SeriesTimes[]
  /** The run splits each series on its own rows (cuts 'series', or 'auto' resolved so on all the
   *  data): said in every fold's notes, since a fold cuts at shared dates. */
  runCutsPerSeries?: boolean
  /** Whose words the fold's notes are in (BacktestOptions.words). */
  words: Who
}

/** Whether the run of `config` on `input` splits each series on its own rows: cuts 'series', or
 *  'auto' resolved so because shared dates would skip series (prepareGlobalRun on all the rows). */
export function runCutsPerSeries(config: TrainConfig, input: Dataset): boolean {
  const cuts = config.data.series!.global!.cuts
  if (cuts === 'series') return true
  if (cuts === 'dates') return false
  try {
    return prepareGlobalRun(config, input).gp.cutMode === 'series'
  } catch {
    return false // the run itself would be refused; the folds say their own problems
  }
}

/** One fold: the global run trained and scored; null when stopped. Its rows are counted over the
 *  series it kept; its notes say which series it skipped and why. */
export async function runGlobalFold(config: TrainConfig, input: Dataset, times: Float64Array, before: number, block: number, o: GlobalFoldOptions) {
  const f = globalFold(config, input, times, before, block)
  const prepared = prepareGlobalRun(f.config, f.rows)
  // the fold's preparation notices, as a run's own (a level seen only in its test rows); not the
  // series it skipped, which `skipped` says in the fold's terms, nor a per-series split it does not make
  const notes: string[] = prepared.gp.notices.filter((n) => n.code !== 'short-series' && n.code !== 'split-per-series').map((n) => wordsFor(n, o.words))
  const hooks: FitHooks = {
    emit: (e) => {
      if (e.type === 'log' && e.message.startsWith('statistical model skipped')) notes.push(e.message)
      o.onEvent?.(e)
    },
    shouldStop: o.shouldStop,
    yieldNow: o.yieldNow
  }
  const r = await runGlobalTraining({ config: f.config, dataset: f.rows, prepared, ...(o.gradients ? { gradients: o.gradients } : {}), ...(o.statFits ? { statFits: o.statFits } : {}) }, hooks)
  if (!r) return null
  const kept = new Set(r.series.map((s) => s.label))
  const time = timeOf(f.config, f.rows)
  let trainRows = 0
  let testRows = 0
  for (const s of seriesRows(f.rows, config.data.series!.columns)) {
    if (!kept.has(s.label)) continue
    for (const i of s.rows) time[i]! < f.testStart ? trainRows++ : testRows++
  }
  // every series left out, said in the fold's terms; in the run's own words where those find nothing
  // (a feature with no value in the training rows)
  const w = pipelineConfigOf(f.config, f.rows).window
  const own = new Map(r.skipped.map((s) => [s.label, s.reason]))
  const skipped: FoldSkip[] = (o.series ?? []).filter((s) => !kept.has(s.label))
    .map((s) => seriesFoldSkip(s, w, config.data.split.gap, f.valStart, f.testStart, f.end) ?? { series: s.label, why: `cannot be prepared: ${own.get(s.label) ?? 'no rows in this fold'}` })
  // said rather than changed silently: the run's own per-series cuts are not the backtest's
  const cuts = (o.runCutsPerSeries ?? config.data.series!.global!.cuts === 'series')
    ? ['the run splits each series on its own rows; a backtest cuts every series at the same dates, so that no series\' test block reaches another\'s training, and skips the series a fold\'s dates leave without rows: its folds measure that setup, not the run\'s own split']
    : []
  // how many series the fold's figures are over: a fold's shared dates may leave most of them out
  const total = o.series?.length ?? r.series.length + r.skipped.length
  return { trainRows, testRows, metrics: globalTestMetrics(r), notes: [...cuts, ...notes], skipped, series: { scored: r.series.length, total, ...(r.summary.seasonalNaive ? { seasonalNaive: r.summary.seasonalNaive.series } : {}) } }
}

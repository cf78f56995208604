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
import { PipelineError, selectRows, type Dataset } from '../data'
import { bareMessage, seriesRows } from '../data/global'
import { ConfigError } from '../engine'
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

/** The time column's values (epoch ms), as a global run names its time column. */
function timeOf(config: TrainConfig, input: Dataset): Float64Array {
  const name = toPipelineConfig({ ...config, data: { ...config.data, series: undefined } }, input).time.column
  const tcol = name === null ? undefined : input.columns.find((c) => c.name === name)
  if (!tcol || tcol.kind !== 'date') throw new PipelineError('no-time-column', `a backtest of a global model cuts every series at the same times: ${input.file} needs a date column as its time column`, 'time.column')
  return tcol.values
}

const iso = (t: number) => new Date(t).toISOString()
const day = (t: number) => (iso(t).endsWith('T00:00:00.000Z') ? iso(t).slice(0, 10) : iso(t))

/** Fold f's run: the rows up to its block's last time, and the config that cuts them at the fold's
 *  dates (validation from the time 85 % into the fold's training times, test from its block's first). */
export function globalFold(config: TrainConfig, input: Dataset, times: Float64Array, before: number, block: number): { config: TrainConfig; rows: Dataset; testStart: number } {
  const time = timeOf(config, input)
  const end = times[before + block - 1]!
  const keep: number[] = []
  for (let i = 0; i < input.rowCount; i++) if (time[i]! <= end) keep.push(i)
  const s = config.data.series!
  const cfg: TrainConfig = {
    ...config,
    data: {
      ...config.data,
      split: { kind: 'date', valStart: iso(times[Math.floor(0.85 * before)]!), testStart: iso(times[before]!), gap: config.data.split.gap },
      // the same dates for every series (per-series cuts would split each series on its own rows)
      series: { ...s, global: { ...s.global!, cuts: 'dates' } }
    }
  }
  return { config: cfg, rows: selectRows(input, Int32Array.from(keep)), testStart: times[before]! }
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
    return `the first fold (training before ${day(times[Math.floor(0.85 * before)]!)}, validation before ${day(f.testStart)}, scored to ${day(times[before + block - 1]!)}) has none to train: ${e instanceof PipelineError ? bareMessage(e) : e.message}`
  }
}

export interface GlobalFoldOptions {
  onEvent?: (e: TrainEvent) => void
  shouldStop: () => boolean
  yieldNow: () => Promise<void>
  gradients?: GradientProvider
  /** Where each series' statistical models are fitted (runGlobalTraining's statFits). */
  statFits?: StatFitter
  /** The run splits each series on its own rows (cuts 'series', or 'auto' resolved so on all the
   *  data): said in every fold's notes, since a fold cuts at shared dates. */
  runCutsPerSeries?: boolean
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
  const notes: string[] = []
  const hooks: FitHooks = {
    emit: (e) => {
      if (e.type === 'log' && e.message.startsWith('statistical model skipped')) notes.push(e.message)
      o.onEvent?.(e)
    },
    shouldStop: o.shouldStop,
    yieldNow: o.yieldNow
  }
  const r = await runGlobalTraining({ config: f.config, dataset: f.rows, ...(o.gradients ? { gradients: o.gradients } : {}), ...(o.statFits ? { statFits: o.statFits } : {}) }, hooks)
  if (!r) return null
  const kept = new Set(r.series.map((s) => s.label))
  const time = timeOf(f.config, f.rows)
  let trainRows = 0
  let testRows = 0
  for (const s of seriesRows(f.rows, config.data.series!.columns)) {
    if (!kept.has(s.label)) continue
    for (const i of s.rows) time[i]! < f.testStart ? trainRows++ : testRows++
  }
  const skipped = r.skipped.length ? [`${r.skipped.length} of ${r.skipped.length + r.series.length} series skipped: ${r.skipped.map((s) => `${s.label} (${s.reason})`).join('; ')}`] : []
  // said rather than changed silently: the run's own per-series cuts are not the backtest's
  const cuts = (o.runCutsPerSeries ?? config.data.series!.global!.cuts === 'series')
    ? ['the run splits each series on its own rows; a backtest cuts every series at the same dates, so that no series\' test block reaches another\'s training, and skips the series a fold\'s dates leave without rows: its folds measure that setup, not the run\'s own split']
    : []
  return { trainRows, testRows, metrics: globalTestMetrics(r), notes: [...cuts, ...skipped, ...notes] }
}

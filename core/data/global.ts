// One global model across the series of a long file (issue 13, item 3): every series goes through
// preparePipeline on its own rows, split at the SAME cut dates (computed once from the pooled time
// axis), or, when the series span different periods, each on its own rows (GlobalCuts), so its scalers and level-relative scale are fitted on that series' training rows alone
// (split first, then fit). Category inputs are the exception: one network needs the same inputs in
// every series, so their one-hot levels are taken from every series' training rows pooled
// (withSharedCategories). The series are then laid end to end in one (N, D) block; each series'
// windows are shifted by its offset, so no window ever crosses from one series into the next.
import type { PipelineConfig } from './config'
import { PipelineError } from './errors'
import { andList, fix, prefixed, words, type Words } from './words'
import { preparePipeline, prepareShrinking, TWO_CLASSES, type FittedPipeline, type InputBlock, type Prepared, type PrepareOptions, type SharedFit } from './pipeline'
import { naturalBy, naturalCompare, seriesLabelOf } from './natural'
import { mostlyIrregularSeriesNote, selectRows, seriesSteps, stepClass, stepName } from './series'
import type { CategoricalColumn, Column, Dataset, DateColumn, Notice } from './types'
import { noticeTime, ownZone, pickRows, splitInstant, splitOutOfOrder, zoneMarkOf, type TimeZoneMark } from './time-cell'
import type { Relative, SplitName, Windows } from './windows'
import { finish, type Pausable } from './pausable'

/** A series with no window in some split (too short, or outside the cut dates): left out with a notice ('skip'), or the run refused. */
export type ShortSeriesPolicy = 'skip' | 'refuse'

export interface SeriesRows { key: string[]; label: string; rows: Int32Array }

export interface SeriesPart {
  key: string[] // one value per id column
  label: string // e.g. 'store = s1'
  /** First row of this series in the concatenated (N, D) block. */
  offset: number
  prep: Prepared // this series alone: its config (date split at the shared cuts), fitted scalers, windows
}

export interface SkippedSeries { key: string[]; label: string; rows: number; reason: string }

export interface GlobalPrepared {
  columns: string[] // the series id columns
  parts: SeriesPart[]
  skipped: SkippedSeries[]
  /** The shared cut dates (epoch ms): validation starts at valStart, test at testStart; null when
   *  each series is split on its own rows (cutMode 'series': each part's prep.config.split), or where
   *  the split's dates are read on each series' own clock at different instants (ownClocks). */
  cuts: { valStart: number; testStart: number } | null
  /** A split by date whose dates name no one instant for every series: the series carry different
   *  UTC offsets (the file keeps each row's), and a date without an offset is each series' own
   *  midnight, as a run on that series alone reads it (seriesCuts). The dates as written. */
  ownClocks?: { valStart: string; testStart: string }
  /** How the series were cut (GlobalCuts resolved: 'auto' becomes one of these). */
  cutMode: 'dates' | 'series'
  N: number
  D: number
  inputs: Float32Array // (N, D) each series' rows, scaled with its own scalers, end to end
  target: Float32Array | Int32Array // (N) scaled with each series' own target scaler; classification: class index (shared classes)
  relative?: Relative
  /** Every series' windows, shifted to the concatenated rows; series p's windows come before p+1's. */
  windows: Record<SplitName, Windows>
  /** How many windows of each split series p holds (same order as parts). */
  windowCounts: Record<SplitName, Int32Array>
  notices: Notice[]
}

/** A PipelineError's message without the field it starts with, to say it again under another name. */
export function bareMessage(e: PipelineError): string {
  return bareWords(e).message
}

/** Both wordings of a PipelineError without its field prefix (bareMessage), `prefix` before each. */
export function bareWords(e: PipelineError, prefix = ''): Words {
  const bare = (t: string) => prefix + (e.field && t.startsWith(`${e.field}: `) ? t.slice(e.field.length + 2) : t)
  return { message: bare(e.message), ...(e.app !== undefined ? { app: bare(e.app) } : {}) }
}

/** A value of an id column as written (categories by level, numbers as numbers). */
function idValue(c: Column, i: number): string {
  if (c.kind === 'categorical') return c.codes[i] < 0 ? '' : c.levels[c.codes[i]]
  if (c.kind === 'numeric' || c.kind === 'boolean' || c.kind === 'date') return c.values[i] === c.values[i] ? String(c.values[i]) : ''
  throw new PipelineError('bad-config', `column "${c.name}" is text with too many distinct values to keep; declare it as the series column when reading the file`, 'time.series.columns')
}

/** Each series' own zone (series.ts seriesTimeColumn: its rows' offsets, ownZone) in a long file
 *  whose time column `time` keeps each row's offset, by the series' key joined with \u0000: the zone
 *  a global run's files write that series' times in. Empty where the file keeps no row's own offset
 *  (its one zone, or rule, holds for every series) or a series column is gone. */
export function seriesZoneMarks(ds: Dataset, time: string | null | undefined, columns: string[]): Map<string, TimeZoneMark> {
  const zones = new Map<string, TimeZoneMark>()
  const c = ds.columns.find((x): x is DateColumn => x.kind === 'date' && x.name === (time ?? ds.timeColumn))
  if ((!c?.offsets && !c?.rowOffsets) || columns.length === 0 || !columns.every((n) => ds.columns.some((x) => x.name === n))) return zones
  for (const s of seriesRows(ds, columns)) zones.set(s.key.join('\u0000'), zoneMarkOf(ownZone(pickRows(c, s.rows))))
  return zones
}

/** The rows of every series the id columns make, in order of first appearance. A row with a missing
 *  id is refused, naming its line: it belongs to no series and is never guessed into one. */
export function seriesRows(ds: Dataset, columns: string[]): SeriesRows[] {
  if (columns.length === 0) throw new PipelineError('bad-config', 'a global model needs the series id column(s)', 'time.series.columns')
  const cols = columns.map((n) => {
    const c = ds.columns.find((x) => x.name === n)
    if (!c) throw new PipelineError('unknown-column', `the series column "${n}" is not in ${ds.file} (${ds.columns.map((x) => x.name).join(', ')})`, 'time.series.columns')
    return c
  })
  const groups = new Map<string, { key: string[]; rows: number[] }>()
  for (let i = 0; i < ds.rowCount; i++) {
    const key = cols.map((c) => idValue(c, i))
    const empty = key.findIndex((v) => v === '')
    if (empty >= 0) throw new PipelineError('bad-config', `${ds.file}, line ${ds.lines[i]}: column "${columns[empty]}" is empty, so the row belongs to no series`, 'time.series.columns')
    const k = key.join('\u0000')
    let g = groups.get(k)
    if (!g) groups.set(k, (g = { key, rows: [] }))
    g.rows.push(i)
  }
  return [...groups.values()].map((g) => ({ key: g.key, label: seriesLabelOf(columns, g.key), rows: Int32Array.from(g.rows) }))
}

/** Cut dates from the pooled time axis: the distinct timestamps of every series, sorted; a fraction
 *  split cuts that axis at floor(U * train) and floor(U * (train + val)), a date split is taken as given
 *  (a date without an offset on the clock of `zone`, the time column's: splitInstant; `clock` names
 *  it in a refusal: a series' own in seriesCuts). */
export function pooledCuts(time: Float64Array, split: PipelineConfig['split'], zone: TimeZoneMark = null, clock?: string): { valStart: number; testStart: number } {
  if (split.by === 'date') {
    // a cut with an offset and one without, which the config could not order without the clock
    const order = splitOutOfOrder(split.valStart, split.testStart, zone, 'split.valStart', clock)
    if (order) throw new PipelineError('bad-config', order, 'split.testStart')
    return { valStart: splitInstant(split.valStart, zone), testStart: splitInstant(split.testStart, zone) }
  }
  const axis = Float64Array.from(new Set(Array.from(time).filter((t) => t === t))).sort() // (U)
  const U = axis.length
  const a = Math.floor(U * split.train)
  const b = Math.floor(U * (split.train + split.val))
  if (a < 1 || b <= a || b >= U)
    throw new PipelineError('short-series', `the pooled time axis has ${U} distinct times, too few to cut into training, validation and test at ${split.train} and ${split.val}`, 'split')
  return { valStart: axis[a], testStart: axis[b] }
}

/** A split by date's cut instants for each series of `list` (time column `tcol`), each read on the
 *  series' own clock where the file keeps each row's UTC offset (ownZone: series in different
 *  zones), as a run on that series alone reads them; null where one clock holds for every series
 *  (the file's: pooledCuts). A series whose own clock orders the dates wrong is refused, naming it. */
export function seriesCuts(tcol: DateColumn, list: readonly SeriesRows[], split: PipelineConfig['split']): { valStart: number; testStart: number }[] | null {
  if (split.by !== 'date' || (!tcol.offsets && !tcol.rowOffsets)) return null
  return cutsOnClocks(ownClocksOf(tcol, list), (i) => list[i]!.label, split)
}

/** Each series' own clock (its rows' offsets, ownZone), in the order of `list`: the clock a date
 *  without an offset is read on for that series (seriesCuts). */
export function ownClocksOf(tcol: DateColumn, list: readonly { rows: ArrayLike<number> }[]): TimeZoneMark[] {
  return list.map((s) => zoneMarkOf(ownZone(pickRows(tcol, s.rows))))
}

/** A split by date's cut instants read on each clock of `clocks` (one a series; `label(i)` names
 *  series i in a refusal); null where they are one instant for every series. seriesCuts' core, which
 *  Setup's lanes cut by too (renderer/src/lib/series-spans.ts). */
export function cutsOnClocks(clocks: readonly TimeZoneMark[], label: (i: number) => string, split: Extract<PipelineConfig['split'], { by: 'date' }>): { valStart: number; testStart: number }[] | null {
  const none = new Float64Array(0)
  const each = clocks.map((zone, i) => {
    try {
      // its refusal names the series first, then its own clock, not the file's
      return pooledCuts(none, split, zone, 'its own clock')
    } catch (e) {
      throw e instanceof PipelineError ? new PipelineError(e.code, bareWords(e, `series ${label(i)}: `), e.field) : e
    }
  })
  return each.every((c) => c.valStart === each[0]!.valStart && c.testStart === each[0]!.testStart) ? null : each
}

/** A prepared series' frequency for the one-frequency rule: its step class (series.ts stepClass),
 *  'weekday' for business days (prepareSeries' 'weekdays' notice). */
function frequencyOf(prep: { report: { medianStepMs: number | null }; notices: readonly { code: string }[] }): string | null {
  return stepClass(prep.report.medianStepMs, prep.notices.some((n) => n.code === 'weekdays'))
}

/** The series id as input: one one-hot block per id column over the kept series' values, appended
 *  to every series' inputs and fitted pipeline. Static: the same at every row of a series, so a
 *  forecast past the end carries it forward (core/train/paths.ts). */
/** At most this many levels per id column become one-hot inputs: every row carries one input per
 *  level, so 1,000 series of 1,000 rows would hold a billion inputs (4 GB) for one flag each. */
export const SERIES_ONEHOT_MAX_LEVELS = 100

function withSeriesInputs(parts: SeriesPart[], columns: string[]): void {
  const levels = columns.map((_, j) => [...new Set(parts.map((p) => p.key[j]))])
  levels.forEach((l, j) => {
    if (l.length > SERIES_ONEHOT_MAX_LEVELS)
      throw new PipelineError('bad-config', `the series column "${columns[j]}" has ${l.length} series (first "${l[0]}"), more than the ${SERIES_ONEHOT_MAX_LEVELS} a one-hot id input can take: every row would carry ${l.length} inputs; train without the id input (the model still sees each series on its own scale)`, 'data.series.global.oneHot')
  })
  const D0 = parts[0].prep.D
  const D = D0 + levels.reduce((a, l) => a + l.length, 0)
  for (const p of parts) {
    let offset = D0
    const blocks: InputBlock[] = columns.map((column, j) => {
      const b: InputBlock = { column, kind: 'one-hot', offset, size: levels[j].length, levels: levels[j], static: true }
      offset += b.size
      return b
    })
    const N = p.prep.N
    const inputs = new Float32Array(N * D) // (N, D)
    for (let i = 0; i < N; i++) {
      inputs.set(p.prep.inputs.subarray(i * D0, (i + 1) * D0), i * D)
      blocks.forEach((b, j) => (inputs[i * D + b.offset + levels[j].indexOf(p.key[j])] = 1))
    }
    const f = p.prep.fitted
    const fitted: FittedPipeline = {
      ...f, D,
      inputs: [...f.inputs, ...blocks],
      inputNames: [...f.inputNames, ...blocks.flatMap((b) => (b.levels as string[]).map((l) => `${b.column}=${l}`))],
      imputers: { ...f.imputers, ...Object.fromEntries(columns.map((c, j) => [c, p.key[j]])) }
    }
    p.prep = { ...p.prep, D, inputs, fitted }
  }
}

/** How a global run cuts its series: 'dates' cuts every series at the same dates from the pooled
 *  time axis (the issue's rule); 'series' splits each series on its own rows as a single-series run
 *  with the same config splits it (fractions, and the short-series shrinking of `shrink`); 'auto'
 *  takes the dates unless they would skip a series that its own split keeps (series spanning
 *  different periods: one that ends before the test cut date, or starts after the validation one),
 *  and then says so in a notice. */
export type GlobalCuts = 'auto' | 'dates' | 'series'

export interface GlobalOptions {
  cuts?: GlobalCuts
  /** A fraction split too coarse for a short series made finer, as a single-series run's is
   *  (pipeline.ts shortSeriesSplit): used by per-series cuts. */
  shrink?: boolean
  /** Told each time one more of the file's `total` series is prepared (its first split; a global run's and an export's progress). */
  onSeries?: (done: number, total: number) => void
  /** Told each time one more series is prepared again, on its own rows, where 'auto' cuts found that
   *  the shared dates would skip series: `total`, the series not prepared on their own rows already
   *  (a second pass over the file, as long as the first; said as its own phase). */
  onAgain?: (done: number, total: number) => void
  /** Told each time one more of the series the shared dates skip is checked on its own rows ('auto'
   *  cuts, before the second pass: its `total`, the series skipped). */
  onCheck?: (done: number, total: number) => void
  /** Each kept series as a single-series run fills its target's gaps (core/train prepare.ts
   *  withGapSeason): `again` prepares it again, on its own rows and split, with the shared fit and
   *  `opts` (PrepareOptions.season: the value before plus the change a season earlier). */
  refill?: (prep: Prepared, again: (opts: PrepareOptions) => Prepared) => Prepared
}

export { clockDigits, fileTime, formatTime } from './series'

/** First and last time of a series' rows (NaN times ignored). */
function span(time: Float64Array, rows: Int32Array): { first: number; last: number } {
  let first = Infinity
  let last = -Infinity
  for (const r of rows) {
    const t = time[r]
    if (t !== t) continue
    if (t < first) first = t
    if (t > last) last = t
  }
  return { first, last }
}

/** The first of `names` (the target, then the features) that holds no value in any of `rows`: such
 *  a series is skipped for that, whatever the cut dates, and its notice says so (not "too short"). */
export function emptyColumnIn(ds: Dataset, rows: ArrayLike<number>, names: string[]): string | null {
  for (const name of names) {
    const c = ds.columns.find((x) => x.name === name)
    if (!c || c.kind === 'text') continue
    let any = false
    for (let j = 0; j < rows.length && !any; j++) {
      const r = rows[j]!
      any = c.kind === 'categorical' ? c.codes[r]! >= 0 : c.values[r] === c.values[r]
    }
    if (!any) return name
  }
  return null
}

type Tried = { s: SeriesRows; prep: Prepared; error?: undefined } | { s: SeriesRows; prep?: undefined; error: PipelineError }

/** One series prepared with `one` (shrink: a split too coarse for it made finer, as a single-series
 *  run's is: prepareShrinking); a short-series error is kept (the caller skips or refuses), any
 *  other error thrown, naming the series. */
function tryOne(ds: Dataset, s: SeriesRows, one: PipelineConfig, shrink: boolean): Tried {
  const rows = { ...selectRows(ds, s.rows), notices: [] }
  try {
    const pooled = one.task.kind === 'classification' ? { pooledClasses: true } : {}
    return { s, prep: shrink ? prepareShrinking(rows, one, pooled) : preparePipeline(rows, one, pooled) }
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e
    if (e.code !== 'short-series') throw new PipelineError(e.code, bareWords(e, `series ${s.label} (${s.rows.length} rows, first on line ${ds.lines[s.rows[0]]}): `), e.field)
    return { s, error: e }
  }
}

/**
 * Prepares every series of `ds` (split by the id `columns`) for one network. `cfg` is the pipeline
 * config of one series (its time.series is ignored); the split is cut as options.cuts says
 * (GlobalCuts; default 'auto'). A series with no window in some split is skipped with a notice
 * saying why (ends before the test cut date, starts after the validation one, or too short), or
 * refused ('refuse'). oneHot: the series id becomes an input too (withSeriesInputs).
 */
export function prepareGlobal(ds: Dataset, cfg: PipelineConfig, columns: string[], short: ShortSeriesPolicy = 'skip', oneHot = false, options: GlobalOptions = {}): GlobalPrepared {
  return finish(prepareGlobalPausing(ds, cfg, columns, short, oneHot, options))
}

/** prepareGlobal, paused after each series it prepares (each pass's, each told first) and each it
 *  fills again (options.refill): a global run's preparation takes seconds on a large file, and a
 *  cancel is heard meanwhile (core/train global.ts). */
export function* prepareGlobalPausing(ds: Dataset, cfg: PipelineConfig, columns: string[], short: ShortSeriesPolicy = 'skip', oneHot = false, options: GlobalOptions = {}): Pausable<GlobalPrepared> {
  if (cfg.time.column === null) throw new PipelineError('no-time-column', words`a global model across series needs a time column to cut every series at the same dates; ${ds.file} has none (${fix('name one with --time COL', 'choose the Time column in Setup')})`, 'time.column')
  if (columns.includes(cfg.target) || cfg.features.some((f) => columns.includes(f)))
    throw new PipelineError('bad-config', `the series id ${andList(columns.map((c) => `"${c}"`))} cannot also be the target or a feature`, 'features')
  const tcol = ds.columns.find((c) => c.name === cfg.time.column)
  if (!tcol || tcol.kind !== 'date') throw new PipelineError('no-time-column', `column "${cfg.time.column}" of ${ds.file} is ${tcol ? tcol.kind : 'absent'}, not a date`, 'time.column')
  const asked = options.cuts ?? 'auto'
  if (asked === 'series' && cfg.split.by === 'date')
    throw new PipelineError('bad-config', `per-series cuts split each series by the split's fractions; a split by date (validation from ${cfg.split.valStart}, test from ${cfg.split.testStart}) cuts every series at those dates: choose cuts 'dates' or a split by fraction`, 'data.series.global.cuts')
  const list = seriesRows(ds, columns)
  const noId: PipelineConfig = { ...cfg, time: { ...cfg.time, series: { columns: [], values: [] } } }
  const iso = (t: number) => new Date(t).toISOString()
  // a time the notes name, as the file wrote it: a step index's integer, a zoned file's own clock
  const at = (t: number) => noticeTime(t, zoneMarkOf(tcol))
  const spans = list.map((s) => span(tcol.values, s.rows))
  // each series on its own rows, exactly as a single-series run with this config splits it
  const ownSplit = (s: SeriesRows) => tryOne(ds, s, noId, options.shrink === true)
  function* counted(each: (s: SeriesRows) => Tried): Pausable<Tried[]> {
    const out: Tried[] = []
    for (const [i, s] of list.entries()) {
      out.push(each(s))
      options.onSeries?.(i + 1, list.length)
      yield
    }
    return out
  }
  let mode: 'dates' | 'series' = asked === 'series' ? 'series' : 'dates'
  let cuts: { valStart: number; testStart: number } | null = null
  // series in different zones: the split's dates on each one's own clock (seriesCuts), else shared
  const own = mode === 'dates' ? seriesCuts(tcol, list, cfg.split) : null
  const ownClocks = own && cfg.split.by === 'date' ? { valStart: cfg.split.valStart, testStart: cfg.split.testStart } : undefined
  // a series' cut instants, and its times as its own clock writes them
  const cutOf = (i: number) => own?.[i] ?? cuts
  const atOf = (i: number, t: number) => (own ? noticeTime(t, zoneMarkOf(ownZone(pickRows(tcol, list[i]!.rows)))) : at(t))
  const cutDate = (k: 'valStart' | 'testStart') => (cuts ? at(cuts[k]) : `${ownClocks![k]} (on each series' own clock)`)
  let tried: Tried[]
  const notices: Notice[] = []
  if (mode === 'dates') {
    if (!own) cuts = pooledCuts(tcol.values, cfg.split, zoneMarkOf(tcol))
    // one series' config: no id left to split on, and the shared cut dates (its own, on its clock)
    const oneAt = (c: { valStart: number; testStart: number }): PipelineConfig => ({ ...noId, split: { by: 'date', valStart: iso(c.valStart), testStart: iso(c.testStart), gap: cfg.split.gap } })
    const one = cuts ? oneAt(cuts) : null
    const place = new Map(list.map((s, i) => [s, i]))
    tried = yield* counted((s) => tryOne(ds, s, one ?? oneAt(own![place.get(s)!]!), false))
    if (asked === 'auto' && cfg.split.by === 'fraction' && cuts) {
      // the series the shared dates skip but their own split keeps: spans that differ, not short series
      const skippedHere = tried.filter((t) => t.error).length
      let checked = 0
      const rescued: (Tried | null)[] = []
      for (const [i, t] of tried.entries()) {
        if (!t.error) {
          rescued.push(null)
          continue
        }
        rescued.push(ownSplit(list[i]!))
        options.onCheck?.(++checked, skippedHere)
        yield
      }
      const kept = rescued.flatMap((r, i) => (r?.prep ? [i] : []))
      if (kept.length) {
        const c = cuts
        const endsBefore = kept.filter((i) => spans[i]!.last < c.testStart)
        const startsAfter = kept.filter((i) => spans[i]!.first >= c.valStart)
        const rest = kept.length - endsBefore.length - startsAfter.filter((i) => spans[i]!.last >= c.testStart).length
        // what differs: their first rows, their last rows, or both (the same end for all is not said as a range)
        const range = (xs: number[], what: string) => {
          const lo = Math.min(...xs), hi = Math.max(...xs)
          return lo === hi ? '' : `their ${what} rows run from ${at(lo)} to ${at(hi)}`
        }
        const differ = [range(spans.map((x) => x.first).filter(Number.isFinite), 'first'), range(spans.map((x) => x.last).filter(Number.isFinite), 'last')].filter(Boolean).join(', ')
        const why = [
          endsBefore.length ? `${endsBefore.length} end before the test cut date ${at(c.testStart)}` : '',
          startsAfter.length ? `${startsAfter.length} start after the validation cut date ${at(c.valStart)}` : '',
          rest > 0 ? `${rest} hold too few rows after a cut date` : ''
        ].filter(Boolean).join(', ')
        const pct = (x: number) => `${Math.round(100 * x)} %`
        const split = cfg.split.by === 'fraction' ? `${pct(cfg.split.train)} training, ${pct(cfg.split.val)} validation, the rest test` : ''
        notices.push({
          code: 'split-per-series', column: columns[0],
          ...words`the series span different periods (${differ}): the same cut dates for all (validation from ${at(c.valStart)}, test from ${at(c.testStart)}) would skip ${kept.length} of ${list.length} series that their own split keeps (${why}), so each series is split on its own rows (${split}, as a single-series run splits it); ${fix("cuts 'dates' (--cuts dates)", 'Cuts "the same dates for every series" in Setup')} keeps the shared dates and skips them`
        })
        mode = 'series'
        cuts = null
        const again = list.length - kept.length
        let done = 0
        const each: Tried[] = []
        for (const [i, s] of list.entries()) {
          if (rescued[i]?.prep) {
            each.push(rescued[i]!)
            continue
          }
          each.push(ownSplit(s))
          options.onAgain?.(++done, again)
          yield
        }
        tried = each
      }
    }
  } else tried = yield* counted(ownSplit)
  const shared = withSharedCategories(ds, cfg, tried, notices)
  tried = shared.tried
  const refill = options.refill
  if (refill) {
    const each: Tried[] = []
    for (const t of tried) {
      each.push(t.prep ? { s: t.s, prep: refill(t.prep, (opts) => again(ds, t, { ...shared.fit, ...opts }).prep!) } : t)
      yield
    }
    tried = each
  }
  const parts: SeriesPart[] = []
  const skipped: SkippedSeries[] = []
  const skipKinds = { endsBefore: 0, startsAfter: 0, short: 0, empty: new Map<string, number>() }
  const emptyOf = new Map<string, string>() // series label -> its column with no value in any row
  let N = 0
  for (const [i, t] of tried.entries()) {
    const s = t.s
    if (t.error) {
      const raw = bareMessage(t.error)
      const sp = spans[i]!
      let reason = raw
      const empty = emptyColumnIn(ds, s.rows, [cfg.target, ...cfg.features])
      if (empty !== null) {
        skipKinds.empty.set(empty, (skipKinds.empty.get(empty) ?? 0) + 1)
        emptyOf.set(s.label, empty)
        reason = `column "${empty}" has no value in any of its ${s.rows.length} rows`
      } else if (cutOf(i) && sp.last < cutOf(i)!.testStart) {
        skipKinds.endsBefore++
        reason = `ends on ${atOf(i, sp.last)}, before the test cut date ${atOf(i, cutOf(i)!.testStart)}: no test rows at the shared cut dates (${raw})`
      } else if (cutOf(i) && sp.first >= cutOf(i)!.valStart) {
        skipKinds.startsAfter++
        reason = `starts on ${atOf(i, sp.first)}, after the validation cut date ${atOf(i, cutOf(i)!.valStart)}: no training rows at the shared cut dates (${raw})`
      } else skipKinds.short++
      if (short === 'refuse') throw new PipelineError(t.error.code, `series ${s.label} (${s.rows.length} rows, first on line ${ds.lines[s.rows[0]]}): ${reason}`, t.error.field)
      skipped.push({ key: s.key, label: s.label, rows: s.rows.length, reason })
      continue
    }
    const prep = t.prep
    const first = parts[0]?.prep.fitted
    if (first && prep.fitted.inputNames.join('\u0000') !== first.inputNames.join('\u0000'))
      throw differentInputs({ label: s.label, names: prep.fitted.inputNames }, { label: parts[0].label, names: first.inputNames })
    const step = frequencyOf(prep)
    const ref = parts.find((p) => frequencyOf(p.prep) !== null)
    if (step !== null && ref && frequencyOf(ref.prep) !== step)
      throw new PipelineError('bad-config', `series ${s.label} (first on line ${ds.lines[s.rows[0]]}) has a row every ${stepName(step)}, series ${ref.label} every ${stepName(frequencyOf(ref.prep)!)}; one global model needs one frequency: resample the series to a common one (data.resample) or train them apart`, 'time.series')
    // most steps irregular: said once for every series it holds for (mostlyIrregularSeriesNote); a
    // level this series' training rows lack may be another's: said of the pooled levels (withSharedCategories)
    for (const n of prep.notices) if (n.code !== 'mostly-irregular' && n.code !== 'unseen-levels') notices.push({ ...n, ...prefixed(`series ${s.label}: `, n), series: { label: s.label, kind: n.code, note: n.message } })
    parts.push({ key: s.key, label: s.label, offset: N, prep })
    N += prep.N
  }
  const irregular = mostlyIrregularSeriesNote(parts.map((p) => seriesSteps(p.label, p.prep.report)))
  if (irregular) notices.push({ code: 'mostly-irregular', ...irregular, column: cfg.time.column })
  if (skipped.length) {
    const kinds = [
      skipKinds.endsBefore ? `${skipKinds.endsBefore} end before the test cut date ${cutDate('testStart')}` : '',
      skipKinds.startsAfter ? `${skipKinds.startsAfter} start after the validation cut date ${cutDate('valStart')}` : '',
      skipKinds.short ? `${skipKinds.short} too short for ${cuts || own ? 'the cut dates' : 'a window in each of training, validation and test'}` : '',
      ...[...skipKinds.empty].map(([c, n]) => `${n} with no value of "${c}"`)
    ].filter(Boolean).join(', ')
    const listed = (x: SkippedSeries) => `${x.label} (${x.rows} rows${emptyOf.has(x.label) ? `, none with a value of "${emptyOf.get(x.label)}"` : ''})`
    notices.push({ code: 'short-series', column: columns[0], message: `${skipped.length} series skipped (${kinds}): ${naturalBy(skipped, (x) => x.label).map(listed).join('; ')}` })
  }
  if (parts.length === 0)
    throw new PipelineError('short-series', `${cuts || own ? `no series of ${ds.file} has a window in each of training, validation and test at the cut dates ${cutDate('valStart')} and ${cutDate('testStart')}` : `no series of ${ds.file} has a window in each of training, validation and test of its own split`}${tooFewRows(tried.map((t) => t.s.rows.length), cfg.window)}`, 'window')
  if (oneHot) withSeriesInputs(parts, columns)
  const D = parts[0].prep.D
  const inputs = new Float32Array(N * D) // (N, D)
  const target = cfg.task.kind === 'classification' ? new Int32Array(N) : new Float32Array(N) // (N)
  for (const p of parts) {
    inputs.set(p.prep.inputs, p.offset * D)
    target.set(p.prep.target, p.offset)
  }
  const w0 = parts[0].prep.windows
  const windows = {} as Record<SplitName, Windows>
  const windowCounts = {} as Record<SplitName, Int32Array>
  for (const split of ['train', 'val', 'test'] as const) {
    const starts: number[] = []
    const skip: number[] = []
    windowCounts[split] = Int32Array.from(parts, (p) => {
      for (const s of p.prep.windows[split].starts) starts.push(s + p.offset)
      const k = p.prep.windows[split].skip
      if (k) skip.push(...k)
      return p.prep.windows[split].starts.length
    })
    windows[split] = { ...w0[split], starts: Int32Array.from(starts), ...(w0[split].skip ? { skip: Int32Array.from(skip) } : {}) }
  }
  const relative = parts[0].prep.relative
  return { columns, parts, skipped, cuts, ...(ownClocks ? { ownClocks } : {}), cutMode: mode, N, D, inputs, target, ...(relative ? { relative } : {}), windows, windowCounts, notices }
}

/**
 * Two series whose pipelines gave different inputs. Category inputs share their levels across the
 * series (withSharedCategories), so this is a guard: nothing a config can ask for reaches it.
 */
/** Why no series has a window where none holds even one (each series' rows fewer than look-back
 *  plus horizon): ": every series has 1 row; one window takes 15 (look-back 14 and horizon 1)"
 *  (pass 18: 200 series of 1 row each were refused naming only the cut dates); '' otherwise. */
function tooFewRows(rows: readonly number[], w: PipelineConfig['window']): string {
  const most = rows.reduce((a, b) => Math.max(a, b), 0)
  const need = w.lookback + w.horizon
  if (!rows.length || most >= need) return ''
  const fewest = rows.reduce((a, b) => Math.min(a, b), most)
  const have = fewest === most ? `${rows.length === 1 ? 'its one series has' : 'every series has'} ${most} ${most === 1 ? 'row' : 'rows'}` : `the series have ${fewest} to ${most} rows`
  return `: ${have}; one window takes ${need} (look-back ${w.lookback} and horizon ${w.horizon})`
}

export function differentInputs(a: { label: string; names: readonly string[] }, b: { label: string; names: readonly string[] }): PipelineError {
  return new PipelineError('bad-config', `series ${a.label} has the inputs ${andList(a.names)} but series ${b.label} has ${andList(b.names)}; one network needs the same inputs for every series`, 'features')
}

/** The category input columns of a global run (features that are categorical in `ds`; the target
 *  and the series id are never among them). */
function categoryInputs(ds: Dataset, cfg: Pick<PipelineConfig, 'features' | 'target'>): CategoricalColumn[] {
  return cfg.features.flatMap((f) => {
    const c = ds.columns.find((x) => x.name === f)
    return c?.kind === 'categorical' && f !== cfg.target ? [c] : []
  })
}

/** Whether column `c` holds one level on every row of each series where it is given: a static
 *  covariate (a region per store). A property of the rows given, not a fit: it decides only that a
 *  forecast past the end carries the last row's level forward. */
export function isStatic(c: CategoricalColumn, series: readonly { rows: Int32Array }[]): boolean {
  return series.every((s) => {
    let level = -1
    for (const r of s.rows) {
      const k = c.codes[r]!
      if (k < 0) continue
      if (level >= 0 && k !== level) return false
      level = k
    }
    return true
  })
}

/**
 * A global run's category inputs, one-hot encoded alike in every series: their levels are those of
 * every kept series' TRAINING rows pooled (each series split first, then the levels taken; in the
 * column's order), so the network reads the same inputs, with the same meaning, in every series.
 * Each series is prepared again with them (its scalers and its imputers, the training mode of its
 * own rows, are unchanged). A level that no series' training rows hold (seen only in validation or
 * test rows, or on future rows) enters as none of the levels (all zeros) and is said in a notice
 * naming the column, the levels and their series. A column with one level per series is marked
 * static (isStatic). A classification's classes are pooled the same way (sharedClasses) and given in
 * the same pass; one class over every series' training rows is refused then (pooledClassRefusal).
 */
function withSharedCategories(ds: Dataset, cfg: PipelineConfig, tried: Tried[], notices: Notice[]): { tried: Tried[]; fit: SharedFit } {
  const cats = categoryInputs(ds, cfg)
  const kept = tried.filter((t): t is Tried & { prep: Prepared } => t.prep !== undefined)
  const classes = sharedClasses(ds, cfg, kept, notices)
  // the target as an input (its own past) is one-hot over the same classes
  const own = classes && cfg.targetAsInput && cfg.task.kind === 'classification' && !cfg.task.rule && ds.columns.find((c) => c.name === cfg.target)?.kind === 'categorical' ? { [cfg.target]: classes } : {}
  const withClasses = (fit: SharedFit): { tried: Tried[]; fit: SharedFit } => {
    const f: SharedFit = classes ? { ...fit, classes, levels: { ...fit.levels, ...own } } : fit
    const prepared = tried.map((t) => (t.prep ? again(ds, t, f) : t))
    const one = pooledClassRefusal(ds, cfg, prepared.filter((t): t is Tried & { prep: Prepared } => t.prep !== undefined))
    if (one) throw one
    return { fit: f, tried: prepared }
  }
  if (!cats.length || !kept.length) return classes ? withClasses({}) : { tried, fit: {} }
  const known = new Set(cfg.known ?? [])
  const levels: Record<string, string[]> = {}
  for (const c of cats) {
    const seen = new Set(kept.flatMap((t) => t.prep.fitted.inputs.find((b) => b.column === c.name)?.levels ?? []))
    levels[c.name] = c.levels.filter((l) => seen.has(l))
  }
  const statics = cats.filter((c) => !known.has(c.name) && isStatic(c, kept.map((t) => t.s))).map((c) => c.name)
  notices.push(...unseenLevelNotices(cats, levels, kept.map((t) => t.s)))
  return withClasses({ levels, static: statics })
}

/**
 * A global classification's classes, pooled over every kept series' TRAINING rows (each series split
 * first, then its classes taken: a rule's and a true/false target's are always both, categories' the
 * levels some series' training rows hold, in the column's order), so that the network's outputs mean
 * the same class in every series. A series may lack a class in its training rows (it learns it from
 * the others': said in a notice naming the series); a level that no series' training rows hold (only
 * later rows) is neither trained on nor scored, as a single-series run's, and said too. Null for a
 * regression. The refusal of one class on every training row of every series is the caller's
 * (pooledClassRefusal), once each series is prepared with these.
 */
function sharedClasses(ds: Dataset, cfg: PipelineConfig, kept: readonly (Tried & { prep: Prepared })[], notices: Notice[]): readonly string[] | null {
  if (cfg.task.kind !== 'classification' || !kept.length) return null
  const tc = ds.columns.find((c) => c.name === cfg.target)
  const own = (t: Tried & { prep: Prepared }) => (t.prep.fitted.target.kind === 'classification' ? t.prep.fitted.target.classes : [])
  const seen = new Set(kept.flatMap(own))
  const categories = tc?.kind === 'categorical' && !cfg.task.rule ? tc : null
  const classes = categories ? categories.levels.filter((l) => seen.has(l)) : [...TWO_CLASSES]
  if (categories) {
    const unseen = unseenOf(categories, new Set(classes), kept.map((t) => t.s))
    if (unseen.size) notices.push({ code: 'unseen-classes', column: cfg.target, message: `"${cfg.target}" has ${unseen.size === 1 ? 'a class' : `${unseen.size} classes`} that no series' training rows hold, only later rows: ${namedUnseen(unseen)}; those rows are neither trained on nor scored, as the network never learned ${unseen.size === 1 ? 'it' : 'them'}` })
  }
  // which classes each series' training rows lack (categories: its own training levels; a rule or true/false: the classes its rows hold)
  const lacking = new Map<string, string[]>() // class -> series labels
  for (const t of kept) {
    const held = categories ? new Set(own(t)) : heldClasses(t.prep)
    for (const c of classes) if (!held.has(c)) lacking.set(c, [...(lacking.get(c) ?? []), t.s.label])
  }
  if (lacking.size) notices.push({ code: 'absent-classes', column: cfg.target, message: absentClasses(cfg.target, lacking, kept.length) })
  return classes
}

/** The classes (TWO_CLASSES' names) that a two-class series' training rows hold. */
function heldClasses(prep: Prepared): Set<string> {
  const held = new Set<string>()
  for (let i = prep.splits.train.start; i < prep.splits.train.end; i++) {
    const k = prep.targetRaw[i]!
    if (k === k) held.add(TWO_CLASSES[k]!)
  }
  return held
}

/** One class on every training row of every kept series (a rule never true in any series' training
 *  rows): nothing to learn to tell apart, refused as a single-series run's is (oneClassRefusal). */
function pooledClassRefusal(ds: Dataset, cfg: PipelineConfig, kept: readonly (Tried & { prep: Prepared })[]): PipelineError | null {
  const t = kept[0]?.prep.fitted.target
  if (cfg.task.kind !== 'classification' || t?.kind !== 'classification') return null
  const held = new Set<number>()
  for (const { prep } of kept) for (let i = prep.splits.train.start; i < prep.splits.train.end; i++) if (prep.targetRaw[i] === prep.targetRaw[i]) held.add(prep.targetRaw[i]!)
  if (held.size !== 1) return null
  const only = t.classes[[...held][0]!]!
  return new PipelineError('bad-config', cfg.task.rule
    ? `the rule "${cfg.task.rule}" is ${only} on every training row of every series of ${ds.file}: a classifier needs rows of both classes; change the threshold`
    : `"${cfg.target}" is ${JSON.stringify(only)} on every training row of every series of ${ds.file}: a classifier needs rows of at least two classes`, 'task.rule')
}

/** The notice of the series whose training rows lack some class of the pooled ones. */
function absentClasses(target: string, lacking: Map<string, string[]>, of: number): string {
  const named = [...lacking.entries()].slice(0, 5).map(([c, s]) => `"${c}" (${s.length} of ${of} series: ${[...s].sort(naturalCompare).slice(0, 3).join('; ')}${s.length > 3 ? ` and ${s.length - 3} more` : ''})`).join(', ') + (lacking.size > 5 ? `, and ${lacking.size - 5} more` : '')
  return `some series hold no training row of a class of "${target}": ${named}; the network learns ${lacking.size === 1 ? 'it' : 'them'} from the other series' rows, and those series' baselines only know their own`
}

/** Series `t` prepared again on its own rows and config (its split as it was), with `opts`; its first notices kept. */
function again(ds: Dataset, t: Tried & { prep: Prepared }, opts: PrepareOptions): Tried {
  const prep = preparePipeline({ ...selectRows(ds, t.s.rows), notices: [] }, t.prep.config, opts)
  return { s: t.s, prep: { ...prep, notices: t.prep.notices } }
}

/** A notice per category of `cats` with levels on the rows of `series` that `levels` (the pooled
 *  training levels) lacks: which, how many rows and in which series. */
function unseenLevelNotices(cats: CategoricalColumn[], levels: Record<string, readonly string[]>, series: readonly { label: string; rows: Int32Array }[]): Notice[] {
  return cats.flatMap((c) => {
    const unseen = unseenOf(c, new Set(levels[c.name]), series)
    return unseen.size ? [{ code: 'unseen-levels', column: c.name, message: unseenLevels(c.name, unseen) }] : []
  })
}

/** The levels of `c` on the rows of `series` that `pooled` lacks: how many rows of each, in which series. */
function unseenOf(c: CategoricalColumn, pooled: ReadonlySet<string>, series: readonly { label: string; rows: Int32Array }[]): Map<string, { rows: number; series: string[] }> {
  const unseen = new Map<string, { rows: number; series: string[] }>()
  for (const s of series) {
    for (const r of s.rows) {
      const k = c.codes[r]!
      if (k < 0 || pooled.has(c.levels[k]!)) continue
      const u = unseen.get(c.levels[k]!) ?? { rows: 0, series: [] }
      u.rows++
      if (u.series[u.series.length - 1] !== s.label) u.series.push(s.label)
      unseen.set(c.levels[k]!, u)
    }
  }
  return unseen
}

/** Per series, what its rows hold of each category input of a global run: how many rows of each
 *  level, the first time of each, and whether it holds one level at most; gathered once per file,
 *  series and inputs (a pass over their rows), so that categoryInputsCheck costs no pass at each cut. */
export interface CategorySummary {
  labels: string[] // (G)
  columns: { name: string; levels: string[]; count: Int32Array; first: Float64Array; one: Uint8Array }[] // count, first: (G, levels); one: (G)
}

export function summariseCategories(ds: Dataset, cfg: Pick<PipelineConfig, 'features' | 'target' | 'known'>, timeColumn: string, series: readonly { label: string; rows: Int32Array }[]): CategorySummary {
  const time = ds.columns.find((c) => c.name === timeColumn)
  const known = new Set(cfg.known ?? [])
  const cats = time?.kind === 'date' ? categoryInputs(ds, cfg) : []
  const G = series.length
  return {
    labels: series.map((s) => s.label),
    columns: cats.map((c) => {
      const L = c.levels.length
      const count = new Int32Array(G * L) // (G, L)
      const first = new Float64Array(G * L).fill(Infinity) // (G, L)
      // known in the future: read from the future rows, never carried forward, so never static
      const one = new Uint8Array(G).fill(known.has(c.name) ? 0 : 1) // (G)
      series.forEach((s, g) => {
        let level = -1
        for (const r of s.rows) {
          const k = c.codes[r]!
          if (k < 0) continue
          count[g * L + k]!++
          const t = (time as { values: Float64Array }).values[r]!
          if (t < first[g * L + k]!) first[g * L + k] = t
          if (level >= 0 && k !== level) one[g] = 0
          level = k
        }
      })
      return { name: c.name, levels: c.levels, count, first, one }
    })
  }
}

/**
 * What a global run will make of its category inputs, before it is prepared (Setup, from the cuts
 * it draws: each kept series, by its index in `sum`, with the time its validation starts,
 * `trainUntil`): which are static (isStatic) and the notices of levels that no kept series'
 * training rows hold, in the run's words. The training rows here are a series' rows before
 * `trainUntil`, before any merging of repeated times or resampling, which the run may do.
 */
export function categoryInputsCheck(sum: CategorySummary, kept: readonly { index: number; trainUntil: number }[]): { static: string[]; notices: Notice[] } {
  if (!kept.length) return { static: [], notices: [] }
  const notices: Notice[] = []
  const statics: string[] = []
  for (const c of sum.columns) {
    const L = c.levels.length
    if (kept.every(({ index }) => c.one[index])) statics.push(c.name)
    const seen = new Uint8Array(L) // (L)
    for (const { index: g, trainUntil } of kept) for (let k = 0; k < L; k++) if (c.first[g * L + k]! < trainUntil) seen[k] = 1
    const unseen = new Map<string, { rows: number; series: string[] }>()
    for (let k = 0; k < L; k++) {
      if (seen[k]) continue
      for (const { index: g } of kept) {
        const n = c.count[g * L + k]!
        if (!n) continue
        const u = unseen.get(c.levels[k]!) ?? { rows: 0, series: [] }
        u.rows += n
        u.series.push(sum.labels[g]!)
        unseen.set(c.levels[k]!, u)
      }
    }
    if (unseen.size) notices.push({ code: 'unseen-levels', column: c.name, message: unseenLevels(c.name, unseen) })
  }
  return { static: statics, notices }
}

/** The notice of a category's levels that no series' training rows hold. */
function unseenLevels(column: string, unseen: Map<string, { rows: number; series: string[] }>): string {
  return `"${column}" has ${unseen.size === 1 ? 'a level' : `${unseen.size} levels`} that no series' training rows hold, only later rows: ${namedUnseen(unseen)}; ${unseen.size === 1 ? 'it enters' : 'they enter'} as none of its levels (all zeros), as the network never learned ${unseen.size === 1 ? 'it' : 'them'}`
}

/** The first five unseen levels, each with its rows and first three series. */
function namedUnseen(unseen: Map<string, { rows: number; series: string[] }>): string {
  return [...unseen.entries()].slice(0, 5).map(([l, u]) => `"${l}" (${u.rows} ${u.rows === 1 ? 'row' : 'rows'}, in ${[...u.series].sort(naturalCompare).slice(0, 3).join('; ')}${u.series.length > 3 ? ` and ${u.series.length - 3} more series` : ''})`).join(', ') + (unseen.size > 5 ? `, and ${unseen.size - 5} more` : '')
}

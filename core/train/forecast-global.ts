// A global model file (core/train/global.ts) applied to a long file: every series of the model is
// found in the new data by its id, prepared with its own stored pipeline (its scalers, fitted on
// its training rows), and forecast by the one network, past the end (forecastAhead) or from every
// window (predictWindows), with the forecaster chosen for that series on validation (its statistical
// models applied to the data given, as a single-series file's choice is). Series the file lacks, or
// the model never saw, are named, never guessed.
import { applyFitted, PipelineError, selectRows, type Applied, type Dataset } from '../data'
import { uncheckedStepNote } from '../data/series'
import { bareMessage, bareWords, seriesRows } from '../data/global'
import { appendFuture, FutureKindError } from '../data/future'
import { aheadClockNote, FeaturesUnknownAhead, ForecastError, forecastAhead, loadModelFile, pastEndOf, predictWindows, validatedSteps, windowsLeftOut, type ForecastPoint, type LoadedModel } from './forecast'
import { beyondHistory, outsideHistory } from './domain'
import { beyondSeriesWords, farAheadSeriesWords, notForecastWords } from './series-notes'
import { pastLastYearWords } from './time-step'
import { seasonStart } from './season-start'
import { andListCut, choiceNumber, prefixed, type Words } from '../data/words'
import { domainNote } from '../data/range'
import type { Domain } from './domain'
import type { TimeZoneMark } from '../data/time-cell'
import type { SeriesNote } from '../data/types'

export interface GlobalModel {
  columns: string[]
  series: { key: string[]; label: string; m: LoadedModel }[]
  skipped: { label: string; rows: number }[]
  /** Series that model log(y) in a file from before the global intervals were calibrated in the
   *  model's own space: their stored half-width is in units, and each window's forecast leaves it
   *  out (forecastGlobal says so). */
  unitIntervals?: string[]
}

/** A series' forecast points; `zone`: the zone its times are written in, its own rows' where the
 *  file's series are in different zones (../data/series.ts selectRows, ownZone). */
export interface SeriesPoints { key: string[]; label: string; points: ForecastPoint[]; zone?: TimeZoneMark }

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** True for the model file of a global run (pipeline.global), which loadModelFile does not read. */
export function isGlobalModelFile(json: unknown): boolean {
  return isObj(json) && isObj(json['pipeline']) && isObj(json['pipeline']['global'])
}

/** Each series' pipeline with the shared network, each checked as a model file of its own is. */
export function loadGlobalModelFile(json: unknown, appVersion?: string): GlobalModel {
  if (!isGlobalModelFile(json)) throw new ForecastError('bad-model', 'the model file is not a global model (no pipeline.global)')
  const file = json as Record<string, unknown> & { pipeline: Record<string, unknown> & { global: Record<string, unknown> } }
  const g = file.pipeline.global
  if (g['version'] !== 1) throw new ForecastError('too-new', `pipeline.global.version is ${JSON.stringify(g['version'])}; this app reads version 1`)
  const columns = g['columns']
  const list = g['series']
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string') || columns.length === 0) throw new ForecastError('bad-model', 'pipeline.global.columns must name the series id column(s)')
  if (!Array.isArray(list) || list.length === 0) throw new ForecastError('bad-model', 'pipeline.global.series must list at least one series')
  const unitIntervals: string[] = []
  const series = list.map((s, i) => {
    if (!isObj(s) || !Array.isArray(s['key']) || s['key'].length !== columns.length || typeof s['label'] !== 'string')
      throw new ForecastError('bad-model', `pipeline.global.series[${i}] needs a key (one value per id column) and a label`)
    // a series' choice and path intervals (absent in files from before the per-series choice: the
    // network is its forecast) are read, checked and applied as a single-series file's are
    // half-widths in the model's own space (intervalSpace 'model'), as a single-series file's; a file
    // from before kept a log(y) series' in units, which each window's forecast (predictWindows) would
    // read as a log ratio (x e^q): forecastGlobal leaves them out there. Past the end they are read
    // in units where no choice is stored (files from before the per-series choice), as written.
    const inUnits = s['intervalSpace'] !== 'model' && isObj(s['fitted']) && isObj(s['fitted']['target']) && s['fitted']['target']['transform'] === 'log'
    if (inUnits && s['intervalHalfWidth'] !== null && s['intervalHalfWidth'] !== undefined) unitIntervals.push(s['label'] as string)
    const one = { ...file, pipeline: { config: s['config'], fitted: s['fitted'], intervalHalfWidth: s['intervalHalfWidth'], intervalHalfWidths: s['intervalHalfWidths'], level: file.pipeline['level'], choice: s['choice'], ahead: s['ahead'], ...(s['domain'] !== undefined ? { domain: s['domain'] } : {}), ...(s['history'] !== undefined ? { history: s['history'] } : {}) } }
    try {
      return { key: (s['key'] as unknown[]).map(String), label: s['label'] as string, m: loadModelFile(one, appVersion) }
    } catch (e) {
      if (e instanceof ForecastError) throw new ForecastError(e.code, `series ${s['label']}: ${e.message}`)
      throw e
    }
  })
  const skipped = Array.isArray(g['skipped']) ? (g['skipped'] as { label: string; rows: number }[]) : []
  return { columns: columns as string[], series, skipped, ...(unitIntervals.length ? { unitIntervals } : {}) }
}

/** Every model series found in `ds`: past the end (steps) or from every window (steps null), with
 *  notes naming the series the file lacks and the ones the model does not know. `future` (fw forecast
 *  --future FILE): a long file of rows past the end with the series id column(s); each series takes
 *  its own rows, appended after its data (appendFuture), for its known-future inputs. A series that
 *  needs future values and has none is refused naming the series, the column and the first time. */
/** `beyond`: past the end, the series whose last observed values lie outside everything the run saw
 *  of them before its test period (a single-series run's warning, beyondHistory), in both wordings;
 *  null when none, in windows' forecasts, or for a file from before it kept each series' history.
 *  `notForecast`: past the end, the series that cannot reach `steps` (their network reads features
 *  whose future is unknown, needsFuture), said once per reason and grouped, in both wordings; the
 *  others are forecast. `far`: past the end, once for the run, the series forecast more steps than
 *  their rows of history (forecast.ts farAheadNote); null when none. Steps whose dates leave year 9999
 *  are refused once, before any forecast. When none can be, one ForecastError says why (a one-series model: the series'
 *  own error, after its name). */
export function forecastGlobal(gm: GlobalModel, ds: Dataset, steps: number | null, future?: Dataset): { blocks: SeriesPoints[]; notes: string[]; beyond: Words | null; notForecast: Words[]; far: string | null; clock: string | null } {
  const inFile = new Map(seriesRows(ds, gm.columns).map((s) => [s.key.join('\u0000'), s]))
  const futureRows = new Map(future ? seriesRows(future, gm.columns).map((s) => [s.key.join('\u0000'), s]) : [])
  const notes: string[] = []
  const leftOut: SeriesSaid[] = []
  const unplaced: SeriesSaid[] = []
  const outsides: SeriesSaid[] = []
  const unread: string[] = [] // series forecast without their half-width in units (unitIntervals)
  const blocks: SeriesPoints[] = []
  const beyond: { label: string; words: Words }[] = []
  const short: { label: string; error: ForecastError }[] = [] // series that cannot reach `steps` (needsFuture)
  // each series' rows prepared first: steps whose dates leave year 9999 are refused once for the
  // run, before any forecast is made (forecastAhead's refusal, for the series that reaches furthest)
  const prepared: { s: GlobalModel['series'][number]; a: Applied }[] = []
  for (const s of gm.series) {
    const rows = inFile.get(s.key.join('\u0000'))
    if (!rows) {
      notes.push(notInFileNote(s.label, ds.file))
      continue
    }
    inFile.delete(s.key.join('\u0000'))
    try {
      const own = { ...selectRows(ds, rows.rows), notices: [] }
      const ahead = futureRows.get(s.key.join('\u0000'))
      futureRows.delete(s.key.join('\u0000'))
      prepared.push({ s, a: applyFitted(future && ahead ? appendFuture(own, selectRows(future, ahead.rows)) : own, s.m.config, s.m.fitted) })
    } catch (e) {
      named(s.label, e)
    }
  }
  if (steps !== null) pastYear(prepared, steps)
  const far: { label: string; rows: number; checked: number }[] = [] // series forecast more steps than their rows
  // what preparing each series' rows did (sorted, repeated times merged, gaps filled, rows left out),
  // after its name, grouped by kind as the ONNX graph's path groups them (global-onnx-predict.ts);
  // the unchecked step is said once for the run, below
  const done = new Map<string, SeriesSaid[]>()
  const clocks: SeriesSaid[] = [] // each series' (aheadClockNote), grouped where they say one thing (seriesClockNote)
  const clipped: SeriesSaid[] = [] // the series whose forecast was clipped at 0 (clippedSaid)
  for (const { s, a } of prepared) {
    try {
      const unitsOnly = steps === null && gm.unitIntervals?.includes(s.label)
      if (unitsOnly) unread.push(s.label)
      const points = steps === null ? predictWindows(unitsOnly ? { ...s.m, intervalHalfWidth: null, intervalHalfWidths: null } : s.m, a) : forecastAhead(s.m, a, steps)
      blocks.push({ key: s.key, label: s.label, points, zone: a.zone })
      // the stamps past the end (fw predict's: the last windows') and the series' clock: each
      // series' own, whose zone may be another series' (a long file of several zones)
      const clock = aheadClockNote(s.m, ds, a, points)
      if (clock) clocks.push({ label: s.label, note: clock })
      const clip = clippedSaid(s.label, s.m.config.target, s.m.domain, points)
      if (clip) clipped.push(clip)
      for (const n of a.notices) if (n.code !== 'step-unchecked') done.set(n.code, [...(done.get(n.code) ?? []), { label: s.label, note: n.message }])
      if (steps !== null && steps > a.N) far.push({ label: s.label, rows: a.N, checked: validatedSteps(s.m) })
      const beyondIt = steps === null ? null : beyondHistory(s.m.history ?? null, s.m.config.target, a.targetRaw, a.time, a.lines, choiceNumber, a.zone)
      if (beyondIt) beyond.push({ label: s.label, words: beyondIt })
      const left = steps === null ? windowsLeftOut(s.m, a, points) : null
      if (left) leftOut.push({ label: s.label, note: left })
      const placed = seasonStart(s.m, a, ds.file).note
      if (placed) unplaced.push({ label: s.label, note: placed.message })
      const outside = steps === null ? outsideHistory(s.m.history ?? null, s.m.config.target, a.targetRaw, ds.file, choiceNumber) : null
      if (outside) outsides.push({ label: s.label, note: outside })
    } catch (e) {
      // past the end, a series whose network cannot reach that far is left out and said (grouped
      // below), the others forecast: one series' features do not stop the series forecast without them
      if (steps !== null && e instanceof FeaturesUnknownAhead && gm.series.length > 1) {
        short.push({ label: s.label, error: e })
        continue
      }
      named(s.label, e)
    }
  }
  // files from before fitted.step: the step of their rows is not checked (applyFitted), said once
  if (blocks.length && gm.series.some((s) => !s.m.fitted.step) && ds.timeColumn !== null) notes.push(uncheckedStepNote(ds.file))
  if (unread.length) {
    const n = unread.length
    notes.push(`${n} series that model log(y) have no interval (${andListCut(unread, 5)}): the model file, from an earlier version, keeps their half-width in units where this version reads a log ratio; train the run again to have them`)
  }
  for (const said of done.values()) notes.push(...firstThree(said))
  // windows whose known inputs have no value at their forecast row (predictWindows), per series
  notes.push(...firstThree(leftOut))
  // series whose first row the dates cannot place in their statistical models' season (season-start.ts)
  notes.push(...firstThree(unplaced))
  // windows forecast from values outside the series' training range (domain.ts outsideHistory)
  notes.push(...firstThree(outsides))
  // series clipped at 0, as the ONNX graph's path says them (global-onnx-predict.ts)
  notes.push(...firstThree(clipped))
  if (future && futureRows.size) notes.push(`${futureRows.size} series of ${future.file} the model did not forecast, their rows not used: ${andListCut([...futureRows.values()].map((s) => s.label), 10)}`)
  const unknown = [...inFile.values()]
  if (unknown.length) notes.push(unknownSeriesNote(unknown.map((s) => s.label), ds.file))
  const notForecast = notForecastWords(short, steps ?? 0, blocks.length + short.length)
  if (blocks.length === 0 && short.length) throw new ForecastError('needs-future-features', notForecast.length === 1 ? notForecast[0]! : { message: notForecast.map((w) => w.message).join('; '), app: notForecast.map((w) => w.app ?? w.message).join('; ') })
  if (blocks.length === 0) throw noSeriesError(gm.series.length, gm.columns, ds.file)
  return { blocks, notes, beyond: beyondSeriesWords(beyond.map((b) => b.label), beyond.length === 1 ? beyond[0]!.words : null), notForecast, far: farAheadSeriesWords(far, steps ?? 0, blocks.length), clock: seriesClockNote(clocks, blocks.length) }
}

/** The clock notes of a global forecast's series (aheadClockNote, per series) in one: a single
 *  sentence where all `count` series forecast say it, else each note after the series that say it
 *  ("a, b: the times past the end follow the EU clock changes …; c: …"); null where none has one. */
export function seriesClockNote(said: readonly SeriesSaid[], count: number): string | null {
  const by = new Map<string, string[]>()
  for (const { label, note } of said) by.set(note, [...(by.get(note) ?? []), label])
  if (by.size === 0) return null
  if (by.size === 1 && said.length === count) return said[0]!.note
  return [...by].map(([note, labels]) => `${andListCut(labels, 10)}: ${note}`).join('; ')
}

/** A model series the file lacks, in the words fw predict says it (the ONNX graph's path too). */
export const notInFileNote = (label: string, file: string) => `series ${label} is in the model but not in ${file}: not forecast`

/** The file's series the model was not trained on (their labels), the first ten named. */
export const unknownSeriesNote = (labels: string[], file: string) => `${labels.length} series of ${file} the model was not trained on, not forecast: ${andListCut(labels, 10)}`

/** None of the model's `count` series (id `columns`) is in `file`. */
export const noSeriesError = (count: number, columns: string[], file: string) => new ForecastError('no-series', `none of the model's ${count} series (${columns.join(', ')}) is in ${file}`)

/** A series' error, rethrown with its name, each in both wordings (the app's where the error carries them). */
export function named(label: string, e: unknown): never {
  if (e instanceof ForecastError) throw new ForecastError(e.code, prefixed(`series ${label}: `, e))
  // (a future file's column of another kind keeps what io.ts namingFutureCell reads it again by)
  if (e instanceof FutureKindError) throw new FutureKindError(`series ${label}: ${bareMessage(e)}`, e.column, e.kind, e.dataFile)
  if (e instanceof PipelineError) throw new PipelineError(e.code, bareWords(e, `series ${label}: `), e.field)
  throw e
}

/** Refuses `steps` past the end when some series' dates would leave year 9999, once for the run: in
 *  the words of a single series' refusal, after the name of the series that reaches furthest where
 *  the series differ (their last dates or steps). */
function pastYear(prepared: readonly { s: GlobalModel['series'][number]; a: Applied }[], steps: number): void {
  const past = prepared.map(({ s, a }) => ({ label: s.label, p: pastEndOf(s.m, a, steps) })).filter((x) => x.p !== null)
  if (!past.length) return
  const worst = past.reduce((a, b) => (b.p!.most < a.p!.most ? b : a))
  const text = pastLastYearWords(worst.p!, steps)
  const same = past.length === prepared.length && past.every((x) => pastLastYearWords(x.p!, steps) === text)
  throw new ForecastError('bad-steps', same ? text : `series ${worst.label} reaches furthest of the ${prepared.length} series: ${text}`)
}

/** A series whose forecasts (`points`, with their lower bounds where it has intervals) were clipped
 *  at 0 by its `domain` (../data/range domainNote), in the one wording of both global paths, the
 *  model file's (forecastGlobal) and the ONNX graph's (global-onnx-predict.ts); null where none sits
 *  at 0. A single-series run says the same without the series (fw predict, fw forecast). */
export function clippedSaid(label: string, target: string, domain: Domain | null | undefined, points: readonly { value: number; lower?: number | null }[]): SeriesSaid | null {
  const note = domainNote(domain, points.flatMap((p) => [p.value, p.lower]))
  if (!note) return null
  return { label, note: `forecasts${points.some((p) => p.lower != null) ? ' and interval bounds' : ''} of ${target} are ${note}` }
}

/** One note of one series, said after its name (firstThree). */
export interface SeriesSaid { label: string; note: string }

/** Per-series notes of one kind, each after its series' name ('series store = north: …'): every
 *  note of the first three series, and how many more series say the same. It counts series, not
 *  notes: a series may say two of a kind (two columns' unseen levels, a sort and a merge). fw
 *  predict's global model file and its ONNX graph (global-onnx-predict.ts) say them alike. */
export function firstThree(list: readonly SeriesSaid[]): string[] {
  const labels = [...new Set(list.map((x) => x.label))]
  const shown = new Set(labels.slice(0, 3))
  const more = labels.length - shown.size
  return [...list.filter((x) => shown.has(x.label)).map((x) => `series ${x.label}: ${x.note}`), ...(more > 0 ? [`and so for ${more} more series`] : [])]
}

/** A run's notes as fw train prints them: a global model's notes of its series (Notice.series)
 *  grouped by kind as fw forecast groups them (firstThree), each group where its first note was;
 *  the others as they are. --json and the app keep every note. */
export function groupedNotes(notes: readonly (Words & { series?: SeriesNote })[]): string[] {
  const kinds = new Map<string, SeriesSaid[]>()
  const out: (string | SeriesSaid[])[] = []
  for (const n of notes) {
    if (!n.series) {
      out.push(n.message)
      continue
    }
    let kind = kinds.get(n.series.kind)
    if (!kind) kinds.set(n.series.kind, (kind = [])), out.push(kind)
    kind.push({ label: n.series.label, note: n.series.note })
  }
  return out.flatMap((x) => (typeof x === 'string' ? [x] : firstThree(x)))
}

/** How far past the end the series of a global model are forecast (forecastAhead on each): a
 *  series whose forecast takes the network (no choice stored, or a network weight above 0) stops
 *  at the horizon where the network reads inputs with no values past the end (neither static, as a
 *  region per store, nor known in the future); forecastGlobal leaves those series out past it and
 *  forecasts the others (refusing only when none is left). null: every series as far as asked.
 *  `features`: those inputs, in the order the network reads them; `series`: how many series stop
 *  there, of `of`. */
export function globalAheadReach(gm: GlobalModel): { steps: number; features: string[]; series: number; of: number } | null {
  let steps = Infinity
  let series = 0
  const features = new Set<string>()
  for (const { m } of gm.series) {
    if (m.choice && m.choice.network === 0) continue
    const others = m.fitted.inputs.filter((b) => b.column !== m.config.target && !b.static && !b.known).map((b) => b.column)
    if (!others.length) continue
    others.forEach((f) => features.add(f))
    steps = Math.min(steps, m.config.window.horizon)
    series++
  }
  return features.size ? { steps, features: [...features], series, of: gm.series.length } : null
}

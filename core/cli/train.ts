// `fw train`: import a CSV, resolve the config, train in this process, print the test metrics of
// the network next to every baseline, and write the model file and the test predictions.
import { zoneWords, type TimeZoneMark } from '../data/time-cell'
import { CLIP_MOSTLY, clipRateOf, clipWords, scoredSteps } from '../train/clip-rate'
import { seriesTimeColumn, seriesZoneMark } from '../data/series'
import { existsSync, readFileSync } from 'node:fs'
import { parseHolidays } from '../data/calendar'
import { noIntervalNote, PipelineError, yesNoWords } from '../data'
import type { Words } from '../data/words'
import { countingColumnWords, defaultFeatureChoice, mostlyBlankWords, NEAR_DUPLICATE, parseRule, ruleOffTarget } from '../data/config'
import { noColumn, noColumns } from '../data/pipeline'
import { andList } from '../data/words'
import { findWorkerFile, parallelGradients, parallelStatFits, resolveThreads } from '../parallel'
import type { StatFitter } from '../train/choice'
import { fewerStepsWhy, scoredSpanWords } from '../train/choice-steps'
import { DEFAULT_DATA, resolveConfig } from '../train/config'
import { dropoutActs } from '../engine/model'
import { defaultSeasonAndLookBack, shortLookBackNote, weekCalendarNote } from '../train/season'
import { globalDefaultLookBack } from '../train/global-lookback'
import { seriesRows } from '../data/global'
import { DEFAULT_RESAMPLE, resampleFlag, type SeriesOfRun } from '../train/grid'
import type { FitHooks, GradientProvider } from '../train/fit'
import { runTraining } from '../train/run'
import { asTrainField } from '../train/prepare'
import type { TrainConfig, TrainEvent, TrainResult } from '../train/types'
import { markPhase, progressWords, timeLeft, timeLeftWords, type PhaseMark } from '../train/progress'
import { UsageError, columnPairs, need, str, type Parsed } from './args'
import { readUnits, unitError } from '../data/units'
import { targetScale } from '../data/metrics'
import { domainNote, rangeWarning } from '../data/range'
import { choiceWords, knownInputNames, networkLostOf } from '../export/verdict'
import { endingNotes, fewEventsNote, fmt, keepLine, metricsTable, progressLine, statusLine, type Out } from './format'
import { CSV_FLAGS, decimalNotes, outDir, readJsonFile, writeRunFiles } from './io'
import { chosenSeries, seriesOption } from './series'
import { GLOBAL_FLAGS, globalSeries } from './global-flags'
import { groupedNotes } from '../train/forecast-global'
import { runFileClasses, runFileTextsWith } from '../services/run-files'
import { readTrainingCsv } from './wide'
import type { Dataset } from '../data'
import { openCliStore, recordNewRun, refuseUnwritableDb } from './runs'
import { thresholdReport, type ThresholdJson } from './threshold'
import { whereClassHolds } from '../export/forecast-csv'
import { vanishingWords } from '../train/vanishing'
import type { Store } from '../store'
import { Stopped, stopHooks, stoppedRun, type StopTrap } from './stop'
import { APP_VERSION } from '../services/app-version'
import { withCalendarNote } from '../services/run-words'
import { errorPayload } from '../services/trainer-protocol'

/** The network's shape and learning rate (model.cell, numLayers, hiddenSize, dropout; training.lr),
 *  as fw train, sweep and backtest take them; resolveConfig checks the values and names the field,
 *  which the CLI says is the flag (index.ts FIELD_FLAGS). */
export const SHAPE_FLAGS = { cell: 'string', layers: 'integer', hidden: 'integer', dropout: 'number', lr: 'number' } as const

export const TRAIN_FLAGS = {
  csv: 'string', target: 'string', features: 'string', time: 'string', task: 'string', rule: 'string',
  config: 'string', out: 'string', json: 'boolean', db: 'string', 'no-db': 'boolean', epochs: 'integer', seed: 'integer', threads: 'string', name: 'string', horizon: 'integer', direct: 'boolean',
  lookback: 'integer', season: 'string', resample: 'string', level: 'string', transform: 'string', forecaster: 'string', outliers: 'string', unit: 'string', ...CSV_FLAGS, ...GLOBAL_FLAGS,
  calendar: 'string', holidays: 'string', 'period-label': 'string', 'known-future': 'string', ...SHAPE_FLAGS
} as const

/** --calendar dow,month|auto|none, --holidays FILE (--period-label start|end) and --known-future
 *  COL,…: inputs known in the future (data.calendar, data.holidays, data.periodLabel, data.known),
 *  which fw forecast reads past the end. */
function futureInputs(p: Parsed, data: Record<string, unknown>): void {
  const cal = str(p, 'calendar')
  if (cal !== undefined) data['calendar'] = cal === 'auto' || cal === 'none' ? cal : cal.split(',').map((s) => s.trim()).filter(Boolean)
  const file = str(p, 'holidays')
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`${file}: no such holiday file`)
    try {
      data['holidays'] = parseHolidays(readFileSync(file, 'utf8'), file)
    } catch (e) {
      throw e instanceof PipelineError ? new UsageError(`--holidays: ${e.message}`) : e
    }
  }
  const label = str(p, 'period-label')
  if (label !== undefined) data['periodLabel'] = label // checked by resolveConfig (data.periodLabel)
  const known = str(p, 'known-future')
  if (known !== undefined) data['known'] = known.split(',').map((s) => s.trim()).filter(Boolean)
}

/** --unit COL=UNIT[,COL=UNIT...]: units kept with the dataset, display only (core/data/units.ts),
 *  over those the import read off the values ("$1,234.50": "$").
 *  A column the CSV lacks is refused as --target is (with the nearest one), a bad unit as a usage
 *  error naming the column. */
export function unitsOf(p: Parsed, ds: Dataset): Record<string, string> {
  const spec = str(p, 'unit')
  const units = readUnits(ds.columns)
  if (spec === undefined) return units
  for (const [column, unit] of columnPairs(spec, 'unit', 'UNIT')) {
    if (!ds.columns.some((c) => c.name === column)) throw noColumn(ds, column, 'data.units', false)
    const err = unitError(column, unit)
    if (err) throw new UsageError(`--unit: ${err}`)
    units[column] = unit
  }
  return units
}

/** Columns named by --features or --known-future (or the config file's data.features, data.known)
 *  that the file lacks: refused now, every one named with its nearest column, not after the import
 *  and 'preparing the data' (the pipeline still refuses them for the app's runs). A value that is
 *  no list of names is left for resolveConfig to name. */
function absentColumns(ds: Dataset, names: unknown, field: string): void {
  if (!Array.isArray(names)) return
  const lacked = names.filter((n): n is string => typeof n === 'string' && !ds.columns.some((c) => c.name === n))
  if (lacked.length) throw noColumns(ds, lacked, field)
}

/** data.resample from --resample STEP|auto|off, or "auto" in the --config file, resolved against the
 *  rows (core/train/grid.ts); with neither, DEFAULT_RESAMPLE. Stored as resolved, so a run of a
 *  series without gaps stores null, as before "auto" was the default. */
function resampleOf(p: Parsed, data: Record<string, unknown>, rows: Dataset, series?: SeriesOfRun): void {
  const flag = str(p, 'resample')
  const given = flag ?? (data['resample'] === undefined ? DEFAULT_RESAMPLE : data['resample'])
  if (typeof given !== 'string') return
  const time = (data['time'] as string | undefined) ?? rows.timeColumn
  try {
    // a grid merges rows sharing a time: not where the config keeps them apart (data.duplicates 'keep')
    data['resample'] = resampleFlag(given, rows, time, series, data['duplicates'] === 'keep' ? 'keep' : undefined)
  } catch (e) {
    throw e instanceof PipelineError ? new UsageError(flag === undefined ? `data.resample: ${e.message.replace(/^--resample /, '')}` : e.message) : e
  }
}

/** The run's config: defaults, then --config, then the command-line flags (buildRunConfig's config). */
export function buildConfig(p: Parsed, ds: Dataset): TrainConfig {
  return buildRunConfig(p, ds).config
}

/** The run's config, and whether its calendar was turned on by default (WEEK_CALENDAR: sub-daily
 *  rows that take the week, no calendar given), which fw train says (calendarDefaultNote). */
export function buildRunConfig(p: Parsed, ds: Dataset): { config: TrainConfig; calendarByDefault: boolean } {
  const file = str(p, 'config')
  const base = (file ? readJsonFile(file, 'config') : {}) as Record<string, Record<string, unknown> | undefined>
  const data: Record<string, unknown> = { ...(base['data'] ?? {}) }
  const target = str(p, 'target') ?? (data['target'] as string | undefined)
  if (!target) need(p, 'target', 'train')
  // a column the file lacks, said now with the nearest one, not after the import and 'preparing the data'
  if (!ds.columns.some((c) => c.name === target)) throw noColumn(ds, target!, 'data.target', true)
  data['target'] = target
  const global = globalSeries(p)
  const series = global ?? seriesOption(p)
  if (series) data['series'] = series
  // one series of a long file: its id is no input, and defaults come from its rows (a global
  // model's look-back: from every series, globalDefaultLookBack below)
  const one = global ? { columns: global.columns, rows: ds } : chosenSeries(ds, data['series'])
  const features = str(p, 'features')
  if (features !== undefined) data['features'] = features.split(',').map((s) => s.trim()).filter(Boolean)
  else if (data['features'] === undefined) {
    // as Setup (core/data's defaultFeatureChoice): not a near-duplicate of the target, nor a
    // category of more than MAX_FEATURE_LEVELS levels (an id, a date read as text); train() says so
    data['features'] = defaultFeatureChoice(ds, target!, one.columns).features
  }
  absentColumns(ds, data['features'], 'data.features')
  if (str(p, 'time')) data['time'] = str(p, 'time')
  // --time is checked as the file is read; the config's own key is named here (not the pipeline's time.column)
  else absentColumns(ds, [data['time']], 'data.time')
  // a global model's grid: decided over every series together (autoResampleFor, as Setup decides it),
  // not from the first series, so that the order of the rows does not change the run
  if (global) resampleOf(p, data, ds, global)
  else resampleOf(p, data, one.rows)
  if (str(p, 'task')) data['task'] = str(p, 'task')
  if (typeof p.flags['horizon'] === 'number') data['horizon'] = p.flags['horizon']
  if (p.flags['direct'] === true) data['direct'] = true
  if (typeof p.flags['lookback'] === 'number') data['lookBack'] = p.flags['lookback']
  const season = str(p, 'season')
  // anything but 'auto' or digits goes through as given, for resolveConfig to name data.season
  if (season !== undefined) data['season'] = /^\d+$/.test(season) ? Number(season) : season
  if (str(p, 'level')) data['level'] = str(p, 'level')
  if (str(p, 'transform')) data['transform'] = str(p, 'transform')
  futureInputs(p, data)
  absentColumns(ds, data['known'], 'data.known')
  // No look-back given: two seasons of the period the data shows, capped for short series. No
  // calendar given: the hour of day and day of week where sub-daily rows take the week (WEEK_CALENDAR),
  // stored with the run as resolved, and said (calendarByDefault, returned with the config)
  let calendarDefault = false
  if (data['lookBack'] === undefined || data['calendar'] === undefined) {
    // only from valid settings: a bad horizon or season is left for resolveConfig to name
    const h = data['horizon'] === undefined ? DEFAULT_DATA.horizon : data['horizon']
    const m = data['season'] === undefined || data['season'] === 'auto' ? 'auto' : data['season']
    const okInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1
    // a global model's: the median of its series' own (the same whatever the order of the rows, as
    // Setup's; docs/forecasting.md, section 2), and that series' calendar
    const d = !(okInt(h) && (m === 'auto' || okInt(m))) ? null
      : global ? globalDefaultLookBack(ds, seriesRows(ds, global.columns).map((s) => s.rows), target!, m, h)
      : defaultSeasonAndLookBack(one.rows, target!, m, h)
    if (d && data['lookBack'] === undefined) data['lookBack'] = d.lookBack
    if (d?.calendar.length && data['calendar'] === undefined) {
      data['calendar'] = [...d.calendar]
      calendarDefault = true
    }
  }
  if (str(p, 'rule')) {
    data['rule'] = str(p, 'rule')
    // --rule implies classification, but an explicit --task regression beside it is left for
    // resolveConfig to refuse, in the words a config file with both gets (it ran as classification)
    if (str(p, 'task') === undefined) data['task'] = 'classification'
  }
  // a rule about another column (a typo of the target's name), said now, not after preparing
  // (data.rule, as every other refusal of the rule is named: the pipeline's task.rule is not the CLI's)
  const offTarget = typeof data['rule'] === 'string' ? asTrainField(() => ruleOffTarget(parseRule(data['rule'] as string), target!, 'data.rule')) : null
  if (offTarget) throw offTarget
  const training: Record<string, unknown> = { ...(base['training'] ?? {}) }
  if (typeof p.flags['epochs'] === 'number') training['epochs'] = p.flags['epochs']
  if (typeof p.flags['seed'] === 'number') training['seed'] = p.flags['seed']
  const threads = str(p, 'threads')
  // anything but 'auto' or digits goes through as given, for resolveConfig to name training.threads
  if (threads !== undefined) training['threads'] = /^\d+$/.test(threads) ? Number(threads) : threads
  const model: Record<string, unknown> = { ...(base['model'] ?? {}) }
  if (str(p, 'forecaster')) model['forecaster'] = str(p, 'forecaster')
  if (str(p, 'outliers')) model['outliers'] = str(p, 'outliers')
  if (str(p, 'cell') !== undefined) model['cell'] = str(p, 'cell')
  if (typeof p.flags['layers'] === 'number') model['numLayers'] = p.flags['layers']
  if (typeof p.flags['hidden'] === 'number') model['hiddenSize'] = p.flags['hidden']
  if (typeof p.flags['dropout'] === 'number') model['dropout'] = p.flags['dropout']
  if (typeof p.flags['lr'] === 'number') training['lr'] = p.flags['lr']
  return { config: resolveConfig({ ...base, data, model, training }), calendarByDefault: calendarDefault }
}

/** What fw train says when buildRunConfig turned the calendar on by default; null otherwise. */
/** The test coverage line's ending: '; over steps 1–365 ahead 91.2% (each test interval calibrated
 *  on the errors known at its origin)', or, where the test period holds fewer rows than the steps,
 *  the steps it measured and why ('over steps 1–169 of 365 ahead 91.2% (the test period holds 169
 *  rows; each …)'), in choice-steps.ts's words. */
export function pathCoverageWords(r: Pick<TrainResult, 'pathCoverage' | 'pathCoverageSteps' | 'choice'>): string {
  const origin = 'each test interval calibrated on the errors known at its origin'
  if (r.pathCoverage == null || !r.choice) return ` (${origin})`
  const c = { steps: r.choice.steps, ...(r.pathCoverageSteps ? { scored: r.pathCoverageSteps } : {}) }
  const why = fewerStepsWhy(c, 'the test period')
  return `; over ${scoredSpanWords(c)} ${(r.pathCoverage * 100).toFixed(1)}% (${why ? `${why}; ` : ''}${origin})`
}

export function calendarDefaultNote(built: { calendarByDefault: boolean }): string | null {
  return built.calendarByDefault ? weekCalendarNote().message : null
}

export interface TrainOutcome {
  config: TrainConfig
  result: TrainResult
  files: { model: string; predictions: string }
  runId: number | null
  /** What the import read that an analyst should know (a decimal comma), for --json; printed as notes. */
  notes: string[]
  /** Two classes: the threshold chosen on validation as fw show --json gives it; null otherwise. */
  threshold: ThresholdJson | null
}

/** The default look-back of a short series, below two seasons (or 12 rows): said, as it is not the
 *  look-back an analyst reading the docs expects (a 20-row daily file gets 6, not 14), in the words
 *  of Setup's look-back field (core/train shortLookBackNote); of the series chosen in a long file
 *  (--series-value), whose rows it was derived from. null otherwise, for a global model, or when the
 *  look-back is not the default one. */
export function shortLookBack(ds: Dataset, config: TrainConfig): string | null {
  // a global model's default is the median of its series' (globalDefaultLookBack): no one series'
  // rows to name, and not the rows pooled, which this would have read
  if (config.data.series?.global) return null
  const rows = chosenSeries(ds, config.data.series).rows
  const d = defaultSeasonAndLookBack(rows, config.data.target, config.data.season, config.data.horizon)
  return config.data.lookBack === d.lookBack ? shortLookBackNote(d, rows.rowCount)?.message ?? null : null
}

/** What fw train's default features left out (core/data's defaultFeatureChoice, as Setup leaves
 *  them unticked): near-duplicates of the target, categories of many levels, mostly blank ones and columns that count the rows, and how to include
 *  them; null when it left out none. */
export function leftOutFeatures(ds: Dataset, config: TrainConfig): string | null {
  const d = config.data
  const choice = defaultFeatureChoice(ds, d.target, d.series?.columns ?? [])
  const used = new Set(d.features)
  const left = [
    ...choice.nearDuplicates.filter((n) => !used.has(n)).map((n) => `${n} (almost the same series as ${d.target}: correlation above ${NEAR_DUPLICATE}, so as an input it lets the network copy the answer)`),
    ...choice.manyLevels.filter((c) => !used.has(c.name)).map((c) => `${c.name} (text of ${c.levels} values)`),
    ...choice.mostlyBlank.filter((c) => !used.has(c.name)).map(mostlyBlankWords),
    ...choice.counting.filter((c) => !used.has(c.name)).map(countingColumnWords)
  ]
  if (!left.length) return null
  const one = left.length === 1
  return `not taken as ${one ? 'a feature' : 'features'} by default: ${andList(left)}; name ${one ? 'it' : 'them'} in --features to use ${one ? 'it' : 'them'}`
}

/** Dropout set on a one-layer network: it acts between stacked layers only (as PyTorch's recurrent
 *  layers, which warn about it), so it does nothing; said rather than left to look like a setting
 *  that works. null otherwise. `fix`: what to do about it (fw resume has no flag to change it: null);
 *  `which`: the trials it concerns, for fw sweep, and `values` the dropouts they use. */
export function idleDropout(config: TrainConfig, fix: string | null = 'set --layers 2 or more to use it, or --dropout 0', which = '', values?: readonly number[]): string | null {
  const m = config.model
  if (!(m.dropout > 0) || dropoutActs(m)) return null
  return `dropout ${andList((values ?? [m.dropout]).map(String))} does nothing with 1 layer${which}: dropout acts between stacked layers only${fix ? `; ${fix}` : ''}`
}

/** What fw train and fw train --global say before training: what the import read (a decimal comma)
 *  and a setting that does nothing (idleDropout). */
export function startNotes(ds: Dataset, config: TrainConfig): string[] {
  const idle = idleDropout(config)
  // times read from their UTC offsets: said, with the zone the files write them in
  // (one series of a long file whose rows' own offsets are kept: that series' own)
  const own = seriesTimeColumn(ds, config.data.time, config.data.series)
  const zone = zoneWords(own ? { columns: [own], timeColumn: own.name } : ds, own?.name ?? config.data.time)
  return [...decimalNotes(ds), ...(zone ? [zone] : []), ...(idle ? [idle] : [])]
}

/** Training steps on `training.threads` threads in this process. The worker entry is built beside
 *  the CLI bundle (out/node/parallel-worker.js); when it cannot start, fit warns and uses one.
 *  `threads`: a sweep's trial's share of the cores, kept with its run (Run.trialThreads), which
 *  fw resume trains it on in place of the config's 'auto'; null: the config's setting. */
export function cliGradients(config: TrainConfig, threads: number | null = null): GradientProvider | undefined {
  return parallelGradients({ threads: threads ?? resolveThreads(config.training.threads), workerFile: findWorkerFile(import.meta.url) })
}

/** A global run's per-series statistical fits on the same threads (core/parallel/stats.ts). */
export function cliStatFits(config: TrainConfig, threads: number | null = null): StatFitter | undefined {
  return parallelStatFits({ threads: threads ?? resolveThreads(config.training.threads), workerFile: findWorkerFile(import.meta.url) })
}

/** Progress reporting shared by train and resume: a bar on a TTY, a line per epoch otherwise. */
export function progressReporter(out: Out, json: boolean, onEvent?: (e: TrainEvent) => void): (e: TrainEvent) => void {
  let total = 0
  let t0 = Date.now()
  let phaseKey = ''
  let phaseTenth = -1
  let phaseLine = '' // the last phase line written off a terminal: a one-step phase ('fitting the statistical models…', done 0 then 1 of 1) reads the same at its start and end
  let series: number | null = null // a global run's series, counted by its phases after the last epoch
  let mark: PhaseMark | null = null // where the phase under way was first told: its rate of series
  // a phase's line and the epoch bar rewritten in place on a TTY, erased before a line that stays,
  // so 'windows: …' and notes never run on from 'preparing the data: …' (on an Out made by
  // onTerminal any other write erases it too, a refusal on stderr included)
  const line = statusLine(out)
  return (e) => {
    onEvent?.(e)
    if (json) return
    if (e.type === 'started') {
      line.clear()
      total = e.epochs
      series = e.series ?? null
      t0 = Date.now()
      out.write(`windows: ${e.windows.train} train, ${e.windows.val} validation, ${e.windows.test} test; ${e.paramCount} parameters\n`)
      // a global model's notes of its series grouped by kind, as fw forecast says them
      for (const n of groupedNotes(e.notices)) out.write(`note: ${n}\n`)
    } else if (e.type === 'epoch') {
      const eta = ((Date.now() - t0) / e.epoch) * (total - e.epoch) / 1000
      const bar = progressLine(e.epoch, total, e.trainLoss, e.valLoss, timeLeft({ training: eta, series })!)
      if (out.isTTY) line.show(bar)
      else out.write(`${bar}\n`)
    } else if (e.type === 'log') {
      line.clear()
      out.write(`${e.level}: ${e.message}\n`)
    } else if (e.type === 'progress') {
      // on a TTY the line is rewritten in place; elsewhere a line when a phase starts and at each
      // tenth of its work, unless its words are those of the line before
      const key = `${e.phase} ${e.epoch ?? ''}`
      const tenth = Math.floor((10 * e.done) / e.total)
      const words = progressWords(e)
      // after a global run's last epoch, the time left of its series (timeLeft)
      mark = markPhase(mark, e, Date.now())
      const left = timeLeft({ phase: e, mark, now: Date.now() })
      const said = left ? `${words}; ${timeLeftWords(left, 'cli')}` : words
      if (out.isTTY) line.show(said)
      else if ((key !== phaseKey || tenth > phaseTenth) && words !== phaseLine) out.write(`${said}\n`), (phaseLine = words)
      phaseKey = key
      phaseTenth = tenth
    }
  }
}

/** A training command's run, as fw train and fw train --global both run it: recorded in the run
 *  store (--db, FW_DB or the default database) unless --no-db; a stop request (Ctrl-C, or another
 *  process taking the run) ends it after the current batch and is recorded by stoppedRun; a failure
 *  is recorded before it is thrown; the store is closed however it ends. `resumable`: Ctrl-C's quit
 *  hint names fw resume; `dir`, the folder its files go to, is kept with the run for fw resume.
 *  `finish` records the result with the run. */
export async function recordedTraining<R>(p: Parsed, out: Out, ds: Dataset, csv: string, config: TrainConfig, units: Record<string, string>, trap: StopTrap | null,
  opts: { json: boolean; resumable: boolean; dir: string; notes?: readonly string[]; onEvent?: (e: TrainEvent) => void; calendarByDefault?: boolean },
  train: (hooks: { emit: (e: TrainEvent) => void } & Pick<FitHooks, 'shouldStop' | 'yieldNow'>) => Promise<R | null>,
  finish: (result: R, run: { store: Store; runId: number; record: (e: TrainEvent) => void }) => void): Promise<{ result: R; runId: number | null }> {
  if (p.flags['no-db'] === true && str(p, 'db') !== undefined) throw new UsageError('--db and --no-db contradict each other: give one')
  const store = p.flags['no-db'] === true ? null : openCliStore(p, true)
  if (!opts.json) for (const n of opts.notes ?? []) out.write(`note: ${n}\n`)
  // set by emit, in a closure: `as` keeps it from being narrowed to null below
  let recorded = null as { runId: number; record: (e: TrainEvent) => void } | null
  try {
    // The run (and its dataset) is stored once training starts, and its number said then: a run
    // refused before (a bad column, too few rows) is no run at all, and takes no number
    const stop = stopHooks(trap, store, () => recorded?.runId ?? null)
    const report = progressReporter(out, opts.json, (e) => {
      recorded?.record(e)
      opts.onEvent?.(e)
    })
    const emit = (e: TrainEvent) => {
      if (e.type === 'started') trap?.training()
      if (e.type === 'started' && store && !recorded) {
        recorded = recordNewRun(store, ds, csv, config, str(p, 'name') ?? null, units, opts.dir, opts.calendarByDefault === true)
        if (opts.resumable) trap?.setQuitHint(`Run ${recorded.runId} becomes interrupted the next time the database is opened; continue it with: fw resume ${recorded.runId}`)
        if (!opts.json) out.write(`run ${recorded.runId} (${store.file})\n`)
      }
      report(e)
    }
    try {
      const result = await train({ emit, shouldStop: stop.shouldStop, yieldNow: stop.yieldNow })
      if (!result) stoppedRun(trap, stop.taken(), store, recorded?.runId ?? null)
      if (recorded) finish(result, { store: store!, ...recorded })
      return { result, runId: recorded?.runId ?? null }
    } catch (e) {
      // a stop is recorded by stoppedRun (cancelled, or left to the process that took the run); a
      // failure's cause in both wordings (errorPayload), as the app's trainer sends it: the app
      // shows a failed fw run with Setup's field where fw names its flag
      if (!stop.taken() && !(e instanceof Stopped)) recorded?.record({ type: 'failed', error: errorPayload(e) })
      throw e
    }
  } finally {
    store?.close()
  }
}

/** What fw train and fw train --global read before training: the CSV, the --out folder and the run
 *  database (checked first, as places to write in), the config and the units; a stop request before
 *  then saves nothing. */
export async function trainingSetup(p: Parsed, trap: StopTrap | null): Promise<{ csv: string; dir: string; ds: Dataset; config: TrainConfig; calendarByDefault: boolean; units: Record<string, string>; json: boolean }> {
  const csv = need(p, 'csv', 'train')
  const dir = outDir(p)
  refuseUnwritableDb(p) // before the file is read and prepared, as the --out folder is
  const ds = await readTrainingCsv(p, 'train')
  if (trap?.signal) throw new Stopped(`stopped by ${trap.signal} before training started; nothing was saved`)
  const { config, calendarByDefault } = buildRunConfig(p, ds)
  return { csv, dir, ds, config, calendarByDefault, units: unitsOf(p, ds), json: p.flags['json'] === true }
}


/** The note on a run whose gradient clip cut nearly every step (CLIP_MOSTLY of them or more): why
 *  and what to set, as fw show says it (clipWords); null otherwise. fw train, fw train --global and
 *  fw resume say it before the scores. */
export function clipMostlyWords(clipRates: readonly { clipRate: number | null }[], config: TrainConfig): Words | null {
  return (clipRateOf(clipRates, config.training.clipNorm) ?? 0) >= CLIP_MOSTLY ? clipWords(clipRates, config.training.clipNorm, scoredSteps(config)) : null
}
/** How a single-series run ends, trained in one go (fw train) or resumed (fw resume): its model
 *  file and test predictions written to `dir`, then (unless --json) its test metrics beside every
 *  baseline, the threshold, the interval, the forecaster chosen, where the files went and the run's
 *  number. `trainLosses`: every epoch's (whether the loss barely moved); `lastFlow`: the last
 *  epoch's gradient through time; `said`: the notices said as training started, not said again. */
export function endRun(out: Out, end: { config: TrainConfig; result: TrainResult; hasTime: boolean; dir: string; runId: number | null; units: Record<string, string>
  /** The zone predictions.csv writes its times in: the data's, where they carried an offset (dataZoneMark). */
  zone: TimeZoneMark
  trainLosses: number[]; lastFlow: ArrayLike<number> | null; said: ReadonlySet<string>; lookBackNote: string | null; json: boolean
  /** Every epoch's share of clipped steps, those before a resume too (the per-step note on clipping
   *  nearly every step, as fw show): fw train's and fw resume's alike, so neither can leave it out. */
  clipRates: readonly { clipRate: number | null }[]
  /** A yes/no target's words in the data file (yesNoWords), which predictions.csv writes its actual in. */
  words?: readonly [string, string] }): ReturnType<typeof writeRunFiles> & { threshold: ThresholdJson | null } {
  const { config, result, hasTime, dir, runId, units, trainLosses, lastFlow, said, lookBackNote, json, words, zone, clipRates } = end
  if (!json) keepLine(out)
  const classes = runFileClasses(config, result, words, APP_VERSION)
  const written = writeRunFiles(dir, runFileTextsWith(result, hasTime, zone, classes))
  const { files, replaced } = written
  // two classes: the threshold chosen on validation, the test rows at it beside 0.5 (as fw show),
  // its rows of the class counted in the data file's words
  const threshold = result.threshold ? thresholdReport(result.threshold, result.forecasts, whereClassHolds(config.data.target, classes?.classes)) : null
  if (!json) {
    endingNotes(out, result.diverged, trainLosses, config.training.lr, result.range)
    const vanishing = vanishingWords([{ gradFlow: lastFlow }], config.model)
    if (vanishing) out.write(`note: ${vanishing.message}\n`)
    // nearly every step clipped: why (a per-step loss sums its steps) and what to set, as fw show says it
    const clipping = clipMostlyWords(clipRates, config)
    if (clipping) out.write(`note: ${clipping.message}\n`)
    out.write(`\ntest metrics (${result.epochsRun} epochs, best epoch ${result.bestEpoch}${result.stoppedEarly ? ', stopped early' : ''}${result.diverged ? `, diverged at epoch ${result.diverged.epoch}` : ''}):\n`)
    out.write(metricsTable(result.metrics, 'test', units[config.data.target] ?? null, { task: config.data.task, choice: result.choice ?? null, target: targetScale(result.range) }, result.forecasts) + '\n')
    out.write(fewEventsNote(config.data.task, result.forecasts, classes))
    if (threshold) out.write(threshold.lines.join('\n') + '\n')
    if (result.intervalCoverage !== null) {
      const log = (result.modelFile as { pipeline?: { fitted?: { target?: { transform?: string } } } }).pipeline?.fitted?.target?.transform === 'log'
      const hw = log ? `×/÷ ${fmt(Math.exp(result.intervalHalfWidth ?? 0))}` : `±${fmt(result.intervalHalfWidth)}`
      out.write(`${Math.round(config.interval.level * 100)}% prediction interval: ${hw} (calibrated on the validation and test errors, the recent ones weighing more), test coverage ${(result.intervalCoverage * 100).toFixed(1)}%` +
        pathCoverageWords(result) + '\n')
    } else if (config.data.task === 'regression' && result.intervalHalfWidth === null) {
      // as Evaluate and the exports say it: the validation windows the level needs, weighed by age
      out.write(`note: ${noIntervalNote(config.interval.level).message}\n`)
    }
    // the notices kept with the run that only its results tell (an interval of zero width)
    for (const n of result.notices ?? []) if (!said.has(n.message)) out.write(`note: ${n.message}\n`)
    if (lookBackNote) out.write(`note: ${lookBackNote}\n`)
    const clipped = domainNote(result.range?.domain, result.forecasts.map((f) => f.lower))
    if (clipped) out.write(`intervals ${clipped}\n`)
    const warning = rangeWarning(result.range, fmt)
    if (warning) out.write(`warning: ${warning}\n`)
    if (result.choice) out.write(`${networkLostOf(result.choice, targetScale(result.range)) ? 'warning' : 'forecast'}: ${choiceWords(result.choice, 'cli', knownInputNames(config.data))}\n`)
    if (replaced) out.write(`note: ${replaced}\n`)
    out.write(`model: ${files.model}\npredictions: ${files.predictions}\n`)
    if (runId !== null) out.write(`run ${runId} saved; see it with: fw show ${runId}\n`)
  }
  return { ...written, threshold: threshold?.json ?? null }
}

/** `trap`: the CLI's Ctrl-C handler (stop.ts); a stop request ends training after the current batch. */
export async function train(p: Parsed, out: Out, onEvent?: (e: TrainEvent) => void, trap: StopTrap | null = null): Promise<TrainOutcome> {
  const { csv, dir, ds, config, calendarByDefault, units, json } = await trainingSetup(p, trap)
  const lookBackNote = str(p, 'lookback') === undefined ? shortLookBack(ds, config) : null
  const leftOut = str(p, 'features') === undefined ? leftOutFeatures(ds, config) : null
  // said once the run database opened: a wrong --db is refused before any note
  const calendar = calendarDefaultNote({ calendarByDefault })
  const notes = [...startNotes(ds, config), ...(leftOut ? [leftOut] : []), ...(calendar ? [calendar] : [])]
  const trainLosses: number[] = [] // epoch 1, 2, …: whether the loss barely moved (stalledWords)
  const clipRates: { clipRate: number }[] = [] // epoch 1, 2, …: the share of steps clipped (clipWords)
  let lastFlow: number[] | null = null // the last epoch's gradient through time (vanishingWords)
  // the notices said as training started (the calendar's before it, kept with the run: not said twice)
  const said = new Set<string>(calendar ? [calendar] : [])
  // the calendar on by default: kept with the run from its start (recordNewRun), and in its results
  const { result, runId } = await recordedTraining(p, out, ds, csv, config, units, trap, { json, resumable: true, dir, notes, calendarByDefault, onEvent: (e) => {
    if (e.type === 'epoch') { trainLosses.push(e.trainLoss); lastFlow = e.gradFlow; clipRates.push({ clipRate: e.clipRate }) }
    if (e.type === 'started') for (const n of e.notices) said.add(n.message)
    if (e.type === 'log' && e.level === 'warn') said.add(e.message) // a kept notice said as a warning
    onEvent?.(e)
  } },
    async (hooks) => {
      const r = await runTraining({ config, dataset: ds, appVersion: APP_VERSION, gradients: cliGradients(config) }, hooks)
      return r && withCalendarNote(r, calendarByDefault)
    },
    (r, { record }) => record({ type: 'done', result: r }))
  const { files, replaced, threshold } = endRun(out, { config, result, hasTime: config.data.time !== undefined || ds.timeColumn !== null, zone: seriesZoneMark(ds, config.data.time, config.data.series), dir, runId, units, trainLosses, lastFlow, said, lookBackNote, json, words: yesNoWords(ds, config.data.target), clipRates })
  if (replaced) notes.push(replaced)
  return { config, result, files, runId, notes, threshold }
}

/** The workbench's version (core/services/app-version.ts), as fw records it and prints it. */
export { APP_VERSION }

// `fw train --series COL --global`: one network across every series of a long file (issue 13,
// item 3; core/train/global.ts), scored per series, and `fw forecast` / `fw predict` with its model
// file, one block of rows per series with the id in its own column(s). Unless --no-db, the run is
// recorded in the run database like any run (core/services/global-run.ts: its series and their scores).
import { dataZoneMark, type TimeZoneMark } from '../data/time-cell'
import { cutsLine, runGlobalTraining, type GlobalResult } from '../train/global'
import { forecastCountWords, forecasterName } from '../export/forecaster-name'
import { beatsBetterNaiveWord, beatsNaiveWord, meanMaseOver } from '../export/metrics-table'
import { forecastGlobal, isGlobalModelFile, loadGlobalModelFile, type GlobalModel, type SeriesPoints } from '../train/forecast-global'
import type { TrainConfig, TrainEvent } from '../train/types'
import { ImportError } from '../data/errors'
import { selectRows } from '../data/series'
import { withModelTime } from '../data/step-index'
import { seriesZoneMarks } from '../data/global'
import type { Dataset } from '../data/types'
import { andListCut, asWords, type Words } from '../data/words'
import { filterSeries } from '../data/series-id'
import { csvClassesOf, seriesForecastFile } from '../services/forecast-csv'
import { globalRunFileTexts } from '../services/run-files'
import { globalRunResults, parseGlobalSummary, pooledCoverage, storedGlobalForecast, type SeriesPick } from '../services/global-run'
import { openCliStore, shownSeries } from './runs'
import { classesLine, classSeriesTable, classSummaryLines } from './global-classes'
import { UsageError, need, str, wholeNumber, type Parsed } from './args'
import { endingNotes, fmt, globalSummaryLine, keepLine, table, type Out } from './format'
import { checkWritable, csvOptions, decimalNotes, namingFutureCell, readCsvFile, readJsonFile, writeFileAtomic, writeRunFiles } from './io'
import { seriesOption } from './series'
import { readTrainingCsv } from './wide'
import type { StopTrap } from './stop'
import { APP_VERSION, clipMostlyWords, cliGradients, cliStatFits, recordedTraining, startNotes, trainingSetup } from './train'

export async function trainGlobalCommand(p: Parsed, out: Out, trap: StopTrap | null): Promise<GlobalResult> {
  const { csv, dir, ds, config, units, json } = await trainingSetup(p, trap)
  const hasTime = config.data.time !== undefined || ds.timeColumn !== null
  // As fw train: recorded in the run store unless --no-db, with its series and their scores; a
  // stopped run is continued by fw resume
  const trainLosses: number[] = [] // as fw train: whether the loss barely moved (stalledWords)
  const clipRates: { clipRate: number }[] = [] // epoch 1, 2, …: the share of steps clipped (clipWords)
  // what the run says as it starts (its cuts, a series' gaps): the app's Train view shows them, and
  // the terminal prints them then; --json gives them among its notes, so both say one set
  let started: string[] = []
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'epoch') trainLosses.push(e.trainLoss), clipRates.push({ clipRate: e.clipRate })
    else if (e.type === 'started') started = e.notices.map((n) => n.message)
  }
  const { result, runId } = await recordedTraining(p, out, ds, csv, config, units, trap, { json, resumable: true, dir, onEvent },
    (hooks) => runGlobalTraining({ config, dataset: ds, appVersion: APP_VERSION, gradients: cliGradients(config), statFits: cliStatFits(config) }, hooks),
    (r, { store, runId: id }) => store.finishRun(id, globalRunResults(r, config, hasTime)))
  endGlobalRun(out, { config, result, hasTime, zone: dataZoneMark(ds, config.data.time), seriesZones: seriesZoneMarks(ds, config.data.time, config.data.series!.columns), dir, runId, trainLosses, clipRates, imported: startNotes(ds, config).map(asWords), started, json })
  return result
}

/** How a global run ends, trained in one go (fw train --global) or resumed (fw resume): its model
 *  file and per-series test predictions written to `dir`, then its per-series table, summary, the
 *  forecasters chosen, skipped series and notes, where the files went and the run's number (with
 *  --json, all of it as JSON). `imported`: what the import read that is said first (a decimal
 *  comma); `started`: the notes said as training started; `clipRates`: every epoch's share of
 *  clipped steps, those before a resume too (the note on clipping nearly every step, as fw train's). */
export function endGlobalRun(out: Out, end: { config: TrainConfig; result: GlobalResult; hasTime: boolean; zone: TimeZoneMark; seriesZones: ReadonlyMap<string, TimeZoneMark>; dir: string; runId: number | null; trainLosses: number[]; clipRates: readonly { clipRate: number | null }[]; imported: Words[]; started: string[]; json: boolean }): ReturnType<typeof writeRunFiles> {
  const { config, result, hasTime, zone, seriesZones, dir, runId, trainLosses, clipRates, imported, started, json } = end
  result.notes.unshift(...imported) // the import's, first: said with the run's notes, in --json too
  if (!json) keepLine(out)
  // the model file is the text the run store keeps (globalRunResults)
  const written = writeRunFiles(dir, globalRunFileTexts(config, result, hasTime, zone, seriesZones))
  const { files, replaced } = written
  if (replaced) result.notes.push(asWords(replaced))
  if (json) {
    const { modelFile: _m, series, ...rest } = result
    // each series' choice as forecastBy (what, its label and why); its fitted members are in the model file
    // notes in the CLI's words, as the terminal prints them
    out.write(JSON.stringify({ runId, global: true, ...rest, notes: [...new Set([...imported.map((n) => n.message), ...started, ...rest.notes.map((n) => n.message)])], notices: (rest.notices ?? []).map((n) => n.message), series: series.map(({ forecasts: _f, ...s }) => s), files }, null, 2) + '\n')
    return written
  }
  endingNotes(out, result.diverged, trainLosses, config.training.lr) // as fw train says it
  const clipping = clipMostlyWords(clipRates, config)
  if (clipping) out.write(`note: ${clipping.message}\n`)
  out.write(`\n${result.epochsRun} epochs, best epoch ${result.bestEpoch}${result.stoppedEarly ? ', stopped early' : ''}${result.diverged ? `, diverged at epoch ${result.diverged.epoch}` : ''}; ${cutsLine(result, zone)}\n`)
  const c = result.summary.classification
  if (c) {
    // a classification's: each series' class scores against its own baselines (global-classes.ts)
    out.write(classesLine(c, config.data.horizon) + '\n')
    const { shown, above, below } = shownSeries(result.series.map((s) => ({ label: s.label, mase: s.classes!.brier, s })), runId, 'Brier')
    if (above) out.write(`${above}\n`)
    out.write(classSeriesTable(shown.map(({ s }) => ({ label: s.label, ...s.classes! }))) + '\n')
    if (below) out.write(`${below}\n`)
    out.write(classSummaryLines(c, result.series.length, result.threshold).join('\n') + '\n')
  } else {
  out.write(`test metrics per series (forecasts ${config.data.horizon} ${config.data.horizon === 1 ? 'step' : 'steps'} ahead; MASE over each series' training rows):\n`)
  // capped as fw show caps it: 320 series printed 330 lines
  const { shown, above, below } = shownSeries(result.series.map((s) => ({ label: s.label, mase: s.test.mase, s })), runId)
  if (above) out.write(`${above}\n`)
  out.write(seriesTable(shown.map((x) => x.s)) + '\n')
  if (below) out.write(`${below}\n`)
  const m = result.summary
  out.write(globalSummaryLine(m, meanMaseOver(result.series.map((s) => s.test))) + '\n')
  // the run's coverage, every series' test points pooled, as fw show and the report give it
  const pooled = pooledCoverageLine(pooledCoverage(result.series.flatMap((s) => s.forecasts)), config.interval.level)
  if (pooled) out.write(`${pooled}\n`)
  out.write(`forecast by: ${forecastCounts(m.forecastBy)}\n`)
  // series that fell back to naive say why (a random walk), the first few of them
  const naive = result.series.filter((s) => s.forecastBy.chosen === 'naive')
  for (const s of naive.slice(0, 5)) out.write(`warn: series ${s.label}: ${s.forecastBy.message}\n`)
  if (naive.length > 5) out.write(`warn: ${naive.length - 5} more series are forecast by naive (see forecastBy in --json)\n`)
  }
  for (const s of result.skipped) out.write(`skipped: series ${s.label} (${s.rows} rows): ${s.reason}\n`)
  for (const n of result.notes) out.write(`note: ${n.message}\n`)
  // kept with the run (fw show and the app say them too): per series, what a single run's verdict says
  for (const n of result.notices ?? []) out.write(`note: ${n.message}\n`)
  out.write(`model: ${files.model}\npredictions: ${files.predictions}\n`)
  if (runId !== null) out.write(`run ${runId} saved; see it with: fw show ${runId}, or export it with: fw export --run ${runId}\n`)
  return written
}

/** `series` in the order given (shownSeries'). */
function seriesTable(series: GlobalResult['series']): string {
  return table(
    ['series', 'n', 'forecast by', 'mae', 'mase', 'network mase', 'naive mae', 'snaive mae', 'coverage', 'beats naive', 'beats better naive'],
    series.map((s) => [s.label, String(s.test.n), forecasterName(s.forecastBy.chosen, s.forecastBy.label), fmt(s.test.mae), fmt(s.test.mase), fmt(s.network.mase), fmt(s.test.naiveMae), fmt(s.test.seasonalNaiveMae), coverageCell(s.intervalCoverage), beatsNaiveWord(s.test), beatsBetterNaiveWord(s.test, s.noise ?? null) ?? '—'])
  )
}

/** The run's interval coverage, every series' test points pooled (pooledCoverage), in the line fw
 *  train --global and fw show print; null where no test point has an interval. */
export function pooledCoverageLine(coverage: number | null, level: number | null): string | null {
  if (coverage === null) return null
  return `interval coverage on the test split, every series' test points pooled: ${(coverage * 100).toFixed(1)}%${level === null ? '' : ` (target ${(level * 100).toFixed(0)}%)`}`
}

/** A series' interval coverage in its table's column (fw train --global, fw show): '—' without an interval. */
export const coverageCell = (c: number | null): string => (c === null ? '—' : `${(c * 100).toFixed(0)}%`)

/** 'ensemble 120, combination 50, naive 30': how many series each forecaster was chosen for, most first. */
function forecastCounts(c: Record<string, number | undefined>): string {
  return forecastCountWords(Object.entries(c).map(([k, n]) => [forecasterName(k), n ?? 0] as const))
}

/** fw forecast / fw predict with a global model file: one block per series; false when --model is
 *  not a global model (the caller goes on as before). --series-value narrows it to one series. */
export async function globalModelCommand(p: Parsed, out: Out, command: 'forecast' | 'predict', steps: number | null): Promise<boolean> {
  const modelPath = str(p, 'model')
  if (modelPath === undefined || !modelPath.toLowerCase().endsWith('.json')) return false
  const json = readJsonFile(modelPath, 'model')
  if (!isGlobalModelFile(json)) return false
  const csv = need(p, 'csv', command)
  const outPath = need(p, 'out', command)
  checkWritable(outPath, `--out ${outPath}`)
  let gm
  try {
    gm = loadGlobalModelFile(json, APP_VERSION)
  } catch (e) {
    ;(e as Error).message = `${modelPath}: ${(e as Error).message}`
    throw e
  }
  const narrowed = seriesPick(p, 'the model')(gm)
  gm = narrowed.gm
  // --melt: a wide file read as the long layout fw train --melt --global trained on (series "series")
  if (str(p, 'melt') !== undefined && gm.columns.join(',') !== 'series')
    throw new UsageError(`--melt reads a wide file as the series "series", but this model's series id is ${gm.columns.join(',')}: give the long file it was trained on, without --melt`)
  const read = str(p, 'melt') !== undefined ? await readTrainingCsv(p, command) : await readCsvFile(csv, { ...modelCsvOptions(p), series: gm.columns }).catch((e: unknown) => {
    // a model trained on a wide file (fw train --melt, series "series") given that wide file again
    if (e instanceof ImportError && e.code === 'unknown-column' && e.column === 'series' && gm.columns.join(',') === 'series') {
      const melt = gm.series.map((s) => s.key[0]).join(',')
      e.message += `; this model was trained on a wide file melted into series: read it the same way with --melt ${melt}`
    }
    throw e
  })
  const picked = narrowed.rows
  // a step index read without --time: numbers until the model's time column names it (applyFitted reads it so too)
  const first = gm.series[0]?.m
  const ds = withModelTime(picked(read), first?.config.time.column ?? null, first?.fitted.step?.index)
  const future = await readFutureFile(p, gm.columns)
  const forecast = await namingFuture(p, gm.columns, () => forecastGlobal(gm, ds, steps, future && picked(future)))
  writeGlobalForecast(gm, { ...forecast, zone: dataZoneMark(ds), notes: [...decimalNotes(read, future), ...forecast.notes] }, outPath, out, steps)
  return true
}

/** --series COL --series-value VALUE of a global model (`owner`: "the model", "run 3"): the model
 *  narrowed to that one series, refused naming the model's series when it has none such; and the
 *  rows of a file that are that series (its other series are left aside, as the model's are, not
 *  "unknown"). Without --series-value, every series. */
function seriesPick(p: Parsed, owner: string): SeriesPick {
  // --series-value alone: the model knows its id columns, so naming them again is not asked
  const bare = str(p, 'series') === undefined ? str(p, 'series-value') : undefined
  const pick = bare === undefined ? seriesOption(p) : undefined
  return (gm) => {
    const values = bare === undefined ? pick?.values : gm.columns.length === 1 ? [bare.trim()] : bare.split(',').map((v) => v.trim())
    // --series alone names the model's own id (every series), never another column, which would be read past
    if (pick && pick.columns.join(',') !== gm.columns.join(',')) throw new UsageError(`--series must be ${gm.columns.join(',')}, ${owner}'s series id`)
    if (!values) return { gm, rows: (d) => d }
    if (values.length !== gm.columns.length) throw new UsageError(`--series-value needs one value per series column of ${owner} (${gm.columns.join(', ')}), separated by commas (got '${bare}')`)
    const want = values.join('\u0000')
    const one = gm.series.filter((s) => s.key.join('\u0000') === want)
    if (one.length === 0) {
      throw new UsageError(`${owner} has no series ${gm.columns.map((c, i) => `${c} = ${values[i]}`).join(', ')}; its ${gm.series.length} series: ${andListCut(gm.series.map((s) => s.label), 10)}`)
    }
    return { gm: { ...gm, series: one }, rows: (d) => selectRows(d, filterSeries(d, gm.columns, values).rows) }
  }
}

/** --future FILE of a global model: a long file of rows past the end, each series' own rows (by
 *  its id `columns`) after its data; undefined without the flag. */
async function readFutureFile(p: Parsed, columns: string[]): Promise<Dataset | undefined> {
  const path = str(p, 'future')
  return path === undefined ? undefined : readCsvFile(path, futureOptions(p, columns))
}

function futureOptions(p: Parsed, columns: string[]) {
  return { ...modelCsvOptions(p), series: columns }
}

/** csvOptions of a file a global model reads: its series columns are the model's, whatever
 *  --series and --series-value say (seriesPick checks them), so they are not read from the flags. */
function modelCsvOptions(p: Parsed): ReturnType<typeof csvOptions> {
  const { series: _s, 'series-value': _v, ...flags } = p.flags
  return csvOptions({ ...p, flags })
}

/** `forecast`, which appends the --future file's rows to each series: a cell of it that is not of
 *  its column's kind is named (io.ts namingFutureCell). */
function namingFuture<T>(p: Parsed, columns: string[], forecast: () => T): Promise<T> {
  const path = str(p, 'future')
  return path === undefined ? Promise.resolve(forecast()) : namingFutureCell(path, futureOptions(p, columns), forecast)
}

/** `fw forecast --run RUN` of a stored global run: its stored model file (the one fw train --global
 *  wrote) on its stored dataset, as fw forecast --model model.json --csv gives it; false when the
 *  run is not global (the caller goes on as before). */
export async function globalRunForecast(p: Parsed, out: Out, steps: number): Promise<boolean> {
  const id = wholeNumber(str(p, 'run')) ?? NaN
  if (!Number.isSafeInteger(id) || id <= 0) return false
  // a run's forecast needs --out, global or not: said before the database is opened
  const outPath = need(p, 'out', 'forecast')
  const store = openCliStore(p)
  try {
    const summary = parseGlobalSummary(store.runs.get(id).globalJson)
    if (!summary) return false
    for (const flag of ['model', 'csv', 'melt']) if (str(p, flag) !== undefined) throw new UsageError(`fw forecast --run ${id}: run ${id} is a global run, forecast on its own dataset (with --future FILE for the values of its known inputs past the end); for other data give its model file: fw export --run ${id} --model FILE, then fw forecast --model FILE --csv DATA`)
    const future = await readFutureFile(p, summary.columns)
    const { gm, ...forecast } = await namingFuture(p, summary.columns, () => storedGlobalForecast(store, id, steps, APP_VERSION, future, seriesPick(p, `run ${id}`)))
    writeGlobalForecast(gm, { ...forecast, notes: [...decimalNotes(future), ...forecast.notes] }, outPath, out, steps)
    return true
  } finally {
    store.close()
  }
}

function writeGlobalForecast(gm: GlobalModel, { blocks, notes, beyond, notForecast, far, zone, clock }: { blocks: SeriesPoints[]; notes: string[]; beyond?: Words | null; notForecast?: Words[]; far?: string | null; zone: TimeZoneMark; clock: string | null }, outPath: string, out: Out, steps: number | null): void {
  // a classification's forecast column names the class it gives, as a single model's file
  const t = gm.series[0]?.m.fitted.target
  const file = seriesForecastFile(gm.columns, blocks, zone, t ? csvClassesOf(t.column, t) : null)
  writeFileAtomic(outPath, file.text)
  const n = file.series.reduce((a, b) => a + b.rows.length, 0)
  out.write(`${n} ${steps === null ? 'forecast' : 'future row'}${n === 1 ? '' : 's'} for ${blocks.length} series written to ${outPath}\n`)
  for (const note of notes) out.write(`note: ${note}\n`)
  // past the end: the clock changes the file's offsets show, followed; local clock times: the stamps know none (as fw forecast's)
  if (clock) out.write(`note: ${clock}\n`)
  // past the end: the series left out, that cannot reach so far (their network's features), once per reason
  for (const w of notForecast ?? []) out.write(`warning: ${w.message}\n`)
  // past the end: the series whose last values lie outside what the run saw of them (as fw forecast warns of one series)
  if (beyond) out.write(`warning: ${beyond.message}\n`)
  // past the end: more steps than the series' rows of history, once for the run (as fw forecast warns of one series)
  if (far) out.write(`warning: ${far}\n`)
  // each series as its run chose on validation (files from before the choice: the network)
  const by: Record<string, number> = {}
  for (const b of blocks) {
    const c = gm.series.find((s) => s.label === b.label)!.m.choice
    const name = forecasterName(c?.chosen ?? 'network', c?.label)
    by[name] = (by[name] ?? 0) + 1
  }
  out.write(`forecast by (chosen per series on validation when the model was trained): ${forecastCounts(by)}\n`)
}


// One export of a stored run, from a snapshot of its rows (run-export.ts RunSnapshot): the same
// rebuild (a single-series run) or stored series (a global run, global-run.ts) and the same
// core/export writers as `fw export`, so the same bytes, but runnable where there is no database:
// main's export worker thread (export-worker.ts), so that a long export never freezes the app's
// windows, and can be cancelled by ending the thread.
import { csvLocaleFor, forecastCsv, forecastXlsx, renderReport, type ForecastExport } from '../export'
import { applyFitted } from '../data'
import { appErrorText, appWords } from '../data/words'
import type { ExportProgress } from '../export/progress'
import type { XlsxProgress } from '../export/forecast-xlsx'
import { StoreError } from '../store/errors'
import { aheadIntervals, farAheadNote, forecastAhead, loadModelFile } from '../train/forecast'
import { perPercent, perPhase } from '../train/progress'
import { forecastExportOf, onnxOf, rebuildStoredRun, reportInputOf, snapshotReader, type GlobalRunReader, type RebuiltRun, type RunSnapshot } from './run-export'
import { globalForecastExportOf, globalReportInputOf, parseGlobalSummary, storedGlobalForecast, storedGlobalModelJson, type OnSeries } from './global-run'
import { storedGlobalOnnx } from './global-onnx'

export type ExportKind = 'csv' | 'xlsx' | 'report' | 'onnx' | 'model'

export interface ExportJob {
  kind: ExportKind
  snapshot: RunSnapshot
  /** csv: the CSV's locale (default en-US). */
  locale?: 'en-US' | 'de-DE'
  /** csv and xlsx: this many steps forecast past the end after the test rows. */
  aheadSteps?: number
  /** A global run's forecast past the end: the app's version, which reads its model file
   *  (loadGlobalModelFile refuses a file written by a newer one). */
  appVersion?: string
}

/** A global run's file that cannot be made: no model file kept (a run stored before migration
 *  008), no weights, or a forecast past the end that cannot be made; the message, in the app's
 *  words, begins with the run. The app refuses it as 'not-available'. */
export class ExportUnavailable extends Error {
  override name = 'ExportUnavailable'
  readonly code = 'not-available'
}

/** What `make` gives for global run `runId`; its failure as ExportUnavailable. */
export function unavailableAs<T>(runId: number, make: () => T): T {
  try {
    return make()
  } catch (e) {
    const m = appErrorText(e)
    throw new ExportUnavailable(m.startsWith(`run ${runId}`) ? m : `run ${runId}: ${m}`)
  }
}

/** How far an export is, counted as its work is done (core/export/progress.ts): a single-series
 *  run's rebuild in steps, or a global run's series prepared again (for the report's and workbook's
 *  Dataset and Split summaries and the ONNX graph's pipelines), then the workbook's Forecast rows
 *  written and its other parts. A rebuild kept from the last file (rebuildOnce) tells nothing. */
export type { ExportProgress }
export type OnProgress = (p: ExportProgress) => void

/** `onProgress` told at most once per whole percent of a part (and at its end): a count per row
 *  would post thousands of messages. */
export function throttled(onProgress: OnProgress | undefined, phase: ExportProgress['phase']): ((done: number, total: number) => void) | undefined {
  return onProgress && perPercent((done, total) => onProgress({ phase, done, total }))
}

/** A rebuild's progress (rebuildStoredRun's `tell`): every counted step, unthrottled. Its steps are
 *  few and fixed in number (PREPARE_STEPS + EVALUATE_STEPS, a couple of hundred), each of real work;
 *  at one count a percent a rebuild could count no more than 100 of them, and each new part of a
 *  long silence counted would have had to come out of another's. */
export function rebuildProgress(onProgress: OnProgress | undefined): ((done: number, total: number) => void) | undefined {
  return onProgress && ((done, total) => onProgress({ phase: 'rebuild', done, total }))
}

/** A workbook's progress (forecast-xlsx XlsxProgress): its rows at most once per whole percent, its
 *  other parts each. */
export function workbookProgress(onProgress: OnProgress | undefined): XlsxProgress {
  return onProgress ? { rows: throttled(onProgress, 'rows'), parts: (done, total) => onProgress({ phase: 'workbook', done, total }) } : {}
}

/** A global run's series prepared again, told to `onProgress` as each pass of its preparation
 *  counts them (OnSeries), at most once per whole percent of each. */
export function preparing(onProgress: OnProgress | undefined): OnSeries | undefined {
  return onProgress && perPhase((phase, done, total) => onProgress({ phase, done, total }))
}

/** The file's contents (text or bytes) and the rebuild's note when it forecasts otherwise than the
 *  run stored (RebuiltRun.remade). */
export interface ExportOutput {
  text?: string
  bytes?: Uint8Array
  note?: string
}

/** The run rebuilt from a snapshot, reusing the last one rebuilt while the snapshot is of the same
 *  done run, weights and config: an analyst exports several files of one run in a row, and each
 *  would otherwise rebuild it again (seconds on a long series). A run's id alone is not enough: a
 *  deleted run's id may be taken again, and a run resumed has other weights. */
export type Rebuilder = (s: RunSnapshot, tell?: (done: number, total: number) => void) => RebuiltRun

export function rebuildOnce(): Rebuilder {
  let last: { key: string; r: RebuiltRun } | null = null
  return (s, tell) => {
    const { run } = s
    const key = JSON.stringify([run.id, run.createdAt, run.datasetId, run.appVersion, run.configJson, run.choiceJson, s.best?.epoch ?? null, s.last?.epoch ?? null])
    if (last?.key === key) return last.r
    const r = rebuildStoredRun(snapshotReader(s), run.id, tell)
    // only a done run's rebuild is kept: a running one's weights are still changing
    last = run.status === 'done' ? { key, r } : null
    return r
  }
}

export async function runExportJob(job: ExportJob, rebuild: Rebuilder = (s, tell) => rebuildStoredRun(snapshotReader(s), s.run.id, tell), onProgress?: OnProgress): Promise<ExportOutput> {
  const reader = snapshotReader(job.snapshot)
  if (parseGlobalSummary(job.snapshot.run.globalJson)) return globalExport(job, reader, onProgress)
  const r = rebuild(job.snapshot, rebuildProgress(onProgress))
  const note = noteOf([r.remade])
  switch (job.kind) {
    case 'model':
      return { text: JSON.stringify(r.rebuilt.modelFile) }
    case 'onnx':
      return { bytes: onnxOf(r) }
    case 'report':
      return { text: renderReport(reportInputOf(reader, r)), ...note }
    case 'csv':
    case 'xlsx': {
      // rows past the end further than the history: the warning of Forecast past the end and fw
      // forecast, as the export's note and a row of the workbook's About sheet, as a global run's
      const fx = withAhead(forecastExportOf(reader, r), r, job.aheadSteps)
      const notes = noteOf([r.remade, fx.aheadFar])
      if (job.kind === 'xlsx') return { bytes: await forecastXlsx(fx, workbookProgress(onProgress)), ...notes }
      if (!fx.rows.length) throw new StoreError('not-found', `run ${r.runId} has no test forecast`)
      return { text: forecastCsv(fx, csvLocaleFor(job.locale ?? 'en-US')), ...notes }
    }
  }
}

/** An export's note: its parts that are said, in one line; nothing when none is. */
function noteOf(parts: (string | null | undefined)[]): { note?: string } {
  const said = parts.filter((n): n is string => !!n)
  return said.length ? { note: said.join('; ') } : {}
}

/** A global run's file: from its stored series (no rebuild of the network), its model file as
 *  kept, one ONNX graph for every series (global-onnx.ts), as fw export writes them. */
async function globalExport(job: ExportJob, reader: GlobalRunReader, onProgress?: OnProgress): Promise<ExportOutput> {
  const runId = job.snapshot.run.id
  const onSeries = preparing(onProgress)
  switch (job.kind) {
    case 'model':
      return { text: unavailableAs(runId, () => storedGlobalModelJson(reader, runId)) }
    case 'onnx':
      return { bytes: unavailableAs(runId, () => storedGlobalOnnx(reader, runId, onSeries)) }
    case 'report': {
      const input = globalReportInputOf(reader, runId, onSeries)
      return { text: renderReport(input), ...(input.remade ? { note: input.remade } : {}) }
    }
    case 'csv':
    case 'xlsx': {
      const ahead = job.aheadSteps === undefined ? null : unavailableAs(runId, () => storedGlobalForecast(reader, runId, job.aheadSteps!, job.appVersion))
      // the series that cannot reach so far (their network's features) are said, as Forecast past the
      // end says them: in the workbook's About sheet and the export's note (the CSV has no place for it)
      const leftOut = ahead?.notForecast.length ? ahead.notForecast.map(appWords).join('; ') : null
      // and the series forecast more steps than their rows of history, grouped (farAheadSeriesWords)
      const fx = { ...globalForecastExportOf(reader, runId, ahead?.blocks ?? [], onSeries), ...(leftOut ? { aheadLeftOut: leftOut } : {}), ...(ahead?.far ? { aheadFar: ahead.far } : {}) }
      const note = noteOf([fx.remade, leftOut, fx.aheadFar])
      if (job.kind === 'xlsx') return { bytes: await forecastXlsx(fx, workbookProgress(onProgress)), ...note }
      if (!fx.rows.length) throw new StoreError('not-found', `run ${runId} has no test forecast`)
      return { text: forecastCsv(fx, csvLocaleFor(job.locale ?? 'en-US')), ...note }
    }
  }
}

/** The forecast past the end after the test rows, as Forecast past the end shows it (no actual, no
 *  baselines); the export as it is without `steps`. A forecast that cannot be made throws its
 *  ForecastError. */
export function withAhead(fx: ForecastExport, r: RebuiltRun, steps: number | undefined): ForecastExport {
  if (steps === undefined) return fx
  const m = loadModelFile(r.rebuilt.modelFile)
  const applied = applyFitted(r.dataset, m.config, m.fitted)
  const points = forecastAhead(m, applied, steps)
  const intervals = aheadIntervals(m, steps)
  // more steps than the rows of history: Forecast past the end's warning (main's singleAhead), the same call
  const far = farAheadNote(m, applied.N, steps)
  // with more than two classes, each class's probability in the P(…) columns, as fw forecast writes them
  const ahead = points.map((f) => ({ time: f.time, row: f.row, step: f.step, forecast: f.value, lower: f.lower, upper: f.upper, actual: null, baselines: fx.baselineNames.map(() => null), probs: f.probs }))
  return { ...fx, rows: [...fx.rows, ...ahead], ...(intervals ? { aheadIntervals: intervals.note } : {}), ...(far ? { aheadFar: far } : {}) }
}

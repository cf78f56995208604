// A run's two files in its output folder (model.json, predictions.csv), for the CLI and main alike
// (Node only): fw train --out and fw resume write them, and the app writes them where it resumes a
// run that fw train --out started, to the folder kept with the run (runs.out_dir).
import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Dataset } from '../data'
import { yesNoWords } from '../data/yes-no'
import type { TimeZoneMark } from '../data/time-cell'
import { seriesZoneMark } from '../data/series'
import { seriesZoneMarks } from '../data/global'
import type { Words } from '../data/words'
import type { Store } from '../store'
import { resolveConfig, withStoredDefaults } from '../train/config'
import { loadModelFile } from '../train/forecast'
import type { GlobalResult } from '../train/global'
import type { ForecastClasses } from '../export'
import type { TrainConfig, TrainResult } from '../train/types'
import { fromStoredDataset, storedTimeColumn } from './datasets'
import { storedNotices } from './run-words'
import { refusalOf, writeFileAtomic } from './files'
import { csvClassesOf, forecastCsv, seriesForecastCsv } from './forecast-csv'
import { globalModelJson } from './global-run'

/** What a run's files are made from that the stored run says, read as fw resume reads it: its
 *  config, its dataset, whether its rows have times, the zone predictions.csv writes times in (the
 *  data's, where they carried an offset), a yes/no target's words in the data file and its units. */
export interface StoredRunFacts {
  config: TrainConfig
  dataset: Dataset
  hasTime: boolean
  zone: TimeZoneMark
  /** A global run's: each series' own zone where the file's series are in different zones (seriesZoneMarks). */
  seriesZones: ReadonlyMap<string, TimeZoneMark>
  words: readonly [string, string] | undefined
  /** The units kept with its dataset's columns, by column (fw resume says its metrics in them). */
  units: Record<string, string>
}

export function storedRunFacts(store: Pick<Store, 'runs' | 'datasets'>, runId: number): StoredRunFacts {
  const run = store.runs.get(runId)
  const config = resolveConfig(withStoredDefaults(JSON.parse(run.configJson)), { stored: true })
  const stored = store.datasets.load(run.datasetId)
  const dataset = fromStoredDataset(stored)
  return {
    config,
    dataset,
    hasTime: config.data.time !== undefined || dataset.timeColumn !== null,
    zone: seriesZoneMark(dataset, config.data.time, config.data.series),
    seriesZones: config.data.series?.values ? new Map() : seriesZoneMarks(dataset, config.data.time, config.data.series?.columns ?? []),
    words: yesNoWords(dataset, config.data.target),
    units: Object.fromEntries(stored.columns.flatMap((c) => (c.unit ? [[c.name, c.unit]] : [])))
  }
}

/** A stored global run's series' own zones (seriesZoneMarks), by key joined with '\u0000': where the
 *  file keeps its rows' offsets, each series' are its own rows' (a long file of sites in Berlin and
 *  New York), as its predictions.csv block writes them. Empty for a run of one series, and where the
 *  file keeps no offsets by row (the run's one zone holds for every series). */
export function storedSeriesZones(store: Pick<Store, 'runs' | 'datasets'>, runId: number): ReadonlyMap<string, TimeZoneMark> {
  const run = store.runs.get(runId)
  const { series, time } = (JSON.parse(run.configJson) as TrainConfig).data
  if (!series || series.values || series.columns.length === 0) return new Map()
  // the time column's offsets by row, read from the column heads: the data is loaded only where they are
  const head = store.datasets.list().find((d) => d.id === run.datasetId)
  const meta = head?.columns.find((c) => c.kind === 'date' && c.name === (time ?? storedTimeColumn(head)))?.meta as { offsets?: unknown; rowOffsets?: unknown } | null | undefined
  if (meta?.offsets === undefined && meta?.rowOffsets === undefined) return new Map()
  return seriesZoneMarks(fromStoredDataset(store.datasets.load(run.datasetId)), time, series.columns)
}

/** The texts of a run's two files, as fw train writes them. */
export interface RunFileTexts {
  model: string
  predictions: string
}

/** A single-series run's files: its model file and its test predictions (a classification run's
 *  probabilities named by its classes, a yes/no target's in the data file's words). */
export function runFileTexts(config: TrainConfig, result: Pick<TrainResult, 'modelFile' | 'forecasts'>, hasTime: boolean, zone: TimeZoneMark, words: readonly [string, string] | undefined, appVersion: string): RunFileTexts {
  return runFileTextsWith(result, hasTime, zone, runFileClasses(config, result, words, appVersion))
}

/** A classification run's classes as its predictions.csv names them (null for regression). */
export function runFileClasses(config: TrainConfig, result: Pick<TrainResult, 'modelFile'>, words: readonly [string, string] | undefined, appVersion: string): ReturnType<typeof csvClassesOf> {
  return csvClassesOf(config.data.target, loadModelFile(result.modelFile, appVersion).fitted.target, words)
}

/** runFileTexts with the classes known (runFileClasses). */
export function runFileTextsWith(result: Pick<TrainResult, 'modelFile' | 'forecasts'>, hasTime: boolean, zone: TimeZoneMark, classes: ReturnType<typeof csvClassesOf>): RunFileTexts {
  return { model: JSON.stringify(result.modelFile), predictions: forecastCsv(result.forecasts, hasTime, classes, zone) }
}

/** A global run's files: its model file (the text the run store keeps) and every series' test
 *  predictions, one block of rows per series with its id in its own column(s). */
export function globalRunFileTexts(config: TrainConfig, result: Pick<GlobalResult, 'modelFile' | 'series' | 'classes'>, hasTime: boolean, zone: TimeZoneMark, seriesZones: ReadonlyMap<string, TimeZoneMark> = new Map()): RunFileTexts {
  // a classification's forecast column names the class it gives (P(sky = sun)), as a single run's predictions.csv
  const classes = result.classes ? csvClassesOf(config.data.target, { kind: 'classification', classes: result.classes.names, rule: globalTargetOf(result.modelFile)?.rule ?? null }, result.classes.words) : null
  return {
    model: globalModelJson(result.modelFile),
    predictions: seriesForecastCsv(config.data.series!.columns, result.series.map((s) => ({ key: s.key, rows: s.forecasts, zone: seriesZones.get(s.key.join('\u0000')) })), hasTime, zone, classes)
  }
}

/** The fitted target of a global model file's first series (every series has the same classes). */
function globalTargetOf(modelFile: unknown): { rule?: ForecastClasses['rule'] } | null {
  const f = modelFile as { pipeline?: { global?: { series?: { fitted?: { target?: { rule?: ForecastClasses['rule'] } } }[] } } }
  return f.pipeline?.global?.series?.[0]?.fitted?.target ?? null
}

/** A run's files where they are written. */
export interface WrittenRunFiles {
  files: { model: string; predictions: string }
  /** Files already there (an earlier run's, with the default folder every run shares) are
   *  replaced, and this says so, naming them: never silently; null when none was there. */
  replaced: string | null
}

/** Writes a run's two files to `dir` (each whole or not at all: files.ts); throws WriteRefused,
 *  naming the file, where the file system refuses. */
export function writeRunFiles(dir: string, texts: RunFileTexts): WrittenRunFiles {
  const files = { model: join(dir, 'model.json'), predictions: join(dir, 'predictions.csv') }
  const there = [files.model, files.predictions].filter((f) => existsSync(f))
  // a model file beside predictions it did not make is half a run's files: an earlier model.json is
  // moved aside (a rename takes no space on a full disk) and put back where the predictions fail
  const aside = there.includes(files.model) ? `${files.model}.before-${process.pid}` : null
  if (aside) renameRefused(files.model, aside)
  const putBack = () => aside && renameSync(aside, files.model)
  try {
    writeFileAtomic(files.model, texts.model)
  } catch (e) {
    putBack() // (nothing was written: writeFileAtomic writes whole or not at all)
    throw e
  }
  try {
    writeFileAtomic(files.predictions, texts.predictions)
  } catch (e) {
    rmSync(files.model, { force: true })
    putBack()
    throw e
  }
  if (aside) rmSync(aside, { force: true })
  return { files, replaced: there.length ? `replaced ${there.join(' and ')}, which ${there.length === 1 ? 'was' : 'were'} there before; --out DIR gives each run a folder of its own` : null }
}

/** renameSync, a refusal of the file system said as writeFileAtomic says it (WriteRefused). */
function renameRefused(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (e) {
    throw refusalOf(from, e)
  }
}

/** What the app says, kept with the run, of the files it wrote (or could not write) where it
 *  resumed a run of fw train --out: in the app's words and in the CLI's (fw show), each a clause as
 *  every kept notice is (the app says it as a sentence: sentenceOf). */
export function resumedFilesWords(dir: string, outcome: { written: WrittenRunFiles } | { refused: string }): Words {
  if ('refused' in outcome) {
    return {
      message: `model.json and predictions.csv were not written to ${dir} (the folder fw train --out named) when the app resumed this run: ${outcome.refused}; fw export writes them elsewhere`,
      app: `the model and predictions were not written to ${dir}, the folder this run was started with from the command line (${outcome.refused}); Export saves them elsewhere`
    }
  }
  const again = outcome.written.replaced ? ', replacing the ones there before' : ''
  return {
    message: `model.json and predictions.csv were written to ${dir} (the folder fw train --out named) when the app resumed this run${again}`,
    app: `the model and predictions were written to ${dir}, the folder this run was started with from the command line${again}`
  }
}

/** After the store has recorded a resumed run as done: where fw train --out started it (its
 *  runs.out_dir), its files are written there as fw resume writes them (`texts`, from the stored
 *  run: storedRunFacts), and what became of them is kept with the run as a notice (resumedFilesWords),
 *  written or not: a folder that cannot be written takes nothing from the resume, which is done.
 *  Returns that notice; null for a run that kept no folder, or that the store does not hold done. */
export function writeResumedRunFiles(store: Pick<Store, 'runs' | 'datasets'>, runId: number, texts: (facts: StoredRunFacts, appVersion: string) => RunFileTexts): Words | null {
  const run = store.runs.get(runId)
  if (run.outDir === null || run.status !== 'done') return null
  let words: Words
  try {
    words = resumedFilesWords(run.outDir, { written: writeRunFiles(run.outDir, texts(storedRunFacts(store, runId), run.appVersion)) })
  } catch (e) {
    words = resumedFilesWords(run.outDir, { refused: (e as Error).message })
  }
  store.runs.setNotices(runId, [...storedNotices(run.noticesJson), words])
  return words
}


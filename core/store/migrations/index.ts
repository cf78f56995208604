import init from './001_init'
import gradFlow from './002_epoch_grad_flow'
import runOwner from './003_run_owner'
import runChoice from './004_run_choice'
import unitsAndRange from './005_units_and_range'
import globalRuns from './006_global_runs'
import seriesChoice from './007_series_choice'
import globalModel from './008_global_model'
import runIds from './009_run_ids'
import globalScaleFree from './010_global_scale_free'
import runWords from './011_run_words'
import datasetIds from './012_dataset_ids'
import runNotices from './013_run_notices'
import runThreshold from './014_run_threshold'
import runOutDir from './015_run_out_dir'
import queuedStarts from './016_queued_starts'
import queuedSweeps from './017_queued_sweeps'
import seriesRange from './018_series_range'
import runClasses from './019_run_classes'
import trialThreads from './020_trial_threads'
import seriesClasses from './021_series_classes'
import queuedCalendar from './022_queued_calendar'

export interface Migration {
  /** The user_version the database has after this migration. */
  readonly version: number
  readonly name: string
  readonly sql: string
}

/**
 * In order, one per schema version. Add a file `NNN_name.ts` exporting its SQL and append it here;
 * never edit a migration that has shipped. Strings (not .sql files) so every bundler includes them.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001_init', sql: init },
  { version: 2, name: '002_epoch_grad_flow', sql: gradFlow },
  { version: 3, name: '003_run_owner', sql: runOwner },
  { version: 4, name: '004_run_choice', sql: runChoice },
  { version: 5, name: '005_units_and_range', sql: unitsAndRange },
  { version: 6, name: '006_global_runs', sql: globalRuns },
  { version: 7, name: '007_series_choice', sql: seriesChoice },
  { version: 8, name: '008_global_model', sql: globalModel },
  { version: 9, name: '009_run_ids', sql: runIds },
  { version: 10, name: '010_global_scale_free', sql: globalScaleFree },
  { version: 11, name: '011_run_words', sql: runWords },
  { version: 12, name: '012_dataset_ids', sql: datasetIds },
  { version: 13, name: '013_run_notices', sql: runNotices },
  { version: 14, name: '014_run_threshold', sql: runThreshold },
  { version: 15, name: '015_run_out_dir', sql: runOutDir },
  { version: 16, name: '016_queued_starts', sql: queuedStarts },
  { version: 17, name: '017_queued_sweeps', sql: queuedSweeps },
  { version: 18, name: '018_series_range', sql: seriesRange },
  { version: 19, name: '019_run_classes', sql: runClasses },
  { version: 20, name: '020_trial_threads', sql: trialThreads },
  { version: 21, name: '021_series_classes', sql: seriesClasses },
  { version: 22, name: '022_queued_calendar', sql: queuedCalendar }
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

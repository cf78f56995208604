// How far an export is (core/services/export-job.ts counts it as the work is done), in the words
// the app's Export view and fw export on a terminal both show: '46 %' and 'preparing the data: 23 of
// 50 series prepared'. Its phases and their words are a run's (core/train/progress.ts), one rule.
import { progressWords, type CountedPhase, type PreparePhase } from '../train/progress'

/** `done` of `total` items of the export's current phase: 'rebuild' (the steps of a single-series
 *  run's rebuild: its data prepared, its statistical models fitted, its validation and test paths and
 *  intervals, each split's predictions; steps of unequal length, counted as each ends), a global
 *  run's series prepared again from its stored dataset, in the passes a run prepares them in
 *  ('prepare', then where 'auto' cuts re-prepare them 'prepare-check' and 'prepare-again'), 'rows'
 *  (the workbook's Forecast sheet, written row by row) or 'workbook' (the workbook's other parts,
 *  ./forecast-xlsx WORKBOOK_PARTS: one before its rows, the others after). */
export interface ExportProgress {
  phase: Extract<CountedPhase, 'rebuild' | PreparePhase | 'rows' | 'workbook'>
  done: number
  total: number
}

/** The phases an export tells, for checking a message that says one. */
export const EXPORT_PHASES: readonly ExportProgress['phase'][] = ['rebuild', 'prepare', 'prepare-check', 'prepare-again', 'rows', 'workbook']

/** The share done, whole percent down (never 100 before the end), and what was counted
 *  (progressWords); null for a phase with nothing to count. */
export function exportProgressWords(p: ExportProgress): { percent: number; what: string } | null {
  if (!(p.total > 0)) return null
  return { percent: Math.floor((100 * p.done) / p.total), what: progressWords(p) }
}

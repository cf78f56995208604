// fw train's and fw show's lines (and --json field) for a two-class run's threshold chosen on
// validation (core/data/threshold.ts, kept since schema 14), with the test rows scored at it and at 0.5.
import type { ThresholdMetrics } from '../data/metrics'
import type { ThresholdChoice } from '../data/threshold'
import type { ThresholdSummary } from '../export'
import { thresholdColumns } from '../export/threshold-table'
import { storedThreshold, thresholdSummary } from '../services/stored-threshold'
import type { ForecastRow, Run, Store } from '../store'
import { storedRunClasses, storedRunTarget } from '../services/run-export'
import { runClasses, whereClassHolds } from '../export/forecast-csv'
import { fmt } from './format'

/** How the choice is made, as fw train and fw show explain it. */
const THRESHOLD_RULE_WORDS = "Chosen where Youden's J (true positive rate minus false positive rate) is largest on the validation rows: the test rows played no part in it, so the test scores at it are not flattered by the choice."

/** What uses it: the stored scores and the verdict do not; the exports hold the probabilities and show the test scores at it beside 0.5. */
const THRESHOLD_EXPORTS_WORDS = 'The stored scores and the verdict stay at 0.5; the exported files hold the probabilities (to which any threshold can be applied), and the report and the workbook show the test scores at this threshold beside those at 0.5.'

type TestScores = { accuracy: number | null; precision: number | null; recall: number | null; f1: number | null; n: number }

export interface ThresholdJson {
  /** false: a run stored before runs kept a choice */
  kept: boolean
  rule: ThresholdChoice['rule'] | null
  /** null: none chosen (why says why) */
  threshold: number | null
  why: string | null
  validation: ThresholdSummary['validation']
  /** the test rows scored at the chosen threshold */
  test: TestScores | null
  /** the same rows scored at `stored` (0.5), as the stored scores count them */
  testAtStored: TestScores | null
  /** the threshold the stored scores and the verdict use */
  stored: 0.5
}

const num = (v: number) => (Number.isFinite(v) ? v : null)
const scores = (t: ThresholdMetrics | null): TestScores | null => t && { accuracy: num(t.accuracy), precision: num(t.precision), recall: num(t.recall), f1: num(t.f1), n: t.n }
const testLine = (at: number, t: TestScores, both = '') => `  test at ${at}${both}: accuracy ${fmt(t.accuracy)}, precision ${fmt(t.precision)}, recall ${fmt(t.recall)}, F1 ${fmt(t.f1)} (${t.n} rows)`

/** A two-class run's threshold chosen on validation (choice: as chosen when it trained, or as
 *  stored; null: a run stored before runs kept one) with its test rows (forecasts) scored at it
 *  beside 0.5: fw train's and fw show's lines and their --json field. holds: what its rows of the
 *  class are counted by (whereClassHolds: 'rain = yes' in the data file's words). */
export function thresholdReport(choice: ThresholdChoice | null, forecasts: readonly ForecastRow[], holds: string): { lines: string[]; json: ThresholdJson } {
  const s = thresholdSummary(choice, forecasts, holds)
  const base = { rule: choice?.rule ?? null, testAtStored: scores(s.atDefault), stored: 0.5 as const }
  if (!s.kept) return { lines: [`threshold chosen on validation: ${s.why}`], json: { kept: false, threshold: null, why: s.why, validation: null, test: null, ...base } }
  if (s.threshold === null) return { lines: [`threshold chosen on validation: none (${s.why}); everything uses 0.5`], json: { kept: true, threshold: null, why: s.why, validation: null, test: null, ...base } }
  const v = s.validation!
  const test = scores(s.test)
  const lines = [
    `threshold chosen on validation: ${s.threshold} (Youden's J ${fmt(v.j)} on ${v.n} validation rows, ${v.positives} where ${s.holds})`,
    // the chosen threshold's line first; 0.5 chosen: one line, said to be both (thresholdColumns), not the same scores twice
    ...(test ? thresholdColumns(s.threshold).reverse().map((c) => (c.roles.length > 1 ? testLine(c.at, test, ' (chosen, and the threshold the stored scores use)') : c.roles[0] === 'chosen' ? testLine(c.at, test) : testLine(c.at, base.testAtStored!))) : ['  test: no test row with a known class to score at it']),
    `  ${THRESHOLD_RULE_WORDS}`,
    `  ${THRESHOLD_EXPORTS_WORDS}`
  ]
  return { lines, json: { kept: true, threshold: s.threshold, why: null, validation: v, test, ...base } }
}

/** A stored two-class run's threshold for fw show: its lines and its --json field, its rows of the
 *  class counted in its data file's words where the stored dataset keeps them (storedRunTarget, as
 *  the app's Evaluate and the exports count them). */
export function showThreshold(store: Store, run: Run, forecasts: readonly ForecastRow[]): { lines: string[]; json: ThresholdJson } {
  const data = (JSON.parse(run.configJson) as { data: { target: string; rule?: string } }).data
  const t = storedRunTarget(store, run.id)
  return thresholdReport(storedThreshold(run), forecasts, whereClassHolds(data.target, runClasses(t?.names, data.rule, t?.words)))
}

/** Whether a done run is a single-series two-class run, the runs a threshold is chosen for. One
 *  stored before schema 14 with neither a choice nor a rule counts its classes (storedRunClasses:
 *  a column of categories is prepared again to count them). */
export function twoClassRun(store: Store, run: Run): boolean {
  if (run.status !== 'done' || run.globalJson) return false
  if (run.thresholdJson !== null) return true
  const data = (JSON.parse(run.configJson) as { data?: { task?: string; rule?: unknown } }).data
  if (data?.task !== 'classification') return false
  return data.rule !== undefined || storedRunClasses(store, run.id)?.length === 2
}

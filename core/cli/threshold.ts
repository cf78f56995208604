// fw show's lines (and --json field) for a two-class run's threshold chosen on validation
// (core/data/threshold.ts, kept since schema 14), with the test rows scored at it.
import { rowsAtThreshold } from '../data/metrics'
import type { ThresholdChoice } from '../data/threshold'
import { storedThreshold } from '../services/stored-threshold'
import type { ForecastRow, Run, Store } from '../store'
import { storedRunClasses } from '../services/run-export'
import { fmt } from './format'

/** Why no threshold was chosen on validation, in the CLI's words (no capital, no stop; the app's Evaluate view says the same in its own). */
function noThresholdWords(c: Pick<ThresholdChoice, 'reason' | 'n' | 'positives'>): string {
  switch (c.reason) {
    case 'no-rows': return 'the run had no validation rows with a known class to choose it on'
    case 'one-class': return `its ${c.n} validation rows hold one class only (${c.positives ? 'all where the class holds' : 'none where the class holds'}), so no threshold can be judged on them`
    case 'undefined-probability': return 'the network gave undefined probabilities on validation'
    default: return `no threshold told the classes apart better than chance on its ${c.n} validation rows (Youden's J at most 0)`
  }
}

/** What a run stored before schema 14 says in place of a choice. */
const THRESHOLD_NOT_KEPT = 'none is kept with this run: it was stored before runs kept the threshold chosen on validation'

/** How the choice is made, as fw show explains it. */
const THRESHOLD_RULE_WORDS = "Chosen where Youden's J (true positive rate minus false positive rate) is largest on the validation rows: the test rows played no part in it, so the test scores at it are not flattered by the choice."

/** Whether the exports use it: they do not (the files hold the probabilities; their counts use 0.5). */
const THRESHOLD_EXPORTS_WORDS = 'The stored scores, the verdict and the exported files stay at 0.5 (the files hold the probabilities, to which any threshold can be applied).'

export interface ThresholdJson {
  /** false: a run stored before runs kept a choice */
  kept: boolean
  rule: ThresholdChoice['rule'] | null
  /** null: none chosen (why says why) */
  threshold: number | null
  why: string | null
  validation: (ThresholdChoice['validation'] & { n: number; positives: number }) | null
  /** the test rows scored at the chosen threshold */
  test: { accuracy: number | null; precision: number | null; recall: number | null; f1: number | null; n: number } | null
  /** the threshold the stored scores, the verdict and the exports use */
  stored: 0.5
}

const num = (v: number) => (Number.isFinite(v) ? v : null)

/** A two-class run's threshold for fw show: its lines and its --json field. */
export function showThreshold(run: Pick<Run, 'thresholdJson'>, forecasts: readonly ForecastRow[]): { lines: string[]; json: ThresholdJson } {
  const c = storedThreshold(run)
  const base = { stored: 0.5 as const }
  if (!c) return { lines: [`threshold chosen on validation: ${THRESHOLD_NOT_KEPT}`], json: { kept: false, rule: null, threshold: null, why: THRESHOLD_NOT_KEPT, validation: null, test: null, ...base } }
  if (c.threshold === null) {
    const why = noThresholdWords(c)
    return { lines: [`threshold chosen on validation: none (${why}); everything uses 0.5`], json: { kept: true, rule: c.rule, threshold: null, why, validation: null, test: null, ...base } }
  }
  const v = c.validation!
  const t = rowsAtThreshold(forecasts, c.threshold)
  const test = t && { accuracy: num(t.accuracy), precision: num(t.precision), recall: num(t.recall), f1: num(t.f1), n: t.n }
  const lines = [
    `threshold chosen on validation: ${c.threshold} (Youden's J ${fmt(v.j)} on ${c.n} validation rows, ${c.positives} where the class holds)`,
    test ? `  test at ${c.threshold}: accuracy ${fmt(test.accuracy)}, precision ${fmt(test.precision)}, recall ${fmt(test.recall)}, F1 ${fmt(test.f1)} (${test.n} rows)` : '  test: no test row with a known class to score at it',
    `  ${THRESHOLD_RULE_WORDS}`,
    `  ${THRESHOLD_EXPORTS_WORDS}`
  ]
  return { lines, json: { kept: true, rule: c.rule, threshold: c.threshold, why: null, validation: { ...v, n: c.n, positives: c.positives }, test, ...base } }
}

/** Whether a done run is a single-series two-class run, the runs a threshold is chosen for. One
 *  stored before schema 14 with neither a choice nor a rule is prepared again to count its classes. */
export function twoClassRun(store: Store, run: Run): boolean {
  if (run.status !== 'done' || run.globalJson) return false
  if (run.thresholdJson !== null) return true
  const data = (JSON.parse(run.configJson) as { data?: { task?: string; rule?: unknown } }).data
  if (data?.task !== 'classification') return false
  return data.rule !== undefined || storedRunClasses(store, run.id)?.length === 2
}

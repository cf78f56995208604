// A run's test skill as the run lists give it (the app's Runs view and fw runs): the one rule of
// core/data/metrics skillOf, with the verdict's reason and baseline where it gives none.
import { EXACT_FIT, headlineMetric, skillOf, targetScale, type TestNoise } from '../data/metrics'
import { baselineWords, classScoresBetter, FEW_TEST_EVENTS, fewestOfTally, forecastMembers, levelWithin, networkLostOf, noSkillWords, runSkill, type ChoiceSummary, type ScoreBetter, type TestEvents } from '../export/verdict'
import { StoreError, parseStoredClasses, type ListedRun, type MetricRow, type RunSummary as StoredRunSummary, type StoredClasses } from '../store'
import { classRowsWhere, runClasses } from '../export/forecast-csv'
import type { ForecastClasses } from '../export/types'
import { TWO_CLASSES } from '../data'
import { parseTargetRange, type TargetRange } from '../train/domain'
import { parseStoredChoice } from './stored-choice'
import { fittedRunTarget, storedRunTargetRead, type RunReader, type RunTargetInput, type StoredRunTarget } from './run-export'

/** A listed run's stored choice and target range, each read once for its row: its skill
 *  (listedSkill), its forecaster and its sweep score (trialForecast) all need the choice, and a long
 *  list parsed it three times a run (0.27 s of the app's 2,000-run list). */
export interface ParsedRun { choice: ChoiceSummary | null; range: TargetRange | null }

/** The stored choice and range of run `r` (parseStoredChoice, parseTargetRange): null each where
 *  absent or malformed. */
export function parsedRun(r: Pick<StoredRunSummary, 'choiceJson' | 'rangeJson'>): ParsedRun {
  return { choice: parseStoredChoice(r.choiceJson), range: parseTargetRange(r.rangeJson) }
}

/** A listed run's forecaster (its stored choice's), and whether the network lost on validation by
 *  the verdict's own judgement (networkLostOf on the run's targetScale), so that the Runs list marks
 *  a loss where Evaluate and fw show say one, and not a network level with its yardstick to rounding
 *  (a constant series); null without a stored choice. */
export function listedForecaster(parsed: ParsedRun): { chosen: string; label: string; network: number; lost: boolean } | null {
  const c = parsed.choice
  return c ? { chosen: c.chosen, label: c.label, network: c.network, lost: networkLostOf(c, targetScale(parsed.range)) } : null
}

/**
 * The skill of run `r` (its stored choice and range `parsed`, parsedRun) on its headline `metric` (storedHeadline), and why there is none where the
 * rule says (noSkillWords). Its stored skill, unless the verdict's rule (runSkill) is needed: where
 * it gives none against the verdict's baseline (a run stored before the rule kept a ratio of
 * rounding, +16.8 %, where both fit exactly); where the forecast is made of baselines (a run stored
 * before they were left out of its yardstick kept ~0 against one of its own members, +0.4 %); and
 * where the skill is positive, for a plain baseline that did far better on test (plainBetter: its
 * name in words, which makes the run's tone red, toneOf). A run stored without one is measured
 * against the best baseline on test. `rows` reads the run's metric rows (at least its validation
 * and test rows of LISTED_SKILL_METRICS, core/data/metrics: runs.listed reads those alone): only
 * for those cases, and for a classification run whose skill is positive (the baselines that
 * classified its test rows better, classScoresBetter, as its verdict names them: scoresBetter), so
 * that a long list reads no more than it needs; `tally`, a classification run's test rows per class
 * (forecasts.classTally), only where its skill is positive or level, and so `classes`, its classes (listedClasses), which name
 * those its test period lacks. `noise`: a classification run's stored per-row Brier differences on
 * test (storedTestNoise), measured against the verdict's baseline, which they name: where they are
 * within noise of it (levelWithin) the run is level (amber, its verdict's "level", whatever the skill's sign); null: today's rule (runs stored before).
 */
export function listedSkill(r: Pick<StoredRunSummary, 'status' | 'testMetrics'>, parsed: ParsedRun, task: 'regression' | 'classification', metric: string | null, readRows: () => MetricRow[], tally?: () => Iterable<readonly [number, number]>, classes?: () => ListedClasses | null, noise: TestNoise | null = null): ListedSkill {
  // the rows read at most once for the row, however many of the rules below need them
  let read: MetricRow[] | undefined
  const rows = (): MetricRow[] => (read ??= readRows())
  const ruled = ruledSkill(r, parsed, task, metric, rows)
  if (ruled.skill === null || !Number.isFinite(ruled.skill)) return ruled
  if (task !== 'classification') return regressionLevel(ruled, parsed, metric, rows)
  // level with the verdict's own baseline (the best on validation, as verdictOf judges it): the noise
  // was measured against that baseline when the run finished (evaluate's addSkill) and names it, so
  // its metric rows are not read again for it; a run stored before the noise has none, and no level
  const level = levelWithin(noise, noise?.baseline ?? null) ? noise : null
  if (!level && !(ruled.skill > 0)) return ruled
  // a classification verdict that the forecast beats the baselines (on the Brier score) names those
  // that classified more test rows right (accuracy, F1): the list says it too (verdictOf); a level
  // verdict names none
  const better = level ? [] : classScoresBetter(rows())
  const s: ListedSkill = level ? { ...ruled, level } : better.length ? { ...ruled, scoresBetter: better } : ruled
  // a classification run's verdict is amber, never green, where its test period holds few rows of
  // its rarer class (verdictOf); read only where it would otherwise be green, from the store's
  // count per class (forecasts.classTally), not every forecast row
  if (!tally) return s
  // its classes as the run's own caution names them (fewEventsWords): 'no row of snow', 'no row where precipitation > 0'
  const c = classes?.() ?? null
  const events = fewestOfTally(tally(), c?.classes?.names, classRowsWhere(c?.target ?? '', c?.classes))
  // classes not known (a run stored before they were kept, without a rule): whose they are, at least
  const named = events && c && !c.classes ? { ...events, target: c.target } : events
  return named !== null && named.fewest < FEW_TEST_EVENTS ? { ...s, fewEvents: named } : s
}

/** A listed regression run level with its verdict's baseline within the noise of its test errors
 *  (its choice's testNoise, levelWithin), as verdictOf judges it: amber, its verdict's "level";
 *  not where a plain baseline beat it by a wide margin (red, as its verdict says), nor for runs
 *  stored before, which have no testNoise (today's rule). */
function regressionLevel(ruled: ListedSkill, parsed: ParsedRun, metric: string | null, rows: () => MetricRow[]): ListedSkill {
  const noise = parsed.choice?.testNoise
  // level only with the baseline the noise was measured against: where it is not level even with
  // that one, no metric row is read to find the verdict's baseline
  if (!noise || noise.metric !== metric || !levelWithin(noise, noise.baseline)) return ruled
  const { baseline, plain } = runSkill('regression', parsed.choice, rows(), targetScale(parsed.range))
  return !plain && levelWithin(noise, baseline) ? { ...ruled, level: noise } : ruled
}

/** A listed classification run's classes as its forecast files name them (runClasses): the names and
 *  a yes/no target's words kept with it (runs.classes_json, migration 019) and its config's rule; for
 *  a run stored before with a rule, the rule's two classes (TWO_CLASSES, as its pipeline makes them).
 *  classes null where none are known (a run stored before without a rule, whose classes are the
 *  levels its training rows hold: only preparing it again, seconds a run, would say which): its
 *  caution then says how many of the target's classes have no row, not which. null for regression. */
export interface ListedClasses { target: string; classes: ForecastClasses | null }
export function listedClasses(r: Pick<ListedRun, 'classesJson' | 'configJson'>): ListedClasses | null {
  const data = (JSON.parse(r.configJson) as { data?: { task?: string; target?: string; rule?: string } }).data
  if (data?.task !== 'classification' || typeof data.target !== 'string') return null
  const kept = parseStoredClasses(r.classesJson)
  const classes = runClasses(kept?.names ?? (data.rule ? TWO_CLASSES : null), data.rule, kept?.words)
  return { target: data.target, classes }
}

/** What listedRunClasses reads and writes: a Store is one. */
export interface ClassesStore extends RunReader {
  runs: RunReader['runs'] & { setClasses(id: number, classes: StoredClasses): void }
}

/** The classes found for runs of a database that could not keep them (read-only): each found once
 *  a process. */
const found = new WeakMap<ClassesStore, Map<number, StoredClasses | null>>()

/**
 * listedClasses, for the run lists: where a done run was stored before its classes were kept
 * (migration 019) and has no rule, its classes are read off its stored dataset's target column as
 * fw show reads them (storedRunTarget: a yes/no column at once, a column of categories by preparing
 * the run again, seconds on a large file), once: they are kept with the run (runs.classes_json, as
 * a run finished now keeps them), so that no later list reads them again; a database that cannot
 * be written keeps them for this process. A run whose classes cannot be read so (its dataset no
 * longer prepares) keeps listedClasses' none, and its caution names its target; where the store
 * refused the dataset's read (busy, closed) it has none for this list, and the next list reads again.
 * fw runs waits for them (listedRunClasses); the app's list answers at once with those known
 * (knownRunClasses) and finds the others after (findRunClasses).
 */
export function listedRunClasses(store: ClassesStore, r: Pick<ListedRun, 'id' | 'status' | 'classesJson' | 'configJson'>): ListedClasses | null {
  const known = knownRunClasses(store, r)
  if (!known.pending) return known.listed
  findRunClasses(store, r)
  return knownRunClasses(store, r).listed
}

/** Run `r`'s classes as far as they are known without reading its dataset (listedClasses, and those
 *  this process found for a database it cannot write); pending: a read of its dataset would say
 *  more (findRunClasses). */
export function knownRunClasses(store: ClassesStore, r: Pick<ListedRun, 'id' | 'status' | 'classesJson' | 'configJson'>): { listed: ListedClasses | null; pending: boolean } {
  const listed = listedClasses(r)
  if (!listed || listed.classes || r.status !== 'done') return { listed, pending: false }
  const mine = found.get(store)
  if (!mine?.has(r.id)) return { listed, pending: true }
  const classes = mine.get(r.id)
  return { listed: classes ? { target: listed.target, classes: runClasses(classes.names, null, classes.words) } : listed, pending: false }
}

/** Reads run `r`'s classes off its stored dataset (storedRunTarget) and keeps them (with the run,
 *  or for this process where the database cannot be written): true once settled (found, or none to
 *  find: its dataset no longer prepares), false where the store refused the read for now (busy) or
 *  the run is gone (not-found), to be read again at the next list; throws any other failure. */
export function findRunClasses(store: ClassesStore, r: Pick<ListedRun, 'id'>): boolean {
  const read = classesRead(store, r.id)
  return read !== null && keepClasses(store, r.id, 'known' in read ? read.known : fittedRunTarget(read))
}

/** findRunClasses with its fitting (preparing the run again: seconds on a large file) done by `fit`
 *  (the app's: on a worker thread, listed-classes-thread.ts), so that the caller's event loop goes
 *  on meanwhile; the store is read before and written after, by the caller's thread alone. */
export async function findRunClassesApart(store: ClassesStore, r: Pick<ListedRun, 'id'>, fit: (input: RunTargetInput) => Promise<StoredRunTarget | null>): Promise<boolean> {
  const read = classesRead(store, r.id)
  return read !== null && keepClasses(store, r.id, 'known' in read ? read.known : await fit(read))
}

/** storedRunTargetRead for findRunClasses: null where the run is deleted since it was listed, or
 *  the store refused the dataset's read for now (busy: another process writing): none this time,
 *  read again at the next list rather than kept as none for the process; anything else is a fault,
 *  thrown to be said, not taken for either. */
function classesRead(store: ClassesStore, id: number): ReturnType<typeof storedRunTargetRead> | null {
  try {
    return storedRunTargetRead(store, id, { readFailures: 'throw' })
  } catch (e) {
    if (e instanceof StoreError && (e.code === 'not-found' || e.code === 'busy')) return null
    throw e
  }
}

/** Keeps run `id`'s classes `t` found (none: its dataset no longer prepares) for good: true. */
function keepClasses(store: ClassesStore, id: number, t: StoredRunTarget | null): true {
  const classes: StoredClasses | null = t ? { names: t.names, ...(t.words ? { words: t.words } : {}) } : null
  try {
    if (classes) store.runs.setClasses(id, classes)
  } catch {
    // a database that cannot be written (read-only, its disk full, the run deleted meanwhile): found again by the next process
  }
  let mine = found.get(store)
  if (!mine) found.set(store, (mine = new Map()))
  mine.set(id, classes)
  return true
}

/** A Runs row's skill: noSkill, why there is none; plainBetter, a plain baseline far better on test
 *  (red); fewEvents, a classification run's test rows of its rarer class where fewer than
 *  FEW_TEST_EVENTS and its skill is positive (amber, as its verdict: never green); scoresBetter, a
 *  classification run's baselines that beat its forecast on test accuracy or F1 where its skill is
 *  positive (classScoresBetter: said after its verdict, whose tone stays the Brier score's); level,
 *  a classification run's stored noise where its Brier difference is within it (amber, its verdict's
 *  "level", levelWords). */
export interface ListedSkill { skill: number | null; noSkill?: string; plainBetter?: string; fewEvents?: TestEvents; scoresBetter?: ScoreBetter[]; level?: TestNoise }

function ruledSkill(r: Pick<StoredRunSummary, 'status' | 'testMetrics'>, parsed: ParsedRun, task: 'regression' | 'classification', metric: string | null, rows: () => MetricRow[]): ListedSkill {
  const stored = r.status === 'done' ? r.testMetrics['skill'] ?? null : null
  const mine = metric ? r.testMetrics[metric] : undefined
  const target = targetScale(parsed.range)
  if (!metric || r.status !== 'done' || mine == null) return { skill: stored }
  const headline = metric === headlineMetric(task)
  const choice = headline ? parsed.choice : null
  const judged = headline && task === 'regression' && (forecastMembers(choice).length > 0 || (stored !== null && stored > 0))
  if (stored !== null && !judged && !(target !== null && Math.abs(mine) <= EXACT_FIT * target)) return { skill: stored }
  const all = rows()
  // the verdict's rule and baseline (the best on validation), so that both give the same reason
  const ruled = headline ? runSkill(task, choice, all, target) : null
  if (ruled?.none) return { skill: null, noSkill: noSkillWords(ruled.none, ruled.baseline, metric) }
  if (ruled && ruled.skill !== null) return { skill: ruled.skill, ...(ruled.plain ? { plainBetter: baselineWords(ruled.plain.model) } : {}) }
  // the headline is an error (RMSE, Brier score, a global run's GMRAE): lower is better
  const base = all.filter((m) => m.split === 'test' && m.model !== 'model' && m.model !== 'network' && m.metric === metric && m.value !== null)
  if (!base.length) return { skill: null }
  const best = base.reduce((a, b) => (b.value! < a.value! ? b : a))
  const s = skillOf(metric, mine, best.value, target)
  return s.none ? { skill: null, noSkill: noSkillWords(s.none, best.model, metric) } : { skill: s.skill }
}

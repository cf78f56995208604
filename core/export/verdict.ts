// The verdict on a run (issue 18): one headline that says whether the run's forecast beats the
// simple baselines, which forecaster produced it (the honest choice of core/train/choice.ts) and
// whether the network lost on validation. The app's views and the HTML report both call
// verdictOf, so the words and the tone (good / warn / bad, one colour each) agree everywhere.
// Pure: no DOM, no Node; types only.
import { baselineScores, skillBaseline, type ScoreRow } from '../data/baselines'
import { CLASS_SIDE_SCORES, headlineMetric, levelWithin, NOISE_SE, type BrierNoise, type TestNoise, higherIsBetter, levelToRounding, metricName, skillOf, type ClassSideScore, type NoSkill } from '../data/metrics'
import type { GlobalClassSummary } from '../train/global-classes'
import type { ScoredSteps } from '../train/choice-steps'
import { CHOICE_SETTINGS, andList, choiceNumber, fix, labelWords, words, type Words } from '../data/words'

/** A run's ForecastChoice without the fitted statistical models: what is stored with the run
 *  (runs.choice_json), sent to the renderer and written into the exports. */
export interface ChoiceSummary {
  chosen: string // 'network' | 'ensemble' | 'combination' | 'naive' | 'seasonal-naive' | 'drift' | 'ets' | 'theta' | 'arima'
  label: string
  network: number // the network's weight in the forecast, 0..1
  members: { name: string; label: string; weight: number }[]
  season: number
  steps: number
  /** The steps scored on validation where fewer than `steps` may be (core/train/choice-steps.ts);
   *  absent in runs stored before. */
  scored?: ScoredSteps
  validation: { name: string; label: string; mae: number }[] // best first
  message: string
  /** The network alone did far better on validation than the forecast chosen (core/train/choice.ts
   *  NETWORK_ALONE_RATIO): the validation MAE of each. Set only by runs stored from 2026-12-05 until
   *  the rule forecast with the network alone there (choice.ts, step 4), which keep their note. */
  networkAlone?: { network: number; forecast: number }
  /** The calendar inputs the run's network read (data.calendar resolved on its time column: 'auto'
   *  as its step gives them, [] where it gave none, as for monthly rows; 'holiday' with a holiday
   *  table), so that the sentence on unread inputs names no calendar the run did not have. Absent in
   *  runs stored before (their sentence names the calendar as their config does, 'auto' included). */
  calendar?: string[]
  /** The forecast's row errors on test against those of the baseline its skill is measured against
   *  (core/data errorNoise: RMSE's squared errors at step h, with h - 1 Newey-West lags), for the
   *  verdict's "level"; absent in runs stored before 2026-12-07, whose verdict keeps today's rule. */
  testNoise?: TestNoise
}

export type VerdictTone = 'good' | 'warn' | 'bad'

export interface Verdict {
  tone: VerdictTone
  /** One line: "Better than the best baseline (naive) by 42.1 % on test". */
  headline: string
  /** Which forecaster made the numbers, in words. */
  forecaster: string
  /** The network lost on validation and the forecast falls back to a statistical model. */
  networkLost: boolean
  /** Where the forecast leaves out a network that did better on validation (networkPassedOver):
   *  both MAEs, said in place of networkLost's line; absent otherwise. */
  passedOver?: string
  /** The choice's own sentence, or why there is none. */
  detail: string
  /** What to do: when the forecast loses to a baseline, or when its test scores rest on too few
   *  forecasts to be sure (FEW_TEST_FORECASTS); null otherwise. */
  action: string | null
  skill: number | null
  baseline: string | null
  /** Every candidate's validation MAE, best first; `chosen` marks the run's forecast. */
  validation: { name: string; label: string; mae: number; chosen: boolean }[]
}

type MetricLike = ScoreRow

/** Baselines that are also forecasters a run can be set to (model.forecaster). */
const FORECASTERS = new Set(['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'])

export const NO_CHOICE = 'network (run stored before the choice existed)'

/** The stored part of a ForecastChoice (drops the fitted members' parameters). */
export function slimChoice(c: ChoiceSummary | null | undefined): ChoiceSummary | null {
  if (!c) return null
  return {
    chosen: c.chosen,
    label: c.label,
    network: c.network,
    members: c.members.map((m) => ({ name: m.name, label: m.label, weight: m.weight })),
    season: c.season,
    steps: c.steps,
    ...(c.scored ? { scored: { ...c.scored } } : {}),
    validation: c.validation.map((v) => ({ name: v.name, label: v.label, mae: v.mae })),
    message: c.message,
    ...(c.networkAlone ? { networkAlone: { network: c.networkAlone.network, forecast: c.networkAlone.forecast } } : {}),
    ...(c.calendar ? { calendar: [...c.calendar] } : {}),
    ...(c.testNoise ? { testNoise: { ...c.testNoise } } : {})
  }
}

/** What the choice's sentence adds where the network alone did far better on validation than the
 *  forecast the rule chose (ChoiceSummary.networkAlone): both errors, why the rule kept what it
 *  chose, and how to forecast with the network alone, in the CLI's words and the app's; null
 *  otherwise. */
export function networkAloneWords(c: Pick<ChoiceSummary, 'networkAlone'> | null | undefined): Required<Words> | null {
  const a = c?.networkAlone
  if (!a || !(a.network >= 0) || !(a.forecast > a.network)) return null
  const times = a.network > 0 ? `${(a.forecast / a.network).toFixed(1)} times less` : 'far less'
  return words`the network alone made ${times} error on validation than this forecast (MAE ${choiceNumber(a.network)} against ${choiceNumber(a.forecast)}): the rule keeps it in a mean of models, which forecast held-out data better on the quality benchmark, but here the network alone may be the better forecast. Compare the network's own test scores, and to forecast with it alone, ${fix('train again with --forecaster network', 'choose "the network alone" as the Forecaster in Setup and train again')}`
}

/** The choice's sentence as a front end shows it: the stored sentence; where the network alone did
 *  far better, what networkAloneWords says in that front end's words; and where the forecast leaves
 *  the network out, the run's inputs known in the future (`known`, knownInputNames) it does not read
 *  (unusedKnownWords). */
export function choiceWords(c: Pick<ChoiceSummary, 'message' | 'networkAlone' | 'network' | 'label' | 'calendar'>, who: 'app' | 'cli', known: readonly string[] = []): string {
  // the stored sentence names settings in the CLI's words; the app says Setup's
  const message = who === 'app' ? CHOICE_SETTINGS.reduce((m, f) => m.split(f.cli).join(f.app), c.message) : c.message
  const alone = networkAloneWords(c)
  const unused = unusedKnownWords(c, known)
  const more = [...(alone ? [who === 'app' ? alone.app : alone.message] : []), ...(unused ? [unused] : [])]
  return [message, ...more.map((m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`)].join('. ')
}

const CALENDAR_INPUTS = 'the calendar inputs'

/** A run's inputs known in the future as the choice's note names them (from its config's data, or
 *  a pipeline config's: declared features, calendar features, holiday table): the features by name,
 *  then 'the calendar inputs' and 'the holiday flag'. */
export function knownInputNames(d: { known?: readonly string[]; calendar?: unknown; holidays?: readonly unknown[] }): string[] {
  const cal = d.calendar
  const calendar = cal !== undefined && cal !== 'none' && !(Array.isArray(cal) && cal.filter((f) => f !== 'holiday').length === 0)
  return [...(d.known ?? []), ...(calendar ? [CALENDAR_INPUTS] : []), ...(d.holidays?.length ? ['the holiday flag'] : [])]
}

/** knownInputNames of a run's TrainConfig as stored (any JSON value: none where it has no data). */
export function knownInputsOfConfig(config: unknown): string[] {
  const d = typeof config === 'object' && config !== null ? (config as { data?: unknown }).data : undefined
  if (typeof d !== 'object' || d === null) return []
  const { known, calendar, holidays } = d as Record<string, unknown>
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined)
  return knownInputNames({ known: names(known), calendar, holidays: names(holidays) })
}

/** A forecast without the network (the statistical models read the target alone) leaves the run's
 *  inputs known in the future unread: "the forecast (ETS+Theta) reads none of promo and price:
 *  their future values are not used". Null where the network takes part, or there are none. */
export function unusedKnownWords(c: Pick<ChoiceSummary, 'network' | 'label' | 'calendar'>, known: readonly string[]): string | null {
  // the calendar as the run resolved it (ChoiceSummary.calendar): data.calendar 'auto' on monthly
  // rows gave none, which the config's 'auto' does not say
  if (c.calendar && !c.calendar.some((f) => f !== 'holiday')) known = known.filter((n) => n !== CALENDAR_INPUTS)
  if (c.network !== 0 || known.length === 0) return null
  const one = known.length === 1 && known[0] !== CALENDAR_INPUTS
  return `the forecast (${c.label}) ${known.length === 1 ? 'does not read' : 'reads none of'} ${andList([...known])}: ${one ? 'its' : 'their'} future values are not used`
}

/** The network's and the chosen forecast's validation MAE (each undefined where the choice's
 *  validation does not list it) where the forecast has no network in it; null where it has, or
 *  there is no choice. What networkLostOf and networkPassedOver both judge. */
function leftOutMaes(c: Pick<ChoiceSummary, 'network' | 'chosen' | 'validation'> | null | undefined): { net: number | undefined; mine: number | undefined } | null {
  if (!c || c.network !== 0) return null
  const mae = (name: string) => c.validation.find((v) => v.name === name)?.mae
  return { net: mae('network'), mine: mae(c.chosen) }
}

/** Whether the network lost on validation: the forecast has no network in it and the network's
 *  validation MAE is worse than the forecast's, unless the network was level with it to rounding
 *  (levelToRounding on `target`, the run's targetScale: a constant series, where every forecaster is
 *  exact to rounding). A network that did as well or better, left out by another part of the rule
 *  (a random walk's naive, naive beating the yardstick, a configured forecaster), did not lose:
 *  networkPassedOver. The verdict, the CLI's warning and the views read it alike. */
export function networkLostOf(c: Pick<ChoiceSummary, 'network' | 'chosen' | 'validation'> | null | undefined, target: number | null): boolean {
  const left = leftOutMaes(c)
  if (!left) return false
  const { net, mine } = left
  if (net !== undefined && mine !== undefined && !(net > mine)) return false
  return !levelToRounding(net, mine, target)
}

/** The network's and the forecast's validation MAE where the forecast has no network in it though
 *  the network did better there (a lower MAE, beyond rounding): the rule passed over it for another
 *  reason, which the choice's own sentence says; null otherwise (it lost: networkLostOf, or it is
 *  in the forecast). */
export function networkPassedOver(c: Pick<ChoiceSummary, 'network' | 'chosen' | 'validation'> | null | undefined, target: number | null): { network: number; forecast: number } | null {
  const left = leftOutMaes(c)
  if (!left) return null
  const { net, mine } = left
  if (net === undefined || mine === undefined || !(net < mine) || levelToRounding(net, mine, target)) return null
  return { network: net, forecast: mine }
}

/** A verdict's line where the rule passed over a network that did better on validation
 *  (networkPassedOver): both MAEs, and that the choice's sentence says why. */
export function passedOverWords(p: { network: number; forecast: number }, forecaster: string): string {
  return `The network did better on validation than ${forecaster} (MAE ${choiceNumber(p.network)} against ${choiceNumber(p.forecast)}), but the forecast leaves it out by the rule the choice's sentence names`
}

/** The tone of a run from its test skill and whether the network lost: red when the forecast
 *  does not beat the best baseline, or when a plain baseline beat it on test by a wide margin
 *  (plainBetter, plainBeater), amber when it beats it but the network lost or its test period holds
 *  too few rows of its rarer class (fewEvents: fewestEvents below FEW_TEST_EVENTS), green otherwise;
 *  amber, before the skill's sign, where a classification run is level with its baseline (level:
 *  levelWithin its stored noise, as verdictOf). */
export function toneOf(skill: number | null, networkLost: boolean, plainBetter = false, fewEvents = false, level = false): VerdictTone | null {
  if (skill === null || !Number.isFinite(skill)) return networkLost ? 'warn' : null
  if (level) return 'warn'
  return skill <= 0 || plainBetter ? 'bad' : networkLost || fewEvents ? 'warn' : 'good'
}

/** The size of a share as a percentage, with the digits it needs never to read as 0 where it is not:
 *  '42.1 %', '0.05 %' (where one decimal rounds to 0.0), '< 0.01 %' below that; '0.0 %' only for 0. */
export function percentSize(v: number): string {
  const p = Math.abs(v) * 100
  if (p === 0) return '0.0 %'
  for (const digits of [1, 2]) {
    const s = p.toFixed(digits)
    if (Number(s) !== 0) return `${s} %`
  }
  return '< 0.01 %'
}
const pct = percentSize
/** A test skill as the Runs lists (the app's and fw runs), Compare and the report show it: '+17.4 %',
 *  '-130.8 %', '+0.05 %', '-< 0.01 %' (a skill that is not 0 never reads as 0.0). */
export const skillPercent = (s: number): string => `${s > 0 ? '+' : s < 0 ? '-' : ''}${percentSize(s)}`
const BASELINE_WORDS: Record<string, string> = { naive: 'naive', 'seasonal-naive': 'seasonal naive', seasonal_naive: 'seasonal naive', 'moving-average': 'moving average', drift: 'drift', ets: 'ETS', theta: 'Theta', arima: 'ARIMA', majority: 'majority class', persistence: 'persistence' }
export const baselineWords = (name: string): string => BASELINE_WORDS[name] ?? name.replace(/[-_]/g, ' ')

/** Where a skill is measured, as noSkillWords says it: [perfect on …, both fit … exactly]. */
const NO_SKILL_WHERE: Record<string, [string, string]> = { test: ['test', 'the test period'], val: ['validation', 'the validation rows'], train: ['the training rows', 'the training rows'] }

/** Why a forecast has no skill against `baseline` on `split` (skillOf's reason), in words after "no
 *  skill:" for the verdict, the report's and the app's "—" titles, the Runs cell's title. `metric`
 *  is its key ('rmse', 'r2'): named as the reader sees it, with its perfect value (1 for a score). */
export function noSkillWords(none: NoSkill, baseline: string | null, metric: string, split = 'test'): string {
  const b = baseline ? `the ${baselineWords(baseline)} baseline` : 'the best baseline'
  const [on, period] = NO_SKILL_WHERE[split] ?? [split, split]
  const perfect = `${metricName(metric)} ${higherIsBetter(metric) ? 1 : 0}`
  return none === 'perfect-baseline'
    ? `${b} was perfect on ${on} (${perfect}), so there is nothing to beat`
    : `the forecast and ${b} both fit ${period} exactly (${perfect} to rounding), so the ratio of their errors is rounding noise, not skill`
}

/** The baselines a forecast is made of (its statistical members: ETS, Theta and ARIMA for their
 *  mean, ETS for ETS alone): none of them is its yardstick, against which its skill would be ~0 by
 *  construction (core/train/evaluate.ts addSkill leaves them out alike). Classification: none. */
export function forecastMembers(choice: ChoiceSummary | null | undefined): string[] {
  return choice ? choice.members.map((m) => m.name) : []
}

/** The baseline a forecast of one statistical model alone is (its forecast is that baseline's):
 *  left out of the baselines it is judged against, as core/train/evaluate.ts addSkill leaves it. */
export function ownBaseline(choice: ChoiceSummary | null | undefined): string | null {
  return choice && choice.network === 0 && choice.members.length === 1 ? choice.members[0]!.name : null
}

/** The baselines a forecast is made of that the run also scored as baselines, said beside the
 *  yardstick ("ETS, part of the forecast, is left out"): they are never its yardstick
 *  (forecastMembers), so the verdict names the baselines it compares with, and a run whose verdict
 *  changed when that rule came (an older version judged a mean of ETS and Theta against ETS) says
 *  why. '' when none was left out. */
export function leftOutWords(members: readonly string[], metrics: MetricLike[], key: string): string {
  const out = members.filter((m) => metrics.some((x) => x.model === m && x.metric === key && (x.split === 'val' || x.split === 'test')))
  return out.length ? `${andList(out.map(baselineWords))}, part of the forecast, ${out.length === 1 ? 'is' : 'are'} left out` : ''
}

/** The baseline (not the network alone) with the best test score under `key` (lower is better),
 *  when it beat the run's forecast on test; null otherwise. */
function testBeater(metrics: MetricLike[], key: string, members: readonly string[]): { model: string; value: number; mine: number } | null {
  const mine = metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === key)?.value
  if (mine === null || mine === undefined || !Number.isFinite(mine)) return null
  const rows = baselineScores(metrics, 'test', key, members).filter((m) => m.value! < mine)
  if (!rows.length) return null
  const best = rows.reduce((a, b) => (b.value! < a.value! ? b : a))
  return { model: best.model, value: best.value!, mine }
}
const num = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(3))

/** The scores beside a classification verdict's (CLASS_SIDE_SCORES) as its sentence names them. */
const CLASS_SIDE_WORDS: Record<ClassSideScore, string> = { accuracy: 'accuracy', f1: 'F1' }

/** A score beside a classification verdict's (accuracy, F1) on which a baseline beat the forecast
 *  on test: that score's best baseline, its value and the forecast's (mine). What the Runs list
 *  carries of it (RunSummary.testMetric.scoresBetter), to say it in the verdict's words. */
export interface ScoreBetter { metric: ClassSideScore; model: string; value: number; mine: number }

/** Where a classification run's baselines did better than its forecast on the test rows' accuracy
 *  or F1 (the verdict judges by the Brier score, which a forecast can win while a baseline classifies
 *  more rows right: exploratory pass 20): each score's best baseline, in CLASS_SIDE_SCORES' order;
 *  [] where none did. */
export function classScoresBetter(metrics: MetricLike[]): ScoreBetter[] {
  return CLASS_SIDE_SCORES.flatMap((metric) => {
    const mine = metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === metric)?.value
    if (mine === null || mine === undefined || !Number.isFinite(mine)) return []
    const rows = baselineScores(metrics, 'test', metric, []).filter((m) => m.value! > mine)
    if (!rows.length) return []
    const best = rows.reduce((a, b) => (b.value! > a.value! ? b : a))
    return [{ metric, model: best.model, value: best.value!, mine }]
  })
}

/** classScoresBetter in words, as the verdict's headline and the Runs list's title say it: 'on test
 *  persistence had a higher accuracy (0.7455 against 0.7091) and F1 (0.7529 against 0.6883)', in
 *  the table's 4 decimals; '' where none did. */
export function scoresBetterWords(beaten: readonly ScoreBetter[]): string {
  if (!beaten.length) return ''
  const said = (b: ScoreBetter) => `${CLASS_SIDE_WORDS[b.metric]} (${b.value.toFixed(4)} against ${b.mine.toFixed(4)})`
  // the same baseline is named once: 'persistence had a higher accuracy (…) and F1 (…)'
  const parts = beaten.map((b, i) => (i > 0 && b.model === beaten[i - 1]!.model ? said(b) : `${baselineWords(b.model)} had a higher ${said(b)}`))
  return `on test ${parts.join(' and ')}`
}

/** The cautions after a verdict that the forecast beats the baselines (scoresBetterWords,
 *  fewEventsWords), as its headline and the Runs list's title add them: ', but A, and B', each
 *  empty one left out; '' where all are. */
export function butClauses(clauses: readonly string[]): string {
  return clauses.filter(Boolean).map((c, i) => `${i ? ', and' : ', but'} ${c}`).join('')
}

/** The plain baselines: what needs no model at all. One of them beating a forecast on test by a
 *  wide margin is a verdict of its own, whatever the yardstick chosen on validation says. */
const PLAIN = ['naive', 'seasonal-naive', 'drift']

/** A plain baseline's skill against the forecast on test at or above this (a quarter less error)
 *  is a wide margin: the forecast is not "better" than what needs no model. */
export const PLAIN_WIDE_MARGIN = 0.25

/** The plain baseline (not one the forecast is made of) with the least test error under `key`,
 *  when its skill against the forecast (skillOf, the one rule) is PLAIN_WIDE_MARGIN or more; null
 *  otherwise. by: that skill (0.71 = 71 % less error than the forecast). */
export function plainBeater(metrics: MetricLike[], key: string, members: readonly string[], target: number | null): { model: string; value: number; mine: number; by: number } | null {
  const mine = metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === key)?.value
  if (mine === null || mine === undefined || !Number.isFinite(mine)) return null
  const rows = baselineScores(metrics, 'test', key, members).filter((m) => PLAIN.includes(m.model))
  if (!rows.length) return null
  const best = rows.reduce((a, b) => (b.value! < a.value! ? b : a))
  const by = skillOf(key, best.value, mine, target).skill
  return by !== null && by >= PLAIN_WIDE_MARGIN ? { model: best.model, value: best.value!, mine, by } : null
}

/** A global run's forecaster: each series has its own choice, the run none. */
export const PER_SERIES = "each series' own choice on its validation rows"

/** The forecaster in words, e.g. "the mean of ETS(A,A,N) and Theta" or "the network"; `global`: a
 *  global run's (each series its own choice). */
export function forecasterWords(choice: ChoiceSummary | null | undefined, task: 'regression' | 'classification', global = false): string {
  if (task === 'classification') return 'the network'
  if (global) return PER_SERIES
  if (!choice) return NO_CHOICE
  return choice.chosen === 'network' ? 'the network' : labelWords(choice.label)
}

export { labelWords } // (kept here for its importers; it lives in ../data/words, which core/train and the CLI use too)

/** A global run's aggregate over its series, as stored with it (core/train's summariseSeries: the
 *  app's GlobalRunInfo, the exports' seriesSummary). */
export interface GlobalVerdictInput {
  series: number
  beatNaive: number
  beatBestNaive: number
  meanMase: number | null
  meanNaiveMase: number | null
  /** Seasonal naive's mean MASE and over how many series (summariseSeries); absent in runs stored
   *  before 2026-12-07 and where no series has a season. Beside naive's, never the yardstick. */
  seasonalNaive?: { meanMase: number; series: number }
  /** How many series beat the better naive beyond the noise of their test rows and how many are
   *  level with it (core/train/evaluate-series bestNaiveCounts); absent in runs stored before. */
  bestNaiveNoise?: { beat: number; level: number }
}

/** A global run's aggregate as its exports read it (runs.global_json's summary): a classification's
 *  (core/train/global-classes.ts) holds its means over the series, and its verdict is over those
 *  (globalClassVerdict), not over naive's MASE. classification absent or null: a regression. */
export type GlobalExportSummary = GlobalVerdictInput & { classification?: GlobalClassSummary | null }

/** A global run's aggregate as verdictOf reads it: the exports' (GlobalExportSummary) or the app's
 *  run detail's (GlobalRunInfo), whose classification keeps its means alone. */
export type GlobalVerdictSummary = GlobalVerdictInput & { classification?: ClassVerdictInput | null }

/** A global classification's aggregate as its verdict reads it: as stored (GlobalClassSummary), or
 *  as the app's run detail carries it (its means and how many series beat their training rate). */
export type ClassVerdictInput = GlobalClassSummary | { brier: number | null; rateBrier: number | null; beatRate: number; rateNoise?: { beat: number; level: number } }

/** How a global run's advice says to train a series on its own, in words that fit every place the
 *  verdict is read: the app's Evaluate, and a report or workbook made by the app or by fw export. */
const ONE_SERIES_A_RUN = 'one series a run: picked in Data, or fw train --series COL --series-value VALUE'

/** Where a global run keeps its series' noise, what follows a count of series that beat their
 *  baseline by the score alone, in the verdict's words (fw train --global's and fw show's lines,
 *  Evaluate's and the report's): ', 2 beyond the noise of their test rows, 1 level with it within
 *  that noise'; '' for a run stored before. */
export function beyondNoiseClause(counted: { beat: number; level: number } | null | undefined): string {
  return counted ? `, ${counted.beat} beyond the noise of their test rows, ${counted.level} level with it within that noise` : ''
}

/** How many of a global run's series beat their baseline, in its verdict's words: beyond the noise
 *  of their test rows and how many are level with it within that noise, where the run keeps it
 *  (`counted`), as a single run's verdict says "level" (levelWithin); by the score alone where not.
 *  The global regression's and classification's verdicts say it alike. */
export function beatCountWords(beat: number, series: number, against: string, counted: { beat: number; level: number } | null): string {
  const beyond = counted ? ' beyond the noise of their test rows' : ''
  const level = counted && counted.level ? `, ${counted.level} level with it within that noise` : ''
  return `${beat} of ${series} series beat ${against} on test${beyond}${level}`
}

/** The verdict on a global run: how many of its series beat the better of naive and seasonal naive
 *  on test (the issue's own measure), each series forecast by what its validation rows chose; where
 *  the run keeps each series' noise (bestNaiveNoise), only those beyond it, and those within it said
 *  to be level (a run stored before: by the MAE alone). */
export function globalVerdict(g: GlobalVerdictInput): Verdict {
  const n = g.series
  const counted = g.bestNaiveNoise ?? null
  const b = counted ? counted.beat : g.beatBestNaive
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3))
  const mase = g.meanMase !== null ? ` (mean MASE ${f(g.meanMase)}${g.meanNaiveMase !== null ? `, naive's ${f(g.meanNaiveMase)}` : ''})` : ''
  const tone: VerdictTone = 2 * b > n ? 'good' : b > 0 ? 'warn' : 'bad'
  return {
    tone,
    headline: `${beatCountWords(b, n, 'the better of naive and seasonal naive', counted)}${mase}`,
    forecaster: PER_SERIES,
    networkLost: false,
    detail: `One model across ${n} series; what forecasts each series (the network, statistical models, both, or naive for a random walk) and its scores are in the series table.`,
    action: tone === 'good' ? null : `The series table shows which series lose to their naive forecast: train those on their own (${ONE_SERIES_A_RUN}), or choose a statistical forecaster (Setup's Forecaster, or fw train --forecaster) and compare.`,
    skill: null,
    baseline: null,
    validation: []
  }
}

/** Below this many scored test forecasts, a verdict's margin says it rests on few (a skill of 40 %
 *  over 5 forecasts is within what chance gives). */
export const FEW_TEST_FORECASTS = 20

/** How many test forecasts the test scores rest on: those with an actual at the first step stored
 *  (one per forecast origin; step h alone for a run that forecasts h steps ahead). */
export function scoredForecasts(rows: readonly { step: number; actual: number | null }[]): number {
  let first = Infinity
  for (const r of rows) if (r.actual !== null && r.step < first) first = r.step
  let n = 0
  for (const r of rows) if (r.actual !== null && r.step === first) n++
  return n
}

/** The verdict on a global classification: how many of its series beat their own training rate (a
 *  lower test Brier than each class at its share of the series' training rows), every series forecast
 *  by the network (no statistical model forecasts a class). Where the run keeps its noise, as a
 *  single run does: a series counts as beating its rate only beyond the noise of its test rows, those
 *  within it are said to be level, and a run whose mean Brier difference from its best baseline is
 *  within its noise (levelWithin) is "level", amber. `noise`: the run's kept with its classes
 *  (runs.classes_json), where `c` (the app's run detail) does not carry it. */
export function globalClassVerdict(series: number, c: ClassVerdictInput, noise: TestNoise | null = null): Verdict {
  const counted = c.rateNoise ?? null
  const b = counted ? counted.beat : c.beatRate
  const f = (x: number | null) => (x === null ? '–' : x.toPrecision(3))
  const tone: VerdictTone = 2 * b > series ? 'good' : b > 0 ? 'warn' : 'bad'
  const stored = 'model' in c
  const brier = stored ? c.model.brier : c.brier
  const rate = stored ? c.baselines['training-rate'].brier : c.rateBrier
  const n = (stored ? c.noise : null) ?? noise
  const best = stored ? c.bestBaseline : n?.baseline ?? null
  const means = `mean Brier ${f(brier)}${rate !== null ? `, the training rate's ${f(rate)}` : ''}`
  const seriesWords = `${beatCountWords(b, series, 'their training rate', counted)} (${means})`
  const detail = `One network across ${series} series forecasts the classes of every one of them (no statistical model forecasts a class); each series is scored against its own majority, persistence and training-rate baselines, fitted on its own training rows, in the series table.`
  const notBeating = `The series table shows which series do not beat their training rate: train those on their own (${ONE_SERIES_A_RUN}), or change the features or the model and train again.`
  if (levelWithin(n, best)) {
    return {
      tone: 'warn',
      headline: `Level with the best baseline (${baselineWords(n.baseline)}) on test (mean Brier over the series): ${noiseWords(n)}; ${seriesWords}`,
      forecaster: 'the network', networkLost: false, detail,
      action: `${notBeating} A longer test period (Setup's split) or more data tells a smaller difference from chance.`,
      skill: stored ? c.skill : null, baseline: best, validation: []
    }
  }
  return {
    tone,
    headline: seriesWords,
    forecaster: 'the network',
    networkLost: false,
    detail,
    action: tone === 'good' ? null : notBeating,
    skill: stored ? c.skill : null,
    baseline: stored ? c.bestBaseline : null,
    validation: []
  }
}

/** Below this many test rows of a classification run's rarer class, its scores rest on too few
 *  events to judge (one positive in 300 rows: a Brier skill of +0.9 % beside an AUC of 0.20). */
export const FEW_TEST_EVENTS = 10
/** A bound on class indices: an actual at or above it is no class (a regression run's value). */
const CLASS_LIMIT = 1 << 16

/** A classification run's scored test rows per class (fewestEvents): the fewest any class holds,
 *  and the classes that hold none, by class index; `names`, the run's class names where known,
 *  name them (fewEventsWords), and `where`, a two-class rule's or yes/no target's rows of each class
 *  in words where known (core/export/forecast-csv.ts classRowsWhere), say them instead; `target`,
 *  the run's target, names whose classes they are where neither is known (a run listed without its
 *  classes: core/services/listed-skill.ts). */
export interface TestEvents {
  fewest: number
  absent: number[]
  names?: readonly string[]
  where?: readonly string[]
  target?: string
}

/** How many scored test rows each class holds (the forecast rows' actual class indices, at the
 *  first step stored): every class of the run where its class `names` are given, else classes 0
 *  to the largest seen (at least two); a class absent from the test period counts 0. Only a
 *  classification run's rows mean this: null where an actual is no class index (a regression
 *  run's values), which verdictOf ignores anyway, and where no row has an actual (nothing is
 *  known of the test period's classes). `where`: each class's rows in words (TestEvents). */
export function fewestEvents(rows: readonly { step: number; actual: number | null }[], names?: readonly string[] | null, where?: readonly string[] | null): TestEvents | null {
  let first = Infinity
  for (const r of rows) if (r.actual !== null && r.step < first) first = r.step
  const tally = new Map<number, number>()
  for (const r of rows) if (r.actual !== null && r.step === first) tally.set(r.actual, (tally.get(r.actual) ?? 0) + 1)
  return fewestOfTally(tally, names, where)
}

/** A test period's classes (fewestEvents) in the verdict's words and the Runs list's title: 'the
 *  test period holds only 1 row of its rarer class', 'the test period holds no row of snow, fog'
 *  (the absent classes by name where known; 'of 2 of the classes' where not, 'of one of the classes
 *  of "weather"' where the target is given), 'the test period
 *  holds no row where precipitation > 0' (a rule's words, a yes/no target's: `where`). */
export function fewEventsWords(e: TestEvents): string {
  const { fewest, absent, names, where, target } = e
  if (!absent.length) return `the test period holds only ${fewest} row${fewest === 1 ? '' : 's'} of its rarer class`
  if (where && absent.every((k) => where[k] !== undefined)) return `the test period holds no row where ${absent.map((k) => where[k]).join(', ')}`
  if (names) return `the test period holds no row of ${absent.map((k) => names[k] ?? `class ${k}`).join(', ')}`
  return `the test period holds no row of ${absent.length === 1 ? 'one' : absent.length} of the classes${target ? ` of "${target}"` : ''}`
}

/** fewestEvents from how many scored test rows each actual holds at the first step stored, as
 *  [actual, rows] pairs (the store's forecasts.classTally: what the Runs list reads instead of
 *  every forecast row); `names` and `where` as fewestEvents. */
export function fewestOfTally(tally: Iterable<readonly [number, number]>, names?: readonly string[] | null, where?: readonly string[] | null): TestEvents | null {
  const counts = new Array<number>(Math.max(2, names?.length ?? 0)).fill(0)
  let scored = 0
  for (const [k, n] of tally) {
    scored += n
    if (k < 0) continue
    if (!Number.isInteger(k) || k >= CLASS_LIMIT) return null
    while (counts.length <= k) counts.push(0)
    counts[k]! += n
  }
  if (scored === 0) return null
  const absent = counts.flatMap((n, k) => (n === 0 ? [k] : []))
  return { fewest: Math.min(...counts), absent, ...(names ? { names } : {}), ...(where ? { where } : {}) }
}

/**
 * A run's test skill on its headline metric and the baseline it is measured against (the best on
 * validation of those the forecast is not made of, as core/train/evaluate.ts addSkill picks it),
 * for the verdict and the Runs lists: the one rule (skillOf) against that baseline, with why where
 * it gives none; the stored skill where the test scores are not stored. A run stored before either
 * rule (a ratio of rounding where both fit exactly, +16.8 % on a line; a mean of ETS, Theta and
 * ARIMA measured against ARIMA, +0.4 %) is judged as its tables, recomputed, show it.
 * plain: a plain baseline that beat the forecast on test by a wide margin (plainBeater), or null.
 * target: the run's targetScale.
 */
export function runSkill(task: 'regression' | 'classification', choice: ChoiceSummary | null | undefined, metrics: MetricLike[], target: number | null): { skill: number | null; none: NoSkill | null; baseline: string | null; plain: ReturnType<typeof plainBeater> } {
  const key = headlineMetric(task)
  const members = task === 'classification' ? [] : forecastMembers(choice)
  const baseline = skillBaseline(metrics, key, members)
  const at = (who: string | null) => (who ? metrics.find((m) => m.split === 'test' && m.model === who && m.metric === key)?.value : null)
  const ruled = skillOf(key, at('model'), at(baseline), target)
  const stored = metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'skill')?.value ?? null
  const plain = task === 'classification' ? null : plainBeater(metrics, key, members, target)
  return { skill: ruled.none ? null : ruled.skill ?? stored, none: ruled.none, baseline, plain }
}

/** The single rule of "level" (core/data/metrics NOISE_SE), a global run's series and run too. */
export { NOISE_SE }

/** The one rule of "level" (core/data/metrics): a run, or a global run's series, is level with
 *  `baseline` on test where its noise was measured against it and the mean difference lies within
 *  NOISE_SE standard errors of 0. */
export { levelWithin }

/** A level verdict's words: 'the difference, 0.0019 a row lower for the forecast, is within the
 *  noise of 90 test rows (± 0.0041)', the band NOISE_SE standard errors. */
export function noiseWords(n: BrierNoise & Pick<TestNoise, 'metric' | 'lag'>): string {
  const side = n.mean < 0 ? ' lower for the forecast' : n.mean > 0 ? ' higher for the forecast' : ''
  // a regression run's: its errors' own units (squared for RMSE), in the digits they need
  if (n.metric) {
    const overlap = n.lag ? `, allowing for the overlap of ${n.lag + 1}-step forecasts` : ''
    return `the difference of ${n.metric === 'rmse' ? 'squared' : 'absolute'} errors, ${num(Math.abs(n.mean))} a row${side}, is within the noise of ${n.rows} test row${n.rows === 1 ? '' : 's'} (± ${num(NOISE_SE * n.se)}${overlap})`
  }
  return `the difference, ${Math.abs(n.mean).toFixed(4)} a row${side}, is within the noise of ${n.rows} test row${n.rows === 1 ? '' : 's'} (± ${(NOISE_SE * n.se).toFixed(4)})`
}

/** A Runs list's words for a run level with its baseline (ListedSkill.level): 'level with the best
 *  baseline (training rate) on test: the difference, …', as its verdict's headline says it. */
export function levelWords(n: TestNoise): string {
  return `level with the best baseline (${baselineWords(n.baseline)}) on test: ${noiseWords(n)}`
}

/** global: a global run's aggregate (its verdict is over its series, each with its own choice).
 *  who: whose words the choice's advice is in (the app's views, the report and the workbook: the
 *  app's; fw show: the CLI's).
 *  scored: how many test forecasts the scores rest on (scoredForecasts), said when they are few.
 *  target: the run's targetScale (core/data/metrics), for why a skill is missing; null: unknown.
 *  events: a classification run's test rows per class (fewestEvents), said when its rarer class
 *  holds fewer than FEW_TEST_EVENTS, and then the verdict is not green; null: unknown.
 *  noise: a classification run's per-row Brier differences on test (TestNoise): where they are
 *  within noise (levelWithin) the verdict is "level", amber; null: today's rule (runs stored before). */
export function verdictOf(task: 'regression' | 'classification', choice: ChoiceSummary | null | undefined, metrics: MetricLike[], global?: GlobalVerdictSummary | null, scored: number | null = null, target: number | null = null, events: TestEvents | null = null, who: 'app' | 'cli' = 'app', known: readonly string[] = [], noise: TestNoise | null = null): Verdict {
  if (global) return global.classification ? globalClassVerdict(global.series, global.classification, noise) : globalVerdict(global)
  const v = runVerdict(task, choice, metrics, scored, target, events, who, known, noise)
  // a network that did better on validation, left out by another part of the rule: said as such,
  // whatever the verdict
  const passed = networkPassedOver(task === 'regression' ? choice ?? null : null, target)
  return passed ? { ...v, passedOver: passedOverWords(passed, v.forecaster) } : v
}

/** verdictOf for a single run (not a global one's aggregate). */
function runVerdict(task: 'regression' | 'classification', choice: ChoiceSummary | null | undefined, metrics: MetricLike[], scored: number | null = null, target: number | null = null, events: TestEvents | null = null, who: 'app' | 'cli' = 'app', known: readonly string[] = [], noise: TestNoise | null = null): Verdict {
  const c = task === 'regression' ? choice ?? null : null
  const { skill, none, baseline, plain } = runSkill(task, c, metrics, target)
  const members = task === 'classification' ? [] : forecastMembers(c)
  const key = headlineMetric(task)
  const networkLost = networkLostOf(c, target)
  const forecaster = forecasterWords(c, task)
  const validation = (c?.validation ?? []).map((v) => ({ ...v, chosen: v.name === c!.chosen }))
  const said = c ? choiceWords(c, who, known) : ''
  const detail = c ? said.charAt(0).toUpperCase() + said.slice(1) + '.' : task === 'classification' ? 'Classification runs are scored against the majority, persistence and training-rate baselines.' : 'This run was stored before the forecast choice existed: its forecast is the network alone.'
  const b = baseline ? baselineWords(baseline) : 'the best baseline'
  const metric = metricName(key)
  // which baselines it is measured against: those it is made of are left out, said where there are any
  const left = leftOutWords(members, metrics, key)
  if (skill === null || !Number.isFinite(skill)) {
    // no skill is no good news: said in the neutral tone, with the reason where the rule gives one
    // (skillOf: a perfect baseline, or the forecast and the baseline both fitting exactly)
    const why = none ? `No test skill could be measured: ${noSkillWords(none, baseline, key)}` : null
    const headline = networkLost ? `The network lost on validation: the forecast is ${forecaster}${why ? `. ${why}` : ''}` : why ?? 'No test skill could be measured'
    return { tone: 'warn', headline, forecaster, networkLost, detail, action: null, skill: null, baseline, validation }
  }
  // few test forecasts: the margin is said to rest on them, and the advice to wait for more
  const few = scored !== null && scored > 0 && scored < FEW_TEST_FORECASTS
  const over = few ? `, over only ${scored} test forecast${scored === 1 ? '' : 's'}` : ''
  const unsure = few ? ` ${scored} test forecast${scored === 1 ? ' is' : 's are'} too few to tell a real difference from chance: a longer test period (Setup's split) gives a surer verdict.` : ''
  // the baseline is the best on validation (a test score picks no yardstick); one that did better
  // than the forecast and it on test is said, so that the headline agrees with the test table
  const still = testBeater(metrics, key, members)
  // a classification run whose test period holds few rows of its rarer class: the scores rest on
  // those few events (a Brier score is mostly the easy majority's), said, and never green
  const rare = task === 'classification' && events !== null && events.fewest < FEW_TEST_EVENTS
  const eventWords = rare ? fewEventsWords(events) : ''
  const rareAction = rare ? ` The scores rest on few events: ${eventWords}, too few to tell a real difference from chance; a longer test period (Setup's split) or more data gives a surer verdict.` : ''
  const useInstead = (who: string | null) => `Use the ${who ? baselineWords(who) : b} forecast instead: the forecast CSV and workbook carry it as the column baseline_${who ?? 'naive'}${who && FORECASTERS.has(who) ? ', or choose it as the Forecaster in Setup and train again' : ''}.`
  if (task === 'classification' && levelWithin(noise, baseline)) {
    // the forecast and the baseline differ by less than the test rows can tell: neither better nor worse
    const headline = `Level with the best baseline (${b}) on test (${metric}${over}): ${noiseWords(noise)}${rare ? `; ${eventWords}` : ''}`
    return { tone: 'warn', headline, forecaster, networkLost, detail, action: `Predict with the ${b} baseline, or change the features or the model and train again; a longer test period (Setup's split) or more data tells a smaller difference from chance.${unsure}${rareAction}`, skill, baseline, validation }
  }
  // a regression run likewise (its errors' noise stored with its choice; runs stored before have
  // none and keep today's rule), unless a plain baseline beat it by a wide margin (said below)
  const errors = task === 'regression' ? c?.testNoise ?? null : null
  if (task === 'regression' && !plain && errors?.metric === key && levelWithin(errors, baseline)) {
    const headline = `Level with the best baseline (${b}${left ? `; ${left}` : ''}) on test (${metric}${over}): ${noiseWords(errors)}${networkLost ? `; the network lost on validation, so the forecast is ${forecaster}` : ''}`
    return { tone: 'warn', headline, forecaster, networkLost, detail, action: `Neither the forecast nor the ${b} baseline can be called better on these test rows; a longer test period (Setup's split) or more data tells a smaller difference from chance.${unsure}`, skill, baseline, validation }
  }
  if (skill <= 0) {
    const action = task === 'classification' ? `Predict with the ${b} baseline, or change the features or the model and train again.` : useInstead(baseline)
    const base = baseline ? metrics.find((m) => m.split === 'test' && m.model === baseline && m.metric === key)?.value : null
    const lower = still && still.model !== baseline && (base === null || base === undefined || still.value < base)
      ? `; on test the ${baselineWords(still.model)} baseline did better still (${metric} ${num(still.value)} against ${num(still.mine)}), but ${b} is the one chosen on validation`
      : ''
    return { tone: 'bad', headline: `Worse than ${b}${left ? ` (${left})` : ''} by ${pct(skill)} on test (${metric}${over}): use the ${b} forecast${lower}${rare ? `; ${eventWords}` : ''}`, forecaster, networkLost, detail, action: action + unsure + rareAction, skill, baseline, validation }
  }
  if (plain) {
    // a baseline that needs no model beat the forecast on test by a wide margin: said plainly, the
    // skill against the yardstick chosen on validation kept beside it (a test score picks none)
    const p = baselineWords(plain.model)
    const headline = `The ${p} baseline did better on test than the forecast (${metric} ${num(plain.value)} against ${num(plain.mine)}, ${pct(plain.by)} less error${over}); the forecast beat ${b}, the best baseline on validation, by ${pct(skill)}${networkLost ? `; the network lost on validation, so the forecast is ${forecaster}` : ''}`
    return { tone: 'bad', headline, forecaster, networkLost, detail, action: useInstead(plain.model) + unsure, skill, baseline, validation }
  }
  const better = still ? `; on test the ${baselineWords(still.model)} baseline did better still (${metric} ${num(still.value)} against ${num(still.mine)})` : ''
  // a classification run is judged by its probabilities (Brier); a baseline that classified more
  // test rows right (accuracy, F1) is said beside it, so that the headline agrees with the table
  const scoresBetter = task === 'classification' ? scoresBetterWords(classScoresBetter(metrics)) : ''
  const judged = `Better than the best baseline (${b}${left ? `; ${left}` : ''}) by ${pct(skill)} on test (${metric}${over})${better}`
  const headline = judged + butClauses([scoresBetter])
  if (rare) return { tone: 'warn', headline: judged + butClauses([scoresBetter, eventWords]), forecaster, networkLost, detail, action: (unsure + rareAction).trim(), skill, baseline, validation }
  const caution = few ? unsure.trim() : null
  if (networkLost) return { tone: 'warn', headline: `${headline}; the network lost on validation, so the forecast is ${forecaster}`, forecaster, networkLost, detail, action: caution, skill, baseline, validation }
  return { tone: 'good', headline, forecaster, networkLost, detail, action: caution, skill, baseline, validation }
}

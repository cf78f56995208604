// The experiment behind the choice rule (core/train/choice.ts, docs/forecasting.md): on every
// quality-benchmark series, train the network once with the defaults (forecaster 'network'), then
// score candidate rules on the same validation paths and held-out forecasts (M4 protocol), so the
// rules differ only in what they pick. Prints, per rule, the geometric-mean MASE relative to
// seasonal naive, the series that beat the better of naive and seasonal naive, and the series
// worse than twice the best method (the workbench's models and R's, from r-reference.json). Naive
// and seasonal naive are scored as bench/quality.ts scores them (the series' own period, the rows
// as they are; since 5 December: before, the run's season, so figures measured earlier differ a
// little where the two periods do, taylor's hourly demand among them).
//   npx vitest run --config bench/experiments/vitest.config.ts            (all series, minutes)
//   EXP_GROUP=holdout (or all: tuning and holdout), EXP_ONLY=Nile,lynx: other series; the fresh
//   group is never run here (it is for measuring the fixed defaults, not for choosing rules)
//   EXP_ONLY=Nile,lynx npx vitest run --config bench/experiments/vitest.config.ts
//   EXP_SEEDS=3: the network is the mean of 3 trainings (seeds 42, 43, 44), an ensemble of seeds
//   EXP_DESEASON=1 (or always): a second network on the seasonally adjusted series, and the rule with it
//   EXP_CLEAN=values,logs,both: ETS, Theta and ARIMA also fitted on rows cleaned by tsoutliers (on
//   the values; on the logs of a positive series; where both find one, as the runs do), and the rule
//   with each
//   EXP_STATS=run: the statistical models fitted and scored as a run does (core/train/evaluate.ts
//   chooseForecaster: outliers replaced (model.outliers 'clean'), ARIMA's bounded search, the refit
//   on every row for the held-out forecast, the random-walk test in the model's space): the rule's
//   line then reproduces the quality benchmark's defaults closely; default: R's unbounded search on
//   the rows as they are, as the figures in docs/forecasting.md before 5 December were measured
//   EXP_BOXCOX=1 (with EXP_STATS=run): ETS, Theta and ARIMA also fitted on Box-Cox transformed rows
//   (the logs where the run logs its target; Guerrero's lambda as R's lambda = "auto"; the same in
//   [0, 1]; bench/experiments/boxcox.ts, checked by boxcox.exp.ts), back-transformed with and without
//   bias adjustment, and the rule with each (all three members, or ARIMA alone): boxCoxMembers below
//   EXP_BAGGED=B (with EXP_STATS=run): ETS bagged over B bootstrapped series (R's baggedETS;
//   bench/experiments/bagged-ets.ts) as a member, in ETS's place, or alone: baggedMembers below;
//   EXP_BAG_CACHE=file.json keeps the bags (added to the cases after EXP_CACHE's, so no rebuild)
//   EXP_COMB=1 (with EXP_STATS=run): M4's S-H-D Comb (bench/experiments/comb.ts) as a member, in ETS's
//   place, or the yardstick: the lines numbered 13; added to cached cases (under a second)
//   EXP_THETA=1 (with EXP_STATS=run): the Optimised and Dynamic Optimised Theta Models
//   (bench/experiments/theta-models.ts, checked by theta-models.exp.ts) in Theta's place, as a fourth
//   member, or alone: the lines numbered 14; added to cached cases (seconds)
//   EXP_REFIT=1 (with EXP_STATS=run): the network refitted on every row, or on train + val, for the
//   forecast past the end, the choice as made on validation: the lines numbered 15; added to cached
//   cases (about 2 minutes, both seeds), EXP_REFIT_CACHE=file.json keeps the fits
//   EXP_CACHE=file.json: the trained cases are written there, and read back on the next run with the
//   same file (delete it after changing anything but the rules); EXP_ONLY picks from them too
//   EXP_CHANGED=1: under each rule, the series whose MASE differs from the first rule's (the rule's)
//   EXP_VERBOSE=1: what each rule picked for each series, its MASE, and whether it beats the better naive
// Measured on 5 December at a65cc8f (EXP_STATS=run; the rule's line gives the benchmark's defaults:
// tuning 0.520, holdout 0.682): no line below the rule's passed both groups with a gain in series
// beating naive or fewer worse than twice the best; the figures are in the commit that added them.
// Measured again on 6 December at d1fc1ff (EXP_STATS=run; a cache built before then lacks the
// fields lines 3 and 4 read, so rebuild it): the four ideas numbered 1a-4b (the network joining only
// over enough validation origins or by a margin, drift as a member on a plain drift, ARIMA with
// d = 2 left out, members scored on training-row origins too) moved no series across either line
// on either group, and 1a, 2b and 4 made the holdout group worse; the figures are in the commit
// that added them.
// Measured on 6 December at fc1e8a1 (EXP_STATS=run EXP_BOXCOX=1; the rule: tuning 0.520, 21/27 beating
// the better naive, none past 2x; holdout 0.682, 10/16, discoveries past 2x): no Box-Cox variant
// passed (gm, series beating the better naive, past 2x; tuning | holdout):
//   a1 logs where the run logs    0.520 20 airmiles 5.5x | 0.798 10 +uspop 7.7x
//   a2 a1 bias-adjusted           0.558 17 airmiles 6.5x | 0.791 10 +uspop 8.3x
//   b1 Guerrero (lambda auto)     0.511 21 airmiles 5.3x | 0.777 10 +uspop 5.5x
//   b2 b1 bias-adjusted           0.577 18 airmiles, fdeaths | 0.775 10 +uspop 5.9x
//   b3 Guerrero in [0, 1]         0.532 20 airmiles 5.5x | 0.788 10 +uspop 5.5x
//   b4 b3 bias-adjusted           0.572 19 airmiles 6.5x | 0.781 10 +uspop 5.9x
//   c1 ARIMA alone on the logs    0.505 21 none          | 0.762 10 +uspop 4.3x
//   c2 c1 bias-adjusted           0.506 21 none          | 0.759 10 +uspop 4.3x
//   c3 ARIMA alone, Guerrero      0.557 21 airmiles 53x  | 0.737 10 +uspop 2.2x
//   c4 c3 bias-adjusted           0.580 21 airmiles 130x | 0.734 10 +uspop 2.2x
//   c5 ARIMA alone, Guerrero [0,1] 0.513 21 none         | 0.739 10 +uspop 2.2x
//   c6 c5 bias-adjusted           0.514 21 none          | 0.736 10 +uspop 2.2x
// A drift extrapolated on the logs (or below them: airmiles' lambda -0.31 nears the pole) runs away
// on short growing series (airmiles, 24 rows; uspop, 19: 0.59 -> 2.0-7.4 MASE); bias adjustment (the
// mean, the MSE per step from training-row origins as the variance) loses series beating naive under
// MASE. The tuning gains in gm (b1, c1, c2, c5, c6) rest on AirPassengers (0.85 -> 0.38-0.45; without
// it c1 is the rule's gm, b1 0.6 % and c5 1.5 % worse); lynx goes 0.26 -> 0.66-0.93 under every
// variant that transforms it. Without uspop the holdout gm moves -1.0 % to +1.3 %.
// Measured on 6 December at 35f78dc (EXP_STATS=run), the validation rows searched for outliers as a
// run does (choice.ts validationOutliers: the members' paths read them replaced, the candidates are
// scored against the replacements): no tuning or holdout series has one, and the cases written
// before and after are the same to the byte (tuning 0.520, 21/27, none past 2x; holdout 0.682,
// 10/16, discoveries 3.0x).
// Measured on 6 December at 34fb021 with the lines numbered 5-8 (issue 12, target 3: no series past
// twice the best method; EXP_STATS=run EXP_GROUP=all, which now prints each group's figures; a cache
// built before lacks the in-run test paths line 8 reads, so rebuild it): none gained on both
// groups; the figures are in docs/forecasting.md (section 4, after the median).
// Measured on 6 December at bcfd3bd with the lines numbered 9 (issue 12, targets 1 and 3: the members
// scored on their in-sample h-step errors from the training-row origins too; EXP_STATS=run
// EXP_GROUP=all; a cache built before lacks the training-row paths they read, and then they are not
// run): none passed; every line put freeny.y past twice the best on the holdout group; the figures
// are in docs/forecasting.md (section 4, after the rules aimed at the six series).
// Measured on 6 December at fe3e85b with the lines numbered 10 (issue 12, targets 1 and 3: bagged ETS,
// bench/experiments/bagged-ets.ts; EXP_STATS=run EXP_GROUP=all EXP_BAGGED=20, and 30; the bags are
// added to cached cases, EXP_BAG_CACHE keeps them): none passed; as a fourth member it gained on the
// holdout group (0.682 -> 0.653) and put airmiles past twice the best on the tuning group, and a run
// would spend about 20 s more on 500 monthly rows; the figures are in docs/forecasting.md (section 4,
// after the training-row lines).
// Measured on 6 December at 92ef578 with the lines numbered 11 (issue 12, targets 1 and 3: a
// random-walk forecast as a member of the combination, not only the fallback; EXP_STATS=run
// EXP_GROUP=all; a cache of bcfd3bd's format serves): drift, naive, or the better of the two on
// validation as a fourth member trimmed like the others (11a-c), joining the trimmed mean as the
// network joins (11d1-3), and a fourth member over 10 validation rows or more only, where the
// trimming can leave it out (11e1-3). 11a-d fail the bar (a series fewer beating the better naive,
// or airmiles or gas past twice the best on the tuning group); 11e1-3 pass it, but 11e1 (drift) in
// choice.ts, run through the whole quality benchmark, made the fresh group worse (0.712 -> 0.727, 18
// -> 17 beating the better naive), so the rule is unchanged. The figures are in
// docs/forecasting.md (section 4, after bagged ETS).
// Measured on 6 December at 8ca31e9 with the lines numbered 12 (issue 12, targets 1 and 3: the
// members scored out of sample at 2 or 3 earlier origins, refitted there, as tsCV; EXP_STATS=run
// EXP_GROUP=all EXP_ROLL=1, EXP_ROLL_CACHE keeps the fits): none passed; pooled with validation they
// put freeny.y past twice the best on the holdout group, alone they lost 5-6 % on the tuning group,
// and the extra searches at 3 origins took twice the training fits' time (over a minute on some
// monthly series); the figures are in docs/forecasting.md (section 4, after bagged ETS).
// Measured on 6 December at ffd8854 with the lines numbered 13 (issue 12, targets 1 and 3: M4's S-H-D
// Comb, the mean of ses, Holt and damped Holt on the series seasonally adjusted where M4's 90 % test
// at lag m finds a season; bench/experiments/comb.ts, checked by comb.exp.ts; EXP_STATS=run
// EXP_GROUP=all EXP_COMB=1; a cache of bcfd3bd's format serves, the Comb added after it in 0.7 s over
// the 43 series, both fits): none passed (gm, beating the better naive, past 2x; tuning | holdout;
// the rule 0.520 21 none | 0.682 10 discoveries 3.0x):
//   13a a fourth member, trimmed      0.524 21 none      | 0.671  9 discoveries 2.9x
//   13b in ETS's place                0.522 21 none      | 0.680  8 discoveries 2.8x
//   13c the only member (yardstick)   0.665 16 7 series  | 0.720  9 discoveries 2.3x, +uspop 2.3x
//   13d alone                         0.653 18 6 series  | 0.725  9 3 series
//   13f ETS alone (for 13d)           0.650 20 4 series  | 0.739  9 2 series
//   13e 13a over 10 val rows or more  0.519 21 none      | 0.687  9 discoveries 2.9x (added after 13a)
// BJsales.lead stops beating naive under 13a, 13b and 13e (1.25 -> 1.48: with the Comb in, the
// network does as well as the mean on validation and joins it); 13b also loses
// Seatbelts-PetrolPrice (0.17 -> 0.26). The figures are in docs/forecasting.md (section 4, after the
// rolling origins).
// Measured on 6 December at 18aebed with the lines numbered 14 (issue 12, targets 1 and 3: the
// Optimised and Dynamic Optimised Theta Models of Fiorucci et al. 2016, bench/experiments/theta-models.ts,
// checked by theta-models.exp.ts; EXP_STATS=run EXP_GROUP=all EXP_THETA=1; a cache of bcfd3bd's format
// serves, both added after it in about 7 s over the 43 series, both fits): none passed (gm, beating
// the better naive, past 2x; tuning | holdout; the rule 0.520 21 none | 0.682 10 discoveries 3.0x):
//   14a OTM in Theta's place          0.512 21 none      | 0.713 10 +freeny.y 2.4x
//   14b OTM a fourth member, trimmed  0.511 21 JohnsonJohnson 2.3x | 0.678  9 discoveries 2.9x
//   14c DOTM in Theta's place         0.511 21 none      | 0.734 10 +freeny.y 2.4x
//   14d DOTM a fourth member          0.512 21 JohnsonJohnson 2.3x | 0.676 10 discoveries 2.9x
//   14h 14b over 10 val rows or more  0.509 21 JohnsonJohnson 2.3x | 0.682  9 discoveries 2.9x
//   14i 14d over 10 val rows or more  0.509 21 JohnsonJohnson 2.3x | 0.673 10 discoveries 2.9x
//   14j-m DOTM with its line frozen at the origin (the closed form) in 14c, 14d, 14f, 14i's places:
//   within 0.003 of those figures, the same series past 2x
//   14e OTM alone                     0.612 20 5 series  | 0.841 10 3 series
//   14f DOTM alone                    0.619 18 4 series  | 0.806 10 4 series
//   14g Theta alone (for 14e-f)       0.706 19 6 series  | 0.817  9 3 series
// and, added after them, theta at most 5 (the top of forecTheta's earlier grid; OTM's fit sits there
// on 24 of the 43 series):
//   14n OTM <= 5 in Theta's place     0.518 21 none      | 0.701 10 +freeny.y 2.2x
//   14o OTM <= 5 a fourth member      0.516 21 airmiles 2.0x, JohnsonJohnson 2.3x | 0.677  9 discoveries 2.9x
//   14p DOTM <= 5 in Theta's place    0.517 21 none      | 0.720 10 +freeny.y 2.2x
//   14q DOTM <= 5 a fourth member     0.517 21 airmiles 2.0x, JohnsonJohnson 2.3x | 0.675 10 discoveries 2.9x
//   14r OTM <= 5 alone                0.642 19 5 series  | 0.807 10 3 series
//   14s DOTM <= 5 alone               0.649 17 5 series  | 0.784 10 3 series
// As a fourth member JohnsonJohnson goes 2.29 -> 2.74-2.76 (past 2x: nothing is trimmed, and Theta
// and OTM/DOTM, which both run its trend on too far (alone 5.54 and 4.14-4.19), make half the mean)
// and BJsales.lead 1.25 -> 1.50 under 14b and 14h (the network joins the mean with OTM, and loses to
// naive); in Theta's place uspop (0.59 -> 1.00-1.07) and freeny.y (0.28 -> 0.38, the network no
// longer joining) follow a fitted theta far above 2 (27 to 3e5) on 9 and 21 training rows; bounded
// at 5 they still lose (uspop 0.83-0.88, freeny.y 0.35), and as a fourth member airmiles (12 training
// rows, 3 validation rows: nothing trimmed) goes 2.71 -> 3.39-3.42. The figures are in
// docs/forecasting.md (section 4, after the Comb).
// Measured on 6 December at c108f34 with the lines numbered 15 (issue 12, targets 1 and 3: the network
// refitted for the forecast past the end, as the members are; EXP_STATS=run EXP_GROUP=all EXP_REFIT=1,
// EXP_REFIT_CACHE keeps the fits; a cache of bcfd3bd's format serves; the refits took 56 s over the
// 43 series on every row, 36 s on train + val, both epoch counts, the first fits 25 s): none of 15a-d
// passed; 15f, added after them, passes the bar, within a seed's noise on the holdout group (gm,
// beating the better naive, past 2x; tuning | holdout; the rule 0.520 21 none | 0.682 10 discoveries 3.0x):
//   15a every row, the epochs early stopping kept  0.538 21 +airmiles 2.2x | 0.662 10 discoveries
//   15b every row, epochs x rows / training rows   0.491 21 none           | 0.778 10 +uspop 6.6x
//   15c train + val, the epochs kept               0.532 21 none           | 0.657 10 discoveries
//   15d train + val, epochs scaled                 0.512 21 none           | 0.759 10 +uspop 4.7x
//   15e no refit, seed 43 (a seed's noise)         0.520 21 none           | 0.710 10 discoveries
//   15f 15b over 10 val rows or more               0.496 21 none           | 0.673 10 discoveries
//   15g 15d over 10 val rows or more               0.522 21 none           | 0.676 10 discoveries
//   15h 15f with seed 43 (against 15e)             0.516 21 none           | 0.704 10 discoveries
// The same 14 series move under every line (where the network joins the mean); a seed alone moves
// them as much (lynx 0.26 -> 0.41, WWWusage 1.63 -> 0.83, uspop 0.59 -> 1.22). uspop (9 training
// rows, 2 validation rows) runs away under the scaled epochs (20 on 13 rows); WWWusage loses under
// both seeds (1.63 -> 2.28; 0.83 -> 2.55). 15f, prototyped in core/train and run through the whole
// quality benchmark: tuning and holdout as above to the digit, fresh 0.712 18 5 series -> 0.710 18 4
// series, all 82 0.637 49 -> 0.624 49; not adopted (a stored run is rebuilt from its checkpoint
// weights, which would lose the refit; the fresh gain is under a seed's swing). The figures are in
// docs/forecasting.md (section 4, after the Comb).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { it } from 'vitest'
import { applyFitted, fitStat, importCsv, naiveScale, restoreStat, type StatName } from '../../core/data'
import { blend, fitStatModels, pathMae, RANDOM_WALK_MARGIN, refitOnAll, statHistories, statPeriod, TRIM_MIN_VAL_ROWS, TRIM_RATIO } from '../../core/train/choice'
import { resolveConfig } from '../../core/train/config'
import { forecastAhead, loadModelFile } from '../../core/train/forecast'
import { networkPaths } from '../../core/train/paths'
import { prepareRun } from '../../core/train/prepare'
import { runTraining } from '../../core/train/run'
import { fit } from '../../core/train/fit'
import type { Model } from '../../core/engine'
import { defaultLookBack } from '../../core/train/season'
import { randomWalkTest, type RandomWalkTest } from '../../core/data/stats/random-walk'
import { decomposeFigure } from '../../core/data/stats/linalg'
import { thetaSeasonal } from '../../core/data/stats/theta'
import { cleanOutliers, statOutliers, tsoutliers, withReplaced } from '../../core/data/stats/outliers'
import { loadManifest, readSeries } from '../quality-data'
import { boxCox, guerreroLambda, invBoxCox } from './boxcox'
import { aggregate, baggedEts } from './bagged-ets'
import { fitComb } from './comb'
import { fitThetaModel, type ThetaModelKind } from './theta-models'
import { beatsBetterNaive, naiveForecast, same, seasonalNaiveForecast } from '../quality-metrics'

const root = new URL('../..', import.meta.url).pathname
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const STATS: StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima']

interface Case {
  name: string
  val: Record<string, Float64Array> // (W, K) validation paths per candidate
  fc: Record<string, Float64Array> // (h) held-out forecasts per candidate (stats refitted on every row)
  /** y: the rows before the held-out ones (EXP_STATS=run: with the validation outliers replaced,
   *  as a run scores its candidates) */
  y: Float64Array; test: Float64Array; origins: Int32Array; K: number; valRange: { start: number; end: number }
  scale: number; best: number // in-sample seasonal-naive MAE; the best MASE of any method (R's too)
  rw: RandomWalkTest; nTrain: number // the random-walk test on the training rows; their count
  period: number // the benchmark's seasonal period for the series (its seasonal naive and MASE scale)
  /** EXP_STATS=run: each statistical model's label (ARIMA's orders among them), and its paths
   *  (parameters fixed at the training fit) from origins in the last part of the training rows
   *  (`trOrigins`, at most TR_ORIGINS of them, from half-way on), for scoring on more origins. */
  labels?: Record<string, string>
  tr?: Record<string, Float64Array>; trOrigins?: Int32Array
  /** EXP_STATS=run: the same from every origin of the training rows after a warm-up of
   *  max(season, 3) rows (at most TR_EVERY of the latest), for the rules numbered 9. */
  trAll?: Record<string, Float64Array>; trAllOrigins?: Int32Array
  /** EXP_STATS=run: the rows the members were replayed on (training outliers replaced, as the run
   *  fits them), against which the rules numbered 9 score the training-row origins. */
  yClean?: Float64Array
  /** EXP_STATS=run: every candidate's paths (the network's and the statistical models', fitted on
   *  the training rows as for `val`) from the origins whose first step falls in the validation or
   *  the in-run test rows (`tvOrigins`, scored over `tvRange`: validation start to the last row
   *  before the held-out ones). */
  tv?: Record<string, Float64Array>; tvOrigins?: Int32Array; tvRange?: { start: number; end: number }
  /** the rows the rule's trimming floor counts (a rule that scores on more rows may keep the
   *  validation rows' count) */
  trimRows?: number
}
/** The most training-row origins kept per case (EXP_STATS=run). */
const TR_ORIGINS = 200
/** The most training-row origins kept per case for `trAll` (the latest; only the longest series reach it). */
const TR_EVERY = 1000

/** EXP_CACHE: cases as JSON (typed arrays as plain arrays, tagged by the field they fill). */
function saveCases(file: string, cs: Case[]): void {
  const arr = (x: Float64Array | Int32Array) => Array.from(x)
  const rec = (r: Record<string, Float64Array>) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, arr(x)]))
  writeFileSync(file, JSON.stringify(cs.map((c) => ({ ...c, val: rec(c.val), fc: rec(c.fc), y: arr(c.y), test: arr(c.test), origins: arr(c.origins), ...(c.tr ? { tr: rec(c.tr), trOrigins: arr(c.trOrigins!) } : {}), ...(c.trAll ? { trAll: rec(c.trAll), trAllOrigins: arr(c.trAllOrigins!), yClean: arr(c.yClean!) } : {}), ...(c.tv ? { tv: rec(c.tv), tvOrigins: arr(c.tvOrigins!) } : {}) }))))
}
function loadCases(file: string): Case[] {
  type Raw = Omit<Case, 'val' | 'fc' | 'y' | 'test' | 'origins' | 'tr' | 'trOrigins' | 'trAll' | 'trAllOrigins' | 'yClean' | 'tv' | 'tvOrigins'> & { val: Record<string, number[]>; fc: Record<string, number[]>; y: number[]; test: number[]; origins: number[]; tr?: Record<string, number[]>; trOrigins?: number[]; trAll?: Record<string, number[]>; trAllOrigins?: number[]; yClean?: number[]; tv?: Record<string, number[]>; tvOrigins?: number[] }
  const rec = (r: Record<string, number[]>) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, Float64Array.from(x)]))
  // JSON writes NaN (a step no forecast reaches, a test statistic not computed) as null
  return (JSON.parse(readFileSync(file, 'utf8'), (_, v: unknown) => (v === null ? NaN : v)) as Raw[]).map(({ tr, trOrigins, trAll, trAllOrigins, yClean, tv, tvOrigins, ...c }) => ({ ...c, ...(trAll && trAllOrigins && yClean ? { trAll: rec(trAll), trAllOrigins: Int32Array.from(trAllOrigins), yClean: Float64Array.from(yClean) } : {}), ...(tv && tvOrigins ? { tv: rec(tv), tvOrigins: Int32Array.from(tvOrigins) } : {}), val: rec(c.val), fc: rec(c.fc), y: Float64Array.from(c.y), test: Float64Array.from(c.test), origins: Int32Array.from(c.origins), ...(tr && trOrigins ? { tr: rec(tr), trOrigins: Int32Array.from(trOrigins) } : {}) }))
}

const mean = (xs: Float64Array[]) => Float64Array.from(xs[0]!, (_, i) => xs.reduce((s, x) => s + x[i]!, 0) / xs.length)

async function cases(): Promise<Case[]> {
  const cache = process.env.EXP_CACHE
  const only = process.env.EXP_ONLY?.split(',')
  // EXP_ONLY picks from cached cases too
  const cs = cache && existsSync(cache) ? loadCases(cache).filter((c) => !only || only.includes(c.name)) : await trainCases()
  if (cache && !existsSync(cache)) saveCases(cache, cs)
  if (process.env.EXP_BAGGED) await baggedMembers(cs)
  if (process.env.EXP_ROLL) await rollingMembers(cs)
  if (process.env.EXP_COMB) await combMembers(cs)
  if (process.env.EXP_THETA) await thetaMembers(cs)
  if (process.env.EXP_REFIT) await refitMembers(cs)
  return cs
}

/** A benchmark series' rows before the held-out ones, as the harness's run prepares them (its
 *  splits and season), for members added after the cache. */
async function seriesRun(spec: ReturnType<typeof loadManifest>[number]) {
  const s = readSeries(root, spec)
  const cut = s.value.length - s.horizon
  const ds = await importCsv('time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${s.value[i]}`).join('\n'), { fileName: `${spec.name}.csv` })
  const config = resolveConfig({ data: { target: 'value', features: [], lookBack: defaultLookBack(ds, 'value', 'auto', 1) }, model: { forecaster: 'network' } })
  const { prep, season } = prepareRun(config, ds)
  return { s, cut, prep, season }
}

/** EXP_BAGGED=B (with EXP_STATS=run cases; bench/experiments/bagged-ets.ts): 'bets' and 'bets-med',
 *  ETS bagged over B series (the series itself and B - 1 bootstrapped, seed 42), their forecasts'
 *  mean (R's baggedETS) or median. Fitted on the cleaned training rows and replayed (each bag's
 *  parameters fixed) over them and the validation rows for the validation paths; bagged afresh on
 *  every row cleaned (the run's refit) for the held-out forecast. Added to the cases after the cache
 *  (EXP_BAG_CACHE=file.json keeps them, per B). */
async function baggedMembers(cs: Case[]): Promise<void> {
  const B = Number(process.env.EXP_BAGGED)
  if (!(B >= 1)) throw new Error(`EXP_BAGGED=${process.env.EXP_BAGGED}: expected the number of bags`)
  const file = process.env.EXP_BAG_CACHE
  type Saved = Record<string, { val: Record<string, number[]>; fc: Record<string, number[]>; ms: number }>
  const saved: Saved = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8'), (_, v: unknown) => (v === null ? NaN : v)) : {}
  const specs = new Map(loadManifest(root).map((s) => [s.name, s]))
  let total = 0
  for (const c of cs) {
    const key = `${c.name}@${B}`
    if (!saved[key]) {
      const spec = specs.get(c.name)!
      const { prep, season } = await seriesRun(spec)
      const train = prep.splits.train
      if (!c.yClean) throw new Error(`${c.name}: EXP_BAGGED needs cases built with EXP_STATS=run`)
      const hist = statHistories(c.y, train, season, true, undefined, undefined, prep.splits.val)
      if (hist.scored.some((v, i) => !(v === c.yClean![i] || (v !== v && c.yClean![i] !== c.yClean![i])))) throw new Error(`${c.name}: the cleaned rows differ from the cache's`)
      const t0 = performance.now()
      const fits = baggedEts(hist.scored.slice(train.start, train.end), season, B, 42)
      const paths = fits.map((f) => f.forecastAt(hist.scored, c.origins, c.K))
      const full = baggedEts(hist.all, season, B, 42).map((f) => f.forecast(c.test.length))
      const ms = performance.now() - t0
      saved[key] = { val: { bets: Array.from(aggregate(paths, 'mean')), 'bets-med': Array.from(aggregate(paths, 'median')) }, fc: { bets: Array.from(aggregate(full, 'mean')), 'bets-med': Array.from(aggregate(full, 'median')) }, ms }
      console.log(`${c.name}: bagged ETS, ${B} bags, ${fits.length} fitted, ${(ms / 1000).toFixed(1)} s (m ${season}, ${hist.all.length} rows)`)
      if (file) writeFileSync(file, JSON.stringify(saved))
    }
    const r = saved[key]!
    total += r.ms
    for (const k of Object.keys(r.val)) (c.val[k] = Float64Array.from(r.val[k]!)), (c.fc[k] = Float64Array.from(r.fc[k]!))
  }
  console.log(`bagged ETS (${B} bags): ${(total / 1000).toFixed(1)} s over ${cs.length} series, both fits`)
}

/** A cached case's series as its run prepares it, with the rows cleaned as the members were fitted
 *  (checked against the cache's), for members added after the cache (`what`: the variable asking). */
async function cleanedRun(c: Case, spec: ReturnType<typeof loadManifest>[number], what: string) {
  const { s, cut, prep, season } = await seriesRun(spec)
  const train = prep.splits.train
  if (!c.yClean) throw new Error(`${c.name}: ${what} needs cases built with EXP_STATS=run`)
  if (train.start !== 0) throw new Error(`${c.name}: training rows start at ${train.start}`)
  const hist = statHistories(Float64Array.from(s.value.slice(0, cut)), train, season, true, undefined, undefined, prep.splits.val)
  if (hist.scored.some((v, i) => !(v === c.yClean![i] || (v !== v && c.yClean![i] !== c.yClean![i])))) throw new Error(`${c.name}: the cleaned rows differ from the cache's`)
  return { train, season, hist }
}

/** EXP_COMB=1 (with EXP_STATS=run cases; bench/experiments/comb.ts): 'comb', M4's S-H-D Comb (the
 *  mean of ses, Holt and damped Holt on the series seasonally adjusted where M4's 90 % test at lag m
 *  finds a season; m the run's season, as the members'). Fitted on the cleaned training rows and
 *  replayed (parameters and seasonal figure fixed) over them and the validation rows for the
 *  validation paths; fitted afresh on every row cleaned (the run's refit) for the held-out
 *  forecast. Added to the cases after the cache; a few seconds over the 43 series. */
async function combMembers(cs: Case[]): Promise<void> {
  const specs = new Map(loadManifest(root).map((s) => [s.name, s]))
  let total = 0
  for (const c of cs) {
    const { train, season, hist } = await cleanedRun(c, specs.get(c.name)!, 'EXP_COMB')
    const t0 = performance.now()
    try {
      const fit = fitComb(hist.scored.slice(train.start, train.end), season)
      const full = fitComb(hist.all, season)
      c.val['comb'] = fit.forecastAt(hist.scored, c.origins, c.K)
      c.fc['comb'] = full.forecast(c.test.length)
      const ms = performance.now() - t0
      total += ms
      const how = (f: typeof fit) => (f.figure ? `${f.multiplicative ? 'multiplicative' : 'additive'} season ${season}` : 'no season') + (f.members.length < 3 ? `, only ${f.members.join(', ')}` : '')
      console.log(`${c.name}: Comb (${how(fit)}; every row: ${how(full)}) ${(ms / 1000).toFixed(2)} s`)
    } catch (e) {
      console.log(`${c.name}: no Comb (${(e as Error).message})`)
    }
  }
  console.log(`Comb: ${(total / 1000).toFixed(1)} s over ${cs.length} series, both fits`)
}

/** EXP_THETA=1 (with EXP_STATS=run cases; bench/experiments/theta-models.ts): 'otm' and 'dotm', the
 *  Optimised and Dynamic Optimised Theta Models (Fiorucci et al. 2016) on the series seasonally
 *  adjusted as thetaf adjusts it (m the run's season, as the members'). Fitted on the cleaned
 *  training rows and replayed (parameters, figure and OTM's line fixed; DOTM's line moving with the
 *  rows) over them and the validation rows for the validation paths; fitted afresh on every row
 *  cleaned (the run's refit) for the held-out forecast. Added to the cases after the cache. */
async function thetaMembers(cs: Case[]): Promise<void> {
  const specs = new Map(loadManifest(root).map((s) => [s.name, s]))
  const total: Record<ThetaModelKind, number> = { otm: 0, dotm: 0 }
  for (const c of cs) {
    const { train, season, hist } = await cleanedRun(c, specs.get(c.name)!, 'EXP_THETA')
    const said: string[] = []
    // 'otm5', 'dotm5': theta at most 5 (the top of forecTheta's earlier theta grid, 1 to 5), added
    // after the unbounded fits ran theta into the thousands on short trending series
    for (const [kind, key, thetaMax] of [['otm', 'otm', Infinity], ['dotm', 'dotm', Infinity], ['otm', 'otm5', 5], ['dotm', 'dotm5', 5]] as const) {
      const t0 = performance.now()
      try {
        const fit = fitThetaModel(hist.scored.slice(train.start, train.end), season, kind, {}, thetaMax)
        const full = fitThetaModel(hist.all, season, kind, {}, thetaMax)
        c.val[key] = fit.forecastAt(hist.scored, c.origins, c.K)
        c.fc[key] = full.forecast(c.test.length)
        // 'dotm-frozen': DOTM's line kept where it is at the origin while forecasting (the closed form)
        if (key === 'dotm') (c.val['dotm-frozen'] = fit.forecastAt(hist.scored, c.origins, c.K, true)), (c.fc['dotm-frozen'] = full.forecast(c.test.length, true))
        if (key === kind) total[kind] += performance.now() - t0
        const p = (f: typeof fit) => `theta ${f.params.theta < 1e3 ? f.params.theta.toFixed(2) : f.params.theta.toExponential(1)} alpha ${f.params.alpha.toFixed(2)}`
        said.push(`${key.toUpperCase()} ${p(fit)} (every row: ${p(full)})`)
      } catch (e) {
        said.push(`no ${key.toUpperCase()} (${(e as Error).message})`)
      }
    }
    console.log(`${c.name}: ${said.join('; ')}${season > 1 ? `, m ${season}` : ''}`)
  }
  console.log(`OTM: ${(total.otm / 1000).toFixed(1)} s, DOTM: ${(total.dotm / 1000).toFixed(1)} s over ${cs.length} series, both fits`)
}

/** EXP_REFIT=1 (with EXP_STATS=run cases; lines 15): the network refitted on every row before the
 *  held-out ones (training, validation and in-run test rows, the rows refitOnAll refits the
 *  statistical members on) for the forecast past the end, as the members are. The first fit is made
 *  again as the run makes it (prepareRun, fit with early stopping on validation; its forecast past
 *  the end must equal the cache's, else the cache is stale and this throws), for the epoch count its
 *  early stopping kept (bestEpoch). The refit: the same config and seed, the pipeline prepared again
 *  with every row in the training split (its scaler, log decision and outlier search on them; two
 *  rows past the end, dated as the held-out rows and holding the last value, only make the
 *  validation and test splits the pipeline requires: no fit reads them, nor the held-out values),
 *  trained without validation for that many epochs ('network-r1'), or that count scaled by every
 *  row / the training rows ('network-rs'); the last epoch's weights forecast past the end. The
 *  validation paths stay the first fit's: the choice is made as now, only the network's forecast
 *  past the end changes. 'network-v1', 'network-vs': the same on the training and validation rows
 *  only (the in-run test rows, real, then fill the splits past them; the epochs scaled by training
 *  and validation rows / the training rows). EXP_REFIT_CACHE=file.json keeps the forecasts and times. */
async function refitMembers(cs: Case[]): Promise<void> {
  const file = process.env.EXP_REFIT_CACHE
  type Saved = Record<string, Refits & { seed43?: Refits }>
  const saved: Saved = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8'), (_, v: unknown) => (v === null ? NaN : v)) : {}
  const specs = new Map(loadManifest(root).map((s) => [s.name, s]))
  for (const c of cs) {
    if (!c.yClean) throw new Error(`${c.name}: EXP_REFIT needs cases built with EXP_STATS=run`)
    if (!saved[c.name]) saved[c.name] = await refitsOf(c, specs.get(c.name)!, 0)
    // the noise yardstick (15e, 15h): all of it again with the next seed, a paired comparison
    if (!saved[c.name]!.seed43) saved[c.name]!.seed43 = await refitsOf(c, specs.get(c.name)!, 1)
    if (file) writeFileSync(file, JSON.stringify(saved))
    const r = saved[c.name]!
    for (const [k, x] of [['f1', r.seed43!.f1], ['r1', r.r1], ['rs', r.rs], ['v1', r.v1], ['vs', r.vs], ['rs43', r.seed43!.rs]] as const) c.fc[k === 'f1' ? 'network-s43' : `network-${k}`] = Float64Array.from(x)
  }
  const tot = (i: number) => Object.values(saved).reduce((t, r) => t + r.ms[i]!, 0) / 1000
  console.log(`refit: first fits ${tot(0).toFixed(1)} s, refits on every row ${tot(1).toFixed(1)} s, on the training and validation rows ${tot(2).toFixed(1)} s (both epoch counts) over ${cs.length} series`)
}
/** One series' first fit (seed 42 + `seedOffset`) and its refits (refitMembers). */
interface Refits { f1: number[]; r1: number[]; rs: number[]; v1: number[]; vs: number[]; best: number; run: number; epochs: [number, number, number]; ms: [number, number, number]; rows: [number, number, number] }
async function refitsOf(c: Case, spec: ReturnType<typeof loadManifest>[number], seedOffset: number): Promise<Refits> {
  const s = readSeries(root, spec)
  const cut = s.value.length - s.horizon
  const rows = (n: number, pad: number) => 'time,value\n' + [...s.time.slice(0, n).map((t, i) => `${t},${s.value[i]}`), ...s.time.slice(n, n + pad).map((t) => `${t},${s.value[n - 1]}`)].join('\n')
  const ds = await importCsv(rows(cut, 0), { fileName: `${spec.name}.csv` })
  const config0 = resolveConfig({ data: { target: 'value', features: [], lookBack: defaultLookBack(ds, 'value', 'auto', 1) }, model: { forecaster: 'network' } })
  const config = { ...config0, training: { ...config0.training, seed: config0.training.seed + seedOffset } }
  const ahead = (model: Model, run: ReturnType<typeof prepareRun>) => {
    const a = applyFitted(ds, run.pipelineConfig, run.prep.fitted)
    return networkPaths({ model, fitted: run.prep.fitted, window: run.pipelineConfig.window }, a.inputs, a.D, [a.N - 1], s.horizon)
  }
  const t0 = performance.now()
  const first = prepareRun(config, ds)
  const o1 = await fit(first.sources.train, first.sources.val.count > 0 ? first.sources.val : null, { spec: first.spec, loss: first.loss, training: config.training }, hooks)
  const f1 = ahead(o1.model, first)
  const t1 = performance.now()
  const off = Math.max(...f1.map((v, i) => Math.abs(v - c.fc['network']![i]!) / Math.max(1, Math.abs(v))))
  if (!seedOffset && !(off < 1e-6)) throw new Error(`${c.name}: the first fit's forecast past the end differs from the cache's by ${off} (rebuild the cache)`)
  // every row (or the training and validation rows) in the training split: fractions that put
  // the split at `end` exactly, one row of validation after it
  const nTrain = first.prep.splits.train.end - first.prep.splits.train.start
  const nTv = first.prep.splits.val.end
  const refitOn = async (end: number, pad: number, es: number[]) => {
    const N = cut + pad
    const d = pad ? await importCsv(rows(cut, pad), { fileName: `${spec.name}-all.csv` }) : ds
    const cfg = resolveConfig({ ...JSON.parse(JSON.stringify(config)), data: { ...JSON.parse(JSON.stringify(config.data)), split: { kind: 'fraction', train: (end + 0.5) / N, val: 1 / N, gap: 0 } } })
    const run = prepareRun(cfg, d)
    if (run.prep.splits.train.end !== end || run.prep.splits.train.start !== 0) throw new Error(`${c.name}: the refit's training rows are ${run.prep.splits.train.start}-${run.prep.splits.train.end}, not 0-${end}`)
    if (run.season !== first.season || run.pipelineConfig.window.lookback !== first.pipelineConfig.window.lookback) throw new Error(`${c.name}: the refit's season or look-back differs from the first fit's`)
    const out: number[][] = []
    for (const e of es) {
      if (out.length && e === es[0]) { out.push(out[0]!); continue }
      const o = await fit(run.sources.train, null, { spec: run.spec, loss: run.loss, training: { ...config.training, epochs: e, earlyStopping: null } }, hooks)
      out.push(Array.from(ahead(o.model, run)))
    }
    return out
  }
  const epochs: [number, number, number] = [Math.max(1, o1.bestEpoch), Math.max(1, Math.round((o1.bestEpoch * cut) / nTrain)), Math.max(1, Math.round((o1.bestEpoch * nTv) / nTrain))]
  const [r1, rs] = await refitOn(cut, 2, [epochs[0], epochs[1]])
  const t2 = performance.now()
  const [v1, vs] = await refitOn(nTv, 0, [epochs[0], epochs[2]])
  const t3 = performance.now()
  console.log(`${c.name} (seed ${config.training.seed}): refit on ${cut} rows and ${nTv} (trained on ${nTrain}), epochs ${epochs.join(', ')} (best ${o1.bestEpoch} of ${o1.epochsRun}); ${[t1 - t0, t2 - t1, t3 - t2].map((x) => (x / 1000).toFixed(1)).join(', ')} s`)
  return { f1: Array.from(f1), r1: r1!, rs: rs!, v1: v1!, vs: vs!, best: o1.bestEpoch, run: o1.epochsRun, epochs, ms: [t1 - t0, t2 - t1, t3 - t2], rows: [nTrain, nTv, cut] }
}

async function trainCases(): Promise<Case[]> {
  const only = process.env.EXP_ONLY?.split(',')
  const R = JSON.parse(readFileSync(`${root}/bench/quality/r-reference.json`, 'utf8')).series as Record<string, { methods: Record<string, { mase: number }> }>
  const out: Case[] = []
  // the series the rule was tuned on by default; EXP_GROUP=holdout (or all) for the others, never fresh
  const group = process.env.EXP_GROUP ?? 'tuning'
  if (group !== 'tuning' && group !== 'holdout' && group !== 'all') throw new Error(`EXP_GROUP=${group}: expected tuning, holdout or all (the fresh group is not for experiments)`)
  for (const spec of loadManifest(root, group === 'all' ? undefined : group).filter((s) => s.group !== 'fresh')) {
    if (only && !only.includes(spec.name)) continue
    const s = readSeries(root, spec)
    const cut = s.value.length - s.horizon
    const ds = await importCsv('time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${s.value[i]}`).join('\n'), { fileName: `${spec.name}.csv` })
    const config = resolveConfig({ data: { target: 'value', features: [], lookBack: defaultLookBack(ds, 'value', 'auto', 1) }, model: { forecaster: 'network' } })
    const splits = prepareRun(config, ds).prep.splits
    const nv = splits.val.end - splits.val.start
    const origins = Int32Array.from({ length: nv }, (_, i) => splits.val.end - 1 - nv + i)
    // EXP_SEEDS=n: the network is the mean of n trainings with seeds 42 (the default), 43, ...; the
    // season and steps the choice read are the same for every seed
    const seeds = Number(process.env.EXP_SEEDS ?? 1)
    let season = 1, K = 1, epochs = 0, log = false
    const netVal: Float64Array[] = []
    const netTv: Float64Array[] = []
    const tvRange = { start: splits.val.start, end: cut }
    const tvOrigins = Int32Array.from({ length: tvRange.end - tvRange.start }, (_, i) => tvRange.start - 1 + i)
    const netFc: Float64Array[] = []
    for (let k = 0; k < seeds; k++) {
      const r = (await runTraining({ config: { ...config, training: { ...config.training, seed: config.training.seed + k } }, dataset: ds, appVersion: '0.1.0' }, hooks))!
      const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
      const a = applyFitted(ds, m.config, m.fitted)
      ;({ season, steps: K } = r.choice!)
      log = m.fitted.target.kind === 'regression' && m.fitted.target.transform === 'log'
      epochs += r.epochsRun
      netVal.push(networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, a.inputs, a.D, origins, K))
      netTv.push(networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, a.inputs, a.D, tvOrigins, K))
      netFc.push(Float64Array.from(forecastAhead(m, a, s.horizon), (p) => p.value))
    }
    const y = Float64Array.from(s.value.slice(0, cut))
    const test = Float64Array.from(s.value.slice(cut))
    const val: Record<string, Float64Array> = { network: mean(netVal) }
    const fc: Record<string, Float64Array> = { network: mean(netFc) }
    // EXP_DESEASON=1: 'network-ds', the network trained on the series divided by (or less) the
    // classical seasonal figure of its training rows, as thetaf adjusts (when the lag-m
    // autocorrelation is significant at 90 %; multiplicative for a positive series, else additive),
    // its forecasts reseasonalised; the same network where the test finds no season
    if (process.env.EXP_DESEASON) {
      const trainY = y.slice(splits.train.start, splits.train.end)
      if (splits.train.start !== 0) throw new Error(`${spec.name}: training rows start at ${splits.train.start}`)
      const mult = trainY.every((v) => v > 0)
      // EXP_DESEASON=always: whenever the run has a season and two of them in its training rows
      const seasonal = process.env.EXP_DESEASON === 'always' ? trainY.length >= 2 * season : thetaSeasonal(trainY, season)
      const fig = season > 1 && seasonal ? decomposeFigure(trainY, season, mult) : null
      if (!fig) (val['network-ds'] = val['network']!), (fc['network-ds'] = fc['network']!)
      else {
        const adj = (v: number, t: number) => (mult ? v / fig[t % season]! : v - fig[t % season]!)
        const back = (v: number, t: number) => (mult ? v * fig[t % season]! : v + fig[t % season]!)
        const ds2 = await importCsv('time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${adj(s.value[i]!, i)}`).join('\n'), { fileName: `${spec.name}-ds.csv` })
        const r = (await runTraining({ config, dataset: ds2, appVersion: '0.1.0' }, hooks))!
        const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
        const a = applyFitted(ds2, m.config, m.fitted)
        const paths = networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, a.inputs, a.D, origins, K)
        origins.forEach((o, w) => { for (let k = 0; k < K; k++) paths[w * K + k] = back(paths[w * K + k]!, o + 1 + k) })
        val['network-ds'] = paths
        fc['network-ds'] = Float64Array.from(forecastAhead(m, a, s.horizon), (p, k) => back(p.value, cut + k))
        console.log(`${spec.name}: deseasonalised (${mult ? 'multiplicative' : 'additive'}, m ${season})`)
      }
    }
    const runStats = process.env.EXP_STATS === 'run'
    const labels: Record<string, string> = {}
    const tr: Record<string, Float64Array> = {}
    const tv: Record<string, Float64Array> = { network: mean(netTv) }
    const trStart = Math.max(splits.train.start + Math.floor((splits.train.end - splits.train.start) / 2), splits.train.end - 1 - TR_ORIGINS)
    const trOrigins = Int32Array.from({ length: Math.max(0, splits.train.end - 1 - trStart) }, (_, i) => trStart + i)
    const trAll: Record<string, Float64Array> = {}
    const trAllStart = Math.max(splits.train.start + Math.max(season, 3) - 1, splits.train.end - 1 - TR_EVERY)
    const trAllOrigins = Int32Array.from({ length: Math.max(0, splits.train.end - 1 - trAllStart) }, (_, i) => trAllStart + i)
    let scoredY: Float64Array = y
    let yClean: Float64Array = y // what the candidates are scored against on validation
    if (runStats) {
      // as chooseForecaster: fitted on the cleaned training rows, scored over them, the validation
      // rows cleaned by the search over the training and validation rows and the rows after as they
      // are, against the validation values cleaned alike; refit on every row cleaned for the forecast
      // past the end
      const hist = statHistories(y, splits.train, season, true, undefined, undefined, splits.val)
      scoredY = withReplaced(y, hist.outliers?.val ?? [])
      yClean = hist.scored
      for (const fit of fitStatModels(hist.scored.slice(splits.train.start, splits.train.end), season).fits) {
        val[fit.name] = fit.forecastAt(hist.scored, origins, K)
        fc[fit.name] = restoreStat(refitOnAll(fit, hist.all, season)).forecast(s.horizon)
        labels[fit.name] = fit.label
        tr[fit.name] = fit.forecastAt(hist.scored, trOrigins, K)
        trAll[fit.name] = fit.forecastAt(hist.scored, trAllOrigins, K)
        tv[fit.name] = fit.forecastAt(hist.scored, tvOrigins, K)
      }
      if (process.env.EXP_BOXCOX) boxCoxMembers(spec.name, hist, splits.train, { val, fc }, { season, log, origins, K, h: s.horizon, trOrigins })
    } else if (process.env.EXP_STATS) throw new Error(`EXP_STATS=${process.env.EXP_STATS}: expected run (or unset)`)
    else for (const n of STATS) {
      try {
        val[n] = fitStat(n, y.slice(splits.train.start, splits.train.end), statPeriod(n, season)).forecastAt(y, origins, K)
        fc[n] = fitStat(n, y, statPeriod(n, season)).forecast(s.horizon)
      } catch { /* too short for it: not a candidate */ }
    }
    // EXP_CLEAN=values,logs,both: 'ets-values' etc. fitted on the training rows cleaned by tsoutliers
    // (on the values; on the logs of a positive series; what both find, as statOutliers does) and
    // replayed over them and the raw rows after; the forecast from every row cleaned alike
    for (const how of (process.env.EXP_CLEAN ?? '').split(',').filter(Boolean) as ('values' | 'logs' | 'both')[]) {
      const trainY = y.slice(splits.train.start, splits.train.end)
      const m = season > 1 ? season : null
      const clean = (x: Float64Array) => {
        if (how === 'both') return withReplaced(x, statOutliers(x, m).replaced)
        if (how === 'values' || !x.every((v) => v > 0)) return cleanOutliers(x, tsoutliers(x, m))
        const f = tsoutliers(x.map(Math.log), m)
        return cleanOutliers(x, { index: f.index, replacements: f.replacements.map(Math.exp) })
      }
      const ct = clean(trainY)
      const replay = Float64Array.from(y)
      replay.set(ct, splits.train.start)
      const call = clean(y)
      const nTrainOut = ct.reduce((k, v, i) => k + (v !== trainY[i] ? 1 : 0), 0)
      if (nTrainOut) console.log(`${spec.name}: ${nTrainOut} training values cleaned (${how})`)
      for (const n of ['ets', 'theta', 'arima'] as const) {
        try {
          val[`${n}-${how}`] = fitStat(n, ct, statPeriod(n, season)).forecastAt(replay, origins, K)
          fc[`${n}-${how}`] = fitStat(n, call, statPeriod(n, season)).forecast(s.horizon)
        } catch { /* as above */ }
      }
    }
    if (process.env.EXP_BOXCOX && !runStats) throw new Error('EXP_BOXCOX needs EXP_STATS=run (the members as a run fits them)')
    const scale = naiveScale(y, spec.period)
    const mase = (f: Float64Array) => f.reduce((t, v, i) => t + Math.abs(test[i]! - v), 0) / f.length / scale
    const best = Math.min(...['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'].filter((n) => fc[n]).map((n) => mase(fc[n]!)), ...Object.values(R[spec.name]?.methods ?? {}).map((x) => x.mase))
    // a run tests the changes in its model's space (ratios for a log target)
    const rw = randomWalkTest((runStats && log ? y.map(Math.log) : y).subarray(splits.train.start, splits.train.end), season)
    out.push({ name: spec.name, val, fc, y: scoredY, test, origins, K, valRange: splits.val, scale, best, rw, nTrain: splits.train.end - splits.train.start, period: spec.period, ...(runStats ? { labels, tr, trOrigins, trAll, trAllOrigins, yClean, tv, tvOrigins, tvRange } : {}) })
    console.log(`${spec.name}: trained (${epochs} epochs over ${seeds} seed${seeds > 1 ? 's' : ''})`)
  }
  return out
}

/** The transforms EXP_BOXCOX fits ETS, Theta and ARIMA under: 'log' where the run logs its target
 *  (data.transform auto: the network's fitted transform), 'bc' Guerrero's lambda on the cleaned
 *  training rows (R's lambda = "auto": BoxCox.lambda(x, lower = -0.9), the run's season as the
 *  series' frequency) on a positive series, 'bc01' the same within [0, 1] (tbats' bounds,
 *  bc.lower = 0, bc.upper = 1: no power below the log, whose back-transform a drift can drive to its
 *  pole, none above the identity); none elsewhere (a non-positive value anywhere, or the run does
 *  not log). */
const BOXCOX_TAGS = ['log', 'bc', 'bc01'] as const
/** EXP_BOXCOX: 'ets~log', 'ets~logb', 'ets~bc', 'ets~bcb' (and for Theta and ARIMA), the member
 *  fitted as the run fits it, but on BoxCox(cleaned rows, lambda): its validation paths replayed
 *  on the transformed rows, its refit on every transformed row for the held-out forecast, both
 *  back-transformed (R's InvBoxCox): the median ('~log', '~bc') or, bias-adjusted (biasadj = TRUE),
 *  the mean ('~logb', '~bcb'). R's forecast variance is the model's; here it is the MSE per step on
 *  the transformed scale of the training fit's forecasts from the training-row origins (the last
 *  half of the training rows, parameters fixed): none where no origin reaches that step. Where the
 *  transform does not apply or the transformed fit fails (or back-transforms to NaN), the member
 *  is the untransformed one, so each variant's rule changes only the series it transforms. */
function boxCoxMembers(name: string, hist: { scored: Float64Array; all: Float64Array }, train: { start: number; end: number }, out: { val: Record<string, Float64Array>; fc: Record<string, Float64Array> },
  o: { season: number; log: boolean; origins: Int32Array; K: number; h: number; trOrigins: Int32Array }): void {
  const positive = hist.scored.every((v) => v > 0) && hist.all.every((v) => v > 0)
  const lambdas: Record<(typeof BOXCOX_TAGS)[number], number | null> = {
    log: positive && o.log ? 0 : null,
    bc: positive ? guerreroLambda(hist.scored.subarray(train.start, train.end), o.season, -0.9) : null,
    bc01: positive ? guerreroLambda(hist.scored.subarray(train.start, train.end), o.season, 0, 1) : null
  }
  const said: string[] = []
  for (const tag of BOXCOX_TAGS) {
    const lambda = lambdas[tag]
    for (const n of ['ets', 'theta', 'arima'] as const) {
      const keep = () => {
        for (const k of [`${n}~${tag}`, `${n}~${tag}b`]) if (out.val[n]) (out.val[k] = out.val[n]!), (out.fc[k] = out.fc[n]!)
      }
      if (lambda === null || !out.val[n]) { keep(); continue }
      try {
        const scoredT = boxCox(hist.scored, lambda)
        const fit = fitStatModels(scoredT.slice(train.start, train.end), o.season, [n]).fits[0]
        if (!fit) throw new Error('no fit')
        const H = Math.max(o.K, o.h)
        const tp = fit.forecastAt(scoredT, o.trOrigins, H)
        const fvar = new Float64Array(H)
        for (let k = 0; k < H; k++) {
          let s = 0
          let c = 0
          o.trOrigins.forEach((t, i) => { const r = t + 1 + k; if (r < train.end && Number.isFinite(tp[i * H + k]!)) (s += (scoredT[r]! - tp[i * H + k]!) ** 2), c++ })
          fvar[k] = c ? s / c : k ? fvar[k - 1]! : 0
        }
        const pv = fit.forecastAt(scoredT, o.origins, o.K)
        const fT = restoreStat(refitOnAll(fit, boxCox(hist.all, lambda), o.season)).forecast(o.h)
        const valVar = Float64Array.from(pv, (_, i) => fvar[i % o.K]!)
        const f = invBoxCox(fT, lambda)
        const fb = invBoxCox(fT, lambda, fvar.subarray(0, o.h))
        if (![...f, ...fb].every(Number.isFinite)) throw new Error('a back-transformed forecast is NaN')
        out.val[`${n}~${tag}`] = invBoxCox(pv, lambda)
        out.val[`${n}~${tag}b`] = invBoxCox(pv, lambda, valVar)
        out.fc[`${n}~${tag}`] = f
        out.fc[`${n}~${tag}b`] = fb
        if (n === 'arima') said.push(`${tag} lambda ${lambda.toFixed(3)} ${fit.label}`)
      } catch (e) {
        said.push(`${n}~${tag}: untransformed (${(e as Error).message})`)
        keep()
      }
    }
  }
  console.log(`${name}: Box-Cox ${said.join('; ') || 'none'}`)
}

/** A rule: the forecast for the held-out points, and what it picked. */
type Rule = (c: Case, v: (names: string[]) => number) => { f: Float64Array; picked: string }

/** skill (6 December, issue 12 target 3): a member whose validation MAE is not below the best of
 *  `bench` (naive; drift; the better of the two) shows no skill over that benchmark, and is left
 *  out of the yardstick before the ratio trimming, where one member at least has skill and
 *  validation has `minVal` rows or more; the rest of the rule as it is. */
/** skillTrim (the same day): the ratio trimming measured in skill over naive instead of in MAE: a
 *  member is kept where its skill, 1 - its validation MAE / naive's, is at least `frac` times the
 *  best member's (where some member has skill, over `minVal` validation rows or more; elsewhere the
 *  rule's trimming). A ratio of MAEs is lenient where every member is near naive's error, as on a
 *  trend that some members damp; skill measures the distance from naive that each one covers.
 *  shortTrim: under TRIM_MIN_VAL_ROWS validation rows, trim at this ratio instead of not at all. */
/** noThetaOnDrift: Theta is no member where the training rows' changes (in the model's space) have
 *  a mean this many standard errors from 0 (the random-walk test's drift t): Theta extrapolates
 *  half the linear trend's slope, and lags a strong one. */
/** 6 December (issue 12, the ideas not measured on 5 December):
 *  minValForNet: the network joins only with at least this many validation origins;
 *  netMargin: the network joins only where its validation MAE is below (1 - netMargin) times the
 *    yardstick's (not merely at most);
 *  driftMember: where the drift t of the training rows' changes is at least `t`, drift is one more
 *    yardstick member (or, replaceTheta, takes Theta's place);
 *  arimaD2: ARIMA with d = 2 (its label's orders) is no member unless its validation MAE is below
 *    arimaD2 times the best other member's;
 *  trScore: members are trimmed on their validation MAE mixed with lambda times their MAE from the
 *    origins in the last half of the training rows (parameters fixed at the fit; mean of the two
 *    weighted 1 : lambda), and, with shortOnly, only where validation has fewer than 10 rows (where
 *    the rule trims nothing today), the trimming then applying there too. */
interface RuleOptions {
  rwTest?: boolean; minValForTrim?: number; minTrainForNet?: number; seasonalFallback?: boolean; noThetaOnDrift?: number
  minValForNet?: number; netMargin?: number; driftMember?: { t: number; replaceTheta?: boolean }; arimaD2?: number
  trScore?: { lambda: number; shortOnly: boolean }
  skill?: { bench: string[]; minVal: number }
  skillTrim?: { frac: number; minVal: number }; shortTrim?: number
  trPool?: { scores: 'pooled' | 'train'; every: boolean }; trGate?: { ratio: number; every: boolean; minRows?: number }
  rwMember?: { which: 'naive' | 'drift' | 'better'; gated?: boolean; minVal?: number }
}
/** 11 (6 December, issue 12 targets 1 and 3): a random-walk forecast as a member of the combination,
 *  not only as the fallback (shrinking toward naive where the history breaks). rwMember: naive,
 *  drift, or the better of the two on validation is a fourth yardstick member, trimmed like the
 *  others (before the trimming); with gated, it is no member but joins the trimmed mean as the
 *  network joins it: where the mean with it does at least as well on validation as without. */
const rwMemberOf = (c: Case, v: (names: string[]) => number, which: 'naive' | 'drift' | 'better'): string | null => {
  const cands = (which === 'better' ? ['naive', 'drift'] : [which]).filter((n) => c.val[n] && Number.isFinite(v([n])))
  return cands.length ? cands.reduce((a, b) => (v([b]) < v([a]) ? b : a)) : null
}
/** 9 (6 December, issue 12 targets 1 and 3): the members scored on more origins than validation's.
 *  Each statistical member replays h-step forecasts from the training-row origins with its fitted
 *  parameters fixed (`trAll`: every origin after a warm-up; `tr`: the last half), scored against the
 *  rows it was fitted on (training outliers replaced). In-sample: the parameters were fitted on
 *  those rows, which favours the richer models. trPool 'pooled' (9a): a member's score is the mean
 *  over steps of the per-step MAE pooled over the training-row and validation errors, and the
 *  trimming and its 10-row floor read those scores and the pooled count of rows; 'train' (9b): the
 *  training-row origins alone score the members for the trimming (the floor on the training rows
 *  scored); in both the network joins on validation as now. trGate (9c): before the rule's trimming,
 *  a member whose training-row score is above `ratio` times the best member's is left out (with
 *  minRows, only where the training-row origins score that many rows or more, the rule's floor). */
function trPooled(c: Case, n: string, every: boolean, withVal: boolean): { mae: number; rows: number } {
  const paths = every ? c.trAll?.[n] : c.tr?.[n]
  const origins = every ? c.trAllOrigins : c.trOrigins
  if (!paths || !origins || !c.yClean) throw new Error(`${c.name}: no training-row paths (rebuild the cache with EXP_STATS=run)`)
  const K = c.K
  const trRange = { start: origins.length ? origins[0]! + 1 : c.valRange.start, end: c.valRange.start }
  let total = 0
  let counted = 0
  for (let k = 1; k <= K; k++) {
    let s = 0
    let m = 0
    const add = (y: Float64Array, p: Float64Array, os: Int32Array, range: { start: number; end: number }) => {
      for (let i = 0; i < os.length; i++) {
        const r = os[i]! + k
        const f = p[i * K + k - 1]!
        if (r < range.start || r >= range.end || f !== f || y[r] !== y[r]) continue
        s += Math.abs(y[r]! - f)
        m++
      }
    }
    add(c.yClean, paths, origins, trRange)
    if (withVal) add(c.y, c.val[n]!, c.origins, c.valRange)
    if (m) (total += s / m), counted++
  }
  return { mae: counted ? total / counted : NaN, rows: trRange.end - trRange.start + (withVal ? c.valRange.end - c.valRange.start : 0) }
}
/** A member's MAE from the training-row origins (EXP_STATS=run cases only). */
function trainMae(c: Case, n: string): number {
  if (!c.tr?.[n] || !c.trOrigins?.length) return NaN
  return pathMae(c.y, c.tr[n]!, c.trOrigins, c.K, { start: c.trOrigins[0]! + 1, end: c.valRange.start })
}
function trimmedRule(members: string[], trim: number, rw = 0.1, o: RuleOptions = {}, net = 'network'): Rule {
  return (c, v) => {
    if (o.rwTest && c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const drift = o.noThetaOnDrift !== undefined && Math.abs(c.rw.driftT) >= o.noThetaOnDrift
    const withDrift = o.driftMember && Math.abs(c.rw.driftT) >= o.driftMember.t
    const rwm = o.rwMember && nVal(c) >= (o.rwMember.minVal ?? 0) ? rwMemberOf(c, v, o.rwMember.which) : null
    const pool0 = withDrift ? [...members.filter((n) => !(o.driftMember!.replaceTheta && n === 'theta')), 'drift'] : members
    const pool = rwm && !o.rwMember!.gated && !pool0.includes(rwm) ? [...pool0, rwm] : pool0
    let ok = pool.filter((n) => c.val[n] && Number.isFinite(v([n])) && !(drift && n === 'theta'))
    if (o.skill && c.valRange.end - c.valRange.start >= o.skill.minVal) {
      const bar = Math.min(...o.skill.bench.filter((n) => c.val[n]).map((n) => v([n])))
      const skilled = ok.filter((n) => v([n]) < bar)
      if (skilled.length) ok = skilled
    }
    if (o.arimaD2 !== undefined && /^ARIMA\(\d+,2,\d+\)/.test(c.labels?.['arima'] ?? '')) {
      const others = ok.filter((n) => n !== 'arima')
      if (others.length && !(v(['arima']) < o.arimaD2 * Math.min(...others.map((n) => v([n]))))) ok = others
    }
    if (o.trGate && ok.length > 1) {
      const t = new Map(ok.map((n) => [n, trPooled(c, n, o.trGate!.every, false)] as const))
      const bestT = Math.min(...ok.map((n) => t.get(n)!.mae).filter(Number.isFinite))
      const enough = ok.every((n) => t.get(n)!.rows >= (o.trGate!.minRows ?? 0))
      if (enough && Number.isFinite(bestT)) ok = ok.filter((n) => !(t.get(n)!.mae > o.trGate!.ratio * bestT))
    }
    const pooled = o.trPool ? new Map(ok.map((n) => [n, trPooled(c, n, o.trPool!.every, o.trPool!.scores === 'pooled')])) : null
    const nv = pooled ? Math.min(...ok.map((n) => pooled.get(n)!.rows)) : c.trimRows ?? c.valRange.end - c.valRange.start
    const useTr = o.trScore && (!o.trScore.shortOnly || nv < 10)
    const sc = (n: string) => {
      if (pooled) return pooled.get(n)!.mae
      const t = useTr ? trainMae(c, n) : NaN
      return Number.isFinite(t) ? (v([n]) + o.trScore!.lambda * t) / (1 + o.trScore!.lambda) : v([n])
    }
    const best = Math.min(...ok.map(sc))
    let kept = o.minValForTrim && nv < o.minValForTrim && !useTr ? (o.shortTrim ? ok.filter((n) => sc(n) <= o.shortTrim! * best) : ok) : ok.filter((n) => sc(n) <= trim * best)
    if (o.skillTrim && nv >= o.skillTrim.minVal && c.val['naive']) {
      const skill = (n: string) => 1 - v([n]) / v(['naive'])
      const top = Math.max(...ok.map(skill))
      if (top > 0) kept = ok.filter((n) => skill(n) >= o.skillTrim!.frac * top)
    }
    if (rwm && o.rwMember!.gated && !kept.includes(rwm) && v([...kept, rwm]) <= v(kept)) kept = [...kept, rwm]
    let names = kept
    const netOk = !(o.minValForNet && nv < o.minValForNet)
    if (netOk && !(o.minTrainForNet && c.nTrain < o.minTrainForNet) && v([net]) <= (1 - (o.netMargin ?? 0)) * v(kept)) names = [...kept, net]
    // seasonalFallback: seasonal naive may take over as naive does, when it is the better of the two
    const fallback = o.seasonalFallback && c.val['seasonal-naive'] && v(['seasonal-naive']) < v(['naive']) ? 'seasonal-naive' : 'naive'
    if (v([fallback]) < (1 - rw) * v(names)) names = [fallback]
    return { f: mean(names.map((n) => c.fc[n]!)), picked: names.join('+') }
  }
}
/** The yardstick members weighted by validation MAE^-power (power 0: equal weights, as the rule
 *  does), the network joining, weighted alike, when it does at least as well as their weighted mean;
 *  equal weights under minVal validation rows; the random-walk test and naive check as the rule's. */
function weightedRule(power: number, minVal = 0, trim = Infinity, noThetaOnDrift = Infinity): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const score = (p: Float64Array) => pathMae(c.y, p, c.origins, c.K, c.valRange)
    // choice.ts's blend, with the weights normalised to sum to 1
    const blendOf = (names: string[], w: number[], src: Record<string, Float64Array>) => {
      const tot = w.reduce((a, b) => a + b, 0)
      return blend(null, 0, names.map((n) => src[n]!), w.map((x) => x / tot))
    }
    const nv = c.valRange.end - c.valRange.start
    const p = nv < minVal ? 0 : power
    const drift = Math.abs(c.rw.driftT) >= noThetaOnDrift
    const ok = ['ets', 'theta', 'arima'].filter((n) => c.val[n] && Number.isFinite(v([n])) && !(drift && n === 'theta'))
    const best = Math.min(...ok.map((n) => v([n])))
    const kept = nv < minVal ? ok : ok.filter((n) => v([n]) <= trim * best)
    const w = kept.map((n) => Math.pow(v([n]), -p))
    let names = kept
    let ws = w
    if (v(['network']) <= score(blendOf(kept, w, c.val))) (names = [...kept, 'network']), (ws = [...w, Math.pow(v(['network']), -p)])
    if (v(['naive']) < 0.9 * score(blendOf(names, ws, c.val))) return { f: c.fc['naive']!, picked: 'naive' }
    return { f: blendOf(names, ws, c.fc), picked: names.map((n, j) => `${n}:${(ws[j]! / ws.reduce((a, b) => a + b, 0)).toFixed(2)}`).join('+') }
  }
}
/** The element-wise median of the members' forecasts (the mean of the middle two for an even count). */
const median = (xs: Float64Array[]) => Float64Array.from(xs[0]!, (_, i) => {
  const v = xs.map((x) => x[i]!).sort((a, b) => a - b)
  const k = v.length >> 1
  return v.length % 2 ? v[k]! : (v[k - 1]! + v[k]!) / 2
})
/** The median of ETS, Theta and ARIMA instead of their trimmed mean (SCUM, Petropoulos & Svetunkov
 *  2020, took the median of ETS, CES, ARIMA and DOTM): robust to one member that goes astray without
 *  asking validation which one. The network joins the median when it does as well as the median on
 *  validation (withNet), or always ('always'); the random-walk test and naive check as the rule's. */
function medianRule(withNet: 'never' | 'val' | 'always'): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const score = (p: Float64Array) => pathMae(c.y, p, c.origins, c.K, c.valRange)
    const ok = ['ets', 'theta', 'arima'].filter((n) => c.val[n] && Number.isFinite(v([n])))
    let names = ok
    if (withNet === 'always' || (withNet === 'val' && v(['network']) <= score(median(ok.map((n) => c.val[n]!))))) names = [...ok, 'network']
    if (v(['naive']) < 0.9 * score(median(names.map((n) => c.val[n]!)))) return { f: c.fc['naive']!, picked: 'naive' }
    return { f: median(names.map((n) => c.fc[n]!)), picked: `median(${names.join(',')})` }
  }
}
/** Mean over steps of the per-step MSE on validation rows (pathMae's, squared). */
function pathMse(y: ArrayLike<number>, paths: Float64Array, origins: ArrayLike<number>, K: number, range: { start: number; end: number }): number {
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)
  const perStep = Array.from({ length: K }, (_, k) => avg(Array.from(origins, (o, i) => [o + k + 1, paths[i * K + k]!] as const)
    .filter(([r, f]) => r >= range.start && r < range.end && f === f && y[r] === y[r])
    .map(([r, f]) => (y[r]! - f) ** 2)))
  return avg(perStep.filter(Number.isFinite))
}
/** A statistical yardstick: a weighted mean of members (weights summing to anything positive), or
 *  their median. */
type Yardstick = { names: string[]; w: number[] } | { median: string[] }
type V = (names: string[]) => number
/** The rule's other steps around any yardstick: the random-walk test first; `yard` makes the
 *  statistical forecast from the members that fitted and scored; the network joins it where it does
 *  at least as well on validation (as one more member of weight 1 / (n + 1), the members keeping
 *  their shares of the rest; or one more in the median); naive displaces that by 10 % as in the rule. */
function yardRule(yard: (c: Case, v: V, ok: string[]) => Yardstick, members: (c: Case) => string[] = () => ['ets', 'theta', 'arima']): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const ok = members(c).filter((n) => c.val[n] && Number.isFinite(v([n])))
    const make = (ys: Yardstick, net: boolean, src: Record<string, Float64Array>): Float64Array => {
      if ('median' in ys) return median([...ys.median, ...(net ? ['network'] : [])].map((n) => src[n]!))
      const tot = ys.w.reduce((a, b) => a + b, 0)
      const n = ys.names.length
      const w = ys.w.map((x) => (x / tot) * (net ? n / (n + 1) : 1))
      return blend(net ? src['network']! : null, net ? 1 / (n + 1) : 0, ys.names.map((x) => src[x]!), w)
    }
    const score = (p: Float64Array) => pathMae(c.y, p, c.origins, c.K, c.valRange)
    const ys = yard(c, v, ok)
    const net = v(['network']) <= score(make(ys, false, c.val))
    if (v(['naive']) < 0.9 * score(make(ys, net, c.val))) return { f: c.fc['naive']!, picked: 'naive' }
    const names = 'median' in ys ? `median(${ys.median.join(',')})` : ys.names.map((n, j) => `${n}:${ys.w[j]!.toFixed(2)}`).join('+')
    return { f: make(ys, net, c.fc), picked: `${names}${net ? ' with the network' : ''}` }
  }
}
const nVal = (c: Case) => c.valRange.end - c.valRange.start
/** The rule's trimming (TRIM_RATIO times the best member, none under 10 validation rows). */
const trimmedOf = (c: Case, v: V, ok: string[]) => {
  const best = Math.min(...ok.map((n) => v([n])))
  return nVal(c) < 10 ? ok : ok.filter((n) => v([n]) <= TRIM_RATIO * best)
}
/** The median of the members the rule's trimming keeps (of two: their mean). */
const medianOfTrimmed = yardRule((c, v, ok) => ({ median: trimmedOf(c, v, ok) }))
/** Weights by inverse validation MSE (Bates & Granger 1969, their errors taken as uncorrelated);
 *  equal under minVal validation rows. */
const inverseMse = (minVal: number) => yardRule((c, _v, ok) => ({ names: ok, w: ok.map((n) => (nVal(c) < minVal ? 1 : 1 / pathMse(c.y, c.val[n]!, c.origins, c.K, c.valRange))) }))
/** Weights by inverse rank on validation (Aiolfi & Timmermann 2006): 1, 1/2, 1/3; equal under minVal rows. */
const inverseRank = (minVal: number) => yardRule((c, v, ok) => {
  const order = [...ok].sort((a, b) => v([a]) - v([b]))
  return { names: order, w: order.map((_, i) => (nVal(c) < minVal ? 1 : 1 / (i + 1))) }
})
/** The mean of the best two members on validation (trimming by rank: the worst always out); all
 *  of them under minVal rows. */
const bestTwo = (minVal: number) => yardRule((c, v, ok) => {
  const names = nVal(c) < minVal ? ok : [...ok].sort((a, b) => v([a]) - v([b])).slice(0, 2)
  return { names, w: names.map(() => 1) }
})
/** The rule's trimmed members weighted half equally, half by inverse validation MAE (shrinking
 *  the estimated weights toward equal ones, as Stock & Watson 2004 found best); equal under 10 rows. */
const shrunkWeights = yardRule((c, v, ok) => {
  const kept = trimmedOf(c, v, ok)
  const inv = kept.map((n) => 1 / v([n]))
  const tot = inv.reduce((a, b) => a + b, 0)
  return { names: kept, w: kept.map((_, j) => (nVal(c) < 10 ? 1 : 0.5 / kept.length + (0.5 * inv[j]!) / tot)) }
})
/** Where the training rows' drift is plain (|t| >= 2, the random-walk test's bound), the rule's
 *  trimmed mean with or without Theta, whichever scores better on validation (10 rows or more). */
const thetaOnDriftByValidation = yardRule((c, v, ok) => {
  const kept = trimmedOf(c, v, ok)
  const without = kept.filter((n) => n !== 'theta')
  const names = Math.abs(c.rw.driftT) >= 2 && nVal(c) >= 10 && without.length && without.length < kept.length && v(without) < v(kept) ? without : kept
  return { names, w: names.map(() => 1) }
})
/** Forecast pooling after Kourentzes, Barrow & Petropoulos 2019 (*Another look at forecast
 *  selection and combination: evidence from forecast pooling*, IJPE 209): the members sorted by
 *  validation error, the pool cut at the largest jump between neighbours (here the largest ratio),
 *  its members weighted equally; all of them under 10 validation rows. */
const pooled = yardRule((c, v, ok) => {
  const order = [...ok].sort((a, b) => v([a]) - v([b]))
  let cut = order.length
  let jump = 1
  for (let i = 1; i < order.length; i++) {
    const r = v([order[i]!]) / v([order[i - 1]!])
    if (r > jump) (jump = r), (cut = i)
  }
  const names = nVal(c) < 10 ? ok : order.slice(0, cut)
  return { names, w: names.map(() => 1) }
})
/** 8 (6 December, issue 12 target 3): the choice made on the latest rows. A run chooses on the
 *  validation rows and reports its in-run test rows, then refits the chosen members on every row
 *  for the forecast past the end; here the same rule reads every candidate's paths (fitted on the
 *  training rows, as for validation) scored over the validation and the in-run test rows, or the
 *  test rows alone, so the choice for the forecast past the end sees the series' latest behaviour
 *  and twice the rows. floorOnVal: the rule's 10-row trimming floor counts the validation rows
 *  alone (else every row scored). */
function onLatest(rule: Rule, rows: 'val+test' | 'test', floorOnVal: boolean): Rule {
  return (c) => {
    if (!c.tv || !c.tvOrigins || !c.tvRange) throw new Error(`${c.name}: no in-run test paths (rebuild the cache with EXP_STATS=run)`)
    const range = rows === 'test' ? { start: c.valRange.end, end: c.tvRange.end } : c.tvRange
    const scores = new Map<string, number>()
    const v = (names: string[]) => {
      const key = names.join('+')
      if (!scores.has(key)) scores.set(key, pathMae(c.y, mean(names.map((n) => c.tv![n]!)), c.tvOrigins!, c.K, range))
      return scores.get(key)!
    }
    return rule({ ...c, val: c.tv, origins: c.tvOrigins, valRange: range, ...(floorOnVal ? { trimRows: nVal(c) } : {}) }, v)
  }
}
/** The rule, as choice.ts makes it. */
const theRule = trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })
/** `rule` choosing on validation as it is, its network's forecast past the end `net`'s (lines 15). */
const withNetAhead = (rule: Rule, net: string): Rule => (c, v) => rule({ ...c, fc: { ...c.fc, network: c.fc[net]! } }, v)
/** `rule` where validation has TRIM_MIN_VAL_ROWS rows or more (where the trimming can act), the rule elsewhere. */
const overFloor = (rule: Rule): Rule => (c, v) => (nVal(c) >= TRIM_MIN_VAL_ROWS ? rule : trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }))(c, v)
const bestSingle: Rule = (c, v) => {
  const n = ['ets', 'theta', 'arima'].filter((x) => c.val[x]).sort((a, b) => v([a]) - v([b]))[0]!
  return { f: c.fc[n]!, picked: n }
}

/** 12 (6 December, issue 12 targets 1 and 3; EXP_ROLL=1 with EXP_STATS=run cases): the members
 *  scored out of sample at earlier origins too, as tsCV / rolling origin with refit (Tashman 2000,
 *  *Out-of-sample tests of forecasting accuracy*, IJF 16). At k = 2 or 3 origins inside the training
 *  rows, `step` rows apart and the last one `step` rows before validation starts (step = the run's
 *  K steps, or max(K, season)), ETS, Theta and ARIMA are chosen and fitted afresh, as the run does,
 *  on the rows before the origin (its outliers searched on those rows alone), and forecast K steps
 *  ahead, scored against the training rows as the run cleaned them. An origin counts only where
 *  max(2 season, 10) rows or more come before it (two seasons for a seasonal model's initial
 *  states, 10 for a trend's: the rule's own floor) and every member the training rows fitted fits
 *  there too (the members scored on the same rows). Added to the cases after EXP_CACHE's;
 *  EXP_ROLL_CACHE=file.json keeps the fits' paths and times. */
interface Rolling {
  /** per step size: the origins (the first row forecast), latest first, and each member's K-step path there */
  by: Record<string, { T: number[]; paths: Record<string, number[][]>; ms: number[] }>
  baseMs: number // the training rows' fits, as the run makes them, for the added time's scale
}
const ROLL_K = 3
const rolling = new Map<string, Rolling>()
async function rollingMembers(cs: Case[]): Promise<void> {
  const file = process.env.EXP_ROLL_CACHE
  const saved: Record<string, Rolling> = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8'), (_, v: unknown) => (v === null ? NaN : v)) : {}
  const specs = new Map(loadManifest(root).map((s) => [s.name, s]))
  for (const c of cs) {
    if (!saved[c.name]) {
      if (!c.yClean || !c.labels) throw new Error(`${c.name}: EXP_ROLL needs cases built with EXP_STATS=run`)
      const spec = specs.get(c.name)!
      const { s, cut, prep, season } = await seriesRun(spec)
      const train = prep.splits.train
      const raw = Float64Array.from(s.value.slice(0, cut))
      const members = Object.keys(c.labels).filter((n) => (['ets', 'theta', 'arima'] as string[]).includes(n))
      const t0 = performance.now()
      const hist = statHistories(raw, train, season, true, undefined, undefined, prep.splits.val)
      fitStatModels(hist.scored.slice(train.start, train.end), season, ['ets', 'theta', 'arima'])
      const baseMs = performance.now() - t0
      if (hist.scored.some((v, i) => !(v === c.yClean![i] || (v !== v && c.yClean![i] !== c.yClean![i])))) throw new Error(`${c.name}: the cleaned rows differ from the cache's`)
      const by: Rolling['by'] = {}
      for (const step of [...new Set([c.K, Math.max(c.K, season)])]) {
        const r: Rolling['by'][string] = { T: [], paths: Object.fromEntries(members.map((n) => [n, []])), ms: [] }
        for (let j = 1; j <= ROLL_K; j++) {
          const T = train.end - j * step
          if (T - train.start < Math.max(2 * season, 10)) break
          const t1 = performance.now()
          const h = statHistories(raw.slice(0, T), { start: train.start, end: T }, season, true)
          const fits = fitStatModels(h.scored.slice(train.start, T), season, ['ets', 'theta', 'arima']).fits
          const ms = performance.now() - t1
          if (!members.every((n) => fits.some((f) => f.name === n))) break
          r.T.push(T)
          r.ms.push(ms)
          for (const f of fits) if (members.includes(f.name)) r.paths[f.name]!.push(Array.from(f.forecastAt(h.scored, Int32Array.of(T - 1), c.K)))
        }
        by[String(step)] = r
      }
      saved[c.name] = { by, baseMs }
      console.log(`${c.name}: rolling origins ${Object.entries(by).map(([st, r]) => `step ${st}: ${r.T.length} (${r.ms.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`).join('; ')}; training fit ${(baseMs / 1000).toFixed(2)} s (m ${season}, ${train.end - train.start} training rows)`)
      if (file) writeFileSync(file, JSON.stringify(saved))
    }
    rolling.set(c.name, saved[c.name]!)
  }
}
/** A member's score from the rolling origins (the first `k`, at step `step`: 'K' or 'season', that is
 *  max(K, season)), pooled per step with its validation errors (withVal) or alone: the mean over
 *  steps of the per-step MAE; rows: the rows scored (the rule's floor reads them). */
function rollScore(c: Case, n: string, k: number, step: 'K' | 'season', withVal: boolean): { mae: number; rows: number } {
  const r = rolling.get(c.name)!
  const keys = Object.keys(r.by).map(Number).sort((a, b) => a - b)
  const by = r.by[String(step === 'K' ? keys[0] : keys[keys.length - 1])]!
  const used = Math.min(k, by.T.length)
  let total = 0
  let counted = 0
  for (let s = 1; s <= c.K; s++) {
    let sum = 0
    let m = 0
    for (let j = 0; j < used; j++) {
      const row = by.T[j]! + s - 1
      const f = by.paths[n]![j]![s - 1]!
      if (f !== f || c.yClean![row] !== c.yClean![row]) continue
      sum += Math.abs(c.yClean![row]! - f)
      m++
    }
    if (withVal) for (let i = 0; i < c.origins.length; i++) {
      const row = c.origins[i]! + s
      const f = c.val[n]![i * c.K + s - 1]!
      if (row < c.valRange.start || row >= c.valRange.end || f !== f || c.y[row] !== c.y[row]) continue
      sum += Math.abs(c.y[row]! - f)
      m++
    }
    if (m) (total += sum / m), counted++
  }
  return { mae: counted ? total / counted : NaN, rows: used * c.K + (withVal ? nVal(c) : 0) }
}
/** 12a (withVal): the members trimmed at TRIM_RATIO on their validation errors pooled with the
 *  rolling origins', the 10-row floor on the pooled rows; 12b: on the rolling origins' alone, the
 *  floor on their rows (where no origin counts, or the floor is not met: the rule's trimming);
 *  12c (shortOnly): 12a only where validation has fewer than TRIM_MIN_VAL_ROWS rows (where the
 *  rule trims nothing, MotorCycles2's case), the rule's trimming elsewhere. The
 *  rule's other steps as they are: the random-walk test first, the network joining where it does as
 *  well as the kept members' mean on validation, naive displacing that by 10 %. */
function rollingRule(k: number, step: 'K' | 'season', withVal: boolean, shortOnly = false): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const ok = ['ets', 'theta', 'arima'].filter((n) => c.val[n] && Number.isFinite(v([n])))
    const sc = new Map(ok.map((n) => [n, rollScore(c, n, k, step, withVal)] as const))
    const rolled = !(shortOnly && nVal(c) >= TRIM_MIN_VAL_ROWS) && ok.every((n) => Number.isFinite(sc.get(n)!.mae)) && sc.get(ok[0]!)!.rows >= TRIM_MIN_VAL_ROWS
    const score = (n: string) => (rolled ? sc.get(n)!.mae : v([n]))
    const best = Math.min(...ok.map(score))
    const kept = !rolled && nVal(c) < TRIM_MIN_VAL_ROWS ? ok : ok.filter((n) => score(n) <= TRIM_RATIO * best)
    let names = v(['network']) <= v(kept) ? [...kept, 'network'] : kept
    if (v(['naive']) < (1 - RANDOM_WALK_MARGIN) * v(names)) names = ['naive']
    return { f: mean(names.map((n) => c.fc[n]!)), picked: names.join('+') }
  }
}
/** 12's rule lines (EXP_ROLL=1). */
function rollingLines(): [string, Rule][] {
  return ([['K', 'K rows'], ['season', 'max(K, season) rows']] as const).flatMap(([step, apart]) => [2, 3].flatMap((k) => [
    [`12a. members trimmed on val pooled with ${k} rolling origins ${apart} apart`, rollingRule(k, step, true)],
    [`12b. members trimmed on ${k} rolling origins ${apart} apart alone`, rollingRule(k, step, false)],
    [`12c. 12a under 10 val rows only, ${k} origins ${apart} apart`, rollingRule(k, step, true, true)]
  ] as [string, Rule][]))
}
/** The fit time the rolling origins add per series (EXP_ROLL=1): the fits at the first k origins. */
function rollingCost(cs: Case[]): void {
  for (const step of ['K', 'season'] as const) for (const k of [2, 3]) {
    const added = cs.map((c) => {
      const r = rolling.get(c.name)!
      const keys = Object.keys(r.by).map(Number).sort((a, b) => a - b)
      const by = r.by[String(step === 'K' ? keys[0] : keys[keys.length - 1])]!
      return { name: c.name, ms: by.ms.slice(0, k).reduce((a, b) => a + b, 0), base: r.baseMs, n: c.y.length }
    }).sort((a, b) => a.ms - b.ms)
    const med = added[added.length >> 1]!
    const top = added[added.length - 1]!
    console.log(`12 cost, ${k} origins at step ${step}: added fit time median ${(med.ms / 1000).toFixed(2)} s, max ${(top.ms / 1000).toFixed(2)} s (${top.name}, ${top.n} rows; its training fit ${(top.base / 1000).toFixed(2)} s); total ${(added.reduce((s, a) => s + a.ms, 0) / 1000).toFixed(1)} s against the training fits' ${(added.reduce((s, a) => s + a.base, 0) / 1000).toFixed(1)} s`)
  }
}

it('choice rules on the quality benchmark', async () => {
  const all = await cases()
  const rules: [string, Rule][] = [
    ['the rule', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
    ...(process.env.EXP_CLEAN ?? '').split(',').filter(Boolean).map((how) =>
      [`the rule, statistical models on rows cleaned (${how})`, trimmedRule([`ets-${how}`, `theta-${how}`, `arima-${how}`], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })] as [string, Rule]),
    ['the rule, seasonal naive falling back as naive does', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, seasonalFallback: true })],
    ...(process.env.EXP_DESEASON ? [
      ['the rule, its network deseasonalised', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }, 'network-ds')],
      ['the network alone, deseasonalised', (c) => ({ f: c.fc['network-ds']!, picked: 'network-ds' })]
    ] as [string, Rule][] : []),
    ['best single (ETS, Theta, ARIMA) on validation', bestSingle],
    ['ETS+Theta, network joins (before ARIMA)', trimmedRule(['ets', 'theta'], Infinity)],
    ['ETS+Theta+ARIMA, untrimmed', trimmedRule(['ets', 'theta', 'arima'], Infinity)],
    ...[1.3, 1.5, 1.75, 2, 3].map((t) => [`ETS+Theta+ARIMA trimmed at ${t}${t === TRIM_RATIO ? ' (the rule)' : ''}`, trimmedRule(['ets', 'theta', 'arima'], t)] as [string, Rule]),
    ['trimmed at 1.5, random-walk test', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true })],
    ...[6, 10, 15].map((x) => [`trimmed at 1.5, rw test, no trim under ${x} val rows`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: x })] as [string, Rule]),
    ...[20, 30, 50].map((x) => [`trimmed at 1.5, rw test, no network under ${x} train rows`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minTrainForNet: x })] as [string, Rule]),
    ['trimmed 1.5, rw, no trim <10 val, no net <30 train', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, minTrainForNet: 30 })],
    ['the rule without the network (the statistical yardstick alone)', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, minTrainForNet: Infinity })],
    ['the network alone', (c) => ({ f: c.fc['network']!, picked: 'network' })],
    ...[0, 1, 2, 4].map((p) => [`weighted MAE^-${p}, equal under 10 val rows`, weightedRule(p, 10)] as [string, Rule]),
    ...[1, 2].map((p) => [`weighted MAE^-${p}, trimmed 1.5, equal under 10`, weightedRule(p, 10, 1.5)] as [string, Rule]),
    ...[1, 2].map((p) => [`weighted MAE^-${p} always`, weightedRule(p, 0)] as [string, Rule]),
    ['median of ETS, Theta, ARIMA (no network)', medianRule('never')],
    ['median, the network joining when it does as well', medianRule('val')],
    ['median of the four, the network always in', medianRule('always')],
    // 5 December (issue 12): the ideas not measured before
    ['median of the members the rule keeps (trimmed, then median)', medianOfTrimmed],
    ['weights by inverse validation MSE, equal under 10 val rows', inverseMse(10)],
    ['weights by inverse validation MSE always', inverseMse(0)],
    ['weights by inverse rank (1, 1/2, 1/3), equal under 10 val rows', inverseRank(10)],
    ['mean of the best two on validation, all under 10 val rows', bestTwo(10)],
    ['the rule, Theta out where the drift t >= 2', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, noThetaOnDrift: 2 })],
    ['the rule, Theta out where the drift t >= 3', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, noThetaOnDrift: 3 })],
    ['weighted MAE^-1, trimmed 1.5, equal under 10, Theta out where the drift t >= 2', weightedRule(1, 10, 1.5, 2)],
    ['trimmed, weights half equal, half inverse MAE (shrunk), equal under 10', shrunkWeights],
    ['the rule, with or without Theta by validation where the drift t >= 2', thetaOnDriftByValidation],
    ['forecast pooling: cut at the largest jump in sorted validation MAE, all under 10', pooled],
    ['the rule with ETS and ARIMA only (no Theta)', trimmedRule(['ets', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
    // 6 December (issue 12): the four ideas left, in this order (EXP_STATS=run for 3 and 4)
    ...[6, 10, 15, 20].map((x) => [`1a. the network joins only with at least ${x} validation origins`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, minValForNet: x })] as [string, Rule]),
    ...[0.02, 0.05, 0.1, 0.2].map((x) => [`1b. the network joins only beating the yardstick by ${x * 100} %`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, netMargin: x })] as [string, Rule]),
    ...[2, 3].flatMap((t) => [
      [`2a. drift a fourth member where the drift |t| >= ${t}`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, driftMember: { t } })],
      [`2b. drift in Theta's place where the drift |t| >= ${t}`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, driftMember: { t, replaceTheta: true } })]
    ] as [string, Rule][]),
    ...[1, 0.9, 1 / 1.5].map((x) => [`3. ARIMA with d = 2 out unless its val MAE < ${x.toFixed(2)}x the best other member's`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, arimaD2: x })] as [string, Rule]),
    ...[0.25, 0.5, 1].flatMap((lambda) => [
      [`4a. trimmed on val + ${lambda} x training origins, under 10 val rows only`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trScore: { lambda, shortOnly: true } })],
      [`4b. trimmed on val + ${lambda} x training origins, every series`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trScore: { lambda, shortOnly: false } })]
    ] as [string, Rule][]),
    // 6 December (issue 12, target 3): members with no skill over naive, drift or both left out
    ...([['naive'], ['drift'], ['naive', 'drift']] as string[][]).flatMap((bench) => [0, 10].map((minVal) =>
      [`5. members not beating ${bench.join(' or ')} on validation out${minVal ? `, ${minVal}+ val rows` : ''}`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, skill: { bench, minVal } })] as [string, Rule])),
    ...[[0.5, 10], [0.5, 0], [1 / 3, 10], [1 / 3, 0]].map(([frac, minVal]) =>
      [`6. trimmed by skill over naive: kept at ${frac!.toFixed(2)}x the best skill${minVal ? `, ${minVal}+ val rows` : ''}`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, skillTrim: { frac: frac!, minVal: minVal! } })] as [string, Rule]),
    ...[2, 3].map((x) => [`7. trimmed at ${x} under 10 val rows (1.5 over)`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, shortTrim: x })] as [string, Rule]),
    ...(all.every((c) => c.tv) ? ([['val+test', false], ['val+test', true], ['test', false], ['test', true]] as const).map(([rows, floorOnVal]) =>
      [`8. the rule on the ${rows === 'test' ? 'in-run test rows' : 'validation and in-run test rows'}${floorOnVal ? ', floor on val rows' : ''}`, onLatest(trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }), rows, floorOnVal)] as [string, Rule]) : []),
    // 6 December (issue 12, targets 1 and 3): members scored on training-row origins too (EXP_STATS=run)
    ...(all.every((c) => c.trAll) ? ([true, false] as const).flatMap((every) => {
      const o = every ? 'every training origin' : 'the last half of the training origins'
      return [
        [`9a. members scored on val pooled with ${o}, floor on the pooled rows`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trPool: { scores: 'pooled', every } })],
        [`9b. members trimmed on ${o} alone, the network joining on val`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trPool: { scores: 'train', every } })],
        [`9c. members out above 1.5x the best on ${o}, then the rule`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trGate: { ratio: 1.5, every } })],
        [`9d. 9c where ${o} score 10 rows or more`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, trGate: { ratio: 1.5, every, minRows: 10 } })]
      ] as [string, Rule][]
    }) : []),
    ['1b + 3: the network beating the yardstick by 20 %, ARIMA d = 2 out unless better', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, netMargin: 0.2, arimaD2: 1 })],
    // 6 December (issue 12, targets 1 and 3): a random-walk forecast as a member (11a-c), or joining
    // the trimmed mean where it does not worsen validation, as the network joins (11d)
    ...(['drift', 'naive', 'better'] as const).flatMap((which, i) => {
      const what = which === 'better' ? 'the better of naive and drift on validation' : which
      return [
        [`11${'abc'[i]}. ${what} a fourth member, trimmed like the others`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, rwMember: { which } })],
        [`11d${i + 1}. ${what} joining the trimmed mean where validation does as well`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, rwMember: { which, gated: true } })],
        [`11e${i + 1}. ${what} a fourth member over 10 val rows or more (where it can be trimmed)`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, rwMember: { which, minVal: 10 } })]
      ] as [string, Rule][]
    }),
    // 6 December (issue 12): Box-Cox transforms for the statistical members (EXP_BOXCOX=1, EXP_STATS=run)
    ...(process.env.EXP_BOXCOX ? ([
      ['a1. ETS, Theta, ARIMA on the logs where the run logs', ['ets~log', 'theta~log', 'arima~log']],
      ['a2. a1 bias-adjusted (the mean)', ['ets~logb', 'theta~logb', 'arima~logb']],
      ["b1. ETS, Theta, ARIMA on Guerrero's Box-Cox (positive series)", ['ets~bc', 'theta~bc', 'arima~bc']],
      ['b2. b1 bias-adjusted (the mean)', ['ets~bcb', 'theta~bcb', 'arima~bcb']],
      ['c1. ARIMA alone on the logs where the run logs', ['ets', 'theta', 'arima~log']],
      ['c2. c1 bias-adjusted', ['ets', 'theta', 'arima~logb']],
      ["c3. ARIMA alone on Guerrero's Box-Cox", ['ets', 'theta', 'arima~bc']],
      ['c4. c3 bias-adjusted', ['ets', 'theta', 'arima~bcb']],
      ["b3. b1 with lambda in [0, 1] (tbats' bounds)", ['ets~bc01', 'theta~bc01', 'arima~bc01']],
      ['b4. b3 bias-adjusted', ['ets~bc01b', 'theta~bc01b', 'arima~bc01b']],
      ["c5. ARIMA alone on Guerrero's Box-Cox in [0, 1]", ['ets', 'theta', 'arima~bc01']],
      ['c6. c5 bias-adjusted', ['ets', 'theta', 'arima~bc01b']]
    ] as [string, string[]][]).map(([label, members]) => [label, trimmedRule(members, 1.5, 0.1, { rwTest: true, minValForTrim: 10 })] as [string, Rule]) : []),
    // 6 December (issue 12, targets 1 and 3): bagged ETS (EXP_BAGGED=B, EXP_STATS=run)
    ...(process.env.EXP_BAGGED ? (['bets', 'bets-med'] as const).flatMap((b) => {
      const how = b === 'bets' ? 'mean' : 'median'
      return [
        [`10a. bagged ETS (${how}) in ETS's place`, trimmedRule([b, 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`10b. bagged ETS (${how}) a fourth member`, trimmedRule(['ets', b, 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`10c. bagged ETS (${how}) the only member (the rule's other steps)`, trimmedRule([b], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`10d. bagged ETS (${how}) alone`, (c) => ({ f: c.fc[b]!, picked: b })],
        ...(b === 'bets' ? [[`10e. ETS alone (for 10d)`, (c: Case) => ({ f: c.fc['ets']!, picked: 'ets' })]] : [])
      ] as [string, Rule][]
    }) : []),
    // 6 December (issue 12, targets 1 and 3): M4's S-H-D Comb (EXP_COMB=1, EXP_STATS=run)
    ...(process.env.EXP_COMB ? [
      ['13a. Comb a fourth member, trimmed like the others', trimmedRule(['ets', 'theta', 'arima', 'comb'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
      ["13b. Comb in ETS's place", trimmedRule(['comb', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
      ["13c. Comb the yardstick instead of the combination (the rule's other steps)", trimmedRule(['comb'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
      ['13d. Comb alone (for 13c)', (c) => ({ f: c.fc['comb']!, picked: 'comb' })],
      // added after 13a (as 11e after 11a-c): under 10 validation rows nothing is trimmed, so a
      // fourth member there is a quarter of every forecast whatever validation says
      ['13e. Comb a fourth member over 10 val rows or more (where it can be trimmed)', overFloor(trimmedRule(['ets', 'theta', 'arima', 'comb'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }))],
      ['13f. ETS alone (for 13d)', (c) => ({ f: c.fc['ets']!, picked: 'ets' })]
    ] as [string, Rule][] : []),
    // 6 December (issue 12, targets 1 and 3): the Optimised and Dynamic Optimised Theta Models
    // (Fiorucci et al. 2016; EXP_THETA=1, EXP_STATS=run)
    ...(process.env.EXP_THETA ? (['otm', 'dotm'] as const).flatMap((k, i) => {
      const K = k.toUpperCase()
      return [
        [`14${'ac'[i]}. ${K} in Theta's place`, trimmedRule(['ets', k, 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`14${'bd'[i]}. ${K} a fourth member, trimmed like the others`, trimmedRule(['ets', 'theta', 'arima', k], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`14${'ef'[i]}. ${K} alone`, (c: Case) => ({ f: c.fc[k] ?? c.fc['theta']!, picked: c.fc[k] ? k : 'theta' })],
        [`14${'hi'[i]}. ${K} a fourth member over 10 val rows or more`, overFloor(trimmedRule(['ets', 'theta', 'arima', k], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }))]
      ] as [string, Rule][]
    }).concat([
      ['14g. Theta alone (for 14e-f)', (c) => ({ f: c.fc['theta']!, picked: 'theta' })],
      // DOTM forecasting with its line frozen at the origin (theta-models.ts emit's `frozen`)
      ["14j. DOTM, line frozen, in Theta's place", trimmedRule(['ets', 'dotm-frozen', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
      ['14k. DOTM, line frozen, a fourth member', trimmedRule(['ets', 'theta', 'arima', 'dotm-frozen'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
      ['14l. DOTM, line frozen, alone', (c) => ({ f: c.fc['dotm-frozen'] ?? c.fc['theta']!, picked: c.fc['dotm-frozen'] ? 'dotm-frozen' : 'theta' })],
      ['14m. DOTM, line frozen, a fourth member over 10 val rows or more', overFloor(trimmedRule(['ets', 'theta', 'arima', 'dotm-frozen'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }))],
      // theta at most 5 (added after 14a-m)
      ...(['otm5', 'dotm5'] as const).flatMap((k, i) => [
        [`14${'np'[i]}. ${k === 'otm5' ? 'OTM' : 'DOTM'}, theta <= 5, in Theta's place`, trimmedRule(['ets', k, 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`14${'oq'[i]}. ${k === 'otm5' ? 'OTM' : 'DOTM'}, theta <= 5, a fourth member`, trimmedRule(['ets', 'theta', 'arima', k], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
        [`14${'rs'[i]}. ${k === 'otm5' ? 'OTM' : 'DOTM'}, theta <= 5, alone`, (c: Case) => ({ f: c.fc[k] ?? c.fc['theta']!, picked: c.fc[k] ? k : 'theta' })]
      ] as [string, Rule][])
    ] as [string, Rule][]) : []),
    // 6 December (issue 12, targets 1 and 3): the network refitted on every row for the forecast
    // past the end, as the members are (EXP_REFIT=1, EXP_STATS=run); the choice as made on validation
    ...(process.env.EXP_REFIT ? ([
      ['15a', 'network-r1', 'refitted on every row, the epochs early stopping kept'],
      ['15b', 'network-rs', 'refitted on every row, those epochs scaled by the rows'],
      ['15c', 'network-v1', 'refitted on train + val, the epochs early stopping kept'],
      ['15d', 'network-vs', 'refitted on train + val, those epochs scaled by the rows'],
      ['15e', 'network-s43', "trained as now with seed 43 (a seed's noise, no refit)"]
    ] as const).flatMap(([n, net, how]) => [
      [`${n}. the network ${how}`, withNetAhead(theRule, net)],
      [`${n}n. that network alone (for 'the network alone')`, (c: Case) => ({ f: c.fc[net]!, picked: net })]
    ] as [string, Rule][]) : []),
    // added after 15a-e: the epoch count early stopping chose is read only over TRIM_MIN_VAL_ROWS
    // validation rows or more (the rule's floor, where it trusts validation enough to trim); under it
    // the network's forecast past the end stays the first fit's
    ...(process.env.EXP_REFIT ? ([['15f', 'network-rs', '15b'], ['15g', 'network-vs', '15d']] as const).map(([n, net, of]) =>
      [`${n}. ${of} over 10 val rows or more (the first fit's network under)`, (c: Case, v: V) => (nVal(c) >= TRIM_MIN_VAL_ROWS ? withNetAhead(theRule, net) : theRule)(c, v)] as [string, Rule]) : []),
    // 15f with seed 43 throughout (its first fit under the floor: 15e's), for comparing with 15e
    ...(process.env.EXP_REFIT ? [['15h. 15f with seed 43 (compare 15e)', (c: Case, v: V) => withNetAhead(theRule, nVal(c) >= TRIM_MIN_VAL_ROWS ? 'network-rs43' : 'network-s43')(c, v)] as [string, Rule]] : []),
    // 6 December (issue 12, targets 1 and 3): rolling origins with refit (EXP_ROLL=1, EXP_STATS=run)
    ...(process.env.EXP_ROLL ? rollingLines() : [])
  ]
  if (process.env.EXP_ROLL) rollingCost(all)
  for (const c of all) console.log(`${c.name.padEnd(24)} train ${c.nTrain} val ${c.valRange.end - c.valRange.start} rw ${c.rw.randomWalk} p ${c.rw.p.toFixed(3)} lag ${c.rw.lag} t ${c.rw.driftT.toFixed(2)}`)
  // each series' MASE under the first rule (the rule), for the series every other rule changes
  const first = new Map<string, number>()
  // EXP_GROUP=all: each group's figures too (a rule is adopted on each group's, not their sum)
  const groupOf = new Map(loadManifest(root).map((s) => [s.name, s.group]))
  const groups = [...new Set(all.map((c) => groupOf.get(c.name)!))]
  for (const [label, rule] of rules) {
    const changed: string[] = []
    const rel: number[] = []
    const bad: string[] = []
    let beat = 0
    let tie = 0
    const per = new Map<string, { rel: number[]; beat: number; bad: string[] }>(groups.map((g) => [g, { rel: [], beat: 0, bad: [] }]))
    for (const c of all) {
      const cache = new Map<string, number>()
      const v = (names: string[]) => {
        const key = names.join('+')
        if (!cache.has(key)) cache.set(key, pathMae(c.y, mean(names.map((n) => c.val[n]!)), c.origins, c.K, c.valRange))
        return cache.get(key)!
      }
      const { f, picked } = rule(c, v)
      const mase = f.reduce((t, x, i) => t + Math.abs(c.test[i]! - x), 0) / f.length / c.scale
      // naive and seasonal naive as the benchmark scores them: on the rows as they are, with the
      // series' own period (bench/quality.ts), whatever season the run took
      const m = (f: Float64Array) => f.reduce((t, x, i) => t + Math.abs(c.test[i]! - x), 0) / f.length / c.scale
      const nv = m(naiveForecast(c.y, c.test.length))
      const sn = m(seasonalNaiveForecast(c.y, c.period, c.test.length))
      if (process.env.EXP_VERBOSE) console.log(`  ${c.name}: ${picked} (MASE ${mase.toFixed(3)}${beatsBetterNaive(mase, nv, sn) ? ', beats the better naive' : ''})`)
      rel.push(mase / sn)
      const g = per.get(groupOf.get(c.name)!)!
      g.rel.push(mase / sn)
      if (beatsBetterNaive(mase, nv, sn)) g.beat++
      if (!first.has(c.name)) first.set(c.name, mase)
      else if (Math.abs(mase - first.get(c.name)!) > 1e-9 * Math.max(1, mase)) changed.push(`${c.name} ${first.get(c.name)!.toFixed(3)}->${mase.toFixed(3)}`)
      if (beatsBetterNaive(mase, nv, sn)) beat++
      else if (same(mase, Math.min(nv, sn))) tie++
      const best = Math.min(c.best, nv, sn)
      if (mase > 2 * best) bad.push(`${c.name} ${(mase / best).toFixed(1)}x`), g.bad.push(`${c.name} ${(mase / best).toFixed(1)}x`)
    }
    const gm = Math.exp(rel.reduce((s, x) => s + Math.log(x), 0) / rel.length)
    console.log(`${label.padEnd(48)} gm MASE/snaive ${gm.toFixed(3)}  beat naive/snaive ${beat}/${all.length} (+${tie} level)  worse than 2x best: ${bad.join(', ') || 'none'}`)
    if (groups.length > 1) for (const [name, g] of per) console.log(`    ${name}: gm ${Math.exp(g.rel.reduce((s, x) => s + Math.log(x), 0) / g.rel.length).toFixed(3)}  beat ${g.beat}/${g.rel.length}  past 2x: ${g.bad.join(', ') || 'none'}`)
    if (process.env.EXP_CHANGED && changed.length) console.log(`    MASE changed from the rule's: ${changed.join(', ')}`)
  }
})

// A stored run's explanation, as `fw explain`, the HTML report and the app show it: one forecast's
// integrated gradients (explain.ts), global importance on the validation windows, the effective
// memory beside the look-back, and permutation importance of the network and of the run's
// statistical members. Plain JSON out, so every front end renders the same numbers. Pure.
import { andList, labelWords } from '../data/words'
import { knownGiven, restoreStat, targetWithFilled, type Prepared } from '../data'
import { noticeTime } from '../data/time-cell'
import { Rng, type Model } from '../engine'
import type { ForecastChoice } from './choice'
import { advanceTime, inferStep } from './time-step'
import type { ClockRule } from '../data/clock-rule'
import {
  defaultBaseline, gapTolerance, GLOBAL_REFINE_BUDGET, globalImportance, gradientTimesInput, integratedGradients, networkForecaster, permutationImportance, statForecaster, windowAt,
  type ExplainSubject, type GlobalImportance, type PermutationResult, type Quadrature
} from './explain'

export interface ExplainRunInput {
  model: Model
  prep: Prepared
  lookback: number
  horizon: number
  direct: boolean
  choice: ForecastChoice | null
}

export interface ExplainRunOptions {
  /** Row of the explained window's LAST input row; default the data's last row (the forecast past the end). */
  end?: number
  steps?: number
  quadrature?: Quadrature
  /** Validation windows for global and permutation importance (evenly spaced when there are more). */
  windows?: number
  repeats?: number
  seed?: number
  /** Most gradient evaluations spent refining the validation windows over the tolerance, all of
   *  them together (default GLOBAL_REFINE_BUDGET; 0: none refined). */
  refineTotal?: number
  /** Skip global and permutation importance (one forecast only). */
  localOnly?: boolean
  /** Told what is being computed, with its count done, as the work goes (fw explain's line on a
   *  terminal: a look-back of 200 takes minutes). */
  onProgress?: (words: string) => void
}

export interface RunExplanation {
  target: string
  lookback: number
  horizon: number
  /** The explained output: step h (plain), or step h of a direct model's 1..h. */
  step: number
  inputNames: string[]
  /** (L) rows before the forecast row, window row 0 (oldest) first. */
  lags: number[]
  /** (D) how many rows ahead each input is read: h for an input known in the future (its window row
   *  at lag k holds its value of lag k − h; inputLag), 0 for the others. Absent: none led. */
  leads?: number[]
  baseline: { kind: 'no change' | 'training mean'; perInput: number[]; words: string }
  method: { quadrature: Quadrature; steps: number }
  at: {
    end: number
    /** Row forecast and its time (epoch ms), or null without a time column. */
    row: number
    time: number | null
    endTime: number | null
    forecast: number
    fromBaseline: number
    /** (L, D) integrated gradients in target units; gradient × input, the preview. */
    attributions: number[][]
    gradientTimesInput: number[][]
    /** Σ attributions - (forecast - fromBaseline), target units; within `tolerance` the cells add
     *  up to the move (quadrature error), above it they miss |gap| of it (gapTolerance). */
    gap: number
    tolerance: number
    /** Gradient evaluations along the path: the m nodes, plus refinement where the gap needed it. */
    evaluations: number
  }
  /** globalImportance's result as plain numbers: meanAbs as L rows of D, refineBudget the budget given. */
  global: null | (Omit<GlobalImportance, 'L' | 'D' | 'lags' | 'meanAbs' | 'perInput' | 'perLag'> & { meanAbs: number[][]; perInput: number[]; perLag: number[] })
  permutation: null | { by: 'feature' | 'lag'; base: number; items: PermutationResult['items']; repeats: number }
  members: { label: string; weight: number; base: number; items: PermutationResult['items'] }[]
  notes: string[]
}

/** Whether one forecast's cells add up to its move: `adds` when |gap| is within the tolerance
 *  (quadrature error); else they sum to `sum`, missing `missed` (= -gap) of the `move`, `share` of
 *  |move|. Every front end words its sentence from this, so none says they add up when they do not. */
export function completeness(at: Pick<RunExplanation['at'], 'forecast' | 'fromBaseline' | 'gap'> & { tolerance?: number }): { adds: boolean; sum: number; move: number; missed: number; share: number; tolerance: number } {
  const move = at.forecast - at.fromBaseline
  const tolerance = at.tolerance ?? gapTolerance(at.forecast, at.fromBaseline)
  return { adds: Math.abs(at.gap) <= tolerance, sum: move + at.gap, move, missed: -at.gap, share: move !== 0 ? Math.abs(at.gap / move) : Infinity, tolerance }
}

const rows2 = (a: Float64Array, L: number, D: number) => Array.from({ length: L }, (_, t) => Array.from(a.subarray(t * D, (t + 1) * D)))

/** Explains the network of a prepared regression run at one window and on its validation windows. */
export function explainRun(r: ExplainRunInput, opts: ExplainRunOptions = {}): RunExplanation {
  const { prep, model, lookback: L, horizon: h } = r
  const f = prep.fitted
  const t = f.target
  if (t.kind !== 'regression') throw new RangeError('explanations are for regression runs (this run classifies)')
  const D = f.D
  const N = prep.N
  const step = h
  const subject: ExplainSubject = { model, fitted: f, lookback: L, horizon: h, output: r.direct ? h - 1 : 0, baseline: defaultBaseline(f, prep.inputs) }
  const relative = f.inputs.some((b) => b.relative)
  let end = opts.end ?? N - 1
  if (!Number.isInteger(end) || end < L - 1 || end > N - 1) throw new RangeError(`the window must end at a row in ${L - 1}..${N - 1} (got ${end})`)
  // inputs known in the future are led by the horizon: the window ending at the last row reads their
  // values past the run's rows, which it does not hold; by default the last forecast whose window
  // holds them all is explained instead, and a window asked for that lacks them is refused
  const led = f.inputs.filter((b) => b.known && (b.lead ?? 0) > 0)
  const given = (e: number) => knownGiven(f, prep.inputs, D, e - L + 1, e + 1)
  const ledColumns = [...new Set(led.map((b) => b.column))]
  const ledNames = andList(ledColumns)
  const lastGiven = (() => {
    let e = N - 1
    while (e >= L - 1 && !given(e)) e--
    return e
  })()
  const stepPast = prep.time ? inferStep(prep.time, null, prep.clock) : null
  const whenOf = (row: number) => (prep.time && row < N ? noticeTime(prep.time[row]!, prep.zone) : prep.time && stepPast ? noticeTime(advanceTime(prep.time[N - 1]!, stepPast, row - N + 1), prep.zone) : `row ${row}`)
  if (!given(end)) {
    if (opts.end !== undefined || lastGiven < L - 1)
      throw new RangeError(`the forecast of ${whenOf(end + h)} reads ${ledNames} up to ${h} ${h === 1 ? 'row' : 'rows'} past the data, values the run's data does not give; forecasts up to ${whenOf(lastGiven + h)} can be explained`)
    end = lastGiven
  }
  const q = { steps: opts.steps ?? 32, quadrature: opts.quadrature ?? ('gauss-legendre' as const) }
  const w = windowAt(subject, prep.inputs, end)
  const tell = opts.onProgress
  const ig = integratedGradients(subject, w.x, w.anchor, { ...q, ...(tell ? { onRefine: (spent: number) => tell(`refining the path of this forecast: ${spent} gradient evaluations`) } : {}) })
  const gxi = gradientTimesInput(subject, w.x, w.anchor)
  const time = prep.time
  const lags = ig.lags
  const notes: string[] = []
  if (r.choice && r.choice.network < 1)
    notes.push(`the run's forecast is ${labelWords(r.choice.label)}${r.choice.network > 0 ? `, of which the network carries weight ${r.choice.network.toFixed(2)}` : ', without the network'}; this explains the network`)
  if (relative) notes.push('level-relative run: the target\'s input at the last row is 0 by construction (its level is the anchor, held fixed), so attributions explain the change from the last value')
  if (r.direct) notes.push(`direct model: step ${h} of its outputs 1..${h} is explained`)
  if (opts.end === undefined && end !== N - 1) notes.push(`the forecast past the end reads ${ledNames} after the data, which the run's data does not give; this explains the last forecast whose inputs it gives, of ${whenOf(end + h)}`)

  let global: RunExplanation['global'] = null
  let permutation: RunExplanation['permutation'] = null
  const members: RunExplanation['members'] = []
  if (!opts.localOnly) {
    const starts = prep.windows.val.starts
    const cap = opts.windows ?? 500
    const pick = starts.length <= cap ? Array.from(starts) : Array.from({ length: cap }, (_, i) => starts[Math.floor((i * starts.length) / cap)]!)
    const ends = pick.map((s) => s + L - 1).filter((e) => e + h < N)
    const W = ends.length
    if (W > 0) {
      const xs = new Float64Array(W * L * D) // (W, L, D) anchored network inputs
      const abs = new Float64Array(W * L * D) // (W, L, D) the same rows, not anchored (permutation)
      const anchors = new Float64Array(W) // (W)
      ends.forEach((e, i) => {
        const a = windowAt(subject, prep.inputs, e)
        xs.set(a.x, i * L * D)
        abs.set(prep.inputs.subarray((e - L + 1) * D, (e + 1) * D), i * L * D)
        anchors[i] = a.anchor
      })
      // the windows over the tolerance by the plain m-node rule are refined together, within one
      // budget for all (refinement costs hundreds of gradient evaluations a window where the forecast
      // jumps); those still over it after are counted and said
      const refineTotal = opts.refineTotal ?? GLOBAL_REFINE_BUDGET
      const progress = tell ? {
        onWindows: (d: number, n: number) => tell(`integrated gradients on the validation windows: ${d} of ${n}`),
        onRefine: (spent: number, over: number) => tell(`refining the validation windows over the tolerance: ${over} left, ${spent} of at most ${refineTotal} gradient evaluations`)
      } : {}
      const g = globalImportance(subject, xs, anchors, { ...q, refineTotal, ...progress })
      global = {
        windows: W, meanAbs: rows2(g.meanAbs, L, D), perInput: Array.from(g.perInput), perLag: Array.from(g.perLag), effectiveMemory: g.effectiveMemory, share: g.share, meanAbsGap: g.meanAbsGap,
        overTolerance: g.overTolerance, overPlain: g.overPlain, refineEvaluations: g.refineEvaluations, refineBudget: refineTotal
      }
      const actual = ends.map((e) => prep.targetRaw[e + h]!)
      const repeats = opts.repeats ?? 3
      const others = f.inputs.some((b) => b.column !== t.column)
      const by = others ? 'feature' : 'lag'
      const lagName = (row: number) => `lag ${lags[row]}`
      const groups = f.inputs.map((b) => ({ name: b.column, columns: Array.from({ length: b.size }, (_, k) => b.offset + k) }))
      const onItem = (what: string) => (tell ? { onItem: (d: number, n: number) => tell(`permutation importance of ${what}: ${d} of ${n} ${by === 'lag' || what !== 'the network' ? 'lags' : 'inputs'}`) } : {})
      const p = permutationImportance(networkForecaster(subject), abs, W, L, D, actual, groups, { by, repeats, rng: new Rng(opts.seed ?? 1), lagName, ...onItem('the network') })
      permutation = { by, base: p.base, items: p.items, repeats }
      if (!others) notes.push("target-only model: its one input is the target's own history, so permutation importance permutes one lag at a time across windows")
      // the statistical members, per lag of the target's history (their only input)
      // (N) the target in original units, imputed where missing, as evaluate() gives the members
      const y = targetWithFilled(prep)
      const yw = new Float64Array(W * L) // (W, L, 1) in original units
      ends.forEach((e, i) => yw.set(y.subarray(e - L + 1, e + 1), i * L))
      for (const m of r.choice?.members ?? []) {
        const fit = restoreStat(m.fit)
        const pm = permutationImportance(statForecaster(fit, y, ends, L, h), yw, W, L, 1, actual, [{ name: t.column, columns: [0] }], { by: 'lag', repeats, rng: new Rng(opts.seed ?? 1), lagName, ...onItem(m.label) })
        members.push({ label: m.label, weight: m.weight, base: pm.base, items: pm.items })
      }
      if (members.length) notes.push('statistical members: only the look-back window of their history is permuted; they filter the whole series before it, which no permutation here touches')
    }
  }
  const perInput = Array.from(subject.baseline!)
  return {
    target: t.column, lookback: L, horizon: h, step, inputNames: f.inputNames, lags, ...(led.length ? { leads: inputLeads(f.inputs, D) } : {}),
    baseline: relative
      ? { kind: 'no change', perInput, words: 'a flat history at the last observed value (relative inputs 0), other inputs at their training mean' }
      : { kind: 'training mean', perInput, words: 'every input at its training-row mean' },
    method: q,
    at: {
      end, row: end + h, time: timeOf(time, end + h, prep.config.calendar?.holidays, prep.clock), endTime: time ? time[end]! : null,
      forecast: ig.Fx, fromBaseline: ig.Fb, attributions: rows2(ig.target, L, D), gradientTimesInput: rows2(gxi.target, L, D), gap: ig.gap, tolerance: ig.tolerance, evaluations: ig.evaluations
    },
    global, permutation, members, notes
  }
}

/** The time of a row, past the data's end extended with its inferred frequency; null without time. */
function timeOf(time: Float64Array | null, row: number, holidays: readonly string[] | undefined, clock: ClockRule | undefined): number | null {
  if (!time) return null
  if (row < time.length) return time[row]!
  const s = inferStep(time, holidays, clock)
  return s ? advanceTime(time[time.length - 1]!, s, row - time.length + 1) : null
}

/** (D) the rows ahead each input column is read (InputBlock.lead of a known-future input, else 0). */
function inputLeads(blocks: readonly { offset: number; size: number; known?: true; lead?: number }[], D: number): number[] {
  const out = new Array<number>(D).fill(0)
  for (const b of blocks) if (b.known) for (let k = 0; k < b.size; k++) out[b.offset + k] = b.lead ?? 0
  return out
}

/** The lag whose value input d holds at window row t: the row's lag, less its lead for an input known
 *  in the future (a led promo's newest row is the forecast step's own promo: lag 0). */
export function inputLag(e: Pick<RunExplanation, 'lags' | 'leads'>, t: number, d: number): number {
  return e.lags[t]! - (e.leads?.[d] ?? 0)
}

/** inputLag in words: "lag 3", "the forecast step" (lag 0), "lead 2" (a value after the forecast step). */
export function inputLagWords(e: Pick<RunExplanation, 'lags' | 'leads'>, t: number, d: number): string {
  const k = inputLag(e, t, d)
  return k > 0 ? `lag ${k}` : k === 0 ? 'the forecast step' : `lead ${-k}`
}

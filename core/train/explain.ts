// Why did the network forecast this? Integrated gradients (Sundararajan et al. 2017) over one input
// window, from the engine's own input gradients (outputInputGrad, a backward sweep of lossAndGrad's), plus global importance
// on many windows and a model-agnostic permutation importance. Pure: no Node, no DOM.
//
// Conventions (docs/explain.md says the same for analysts):
// - Input space: the network's, i.e. the window (L, D) exactly as the network sees it (scaled,
//   one-hot encoded, relative inputs taken minus their value at the window's last row).
// - f(x): the network output that makes the forecast (the last step's output `output`), in network
//   units. F(x) = scaledToTarget(f(x) + anchor): the forecast in the target's original units; the
//   anchor (level-relative runs: the scaled target at the window's last row) is held fixed, so an
//   explanation explains the change from the last observed value, never the level itself.
// - Baseline b (L, D), constant over the window by default (`defaultBaseline`): relative inputs 0
//   (every row equal to the last one: "no change", the naive forecast's input), other inputs their
//   training-row mean in network space (for a global-level run that is the training mean of every
//   input). The attribution of cell (t, d) is (x - b)_{t,d} · ∫_0^1 ∂F/∂x_{t,d}(b + α(x - b)) dα, so
//   it measures what that cell's departure from the baseline moved the forecast by.
// - Completeness: Σ attributions = F(x) - F(b) up to the quadrature error, reported as `gap`
//   beside its `tolerance` (gapTolerance). Where the gap is over it, the path is refined where the
//   forecast jumps (refineWindows), and what is still missed is reported, never hidden.
// - Quadrature over α with m gradient evaluations: 'gauss-legendre' (default, as Captum's; its
//   error falls exponentially with m for these smooth networks) or 'trapezoid' (m intervals, m + 1
//   points, error O(1/m²)). Both are one batched forward + backward pass of B = m (or m + 1).
// - Target units: F = g(f) with g the inverse scaler (and exp for a log target); the path gradients
//   are multiplied by g'(f(γ(α))) before integrating, so target-unit attributions are the integrated
//   gradients of the forecast itself and sum to F(x) - F(b) in the target's units. Without a log
//   g' is the scaler's constant (the run's mean absolute one-step change for level-relative runs).
// - Lags: window row t (0 = oldest) holds the row `L - 1 - t` rows before the window's last row,
//   which is `h + L - 1 - t` rows before the forecast row; `lag` below is that last number.
import { relativeOffsets, scaledToTarget, type FittedPipeline, type StatFit } from '../data'
import { outputInputGrad, predict, type FloatArray, type Model, type Rng } from '../engine'

export type Quadrature = 'gauss-legendre' | 'trapezoid'

/** What is explained: a regression network and the pipeline that feeds it. */
export interface ExplainSubject {
  model: Model
  fitted: FittedPipeline
  lookback: number
  /** Rows ahead of the window's last row that the explained output forecasts (h; k for step k of a direct model). */
  horizon: number
  /** The explained output index (0 for a plain model; k - 1 for step k of a direct model). */
  output?: number
  /** (D) the baseline per input, repeated over the window; default all 0 (use defaultBaseline). */
  baseline?: Float64Array
}

export interface IgOptions {
  /** Gradient evaluations along the path (default 32). */
  steps?: number
  quadrature?: Quadrature
  /** (L, D) baseline in network space; default: defaultBaseline repeated over the window. */
  baseline?: Float64Array
  /** Told the windows done after each engine call of integratedGradientsMany (a progress line). */
  onWindows?: (done: number, total: number) => void
  /** Completeness tolerance, relative to the move |F(x) - F(b)| (default GAP_TOLERANCE, 1e-3; see
   *  gapTolerance). A window whose gap is larger gets its path refined (`refine`). */
  tolerance?: number
  /** Most gradient evaluations spent per window on refining the path where the gap is over the
   *  tolerance (default REFINE_BUDGET; 0: the plain m-node rule, as before refinement). */
  refine?: number
  /** Most gradient evaluations spent on refinement over all the windows of one call, refined
   *  together (default: no limit but `refine` per window; GLOBAL_REFINE_BUDGET on the validation
   *  windows of explainRun). */
  refineTotal?: number
  /** Told after each round of refinement: the evaluations it spent so far, and the windows still
   *  over their tolerance (a progress line). */
  onRefine?: (spent: number, over: number) => void
}

/** Default completeness tolerance: |gap| ≤ 1e-3 of the move |F(x) - F(b)| (plus 1e-6 of |F|, the
 *  float32 network's rounding, for a forecast that hardly moves). */
export const GAP_TOLERANCE = 1e-3
/** Default gradient evaluations per window for refining a path whose gap is over the tolerance. */
export const REFINE_BUDGET = 4096
/** Default gradient evaluations for refining the validation windows of global importance, all of
 *  them together (explainRun; IgOptions.refineTotal): on the hourly load run of docs/explain.md,
 *  28,424 brought all 248 of 500 windows over the tolerance within it, in float64 at a few ms each. */
export const GLOBAL_REFINE_BUDGET = 32_000
/** Gauss-Legendre nodes of each refined panel (exact for polynomials of degree 15 on the panel). */
const PANEL_NODES = 8

/** The largest |gap| (target units) an explanation accepts as quadrature error. */
export function gapTolerance(Fx: number, Fb: number, rel = GAP_TOLERANCE): number {
  return rel * Math.abs(Fx - Fb) + 1e-6 * Math.max(Math.abs(Fx), Math.abs(Fb))
}

export interface Attribution {
  L: number
  D: number
  /** (L) rows before the forecast row of each window row t (t = 0 oldest). */
  lags: number[]
  /** (L, D) attributions in network output units. */
  network: Float64Array
  /** (L, D) attributions in the target's original units (see the header). */
  target: Float64Array
  /** Network outputs at x and at the baseline (network units). */
  fx: number
  fb: number
  /** Forecasts at x and at the baseline (target units). */
  Fx: number
  Fb: number
  /** Σ target attributions - (Fx - Fb): the quadrature error, in target units. */
  gap: number
  /** gapTolerance of this window: |gap| above it means the cells do not add up to the move. */
  tolerance: number
  /** Gradient evaluations spent along the path: m, plus those of refinement where it was needed. */
  evaluations: number
  /** Integrated gradients only: whether the plain m-node rule's gap was over the tolerance, so the
   *  path was refined (as far as the budgets let it). */
  plainOver?: boolean
}

/** Nodes and weights on [0, 1]. Gauss-Legendre: m nodes by Newton's method on P_m (exact for
 *  polynomials of degree 2m - 1); trapezoid: m intervals, m + 1 nodes. */
export function quadratureNodes(m: number, kind: Quadrature): { alpha: Float64Array; weight: Float64Array } {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`steps must be an integer >= 1 (got ${m})`)
  if (kind === 'trapezoid') {
    const alpha = Float64Array.from({ length: m + 1 }, (_, k) => k / m)
    const weight = Float64Array.from({ length: m + 1 }, (_, k) => (k === 0 || k === m ? 0.5 : 1) / m)
    return { alpha, weight }
  }
  const alpha = new Float64Array(m)
  const weight = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5)) // root i of P_m on [-1, 1], first guess
    let dp = 0
    for (let it = 0; it < 100; it++) {
      let p0 = 1
      let p1 = z
      for (let k = 2; k <= m; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k]
      if (m === 1) p0 = 1
      dp = (m * (z * p1 - p0)) / (z * z - 1)
      const dz = p1 / dp
      z -= dz
      if (Math.abs(dz) < 1e-16) break
    }
    alpha[i] = (1 - z) / 2 // [-1, 1] -> [0, 1]
    weight[i] = 1 / ((1 - z * z) * dp * dp) // 2 / ((1 - z²) P'²), halved for [0, 1]
  }
  return { alpha, weight }
}

/** The default baseline per input (D): 0 for relative inputs ("no change"), else the training-row
 *  mean of the input in network space. `inputs` (N, D) are the prepared rows. */
export function defaultBaseline(fitted: FittedPipeline, inputs: ArrayLike<number>): Float64Array {
  const D = fitted.D
  const r = fitted.splits.train
  const mean = new Float64Array(D) // (D)
  for (let i = r.start; i < r.end; i++) for (let d = 0; d < D; d++) mean[d]! += inputs[i * D + d]! / (r.end - r.start)
  for (const off of relativeOffsets(fitted)) for (const b of fitted.inputs) if (b.offset === off) mean.fill(0, off, off + b.size)
  return mean
}

/** The network-space window (L, D) ending at row `end` of `inputs` (N, D), relative inputs anchored
 *  at that row, and the anchor of the forecast (the scaled target there, level-relative runs only). */
export function windowAt(s: Pick<ExplainSubject, 'fitted' | 'lookback'>, inputs: ArrayLike<number>, end: number): { x: Float64Array; anchor: number } {
  const { fitted: f, lookback: L } = s
  const D = f.D
  const x = new Float64Array(L * D) // (L, D)
  for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) x[t * D + d] = inputs[(end - L + 1 + t) * D + d]!
  for (const off of relativeOffsets(f)) {
    const a = inputs[end * D + off]!
    for (let t = 0; t < L; t++) x[t * D + off]! -= a
  }
  return { x, anchor: anchorAt(f, inputs, end) }
}

function anchorAt(f: FittedPipeline, inputs: ArrayLike<number>, end: number): number {
  const t = f.target
  if (t.kind !== 'regression' || !t.relative) return 0
  const block = f.inputs.find((b) => b.column === t.column)
  return block ? inputs[end * f.D + block.offset]! : 0
}

/** Forecast in target units from a network output, and its derivative dF/df. */
export function toTarget(f: FittedPipeline, out: number, anchor: number): { F: number; dF: number } {
  const t = f.target
  if (t.kind !== 'regression') throw new RangeError('explanations are for regression runs')
  const F = scaledToTarget(t, out + anchor)
  const s = t.scaler
  const c = s.kind === 'zscore' ? s.std : s.kind === 'minmax' ? s.max - s.min : 1
  return { F, dF: t.transform === 'log' ? c * F : c }
}

/**
 * Network outputs f (B) and input gradients ∂f/∂x (L, B, D) of a batch x (L, B, D): the engine's
 * outputInputGrad, one forward pass and one backward sweep seeded with ∂f_o/∂ŷ = e_o at the last
 * step (the forecast's), no weight gradients. (It once went through predict and lossAndGrad, an mse
 * loss whose target was ŷ - e_o: two forward passes and the weight gradients, thrown away.)
 */
export function outputAndGrad(model: Model, x: FloatArray, L: number, B: number, output = 0): { f: Float64Array; grad: FloatArray } {
  const O = model.spec.outputSize
  const { y, inputGrad } = outputInputGrad(model, x, L, B, output) // y: per-step (L, B, O) | final (B, O)
  const last = model.spec.outputMode === 'per-step' ? (L - 1) * B * O : 0
  const f = new Float64Array(B) // (B)
  for (let b = 0; b < B; b++) f[b] = y[last + b * O + output]!
  return { f, grad: inputGrad }
}

/** Integrated gradients for several windows at once: xs (W, L, D), anchors (W); one batched
 *  forward + backward of B = W · (nodes) path points per call of the engine. */
export function integratedGradientsMany(s: ExplainSubject, xs: Float64Array, anchors: ArrayLike<number>, opts: IgOptions = {}): Attribution[] {
  const { model, fitted, lookback: L } = s
  const D = fitted.D
  const W = anchors.length
  const o = s.output ?? 0
  const { alpha, weight } = quadratureNodes(opts.steps ?? 32, opts.quadrature ?? 'gauss-legendre')
  const n = alpha.length
  const base = opts.baseline ?? repeatBaseline(fitted, L, s.baseline ?? null)
  const lags = Array.from({ length: L }, (_, t) => s.horizon + L - 1 - t)
  const paths: RefinedPath[] = [] // (W) each window's path, its pieces after the plain rule
  // path points of up to `per` windows in one engine call (B = per · (n + 1): the n nodes and x itself)
  const per = Math.max(1, Math.floor(512 / (n + 1)))
  for (let w0 = 0; w0 < W; w0 += per) {
    const nw = Math.min(per, W - w0)
    const B = nw * (n + 1)
    const xb = model.dtype === 'float64' ? new Float64Array(L * B * D) : new Float32Array(L * B * D) // (L, B, D)
    for (let i = 0; i < nw; i++) {
      const x = xs.subarray((w0 + i) * L * D, (w0 + i + 1) * L * D) // (L, D)
      for (let k = 0; k <= n; k++) {
        const a = k < n ? alpha[k]! : 1
        const b = i * (n + 1) + k
        for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) xb[(t * B + b) * D + d] = base[t * D + d]! + a * (x[t * D + d]! - base[t * D + d]!)
      }
    }
    const { f, grad } = outputAndGrad(model, xb, L, B, o)
    for (let i = 0; i < nw; i++) {
      const x = xs.subarray((w0 + i) * L * D, (w0 + i + 1) * L * D)
      const anchor = anchors[w0 + i]!
      const net = new Float64Array(L * D) // (L, D) ∫ ∂f/∂x dα
      const tgt = new Float64Array(L * D) // (L, D) ∫ ∂F/∂x dα
      for (let k = 0; k < n; k++) addNode(fitted, grad, B, i * (n + 1) + k, weight[k]!, f[i * (n + 1) + k]!, anchor, L, D, net, tgt)
      const fx = f[i * (n + 1) + n]!
      const fb = n > 0 && alpha[0] === 0 ? f[i * (n + 1)]! : forward(model, base, L, o)
      const Fx = toTarget(fitted, fx, anchor).F
      const Fb = toTarget(fitted, fb, anchor).F
      const dx = Float64Array.from({ length: L * D }, (_, j) => x[j]! - base[j]!) // (L, D)
      const tolerance = gapTolerance(Fx, Fb, opts.tolerance)
      const first: Panel = { a0: 0, a1: 1, F0: Fb, F1: Fx, net, tgt, err: dot(tgt, dx) - (Fx - Fb) }
      paths.push({ x, dx, anchor, tolerance, panels: [first], plainErr: first.err, used: 0, fx, fb, Fx, Fb })
    }
    opts.onWindows?.(w0 + nw, W)
  }
  // the windows whose gap is over the tolerance, refined together (refineWindows); the others keep
  // the plain rule's numbers as they are
  const over = paths.filter((p) => Math.abs(p.plainErr) > p.tolerance)
  if (over.length) refineWindows(s, asFloat64(model), base, over, opts.refine ?? REFINE_BUDGET, opts.refineTotal ?? Infinity, opts.onRefine)
  return paths.map((p) => {
    const network = new Float64Array(L * D) // (L, D)
    const target = new Float64Array(L * D) // (L, D)
    for (const q of p.panels)
      for (let j = 0; j < L * D; j++) {
        network[j]! += q.net[j]!
        target[j]! += q.tgt[j]!
      }
    for (let j = 0; j < L * D; j++) {
      network[j]! *= p.dx[j]!
      target[j]! *= p.dx[j]!
    }
    const { fx, fb, Fx, Fb, tolerance } = p
    return { L, D, lags, network, target, fx, fb, Fx, Fb, gap: sum(target) - (Fx - Fb), tolerance, evaluations: n + p.used, plainOver: Math.abs(p.plainErr) > tolerance }
  })
}

/** One quadrature node's gradient (row b of grad (L, B, D)), weighted, into the running integrals
 *  (L, D) of ∂f/∂x (net) and ∂F/∂x = dF/df · ∂f/∂x (tgt). */
function addNode(fitted: FittedPipeline, grad: FloatArray, B: number, b: number, w: number, fAt: number, anchor: number, L: number, D: number, net: Float64Array, tgt: Float64Array): void {
  const wt = w * toTarget(fitted, fAt, anchor).dF
  for (let t = 0; t < L; t++)
    for (let d = 0; d < D; d++) {
      const g = grad[(t * B + b) * D + d]!
      net[t * D + d]! += w * g
      tgt[t * D + d]! += wt * g
    }
}

/** A piece [a0, a1] of the path α: the forecasts F at its ends, the integrals (L, D) of ∂f/∂x and
 *  ∂F/∂x over it, and its completeness error Σ (x - b)·tgt - (F1 - F0). The errors of the pieces
 *  add up to the window's gap, since their F1 - F0 telescope to F(x) - F(b). */
interface Panel { a0: number; a1: number; F0: number; F1: number; net: Float64Array; tgt: Float64Array; err: number }

/** One window's path while it is refined: its input x and x - b (L, D), its anchor and tolerance,
 *  its pieces (one after the plain rule, whose error was plainErr), the gradient evaluations
 *  refinement spent on it, and the network's outputs and forecasts at x and at the baseline. */
interface RefinedPath { x: Float64Array; dx: Float64Array; anchor: number; tolerance: number; panels: Panel[]; plainErr: number; used: number; fx: number; fb: number; Fx: number; Fb: number }

/** Most path points in one engine call of refineWindows (B): 64 halved pieces of 2·8 + 1 points. A
 *  lone window's round (at most 16 pieces, 272 points) is one call, as it was refined alone. */
const REFINE_POINTS = 64 * (2 * PANEL_NODES + 1)
/** Most windows refined at once (each round halves up to 16 pieces of each). */
const REFINE_ACTIVE = 64

/**
 * Adaptive refinement of the paths whose gap is over the tolerance, all windows together. A
 * trained recurrent network can change its forecast abruptly along the straight path from the
 * baseline (saturated gates that flip a cell state between regimes over the window: on an hourly
 * load run the forecast rose by 0.7 scale units over 1e-5 of the path), and m nodes spread over
 * [0, 1] step over such a rise, so the gradients at the nodes miss it and the cells do not add up.
 * Each round halves, in every window being refined, the pieces with the largest errors (those
 * above tolerance / 8, at most 16) and integrates each half with PANEL_NODES Gauss-Legendre
 * nodes, the forecast at the new midpoint checking it. A window stops when its summed error is
 * within its tolerance, its budget (`perWindow` evaluations) is spent, or its pieces left are
 * narrower than 1e-12 (a step no gradient sees); all stop when `total` evaluations are spent (the
 * last round's room goes to the windows in the order they started). Windows start nearest their
 * tolerance first, at most REFINE_ACTIVE at once, and under a finite `total` only while the budget
 * left can pay for one more (see below), so a small budget finishes windows instead of leaving
 * every one halfway (on the hourly run, 10,000 evaluations brought 112 of 248 windows within the
 * tolerance, against 21 when every window advanced a round at a time). Each window's own rounds
 * do not depend on the others, so an ample budget gives every window what it gets alone. The
 * pieces of a round go through the engine together, REFINE_POINTS path points a call.
 * `model` is the network in float64 (asFloat64): in float32 such a rise is no longer a smooth
 * function of α, since rounding decides on which side of it a path point falls (on that run the
 * float32 forecast moved by ±7 MW between points 1e-12 apart), so no refinement of a float32 path
 * can resolve it, while the same weights in float64 give a rise 3e-8 of the path wide, which it does.
 * Returns the evaluations spent; each path's pieces and `used` are updated in place.
 */
function refineWindows(s: ExplainSubject, model: Model, base: Float64Array, paths: RefinedPath[], perWindow: number, total: number, onRound?: (spent: number, over: number) => void): number {
  const { fitted, lookback: L } = s
  const D = fitted.D
  const o = s.output ?? 0
  const { alpha, weight } = quadratureNodes(PANEL_NODES, 'gauss-legendre')
  const n = PANEL_NODES
  const per = 2 * n + 1 // two halves of n nodes and the midpoint
  const overOf = (p: RefinedPath) => Math.abs(p.panels.reduce((a, q) => a + q.err, 0)) > p.tolerance
  const at = (p: Panel, k: number) => {
    const mid = (p.a0 + p.a1) / 2
    if (k === 2 * n) return mid
    const [lo, hi] = k < n ? [p.a0, mid] : [mid, p.a1]
    return lo + alpha[k % n]! * (hi - lo)
  }
  let spent = 0
  // the windows waiting, nearest their tolerance first (|plain error| / tolerance), and those being
  // refined; a window leaves `active` when it is within its tolerance or can be refined no further
  const queue = [...paths].sort((a, b) => Math.abs(a.plainErr) / a.tolerance - Math.abs(b.plainErr) / b.tolerance)
  let active: RefinedPath[] = []
  let finishedMost = 0 // the most evaluations a window brought within its tolerance took
  for (;;) {
    // a window starts while the budget left, less what the windows being refined may need still,
    // pays for what one may cost (the most a finished one took; one window at a time until one has
    // finished, unless the budget is unlimited): a small budget finishes windows one after another
    // instead of leaving them all halfway
    const expect = finishedMost || Infinity
    let owed = active.reduce((a, p) => a + Math.max(per, expect - p.used), 0)
    while (queue.length && active.length < REFINE_ACTIVE && (!active.length || total === Infinity || total - spent - owed >= expect)) {
      active.push(queue.shift()!)
      owed += expect
    }
    // this round's pieces to halve, window by window
    const items: { path: RefinedPath; panel: Panel }[] = []
    const still: RefinedPath[] = []
    for (const path of active) {
      const room = Math.floor(Math.min(perWindow - path.used, total - spent - items.length * per) / per)
      const split = path.panels.filter((p) => p.a1 - p.a0 > 1e-12 && Math.abs(p.err) > path.tolerance / 8).sort((a, b) => Math.abs(b.err) - Math.abs(a.err)).slice(0, Math.min(16, room))
      for (const panel of split) items.push({ path, panel })
      if (split.length) still.push(path)
    }
    active = still
    if (!items.length) {
      if (queue.length && total - spent >= per) continue // the windows refined no further made room
      break
    }
    const halves = new Map<Panel, Panel[]>()
    const calls = Math.floor(REFINE_POINTS / per)
    for (let i0 = 0; i0 < items.length; i0 += calls) {
      const chunk = items.slice(i0, i0 + calls)
      const B = chunk.length * per
      const xb = model.dtype === 'float64' ? new Float64Array(L * B * D) : new Float32Array(L * B * D) // (L, B, D)
      chunk.forEach(({ path, panel }, i) => {
        for (let k = 0; k < per; k++) {
          const a = at(panel, k)
          const b = i * per + k
          for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) xb[(t * B + b) * D + d] = base[t * D + d]! + a * path.dx[t * D + d]!
        }
      })
      const { f, grad } = outputAndGrad(model, xb, L, B, o)
      chunk.forEach(({ path, panel: p }, i) => {
        const mid = (p.a0 + p.a1) / 2
        const Fm = toTarget(fitted, f[i * per + 2 * n]!, path.anchor).F
        const parts = ([[p.a0, mid, p.F0, Fm, 0], [mid, p.a1, Fm, p.F1, n]] as const).map(([a0, a1, F0, F1, k0]) => {
          const net = new Float64Array(L * D) // (L, D)
          const tgt = new Float64Array(L * D) // (L, D)
          for (let k = 0; k < n; k++) addNode(fitted, grad, B, i * per + k0 + k, weight[k]! * (a1 - a0), f[i * per + k0 + k]!, path.anchor, L, D, net, tgt)
          return { a0, a1, F0, F1, net, tgt, err: dot(tgt, path.dx) - (F1 - F0) }
        })
        halves.set(p, parts)
        path.used += per
      })
    }
    spent += items.length * per
    for (const path of new Set(items.map((x) => x.path))) path.panels = path.panels.flatMap((p) => halves.get(p) ?? [p])
    active = active.filter((p) => {
      if (overOf(p)) return true
      finishedMost = Math.max(finishedMost, p.used)
      return false
    })
    onRound?.(spent, paths.filter(overOf).length)
  }
  return spent
}

/** The same network in float64 (its weights widened exactly). */
export function asFloat64(model: Model): Model {
  return model.dtype === 'float64' ? model : { spec: model.spec, dtype: 'float64', params: Float64Array.from(model.params), layout: model.layout }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

/** Integrated gradients of one window x (L, D) with its anchor. */
export function integratedGradients(s: ExplainSubject, x: Float64Array, anchor: number, opts: IgOptions = {}): Attribution {
  return integratedGradientsMany(s, x, [anchor], opts)[0]!
}

/** Gradient × input, the cheap preview: (x - b) ⊙ ∂F/∂x at x alone (one gradient, no path). It
 *  equals integrated gradients when the network is linear along the path, and need not sum to
 *  F(x) - F(b) otherwise. */
export function gradientTimesInput(s: ExplainSubject, x: Float64Array, anchor: number, baseline?: Float64Array): Attribution {
  const { model, fitted, lookback: L } = s
  const D = fitted.D
  const base = baseline ?? repeatBaseline(fitted, L, s.baseline ?? null)
  const xb = model.dtype === 'float64' ? Float64Array.from(x) : Float32Array.from(x) // (L, 1, D)
  const { f, grad } = outputAndGrad(model, xb, L, 1, s.output ?? 0)
  const { F: Fx, dF } = toTarget(fitted, f[0]!, anchor)
  const network = Float64Array.from({ length: L * D }, (_, j) => grad[j]! * (x[j]! - base[j]!)) // (L, D)
  const target = network.map((v) => v * dF)
  const fb = forward(model, base, L, s.output ?? 0)
  const Fb = toTarget(fitted, fb, anchor).F
  return { L, D, lags: Array.from({ length: L }, (_, t) => s.horizon + L - 1 - t), network, target, fx: f[0]!, fb, Fx, Fb, gap: sum(target) - (Fx - Fb), tolerance: gapTolerance(Fx, Fb), evaluations: 1 }
}

/** A per-input baseline (D) repeated over the L rows of a window: (L, D); null: all zeros. */
export function repeatBaseline(fitted: FittedPipeline, L: number, perInput: Float64Array | null): Float64Array {
  const D = fitted.D
  const b = new Float64Array(L * D) // (L, D)
  if (perInput) for (let t = 0; t < L; t++) b.set(perInput, t * D)
  return b
}

function forward(model: Model, x: Float64Array, L: number, o: number): number {
  const xb = model.dtype === 'float64' ? Float64Array.from(x) : Float32Array.from(x) // (L, 1, D)
  const y = predict(model, xb, L, 1)
  return y[(model.spec.outputMode === 'per-step' ? L - 1 : 0) * model.spec.outputSize + o]!
}

function sum(a: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]!
  return s
}

// ---- global importance ----------------------------------------------------------------------

export interface GlobalImportance {
  windows: number
  L: number
  D: number
  lags: number[]
  /** (L, D) mean |target-unit attribution| over the windows. */
  meanAbs: Float64Array
  /** (D) Σ over lags of meanAbs; (L) Σ over inputs. */
  perInput: Float64Array
  perLag: Float64Array
  /** The fewest most recent window rows holding ≥ `share` of the attribution mass (1..L). */
  effectiveMemory: number
  share: number
  /** Mean |gap| over the windows (target units): how well completeness held. */
  meanAbsGap: number
  /** Windows whose |gap| stayed above their tolerance (the cells do not add up to their move),
   *  after refinement. */
  overTolerance: number
  /** Windows over their tolerance by the plain m-node rule (then refined, within the budgets). */
  overPlain: number
  /** Gradient evaluations refinement spent over all the windows, and its budget (refineTotal). */
  refineEvaluations: number
  refineBudget: number
}

/** Mean |attribution| per (lag, input) over windows xs (W, L, D), per input, per lag, and the
 *  effective memory: the rows back from the window's end that hold 95 % of the mass. */
export function globalImportance(s: ExplainSubject, xs: Float64Array, anchors: ArrayLike<number>, opts: IgOptions & { share?: number } = {}): GlobalImportance {
  const L = s.lookback
  const D = s.fitted.D
  const W = anchors.length
  const meanAbs = new Float64Array(L * D) // (L, D)
  let gap = 0
  let over = 0
  let overPlain = 0
  let spent = 0
  const all = integratedGradientsMany(s, xs, anchors, opts)
  for (const a of all) {
    for (let j = 0; j < L * D; j++) meanAbs[j]! += Math.abs(a.target[j]!) / W
    gap += Math.abs(a.gap) / W
    if (Math.abs(a.gap) > a.tolerance) over++
    if (a.plainOver) overPlain++
    spent += a.evaluations - (opts.quadrature === 'trapezoid' ? 1 : 0) - (opts.steps ?? 32)
  }
  const share = opts.share ?? 0.95
  const { perInput, perLag } = marginals(meanAbs, L, D)
  return { windows: W, L, D, lags: Array.from({ length: L }, (_, t) => s.horizon + L - 1 - t), meanAbs, perInput, perLag, effectiveMemory: effectiveMemory(perLag, share), share, meanAbsGap: gap, overTolerance: over, overPlain, refineEvaluations: spent, refineBudget: opts.refineTotal ?? Infinity }
}

export function marginals(m: Float64Array, L: number, D: number): { perInput: Float64Array; perLag: Float64Array } {
  const perInput = new Float64Array(D) // (D)
  const perLag = new Float64Array(L) // (L) by window row
  for (let t = 0; t < L; t++)
    for (let d = 0; d < D; d++) {
      perInput[d]! += m[t * D + d]!
      perLag[t]! += m[t * D + d]!
    }
  return { perInput, perLag }
}

/** perLag (L) by window row (t = L - 1 the latest): the fewest latest rows holding `share` of Σ. */
export function effectiveMemory(perLag: ArrayLike<number>, share = 0.95): number {
  const L = perLag.length
  const total = sum(perLag)
  if (!(total > 0)) return 0
  let c = 0
  for (let r = 1; r <= L; r++) {
    c += perLag[L - r]!
    if (c >= share * total * (1 - 1e-12)) return r
  }
  return L
}

// ---- permutation importance (model-agnostic) ------------------------------------------------

/** Any forecaster of W windows (W, L, F) -> forecasts (W) in target units. The window's space is the
 *  forecaster's own (a permutation moves values between windows, so a per-column bijection such as
 *  a scaler does not change the result). */
export type WindowForecaster = (windows: Float64Array, W: number) => Float64Array

export interface PermutationResult {
  /** MAE of the unpermuted forecasts. */
  base: number
  /** Per group ('feature': the block's history moves to another window whole) or per window row
   *  ('lag': every column at that row): mean and std over repeats of MAE(permuted) - base. */
  items: { name: string; row: number | null; increase: number; std: number }[]
}

/**
 * Permutation importance: shuffle one feature (all its columns, all lags together) across windows,
 * or one window row (every column at it), and measure how much the MAE grows. For a target-only
 * model the only feature is the target's own history, whose permutation whole says nothing
 * useful, so use by: 'lag' there.
 */
export function permutationImportance(forecast: WindowForecaster, windows: Float64Array, W: number, L: number, F: number, actual: ArrayLike<number>,
  groups: { name: string; columns: number[] }[], opts: { by: 'feature' | 'lag'; repeats?: number; rng: Rng; lagName?: (row: number) => string; onItem?: (done: number, total: number) => void }): PermutationResult {
  const mae = (p: Float64Array) => {
    let s = 0
    let n = 0
    for (let i = 0; i < W; i++) if (actual[i] === actual[i] && p[i] === p[i]) (s += Math.abs(p[i]! - actual[i]!)), n++
    return n ? s / n : NaN
  }
  const base = mae(forecast(windows, W))
  const R = opts.repeats ?? 5
  const perm = new Int32Array(W) // (W)
  const work = new Float64Array(windows.length) // (W, L, F)
  const score = (cells: (t: number, c: number) => boolean) => {
    const inc: number[] = []
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < W; i++) perm[i] = i
      opts.rng.shuffle(perm)
      work.set(windows)
      for (let i = 0; i < W; i++)
        for (let t = 0; t < L; t++) for (let c = 0; c < F; c++) if (cells(t, c)) work[(i * L + t) * F + c] = windows[(perm[i]! * L + t) * F + c]!
      inc.push(mae(forecast(work, W)) - base)
    }
    const mean = inc.reduce((a, b) => a + b, 0) / R
    return { increase: mean, std: Math.sqrt(inc.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, R - 1)) }
  }
  const items: PermutationResult['items'] = []
  if (opts.by === 'feature') for (const g of groups) {
    const cols = new Set(g.columns)
    items.push({ name: g.name, row: null, ...score((_t, c) => cols.has(c)) })
    opts.onItem?.(items.length, groups.length)
  }
  else for (let row = 0; row < L; row++) {
    items.push({ name: opts.lagName ? opts.lagName(row) : `row ${row}`, row, ...score((t) => t === row) })
    opts.onItem?.(row + 1, L)
  }
  return { base, items }
}

/** The network as a WindowForecaster over absolute network-space windows (W, L, D): rows of the
 *  prepared inputs as they are, anchored here (so a permuted last row moves the anchor too). */
export function networkForecaster(s: ExplainSubject): WindowForecaster {
  const { model, fitted, lookback: L } = s
  const D = fitted.D
  const o = s.output ?? 0
  return (windows, W) => {
    const out = new Float64Array(W) // (W)
    for (let w0 = 0; w0 < W; w0 += 256) {
      const B = Math.min(256, W - w0)
      const x = model.dtype === 'float64' ? new Float64Array(L * B * D) : new Float32Array(L * B * D) // (L, B, D)
      const anchors = new Float64Array(B) // (B)
      for (let b = 0; b < B; b++) {
        const win = windows.subarray((w0 + b) * L * D, (w0 + b + 1) * L * D) // (L, D) absolute
        const a = windowAt(s, win, L - 1)
        anchors[b] = a.anchor
        for (let t = 0; t < L; t++) for (let d = 0; d < D; d++) x[(t * B + b) * D + d] = a.x[t * D + d]!
      }
      const y = predict(model, x, L, B)
      const last = model.spec.outputMode === 'per-step' ? (L - 1) * B * model.spec.outputSize : 0
      for (let b = 0; b < B; b++) out[w0 + b] = toTarget(fitted, y[last + b * model.spec.outputSize + o]!, anchors[b]!).F
    }
    return out
  }
}

/** A statistical model as a WindowForecaster over target-only windows (W, L, 1) in original units,
 *  W = origins.length: window i replaces rows o_i - L + 1 .. o_i of the series y before the model
 *  filters through it and forecasts h steps past o_i. The model filters y's rows once, here, not
 *  once per window and call (StatFit.windowForecaster). */
export function statForecaster(fit: Pick<StatFit, 'windowForecaster'>, y: Float64Array, origins: ArrayLike<number>, L: number, h: number): WindowForecaster {
  const n = origins.length
  const fromStates = fit.windowForecaster(y, origins, L, h)
  return (windows, W) => {
    if (W !== n) throw new RangeError(`statForecaster: ${W} windows for ${n} origins`)
    const paths = fromStates(windows.subarray(0, W * L)) // (W, h)
    return Float64Array.from({ length: W }, (_, i) => paths[i * h + h - 1]!)
  }
}

// A deliberately plain float64 reference of the whole model (scalar loops, one sample at a time,
// written straight from the PyTorch equations) used by the tests: finite differences are taken
// on THIS function, so the engine's analytic BPTT is checked against independent code.
// Truncated objectives use stop-gradient semantics: a state marked "detached" is the constant
// value it has at the base parameters theta0, whatever theta is.
import type { Batch } from '../batch'
import type { Model } from '../model'
import type { LossKind, Truncation } from '../types'

type Vec = number[]
interface LayerState { h: Vec; c: Vec }

function sig(a: number): number { return 1 / (1 + Math.exp(-a)) }

function getter(model: Model, theta: ArrayLike<number>) {
  return (name: string, r: number, k = 0): number => {
    const v = model.layout.find((p) => p.name === name)!
    const cols = v.shape.length === 2 ? v.shape[1] : 1
    return theta[v.offset + r * cols + k]
  }
}

/** One step of every layer for one sample; returns the new states. */
function stepAll(model: Model, theta: ArrayLike<number>, x: Vec, st: LayerState[]): LayerState[] {
  const { cell, hiddenSize: H, numLayers, hiddenActivation } = model.spec
  const p = getter(model, theta)
  const out: LayerState[] = []
  let inp = x
  for (let l = 0; l < numLayers; l++) {
    const { h, c } = st[l]
    // pre(gate row r) = W_ih[r]·inp + b_ih[r]  and  W_hh[r]·h + b_hh[r], kept apart for GRU
    const ai = (r: number) => inp.reduce((s, v, k) => s + p(`weight_ih_l${l}`, r, k) * v, p(`bias_ih_l${l}`, r))
    const ah = (r: number) => h.reduce((s, v, k) => s + p(`weight_hh_l${l}`, r, k) * v, p(`bias_hh_l${l}`, r))
    const hN: Vec = []
    const cN: Vec = []
    for (let j = 0; j < H; j++) {
      if (cell === 'elman') {
        const a = ai(j) + ah(j)
        hN.push(hiddenActivation === 'tanh' ? Math.tanh(a) : hiddenActivation === 'relu' ? Math.max(0, a) : sig(a))
      } else if (cell === 'lstm') {
        const i = sig(ai(j) + ah(j))
        const f = sig(ai(H + j) + ah(H + j))
        const g = Math.tanh(ai(2 * H + j) + ah(2 * H + j))
        const o = sig(ai(3 * H + j) + ah(3 * H + j))
        const cc = f * c[j] + i * g
        cN.push(cc)
        hN.push(o * Math.tanh(cc))
      } else {
        const r = sig(ai(j) + ah(j))
        const z = sig(ai(H + j) + ah(H + j))
        const n = Math.tanh(ai(2 * H + j) + r * ah(2 * H + j))
        hN.push((1 - z) * n + z * h[j])
      }
    }
    out.push({ h: hN, c: cN.length ? cN : c })
    inp = hN
  }
  return out
}

function headLoss(model: Model, theta: ArrayLike<number>, h: Vec, loss: LossKind, delta: number, y: Vec | number): number {
  const { outputSize: O, outputActivation: act } = model.spec
  const p = getter(model, theta)
  const z: Vec = []
  for (let k = 0; k < O; k++) z.push(h.reduce((s, v, j) => s + p('head.weight', k, j) * v, p('head.bias', k)))
  if (loss === 'softmax-ce') {
    const m = Math.max(...z)
    return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[y as number]
  }
  if (loss === 'bce') return z.reduce((s, v, k) => s + Math.max(v, 0) - v * (y as Vec)[k] + Math.log1p(Math.exp(-Math.abs(v))), 0)
  let yh = z
  if (act === 'sigmoid') yh = z.map(sig)
  if (act === 'softmax') { const e = z.map((v) => Math.exp(v)); const s = e.reduce((a, b) => a + b, 0); yh = e.map((v) => v / s) }
  return yh.reduce((s, v, k) => {
    const d = v - (y as Vec)[k]
    if (loss === 'mse') return s + 0.5 * d * d
    return s + (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta))
  }, 0)
}

export interface RefOptions {
  loss: LossKind
  huberDelta?: number
  truncation?: Truncation
  x?: ArrayLike<number> // overrides batch.x (for input-gradient checks)
  perturbH?: { t: number; b: number; j: number; eps: number } // added to the top layer's h_t
}

/** Loss of `theta` under the (truncated) objective whose detached states come from theta0 and batch.x. */
export function referenceLoss(model: Model, theta: ArrayLike<number>, theta0: ArrayLike<number>, batch: Batch, o: RefOptions): number {
  const { inputSize: D, hiddenSize: H, numLayers: L, outputSize: O, outputMode } = model.spec
  const { T, B } = batch
  const X = o.x ?? batch.x
  const tr = o.truncation ?? { kind: 'none' }
  const delta = o.huberDelta ?? 1
  const perStep = outputMode === 'per-step'
  const zero = (): LayerState[] => Array.from({ length: L }, () => ({ h: new Array(H).fill(0), c: new Array(H).fill(0) }))
  const xAt = (t: number, b: number, src: ArrayLike<number> = X) => Array.from({ length: D }, (_, d) => src[(t * B + b) * D + d])
  const weight = (t: number, b: number) => {
    const w = batch.stepWeight
    if (!perStep || !w) return 1
    return w.length === T ? w[t] : w[t * B + b]
  }
  const target = (t: number, b: number): Vec | number => {
    const row = perStep ? t * B + b : b
    if (o.loss === 'softmax-ce') return batch.target[row]
    return Array.from({ length: O }, (_, k) => batch.target[row * O + k])
  }
  const scored = (t: number) => (perStep ? true : t === T - 1)

  let total = 0
  for (let b = 0; b < B; b++) {
    // states at (theta0, unperturbed x) after each step, for detaching: base[t+1] = state after step t
    const base: LayerState[][] = [zero()]
    for (let t = 0; t < T; t++) base.push(stepAll(model, theta0, xAt(t, b, batch.x), base[t]))
    // run theta from the detached state before step s through steps s..e, scoring with `score`
    const run = (s: number, e: number, score: (t: number) => boolean) => {
      let st = base[s].map((x) => ({ h: [...x.h], c: [...x.c] }))
      for (let t = s; t <= e; t++) {
        st = stepAll(model, theta, xAt(t, b), st)
        const pt = o.perturbH
        if (pt && pt.t === t && pt.b === b) st[L - 1].h[pt.j] += pt.eps
        if (score(t)) total += weight(t, b) * headLoss(model, theta, st[L - 1].h, o.loss, delta, target(t, b))
      }
    }
    if (tr.kind === 'none') run(0, T - 1, scored)
    else if (tr.kind === 'chunked') for (let s = 0; s < T; s += tr.k) run(s, Math.min(T, s + tr.k) - 1, scored)
    else for (let t = 0; t < T; t++) if (scored(t)) run(Math.max(0, t - tr.k + 1), t, (u) => u === t)
  }
  return total / B
}

// Finite-difference gradient checks (float64). Numeric gradients are taken on the independent
// scalar reference in testing/reference.ts, including its stop-gradient version of truncated
// BPTT, and compared with the engine's analytic lossAndGrad.
import { describe, expect, it } from 'vitest'
import { computeLoss, lossAndGrad } from './bptt'
import { createModel } from './model'
import { Rng } from './rng'
import { numericGrad, randomBatch, relErr } from './testing/helpers'
import { referenceLoss } from './testing/reference'
import type { CellKind, LossKind, ModelSpec, OutputMode, Truncation } from './types'

const D = 2, H = 3, O = 2, T = 5, B = 2
const TOL = 1e-6

function spec(cell: CellKind, mode: OutputMode, loss: LossKind, numLayers: number, extra: Partial<ModelSpec> = {}): ModelSpec {
  const outputActivation = loss === 'bce' ? 'sigmoid' : loss === 'softmax-ce' ? 'softmax' : 'identity'
  return { cell, inputSize: D, hiddenSize: H, numLayers, outputSize: O, hiddenActivation: 'tanh', outputActivation, outputMode: mode, dropout: 0, ...extra }
}

function checkAgainstReference(s: ModelSpec, loss: LossKind, truncation: Truncation, seed: number, opts: { stepWeight?: boolean; huberDelta?: number } = {}) {
  const rng = new Rng(seed)
  const model = createModel(s, rng, 'float64')
  const batch = randomBatch(model, T, B, loss, rng)
  if (opts.stepWeight) batch.stepWeight = new Float64Array(T * B).map((_, i) => (i < B ? 0 : 0.5 + rng.next()))
  const ropts = { loss, truncation, huberDelta: opts.huberDelta }
  const { loss: L, grads } = lossAndGrad(model, batch, ropts)
  const theta0 = model.params.slice()
  // the truncated objective has the same value as the full loss at theta0
  expect(Math.abs(L - referenceLoss(model, theta0, theta0, batch, { loss, huberDelta: opts.huberDelta }))).toBeLessThan(1e-12)
  const theta = model.params.slice()
  const num = numericGrad(theta, () => referenceLoss(model, theta, theta0, batch, ropts))
  expect(relErr(grads, num)).toBeLessThan(TOL)
}

const cells: CellKind[] = ['elman', 'lstm', 'gru']
const modes: OutputMode[] = ['per-step', 'final']
const losses: LossKind[] = ['mse', 'bce', 'softmax-ce']
const truncs: Truncation[] = [{ kind: 'none' }, { kind: 'sliding', k: 2 }, { kind: 'chunked', k: 2 }]
const depths = [1, 2]

const matrix: [CellKind, OutputMode, LossKind, string, number][] = []
for (const c of cells) for (const m of modes) for (const l of losses) for (let ti = 0; ti < truncs.length; ti++) for (const d of depths) {
  matrix.push([c, m, l, truncs[ti].kind, d])
}

describe('gradient check: cell x output mode x loss x truncation x depth', () => {
  it.each(matrix)('%s %s %s trunc=%s layers=%i', (c, m, l, tk, d) => {
    const tr = truncs.find((x) => x.kind === tk)!
    checkAgainstReference(spec(c, m, l, d), l, tr, 1000 + matrix.findIndex((r) => r[0] === c && r[1] === m && r[2] === l && r[3] === tk && r[4] === d))
  })
})

describe('gradient check: other pieces', () => {
  it.each(cells)('%s, 3 layers, sliding k=3, mse', (c) => checkAgainstReference(spec(c, 'per-step', 'mse', 3), 'mse', { kind: 'sliding', k: 3 }, 7))
  it.each(['tanh', 'relu', 'sigmoid'] as const)('elman hidden activation %s', (a) => {
    checkAgainstReference(spec('elman', 'per-step', 'mse', 2, { hiddenActivation: a }), 'mse', { kind: 'none' }, 11)
  })
  it.each(cells)('%s huber (delta 0.5, so both branches are hit)', (c) => {
    checkAgainstReference(spec(c, 'per-step', 'huber', 1), 'huber', { kind: 'none' }, 12, { huberDelta: 0.5 })
  })
  it.each(['sigmoid', 'softmax'] as const)('mse through a %s output (Jacobian path)', (a) => {
    checkAgainstReference(spec('gru', 'per-step', 'mse', 1, { outputActivation: a }), 'mse', { kind: 'none' }, 13)
  })
  it.each(truncs.map((t) => t.kind))('stepWeight (T, B) masking the first step, trunc=%s', (tk) => {
    checkAgainstReference(spec('lstm', 'per-step', 'mse', 2), 'mse', truncs.find((x) => x.kind === tk)!, 14, { stepWeight: true })
  })

  it.each(cells)('%s with dropout between 3 layers (fixed rng => fixed masks)', (c) => {
    const model = createModel(spec(c, 'per-step', 'mse', 3, { dropout: 0.4 }), new Rng(3), 'float64')
    const batch = randomBatch(model, T, B, 'mse', new Rng(4))
    const { grads } = lossAndGrad(model, batch, { loss: 'mse', training: true, rng: new Rng(99) })
    const num = numericGrad(model.params, () => computeLoss(model, batch, { loss: 'mse', training: true, rng: new Rng(99) }))
    expect(relErr(grads, num)).toBeLessThan(TOL)
    // and the masks really did something: without dropout the gradient differs
    expect(relErr(grads, lossAndGrad(model, batch, { loss: 'mse' }).grads)).toBeGreaterThan(1e-3)
  })

  it.each([...cells.map((c) => [c, 'none'] as const), ['lstm', 'sliding'] as const, ['gru', 'chunked'] as const])(
    'inputGrad %s trunc=%s', (c, tk) => {
      const tr: Truncation = tk === 'none' ? { kind: 'none' } : { kind: tk, k: 2 }
      const model = createModel(spec(c, 'per-step', 'mse', 2), new Rng(5), 'float64')
      const batch = randomBatch(model, T, B, 'mse', new Rng(6))
      const { inputGrad } = lossAndGrad(model, batch, { loss: 'mse', truncation: tr, inputGrad: true })
      const theta0 = model.params.slice()
      const x = batch.x.slice()
      const num = numericGrad(x, () => referenceLoss(model, theta0, theta0, batch, { loss: 'mse', truncation: tr, x }))
      expect(inputGrad!.length).toBe(T * B * D)
      expect(relErr(inputGrad!, num)).toBeLessThan(TOL)
    })

  it.each(cells)('%s gradFlow = ||dL/dh_t|| of the top layer, by perturbing h_t', (c) => {
    const model = createModel(spec(c, 'per-step', 'mse', 2), new Rng(8), 'float64')
    const batch = randomBatch(model, T, B, 'mse', new Rng(9))
    const { gradFlow } = lossAndGrad(model, batch, { loss: 'mse', gradFlow: true })
    const p = model.params
    const eps = 1e-6
    for (let t = 0; t < T; t++) {
      let s2 = 0
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
        const up = referenceLoss(model, p, p, batch, { loss: 'mse', perturbH: { t, b, j, eps } })
        const dn = referenceLoss(model, p, p, batch, { loss: 'mse', perturbH: { t, b, j, eps: -eps } })
        s2 += ((up - dn) / (2 * eps)) ** 2
      }
      expect(Math.abs(gradFlow![t] - Math.sqrt(s2)) / Math.sqrt(s2)).toBeLessThan(1e-6)
    }
  })
})

// outputInputGrad: the outputs as predict gives them and ∂ŷ_o/∂x of the last step's output o, by
// finite differences of predict (float64), for every cell, head, output activation and two layers.
import { describe, expect, it } from 'vitest'
import { outputInputGrad, predict } from './bptt'
import { createModel } from './model'
import { Rng } from './rng'
import { numericGrad, relErr } from './testing/helpers'
import type { CellKind, ModelSpec, OutputActivation, OutputMode } from './types'

const D = 2, H = 3, O = 3, T = 5, B = 2

function modelOf(cell: CellKind, outputMode: OutputMode, outputActivation: OutputActivation, dtype: 'float32' | 'float64' = 'float64') {
  const spec: ModelSpec = { cell, inputSize: D, hiddenSize: H, numLayers: 2, outputSize: O, hiddenActivation: 'tanh', outputActivation, outputMode, dropout: 0 }
  return createModel(spec, new Rng(21), dtype)
}

describe('outputInputGrad', () => {
  const cases: [CellKind, OutputMode, OutputActivation][] = []
  for (const c of ['elman', 'lstm', 'gru'] as const) for (const m of ['final', 'per-step'] as const) for (const a of ['identity', 'sigmoid', 'softmax'] as const) cases.push([c, m, a])
  it.each(cases)('%s %s %s: ∂ŷ_o/∂x of the last step matches finite differences of predict, and ŷ is predict\'s', (cell, mode, act) => {
    const model = modelOf(cell, mode, act)
    const x = Float64Array.from({ length: T * B * D }, (_, i) => Math.sin(0.7 * i + 0.3)) // (T, B, D)
    const o = 1
    const { y, inputGrad } = outputInputGrad(model, x, T, B, o)
    expect(Array.from(y)).toEqual(Array.from(predict(model, x, T, B)))
    const last = mode === 'per-step' ? (T - 1) * B * O : 0
    // Σ_b ŷ_o of sequence b: each x of sequence b moves only its own output
    const f = () => {
      const p = predict(model, x, T, B)
      let s = 0
      for (let b = 0; b < B; b++) s += p[last + b * O + o]!
      return s
    }
    expect(inputGrad.length).toBe(T * B * D)
    expect(relErr(inputGrad, numericGrad(x, f))).toBeLessThan(1e-6)
  })
  it('float32: the same gradient as float64 within float32 rounding', () => {
    const x = Float64Array.from({ length: T * B * D }, (_, i) => Math.cos(0.9 * i))
    const g64 = outputInputGrad(modelOf('lstm', 'final', 'identity'), x, T, B, 0).inputGrad
    const g32 = outputInputGrad(modelOf('lstm', 'final', 'identity', 'float32'), Float32Array.from(x), T, B, 0).inputGrad
    expect(g32).toBeInstanceOf(Float32Array)
    expect(relErr(g32, g64)).toBeLessThan(1e-5)
  })
  it('an output outside the head is refused, naming it', () => {
    expect(() => outputInputGrad(modelOf('gru', 'final', 'identity'), new Float64Array(T * B * D), T, B, 3)).toThrow(/output.*0\.\.2.*got 3/)
  })
})

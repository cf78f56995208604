import { describe, expect, it } from 'vitest'
import type { FittedPipeline } from '../data/pipeline'
import { onnxScalingFromPipeline } from './scaling'

const base: Omit<FittedPipeline, 'inputs' | 'inputNames' | 'D' | 'scalers' | 'target'> = {
  imputers: {}, splits: { train: { start: 0, end: 10 }, val: { start: 10, end: 12 }, test: { start: 12, end: 14 } }, warnings: []
}

describe('onnxScalingFromPipeline', () => {
  it('maps z-score, min-max, booleans and one-hot slots onto mean/std in input order', () => {
    const fitted: FittedPipeline = {
      ...base,
      inputs: [
        { column: 'load', kind: 'numeric', offset: 0, size: 1 },
        { column: 'weather', kind: 'one-hot', offset: 1, size: 2, levels: ['dry', 'rain'] },
        { column: 'holiday', kind: 'boolean', offset: 3, size: 1 },
        { column: 'temp', kind: 'numeric', offset: 4, size: 1 }
      ],
      inputNames: ['load', 'weather=dry', 'weather=rain', 'holiday', 'temp'], D: 5,
      scalers: { load: { kind: 'zscore', mean: 110, std: 15 }, holiday: { kind: 'none' }, temp: { kind: 'minmax', min: -5, max: 35 } },
      target: { column: 'load', kind: 'regression', scaler: { kind: 'zscore', mean: 110, std: 15 } }
    }
    expect(onnxScalingFromPipeline(fitted)).toEqual({ inputMean: [110, 0, 0, 0, -5], inputStd: [15, 1, 1, 1, 40], targetMean: [110], targetStd: [15] })
  })

  it('leaves a classification target unscaled', () => {
    const fitted: FittedPipeline = {
      ...base, inputs: [{ column: 'p', kind: 'numeric', offset: 0, size: 1 }], inputNames: ['p'], D: 1,
      scalers: { p: { kind: 'minmax', min: 0, max: 20 } }, target: { column: 'rain', kind: 'classification', classes: ['no', 'yes'], rule: null }
    }
    expect(onnxScalingFromPipeline(fitted)).toEqual({ inputMean: [0], inputStd: [20], targetMean: [0], targetStd: [1] })
  })
})

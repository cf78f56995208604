// The data pipeline's fitted scalers (core/data) as the plain per-column affine scaling that the
// ONNX graph applies: scaled = (x - mean) / std.
import type { FittedPipeline, Scaler } from '../data/pipeline'
import type { OnnxScaling } from './onnx/format'

function affine(s: Scaler): [number, number] {
  // min-max to [0, 1] is (x - min) / (max - min)
  return s.kind === 'zscore' ? [s.mean, s.std] : s.kind === 'minmax' ? [s.min, s.max - s.min] : [0, 1]
}

/**
 * Per-input mean/std in the order of `fitted.inputNames`; one-hot slots pass through (0, 1), so
 * callers feed those columns already encoded (0/1 per level); pass the result with
 * `featureNames: fitted.inputNames` to exportOnnx.
 */
export function onnxScalingFromPipeline(fitted: FittedPipeline): OnnxScaling {
  const inputMean = new Array<number>(fitted.D).fill(0) // (D)
  const inputStd = new Array<number>(fitted.D).fill(1) // (D)
  for (const b of fitted.inputs) {
    if (b.kind === 'one-hot') continue
    const s = fitted.scalers[b.column]
    if (s === undefined) continue
    ;[inputMean[b.offset], inputStd[b.offset]] = affine(s)
  }
  const t = fitted.target
  const [targetMean, targetStd] = t.kind === 'regression' ? affine(t.scaler) : [0, 1]
  return { inputMean, inputStd, targetMean: [targetMean], targetStd: [targetStd] }
}

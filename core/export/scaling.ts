// The data pipeline's fitted scalers (core/data) as the plain per-column affine scaling that the
// ONNX graph applies: scaled = (x - mean) / std.
import type { FittedPipeline, Scaler } from '../data/pipeline'
import { ExportError } from './errors'
import type { OnnxLevel, OnnxScaling } from './onnx/format'

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

/**
 * The pipeline's level-relative windows and log transform (fitted.target.relative / .transform,
 * the relative input blocks) as the graph's level steps, in the order of `fitted.inputNames`;
 * null when the run uses neither (a format-1 file, as before). The log applies to the target's own
 * input column (the pipeline logs no other input); the anchor is that column's scaled last value.
 */
export function onnxLevelFromPipeline(fitted: FittedPipeline): OnnxLevel | null {
  const t = fitted.target
  if (t.kind !== 'regression' || (!t.relative && t.transform !== 'log')) return null
  const block = fitted.inputs.find((b) => b.column === t.column && b.kind !== 'one-hot')
  if (t.relative && !block?.relative) {
    // training takes the target relative to its last value; without it among the window's inputs
    // the graph cannot know that value
    throw new ExportError('fitted.target', `is level-relative, but "${t.column}" is not a relative input of the model, so the graph cannot add the window's last value back`)
  }
  return {
    logInputs: t.transform === 'log' && block ? [block.offset] : [],
    relativeInputs: fitted.inputs.filter((b) => b.relative).map((b) => b.offset),
    targetInput: t.relative && block ? block.offset : null,
    targetLog: t.transform === 'log'
  }
}

/** The led inputs of a fitted pipeline (InputBlock.lead), per feature name (each slot of a one-hot
 *  block): the ONNX metadata `lead_inputs`. null when no block is led (files from before leads,
 *  models without inputs known in the future). */
export function onnxLeadsFromPipeline(fitted: FittedPipeline): Record<string, number> | null {
  const out: Record<string, number> = {}
  for (const b of fitted.inputs)
    if ((b.lead ?? 0) > 0) for (let k = 0; k < b.size; k++) out[fitted.inputNames[b.offset + k]!] = b.lead!
  return Object.keys(out).length ? out : null
}

// "Forecast N steps past the end": the run's model file applied recursively to the target's own
// history, each one-step prediction fed back as the next input. Only for runs whose only input is
// the target (extra features would need their unknown future values) and whose horizon is 1.
import { parseModel, predict } from '../../core/engine'
import { applyScaler, invertScaler } from '../../core/data/pipeline'
import type { FittedPipeline } from '../../core/data/pipeline'
import { ContractError } from '../contract'
import type { ForecastPoint } from '../contract'

interface ModelPipeline {
  fitted: FittedPipeline
  intervalHalfWidth: number | null
}

export function forecastAhead(modelFile: unknown, history: Float64Array, times: Float64Array | null, lookBack: number, horizon: number, steps: number): ForecastPoint[] {
  const { model, pipeline } = parseModel(modelFile)
  const p = pipeline as ModelPipeline | undefined
  const fitted = p?.fitted
  if (!fitted || fitted.target.kind !== 'regression') throw new ContractError('not-available', 'forecasting past the end is available for regression runs only')
  const target = fitted.target
  if (fitted.D !== 1 || fitted.inputs[0]?.column !== target.column) {
    throw new ContractError('not-available', `forecasting past the end needs future values of the extra features (${fitted.inputNames.join(', ')}); train on the target alone to use it`)
  }
  if (horizon !== 1) throw new ContractError('not-available', 'forecasting past the end feeds one-step predictions back, so it needs a run with horizon 1')
  const inScale = fitted.scalers[target.column] ?? target.scaler
  // The last lookBack values, missing ones carried forward.
  const window: number[] = []
  let last = NaN
  for (const v of history) {
    if (!Number.isNaN(v)) last = v
    window.push(last)
  }
  const hist = window.slice(-lookBack).map((v) => applyScaler(inScale, Number.isNaN(v) ? 0 : v))
  if (hist.length < lookBack) throw new ContractError('invalid-payload', `the dataset has ${hist.length} rows, fewer than the look-back ${lookBack}`)
  const x = model.dtype === 'float32' ? new Float32Array(lookBack) : new Float64Array(lookBack) // (T=L, B=1, D=1)
  const step = typicalStep(times)
  const lastTs = times ? times[times.length - 1]! : history.length - 1
  const out: ForecastPoint[] = []
  for (let k = 1; k <= steps; k++) {
    x.set(hist.slice(-lookBack))
    const y = predict(model, x, lookBack, 1)
    const scaled = y[y.length - 1]! // per-step mode: the last step's output; final mode: the only one
    const value = invertScaler(target.scaler, scaled)
    // One-step conformal half-width, widened by √k as for independent one-step errors: a rough band.
    const hw = p?.intervalHalfWidth != null ? p.intervalHalfWidth * Math.sqrt(k) : null
    out.push({ ts: lastTs + k * step, step: k, value, lower: hw === null ? null : value - hw, upper: hw === null ? null : value + hw, actual: null })
    hist.push(applyScaler(inScale, value))
  }
  return out
}

function typicalStep(times: Float64Array | null): number {
  if (!times || times.length < 2) return 1
  const d: number[] = []
  for (let i = Math.max(1, times.length - 200); i < times.length; i++) if (Number.isFinite(times[i]! - times[i - 1]!)) d.push(times[i]! - times[i - 1]!)
  d.sort((a, b) => a - b)
  return d[d.length >> 1] ?? 1
}

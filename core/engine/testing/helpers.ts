// Small test helpers: random batches, central finite differences, relative error.
import type { Batch } from '../batch'
import type { Model } from '../model'
import type { Rng } from '../rng'
import type { FloatArray, LossKind } from '../types'

/** ||a - n|| / max(1e-8, ||a|| + ||n||) over the whole vector. */
export function relErr(a: ArrayLike<number>, n: ArrayLike<number>): number {
  let d = 0, sa = 0, sn = 0
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - n[i]) ** 2
    sa += a[i] ** 2
    sn += n[i] ** 2
  }
  return Math.sqrt(d) / Math.max(1e-8, Math.sqrt(sa) + Math.sqrt(sn))
}

/** Central differences of f around x (x is restored afterwards). */
export function numericGrad(x: FloatArray, f: () => number, eps = 1e-6): Float64Array {
  const g = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const old = x[i]
    x[i] = old + eps
    const fp = f()
    x[i] = old - eps
    const fm = f()
    x[i] = old
    g[i] = (fp - fm) / (2 * eps)
  }
  return g
}

/** A random batch matching the model: x ~ N(0,1); targets fitting the loss. */
export function randomBatch(model: Model, T: number, B: number, loss: LossKind, rng: Rng): Batch {
  const { inputSize: D, outputSize: O, outputMode } = model.spec
  const F = model.dtype === 'float64' ? Float64Array : Float32Array
  const x = new F(T * B * D).map(() => rng.normal())
  const rows = outputMode === 'per-step' ? T * B : B
  let target: FloatArray | Int32Array
  if (loss === 'softmax-ce') target = new Int32Array(rows).map(() => rng.int(O))
  else if (loss === 'bce') target = new F(rows * O).map(() => rng.next())
  else target = new F(rows * O).map(() => rng.normal())
  return { x, T, B, target }
}

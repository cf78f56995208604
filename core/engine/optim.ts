// Optimisers and schedules with exactly torch.optim's update rules, so a run can be compared
// number for number with PyTorch. State is Float64 and serialisable for resume.
import { ConfigError } from './errors'
import type { FloatArray } from './types'

function checkNumber(v: unknown, field: string, ok: (x: number) => boolean, rule: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new ConfigError(field, `must be ${rule} (got ${JSON.stringify(v)})`)
}

export interface AdamOptions { lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number }

/**
 * torch.optim.Adam (amsgrad=False):
 *   g = grad + wd·p;  m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²
 *   p -= lr · m̂ / (sqrt(v̂) + eps),  m̂ = m / (1-β1^t),  v̂ = v / (1-β2^t)
 */
export class Adam {
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
  readonly weightDecay: number
  private t = 0
  private m: Float64Array
  private v: Float64Array

  constructor(size: number, opts: AdamOptions) {
    checkNumber(opts.lr, 'lr', (x) => x >= 0, 'a finite number >= 0')
    checkNumber(opts.beta1 ?? 0.9, 'beta1', (x) => x >= 0 && x < 1, 'in [0, 1)')
    checkNumber(opts.beta2 ?? 0.999, 'beta2', (x) => x >= 0 && x < 1, 'in [0, 1)')
    checkNumber(opts.eps ?? 1e-8, 'eps', (x) => x >= 0, '>= 0')
    checkNumber(opts.weightDecay ?? 0, 'weightDecay', (x) => x >= 0, '>= 0')
    this.lr = opts.lr
    this.beta1 = opts.beta1 ?? 0.9
    this.beta2 = opts.beta2 ?? 0.999
    this.eps = opts.eps ?? 1e-8
    this.weightDecay = opts.weightDecay ?? 0
    this.m = new Float64Array(size)
    this.v = new Float64Array(size)
  }

  step(params: FloatArray, grads: FloatArray, lr: number = this.lr): void {
    this.t++
    const { beta1: b1, beta2: b2, eps, weightDecay: wd, m, v } = this
    const bc1 = 1 - Math.pow(b1, this.t)
    const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, this.t))
    const stepSize = lr / bc1
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] + wd * params[i]
      m[i] = b1 * m[i] + (1 - b1) * g
      v[i] = b2 * v[i] + (1 - b2) * g * g
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps)
    }
  }

  getState(): { step: number; m: Float64Array; v: Float64Array } {
    return { step: this.t, m: this.m.slice(), v: this.v.slice() }
  }

  setState(s: { step: number; m: ArrayLike<number>; v: ArrayLike<number> }): void {
    if (s.m.length !== this.m.length || s.v.length !== this.v.length) throw new ConfigError('optimizerState', `size must be ${this.m.length}`)
    this.t = s.step
    this.m = Float64Array.from(s.m)
    this.v = Float64Array.from(s.v)
  }
}

export interface SGDOptions { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }

/**
 * torch.optim.SGD:  g = grad + wd·p;  buf = g on the first step, else μ buf + (1-dampening) g;
 *   g = nesterov ? g + μ buf : buf  (when μ != 0);  p -= lr · g
 */
export class SGD {
  readonly lr: number
  readonly momentum: number
  readonly dampening: number
  readonly nesterov: boolean
  readonly weightDecay: number
  private t = 0
  private buf: Float64Array

  constructor(size: number, opts: SGDOptions) {
    checkNumber(opts.lr, 'lr', (x) => x >= 0, 'a finite number >= 0')
    checkNumber(opts.momentum ?? 0, 'momentum', (x) => x >= 0, '>= 0')
    checkNumber(opts.dampening ?? 0, 'dampening', (x) => x >= 0 && x <= 1, 'in [0, 1]')
    checkNumber(opts.weightDecay ?? 0, 'weightDecay', (x) => x >= 0, '>= 0')
    if (opts.nesterov && ((opts.momentum ?? 0) <= 0 || (opts.dampening ?? 0) !== 0)) {
      throw new ConfigError('nesterov', 'requires momentum > 0 and dampening 0')
    }
    this.lr = opts.lr
    this.momentum = opts.momentum ?? 0
    this.dampening = opts.dampening ?? 0
    this.nesterov = opts.nesterov ?? false
    this.weightDecay = opts.weightDecay ?? 0
    this.buf = new Float64Array(size)
  }

  step(params: FloatArray, grads: FloatArray, lr: number = this.lr): void {
    const { momentum: mu, dampening, nesterov, weightDecay: wd, buf } = this
    const first = this.t === 0
    this.t++
    for (let i = 0; i < params.length; i++) {
      let g = grads[i] + wd * params[i]
      if (mu !== 0) {
        buf[i] = first ? g : mu * buf[i] + (1 - dampening) * g
        g = nesterov ? g + mu * buf[i] : buf[i]
      }
      params[i] -= lr * g
    }
  }

  getState(): { step: number; m: Float64Array } {
    return { step: this.t, m: this.buf.slice() }
  }

  setState(s: { step: number; m: ArrayLike<number> }): void {
    if (s.m.length !== this.buf.length) throw new ConfigError('optimizerState', `size must be ${this.buf.length}`)
    this.t = s.step
    this.buf = Float64Array.from(s.m)
  }
}

/** Global L2 norm over all grads BEFORE clipping; scales in place by maxNorm / (norm + 1e-6) if that is < 1 (torch). */
export function clipGradNorm(grads: FloatArray, maxNorm: number): number {
  let s = 0
  for (let i = 0; i < grads.length; i++) s += grads[i] * grads[i]
  const norm = Math.sqrt(s)
  const coef = maxNorm / (norm + 1e-6)
  if (coef < 1) for (let i = 0; i < grads.length; i++) grads[i] *= coef
  return norm
}

export type LrSchedule = { kind: 'constant' } | { kind: 'step'; stepSize: number; gamma: number } | { kind: 'cosine'; tMax: number; etaMin?: number }

/** Closed forms of torch StepLR and CosineAnnealingLR at a 0-based epoch. */
export function lrAt(baseLr: number, schedule: LrSchedule, epoch: number): number {
  if (schedule.kind === 'constant') return baseLr
  if (schedule.kind === 'step') {
    checkNumber(schedule.stepSize, 'schedule.stepSize', (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1')
    checkNumber(schedule.gamma, 'schedule.gamma', (x) => x > 0, '> 0')
    return baseLr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.stepSize))
  }
  if (schedule.kind === 'cosine') {
    checkNumber(schedule.tMax, 'schedule.tMax', (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1')
    const etaMin = schedule.etaMin ?? 0
    return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / schedule.tMax))) / 2
  }
  throw new ConfigError('schedule.kind', `must be 'constant', 'step' or 'cosine' (got ${JSON.stringify((schedule as { kind: unknown }).kind)})`)
}

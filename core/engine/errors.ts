// Typed errors. Every message names what was wrong and where, so the UI can show it verbatim.

export class EngineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** A bad setting. `field` is the dotted path of the offending value, e.g. 'hiddenSize' or 'weights[2].shape'. */
export class ConfigError extends EngineError {
  readonly field: string
  constructor(field: string, problem: string) {
    super(`${field} ${problem}`)
    this.field = field
  }
}

/** A non-finite (or out-of-range) number in the data, with its (t, b, d) position. */
export class InputError extends EngineError {
  readonly position: { t: number; b: number; d: number }
  readonly tensor: 'x' | 'target'
  constructor(tensor: 'x' | 'target', position: { t: number; b: number; d: number }, problem: string) {
    super(`${tensor}[t=${position.t}, b=${position.b}, d=${position.d}] ${problem}`)
    this.tensor = tensor
    this.position = position
  }
}

/** The loss or gradient became NaN/Inf; the step was not applied. */
export class DivergedError extends EngineError {
  readonly epoch: number
  readonly step: number
  constructor(epoch: number, step: number) {
    super(`diverged at epoch ${epoch}, step ${step}: the loss or a gradient became NaN or infinite; train again with a lower learning rate (training.lr) or a tighter gradient clip (training.clipNorm)`)
    this.epoch = epoch
    this.step = step
  }
}

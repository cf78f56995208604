import { it } from 'vitest'
import { lossAndGrad } from './bptt'
import { createModel } from './model'
import { Adam } from './optim'
import { Rng } from './rng'
import { getWorkspace, forwardLayers } from './network'
import { lstmBackward } from './cells/lstm'
import { gemm } from './kernels'
it('prof', () => {
  const rng = new Rng(1)
  const model = createModel({ cell: 'lstm', inputSize: 8, hiddenSize: 128, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0 }, rng, 'float32')
  const T = 64, B = 64
  const x = new Float32Array(T * B * 8).map(() => rng.normal())
  const target = new Float32Array(B).map(() => rng.normal())
  const batch = { x, T, B, target }
  const opt = new Adam(model.params.length, { lr: 1e-3 })
  const g = new Float32Array(model.params.length)
  for (let i = 0; i < 20; i++) { lossAndGrad(model, batch, { loss: 'mse' }, g); opt.step(model.params, g) }
  const ws = getWorkspace(model, T, B)
  const c = ws.layers[0]
  const time = (name: string, f: () => void, n = 30) => { let best = 1e9; for (let i = 0; i < n; i++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t) } console.log(name, best.toFixed(2), 'ms (min)') }
  for (let r = 0; r < 1; r++) {
    time('full step', () => { lossAndGrad(model, batch, { loss: 'mse' }, g); opt.step(model.params, g) })
    time('forward', () => forwardLayers(model, ws, x, false, undefined))
    time('lstm sweep bwd', () => lstmBackward(c, model.params, ws.offsets[0], ws.dhIn[0], 0, T - 1, 0, c.dGi, null))
    time('dW_hh gemm', () => gemm(true, false, 512, 128, T * B, c.dGh, 0, 512, c.hs, 0, 128, 1, g, ws.offsets[0].whh, 128))
    time('dW_ih gemm', () => gemm(true, false, 512, 8, T * B, c.dGi, 0, 512, x, 0, 8, 1, g, ws.offsets[0].wih, 8))
    time('x proj', () => gemm(false, true, T * B, 512, 8, x, 0, 8, model.params, ws.offsets[0].wih, 8, 0, c.gates, 0, 512))
    time('adam', () => opt.step(model.params, g))
    const f = c.fused!
    const a = f.arena


    time('64 bwd gemms only', () => { for (let t = 0; t < T; t++) a.ex.gemm_bp(B, 128, 512, a.addr(c.dGi as Float32Array) + t * B * 512 * 4, 2048, a.addr(f.w), a.addr(c.dhNext as Float32Array), 512, 0) })
  }
})

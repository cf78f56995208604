import { describe, expect, it } from 'vitest'
import { Rng, createModel, type Batch } from '../engine'
import type { ModelSpec } from '../engine/types'
import { DEFAULT_TRAINING } from './config'
import { fit, meanLoss, type WindowSource } from './fit'
import { recorder } from './testing'
import type { Checkpoint, TrainingConfig } from './types'

// A split of identical one-step windows: input 1, target `y` (final output, regression).
function constant(count: number, y: number): WindowSource {
  return {
    count,
    batch: (idx): Batch => ({ x: new Float32Array(idx.length).fill(1), T: 1, B: idx.length, target: new Float32Array(idx.length).fill(y) })
  }
}

const spec: ModelSpec = {
  cell: 'elman', inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 1,
  hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0
}

describe('fit returns the best weights, not the last', () => {
  // Training pulls the output from about 0 towards 2; validation wants 1. The output passes 1 on
  // its way, so validation loss falls, reaches its minimum at some epoch, then rises for the rest.
  const training: TrainingConfig = { ...DEFAULT_TRAINING, optimizer: 'sgd', lr: 0.05, momentum: 0, epochs: 30, batchSize: 8, clipNorm: 0, earlyStopping: null, seed: 7, threads: 1 }
  const run = async () => {
    const rec = recorder()
    const out = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, rec.hooks)
    const val = rec.events.flatMap((e) => (e.type === 'epoch' ? [e.valLoss!] : []))
    const cps = rec.events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : [])) as Checkpoint[]
    return { out, val, cps }
  }

  it('has validation loss fall, then rise after the best epoch (the premise of the test)', async () => {
    const { out, val } = await run()
    expect(val).toHaveLength(30)
    const argmin = val.indexOf(Math.min(...val)) + 1
    expect(argmin).toBeGreaterThan(1)
    expect(argmin).toBeLessThan(30)
    expect(val[29]!).toBeGreaterThan(2 * val[argmin - 1]!)
    expect(out.bestEpoch).toBe(argmin)
    expect(out.epochsRun).toBe(30)
  })

  it('returns exactly the best checkpoint\'s weights, whose validation loss is the minimum', async () => {
    const { out, val, cps } = await run()
    const best = cps.filter((c) => c.kind === 'best').at(-1)!
    const last = cps.filter((c) => c.kind === 'last').at(-1)!
    expect(best.epoch).toBe(out.bestEpoch)
    expect(last.epoch).toBe(30)
    expect(Array.from(out.model.params)).toEqual(Array.from(best.weights))
    expect(Array.from(out.model.params)).not.toEqual(Array.from(last.weights))
    const v = meanLoss(out.model, constant(8, 1), { spec, loss: 'mse', training }, 8)
    expect(v).toBeCloseTo(Math.min(...val), 6)
  })

  it('without validation returns the last weights', async () => {
    const rec = recorder()
    const out = await fit(constant(8, 2), null, { spec, loss: 'mse', training: { ...training, epochs: 5 } }, rec.hooks)
    const last = rec.events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : [])).at(-1)!
    expect(last.epoch).toBe(5)
    expect(Array.from(out.model.params)).toEqual(Array.from(last.weights))
    // and training did move them
    expect(Array.from(out.model.params)).not.toEqual(Array.from(createModel(spec, new Rng(training.seed), 'float32').params))
  })
})

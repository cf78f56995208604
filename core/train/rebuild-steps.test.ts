// A stored run's rebuild counts its steps (rebuildModelFile's `tell`: preparing the data, then
// evaluate's EVALUATE_STEPS), which an export shows as its progress: the count told must reach its
// total exactly, one step at a time, for a regression and a classification, and telling it must
// not change what is rebuilt.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { createModel, Rng } from '../engine'
import { resolveConfig } from './config'
import { EVALUATE_STEPS } from './evaluate'
import { prepareRun } from './prepare'
import { inParts } from './progress'
import { rebuildModelFile } from './run'

const text = readFileSync(new URL('../../resources/samples/co2-concentration.csv', import.meta.url), 'utf8')

describe('inParts', () => {
  it('makes its parts as the items are done, never more, and the rest at the end', () => {
    const made = (parts: number, n: number, done: number) => {
      let calls = 0
      const p = inParts(parts, n, () => void calls++)
      const seen: number[] = []
      for (let i = 0; i < done; i++) p.next(), seen.push(calls)
      p.end()
      return { seen, calls }
    }
    expect(made(5, 12, 12)).toEqual({ seen: [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5], calls: 5 })
    expect(made(5, 3, 3)).toEqual({ seen: [1, 3, 5], calls: 5 })
    expect(made(5, 12, 6)).toEqual({ seen: [0, 0, 1, 1, 2, 2], calls: 5 }) // fewer items done: made up at the end
    expect(made(5, 0, 0)).toEqual({ seen: [], calls: 5 })
    expect(made(5, 3, 7)).toEqual({ seen: [1, 3, 5, 5, 5, 5, 5], calls: 5 }) // more items than said: no part more
  })
})

describe('the steps of a rebuild', () => {
  for (const task of ['regression', 'classification'] as const) {
    it(`${task}: told 1 to ${1 + EVALUATE_STEPS[task]} of ${1 + EVALUATE_STEPS[task]}, in order, the model file as without`, async () => {
      const ds = await importCsv(text, { fileName: 'co2-concentration.csv' })
      const config = resolveConfig({ data: { target: 'CO2', ...(task === 'classification' ? { rule: 'CO2 > 340' } : {}) }, model: { hiddenSize: 4 }, training: { epochs: 1 } })
      expect(config.data.task).toBe(task)
      const weights = Float32Array.from(createModel(prepareRun(config, ds).spec, new Rng(1)).params)
      const told: [number, number][] = []
      const r = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 }, undefined, (done, total) => told.push([done, total]))
      const total = 1 + EVALUATE_STEPS[task]
      expect(told).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]))
      const plain = rebuildModelFile(config, ds, weights, { appVersion: '0.1.0', bestEpoch: 1 })
      expect(JSON.stringify(r.modelFile)).toBe(JSON.stringify(plain.modelFile))
    }, 60_000)
  }
})

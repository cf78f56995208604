import { beforeAll, describe, expect, it } from 'vitest'
import { importCsv, type Dataset } from '../data'
import { gauss } from '../data/testing'
import { resolveConfig } from './config'
import { parseTargetRange } from './domain'
import { prepareRun } from './prepare'
import { runTraining } from './run'
import { stalledWords } from './stalled'
import { UNCHANGED_MOSTLY, unchangedSteps, unchangedStepsNotice } from './unchanged-steps'

// A long 5-minute file as the exploratory pass found it: "temp" a slow yearly sine rounded to 0.01
// (the same as the row before on about 98 % of rows), "load" a daily sine with noise.
function fiveMinuteCsv(rows: number): string {
  const noise = gauss(8)
  const t0 = Date.UTC(2020, 0, 1)
  const lines = ['time,load,temp']
  for (let i = 0; i < rows; i++) {
    const load = 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + 2 * noise()
    const temp = 15 + 5 * Math.sin((2 * Math.PI * i) / 288 / 365)
    lines.push(`${new Date(t0 + i * 300_000).toISOString()},${load.toFixed(3)},${temp.toFixed(2)}`)
  }
  return lines.join('\n')
}

describe('a target the same as on the row before on most training rows', () => {
  let ds: Dataset
  beforeAll(async () => {
    ds = await importCsv(fiveMinuteCsv(20_000), { fileName: 'five-minute.csv' })
  })
  const notice = (target: string) => prepareRun(resolveConfig({ data: { target } }), ds).prep.notices.find((n) => n.code === 'unchanged-steps')

  it('is said, with its share, its rounding step and the look-back, and kept with the prepared run', () => {
    const run = prepareRun(resolveConfig({ data: { target: 'temp' } }), ds)
    expect(run.unchanged?.share).toBeGreaterThan(0.95)
    expect(run.unchanged?.smallest).toBeCloseTo(0.01, 6)
    const n = notice('temp')
    expect(n?.message).toMatch(/^target "temp" is the same as on the row before on 9\d % of its training rows \(its moves are steps of 0\.01 or more\): .* a \d+-row look-back .* falls back to a statistical model where the network does no better; .*coarser time step \(--resample STEP\)/)
    expect(n?.app).toContain('one row per step, made before the file is imported')
    expect(n?.app).not.toContain('--config')
  })

  it("says that MASE's scale rests on the few moves, and how many times larger every MASE is for it", () => {
    // 95 % of the steps still: the mean one-step change is a twentieth of the moving steps' mean
    const u = unchangedSteps(Array.from({ length: 201 }, (_, i) => Math.floor(i / 20) * 0.5), { start: 0, end: 201 })!
    expect(u.share).toBeCloseTo(0.95, 10)
    const n = unchangedStepsNotice(u, 'y', 12, true)
    expect(n.message).toContain("; MASE divides by the training rows' mean one-step change, 95 % of which are 0, so every MASE of this run is about 20 times what it would be over the steps that move")
    // a half-still target: twice
    expect(unchangedStepsNotice({ share: 0.5, smallest: 1 }, 'y', 12, true).message).toContain('is about 2 times what it would be')
  })

  it('says the fallback only where the forecaster is chosen on validation', () => {
    const n = prepareRun(resolveConfig({ data: { target: 'temp' }, model: { forecaster: 'network' } }), ds).prep.notices.find((x) => x.code === 'unchanged-steps')
    expect(n?.message).toMatch(/whatever the learning rate; rows at a coarser time step .* move at more of their steps; MASE divides/)
  })

  it('is not said of a target that moves at every step', () => {
    expect(notice('load')).toBeUndefined()
    expect(prepareRun(resolveConfig({ data: { target: 'load' } }), ds).unchanged).toBeUndefined()
  })

  it('counts steps between known values only, and leaves out a constant series and a half-still one', () => {
    const train = { start: 0, end: 7 }
    expect(unchangedSteps([1, 1, NaN, 1, 1, 1.5, 1.5], train)).toEqual({ share: 0.75, smallest: 0.5 })
    expect(unchangedSteps([2, 2, 2, 2], { start: 0, end: 4 })).toBeNull() // constant: its own warning
    expect(unchangedSteps([1, 2, 2, 3, 3], { start: 0, end: 5 })).toEqual({ share: UNCHANGED_MOSTLY, smallest: 1 })
    expect(unchangedSteps([1, 2, 2, 3, 4], { start: 0, end: 5 })).toBeNull()
  })
})

describe('a run on such a target', () => {
  it('keeps the fact with its range and its notice, and a flat loss is laid to it, not to the learning rate', async () => {
    const ds = await importCsv(fiveMinuteCsv(6_000), { fileName: 'five-minute.csv' })
    const config = resolveConfig({ data: { target: 'temp' }, training: { epochs: 1 } })
    const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
    const r = (await runTraining({ config, dataset: ds, appVersion: '0.1.0' }, hooks))!
    const range = parseTargetRange(JSON.stringify(r.range)) // as the run store keeps it
    expect(range?.unchanged?.share).toBeGreaterThan(0.9)
    expect(r.notices?.some((n) => n.message.startsWith('target "temp" is the same as on the row before'))).toBe(true)
    // the exploratory run's losses (300,000 rows, default learning rate 0.005)
    const w = stalledWords([27.37, 27.37, 27.37, 27.37, 27.37], 0.005, range!)
    expect(w?.message).toMatch(/^training loss barely moved: .*; the target is the same as on the row before on 9\d % of its training rows, so the loss is almost all its few moves, which a learning rate does not make foreseeable/)
    expect(w?.message).not.toContain('may be too small')
    expect(w?.app).not.toContain('--config')
  }, 60_000)
})

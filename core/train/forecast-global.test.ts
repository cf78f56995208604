// A global model file applied per series (forecast-global.ts): one block per series, each from its
// own stored pipeline, and a one-hot series id carried past the end of the data (paths.ts), so the
// recursion's second step reads the same id as the last real row.
import { describe, expect, it } from 'vitest'
import { applyFitted, importCsv, selectRows, targetToScaled, type Applied, type Dataset } from '../data'
import { seriesRows } from '../data/global'
import { resolveConfig } from './config'
import { predictWindows, type LoadedModel } from './forecast'
import { firstThree, forecastGlobal, globalAheadReach, loadGlobalModelFile } from './forecast-global'
import { runGlobalTraining } from './global'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const rows = ['shop,date,units']
for (const [k, s] of ['x', 'y'].entries()) for (let i = 0; i < 60; i++) rows.push(`${s},${day(i)},${(20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(2)}`)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }

async function trained(oneHot: boolean) {
  const ds = await importCsv(rows.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
  const config = resolveConfig({
    data: { target: 'units', features: [], lookBack: 5, horizon: 1, series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot } } },
    training: { epochs: 2, seed: 1 },
    // the network forecasts: these tests follow its recursion (the choice has its own tests)
    model: { forecaster: 'network' }
  })
  const r = await runGlobalTraining({ config, dataset: ds }, hooks)
  return { ds, gm: loadGlobalModelFile(JSON.parse(JSON.stringify(r!.modelFile))) }
}

describe('forecastGlobal', () => {
  it('gives one block per series, in the model\'s order, each continuing its own dates', async () => {
    const { ds, gm } = await trained(false)
    const { blocks, notes } = forecastGlobal(gm, ds, 3)
    expect(notes).toEqual([])
    expect(blocks.map((b) => [b.label, b.points.length])).toEqual([['shop = x', 3], ['shop = y', 3]])
    for (const b of blocks) expect(b.points.map((p) => new Date(p.time!).toISOString().slice(0, 10))).toEqual([day(60), day(61), day(62)])
  })

  it('carries a one-hot series id past the end: step 2 equals the window that ends at step 1 with the id kept', async () => {
    const { ds, gm } = await trained(true)
    const { blocks } = forecastGlobal(gm, ds, 2)
    for (const [j, s] of gm.series.entries()) {
      const m = s.m
      expect(m.fitted.inputs.some((b) => b.static)).toBe(true)
      // the series' own rows, prepared as forecastGlobal does, then one more row: step 1's forecast as
      // the target input and the last row's id
      const a = applied(m, ds, s.key[0]!)
      const first = predictWindows(m, a)
      const D = a.D
      const ext = new Float32Array((a.N + 1) * D)
      ext.set(a.inputs)
      ext.set(a.inputs.subarray((a.N - 1) * D, a.N * D), a.N * D)
      const t = m.fitted.target
      if (t.kind !== 'regression') throw new Error('regression')
      const block = m.fitted.inputs.find((b) => b.column === 'units')!
      ext[a.N * D + block.offset] = targetToScaled(t, blocks[j]!.points[0]!.value)
      expect(first.at(-1)!.value).toBeCloseTo(blocks[j]!.points[0]!.value, 9)
      const second = predictWindows(m, { ...a, N: a.N + 1, inputs: ext, time: null, targetRaw: null })
      expect(blocks[j]!.points[1]!.value).toBeCloseTo(second.at(-1)!.value, 9)
    }
  })
})

describe('forecastGlobal far past the end', () => {
  it('refuses steps whose dates leave year 9999 once for the run, before any forecast; the series that reaches furthest named where they differ', async () => {
    const { ds, gm } = await trained(false)
    // an exploratory pass: the refusal named the first series ("series shop = x: 3000000 steps…"), as if it alone failed
    expect(() => forecastGlobal(gm, ds, 3_000_000)).toThrow(/^3000000 steps past the end reach year 10234, and dates stop at 9999-12-31: at most 2914209 steps, the last on 9999-12-31$/)
    // shop y ends 10 days later than shop x: its dates leave 9999 first
    const later = await importCsv(rows.filter((r) => !r.startsWith('x,') || r < `x,${day(50)}`).join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
    expect(() => forecastGlobal(gm, later, 2_914_215)).toThrow(/^series shop = y reaches furthest of the 2 series: 2914215 steps past the end reach year 10000, and dates stop at 9999-12-31: at most 2914209 steps, the last on 9999-12-31$/)
  })

  it('warns once, grouped, when the steps exceed the series\' rows of history', async () => {
    const { ds, gm } = await trained(false)
    expect(forecastGlobal(gm, ds, 60).far).toBeNull()
    expect(forecastGlobal(gm, ds, 61).far).toMatch(/^61 steps ahead is more than the 60 rows of history of each of the 2 series forecast, and the run was validated \d+ steps? ahead: the later steps are an extrapolation far past anything validated, a trend to read with care rather than a forecast$/)
    const later = await importCsv(rows.filter((r) => !r.startsWith('x,') || r < `x,${day(50)}`).join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
    expect(forecastGlobal(gm, later, 55).far).toMatch(/^55 steps ahead is more than the 50 rows of history of series shop = x \(of the 2 series forecast\), and the run was validated/)
  })
})

/** One series' rows of ds, prepared with its stored pipeline as forecastGlobal does. */
function applied(m: LoadedModel, ds: Dataset, key: string): Applied {
  const r = seriesRows(ds, ['shop']).find((s) => s.key[0] === key)!
  return applyFitted({ ...selectRows(ds, r.rows), notices: [] }, m.config, m.fitted)
}

describe('globalAheadReach', () => {
  // two shops, a price with no future past the end and a region that is one level per shop (static)
  const csv = ['shop,region,date,units,price']
  for (const [k, s] of ['x', 'y'].entries()) for (let i = 0; i < 60; i++) csv.push(`${s},${k ? 'north' : 'south'},${day(i)},${(20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(2)},${(5 + Math.cos(i)).toFixed(2)}`)
  async function model(features: string[], forecaster: 'network' | 'ets') {
    const ds = await importCsv(csv.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
    const config = resolveConfig({
      data: { target: 'units', features, lookBack: 5, horizon: 2, series: { columns: ['shop'], values: null, global: { short: 'skip' } } },
      training: { epochs: 1, seed: 1 },
      model: { forecaster }
    })
    const r = await runGlobalTraining({ config, dataset: ds }, hooks)
    return { ds, gm: loadGlobalModelFile(JSON.parse(JSON.stringify(r!.modelFile))) }
  }

  it('a network reading a feature with no future reaches its horizon, as forecastGlobal does', async () => {
    const { ds, gm } = await model(['price', 'region'], 'network')
    expect(globalAheadReach(gm)).toEqual({ steps: 2, features: ['price'], series: 2, of: 2 })
    expect(forecastGlobal(gm, ds, 2).blocks).toHaveLength(2)
    // none can go further: one error, said once for all of them (not one series named as if it alone failed)
    expect(() => forecastGlobal(gm, ds, 3)).toThrow(/^none of the 2 series can be forecast 3 steps past the end: feature price would need future values; forecasting 3 steps ahead needs their values or a target-only model \(train with --features ""\); this model reaches 2 steps past the end$/)
  })

  it('past the reach, forecasts the series whose forecast leaves the network out, and says once which are left out and why', async () => {
    const net = await model(['price'], 'network')
    const stat = await model(['price'], 'ets')
    // shop x forecast by the network (reads price), shop y by ETS alone (the network takes no part)
    const gm = { ...net.gm, series: [net.gm.series[0]!, stat.gm.series[1]!] }
    expect(globalAheadReach(gm)).toEqual({ steps: 2, features: ['price'], series: 1, of: 2 })
    const f = forecastGlobal(gm, net.ds, 3)
    expect(f.blocks.map((b) => [b.label, b.points.length])).toEqual([['shop = y', 3]])
    expect(f.notForecast.map((w) => w.message)).toEqual(['series shop = x of 2 is not forecast 3 steps past the end: feature price would need future values; forecasting 3 steps ahead needs their values or a target-only model (train with --features ""); this model reaches 2 steps past the end; the other 1 series is forecast'])
    expect(f.notForecast[0]!.app).toMatch(/^series shop = x of 2 is not forecast 3 steps past the end: feature price would need future values to forecast 3 steps ahead, and their future is unknown to the run: .*; the other 1 series is forecast$/)
    // within the reach, every series, nothing left out
    expect(forecastGlobal(gm, net.ds, 2).notForecast).toEqual([])
  })

  it('a static input, or a forecast without the network, reaches as far as asked', async () => {
    const { ds, gm } = await model(['region'], 'network')
    expect(globalAheadReach(gm)).toBeNull()
    expect(forecastGlobal(gm, ds, 9).blocks.map((b) => b.points.length)).toEqual([9, 9])
    const stat = await model(['price'], 'ets')
    expect(globalAheadReach(stat.gm)).toBeNull()
    expect(forecastGlobal(stat.gm, stat.ds, 9).blocks.map((b) => b.points.length)).toEqual([9, 9])
  })
})

describe('forecastGlobal on rows that need preparing', () => {
  it('says per series what preparing its rows did (sorted, repeated times merged, gaps filled), as the ONNX graph\'s path says it', async () => {
    const { gm } = await trained(false)
    // shop x: two rows swapped and a date repeated; shop y: a value missing
    const edited = rows.slice(1).filter((r) => r !== `y,${day(20)},${rows.find((x) => x.startsWith(`y,${day(20)},`))!.split(',')[2]}`)
    const x10 = edited.findIndex((r) => r.startsWith(`x,${day(10)},`))
    ;[edited[x10], edited[x10 + 1]] = [edited[x10 + 1]!, edited[x10]!]
    edited.push(`x,${day(30)},41.00`, `y,${day(20)},`)
    const ds = await importCsv(['shop,date,units', ...edited].join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
    const { notes } = forecastGlobal(gm, ds, 3)
    // before: notes was [] (each series' notices thrown away)
    expect(notes.some((n) => /^series shop = x: .*sort/i.test(n))).toBe(true)
    expect(notes.some((n) => /^series shop = x: .*repeat/i.test(n))).toBe(true)
    expect(notes.some((n) => /^series shop = y: .*fill/i.test(n))).toBe(true)
  })
})

describe('firstThree', () => {
  it('says every note of the first three series and counts the rest in series, not notes', () => {
    // each of a, b, c and d says two notes of a kind (two columns' unseen levels)
    const said = ['a', 'b', 'c', 'd'].flatMap((label) => [{ label, note: 'promo unseen' }, { label, note: 'region unseen' }])
    // before: a's two notes, b's first, and 'and so for 5 more series' (5 notes of 3 series, b among them)
    expect(firstThree(said)).toEqual([...['a', 'b', 'c'].flatMap((l) => [`series ${l}: promo unseen`, `series ${l}: region unseen`]), 'and so for 1 more series'])
    expect(firstThree(said.slice(0, 6))).toEqual(['a', 'b', 'c'].flatMap((l) => [`series ${l}: promo unseen`, `series ${l}: region unseen`]))
    expect(firstThree([])).toEqual([])
  })
})

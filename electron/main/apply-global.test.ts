// The app's Apply model with a global model file (the one Export's Model file saves for a global
// run): every series it knows in the dataset forecast from every window, the same numbers and CSV
// as fw predict --model with that file, each series with its forecaster; files that do not fit (a
// missing column, no series of the model, rows of another step, a damaged pipeline) refused in the
// app's words, never with a core field path.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fw as runFw } from '../../core/cli/test-fixtures/fw'
import { openStore, type Store } from '../../core/store'
import { forecasterWords } from '../../core/export/verdict'
import type { DatasetColumn, ModelPrediction } from '../contract'
import type { Dispatcher } from './handlers'
import { answered, dispatcherOver } from './testing'

// a global run trained and recorded by fw train --global; the app's export of its model file
let runId: number
let model: Uint8Array
let store: Store
let api: Dispatcher
const file = join(__dirname, '..', '..', 'core', 'cli', 'test-fixtures', 'stores-long.csv') // north, south, west kept; east skipped
const dir = mkdtempSync(join(tmpdir(), 'fw-apply-global-'))
const db = join(dir, 'runs.db')

/** `fw …` in process (core/cli/test-fixtures/fw.ts), its stdout; a failure throws with its stderr. */
async function fw(...argv: string[]): Promise<string> {
  const r = await runFw(...argv)
  if (r.code !== 0) throw new Error(`fw ${argv.join(' ')}: exit ${r.code}: ${r.stderr}`)
  return r.stdout
}
const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(api, verb, req)
async function fails(verb: string, req: unknown) {
  const r = await api.dispatch(verb, req)
  if (r.ok) throw new Error(`${verb} should have failed`)
  return r.error
}

// the fixture's rows (store, date, sales), to store edited copies of it as the app stores a file
const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','))
function columns(rs: string[][], opts: { stores?: (s: string) => string; weekly?: boolean; without?: string } = {}): DatasetColumn[] {
  const stores = rs.map((r) => (opts.stores ?? ((s) => s))(r[0]!))
  const levels = [...new Set(stores)]
  const nth = new Map<string, number>()
  const when = rs.map((r) => {
    if (!opts.weekly) return Date.parse(`${r[1]}T00:00:00Z`)
    const k = nth.get(r[0]!) ?? 0
    nth.set(r[0]!, k + 1)
    return Date.UTC(2021, 0, 4) + k * 7 * 864e5
  })
  const all: DatasetColumn[] = [
    { kind: 'categorical', name: 'store', codes: Int32Array.from(stores, (s) => levels.indexOf(s)), levels },
    { kind: 'date', name: 'date', values: Float64Array.from(when), format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'sales', values: Float64Array.from(rs, (r) => Number(r[2])) }
  ]
  return all.filter((c) => c.name !== opts.without)
}
const save = async (name: string, cols: DatasetColumn[]) => (await ok<{ datasetId: number }>('saveDataset', { name, sourceFile: null, columns: cols })).datasetId
const apply = (datasetId: number, bytes = model, fileName = `model-run-${runId}.json`) => ({ datasetId, fileName, bytes })

beforeAll(async () => {
  const out = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--epochs', '3', '--lookback', '7', '--seed', '3', '--db', db, '--out', join(dir, 'run'), '--json')
  runId = (JSON.parse(out) as { runId: number }).runId
  store = openStore(db, { appVersion: 'test' })
  api = dispatcherOver(store, dir)
  model = new TextEncoder().encode((await ok<{ text: string }>('exportModel', { runId })).text)
}, 60_000)
afterAll(() => store?.close())

describe('Apply model with a global model file', () => {
  it('forecasts every window of every series it knows, as fw predict --model does with the same file, each series with its forecaster', async () => {
    const datasetId = store.runs.get(runId).datasetId
    const p = await ok<ModelPrediction>('predictWithModel', apply(datasetId))
    expect(p).toMatchObject({ kind: 'json', target: 'sales', lookBack: 7, horizon: 1, hasTime: true, rows: [], forecaster: forecasterWords(null, 'regression', true) })
    expect(p.global!.columns).toEqual(['store'])
    // east (6 rows) was skipped by the run: the model has north, south and west
    expect(p.global!.series.map((s) => [s.number, s.key, s.label])).toEqual([[1, ['north'], 'store = north'], [2, ['south'], 'store = south'], [3, ['west'], 'store = west']])
    // 80 rows, look-back 7, horizon 1: windows ending at rows 6..79
    for (const s of p.global!.series) expect(s.rows).toHaveLength(74)
    const saved = JSON.parse(new TextDecoder().decode(model)) as { pipeline: { global: { series: { label: string; choice: { chosen: string; label: string } | null }[] } } }
    for (const s of p.global!.series) expect(s.forecaster).toBe(forecasterWords(saved.pipeline.global.series.find((x) => x.label === s.label)!.choice as never, 'regression'))
    // the same CSV, byte for byte, as fw predict writes with the model file fw train wrote
    await fw('predict', '--model', join(dir, 'run', 'model.json'), '--csv', file, '--out', join(dir, 'pred.csv'))
    expect(p.csv).toEqual({ fileName: `predictions-model-run-${runId}.csv`, text: readFileSync(join(dir, 'pred.csv'), 'utf8') })
    expect(p.notes.join(' ')).toContain('1 series of')
    // times without an offset: no series carries a zone (the contract's AheadZone has no null), as the graph's
    for (const s of p.global!.series) expect(s).not.toHaveProperty('zone')
  })

  it("applies the run's ONNX graph to every series it knows, as fw predict --model does with the graph", async () => {
    const onnx = join(dir, 'm.onnx')
    await fw('export', '--run', String(runId), '--onnx', onnx, '--db', db)
    const p = await ok<ModelPrediction>('predictWithModel', apply(store.runs.get(runId).datasetId, new Uint8Array(readFileSync(onnx)), 'm.onnx'))
    expect(p).toMatchObject({ kind: 'onnx', target: 'sales', lookBack: 7, horizon: 1, hasTime: true, rows: [], forecaster: 'the network alone (an ONNX graph holds the network only)' })
    expect(p.global!.series.map((s) => [s.number, s.label, s.rows.length])).toEqual([[1, 'store = north', 74], [2, 'store = south', 74], [3, 'store = west', 74]])
    // the same CSV, byte for byte, as fw predict writes with the graph
    await fw('predict', '--model', onnx, '--csv', file, '--out', join(dir, 'pred-onnx.csv'))
    expect(p.csv).toEqual({ fileName: 'predictions-m.csv', text: readFileSync(join(dir, 'pred-onnx.csv'), 'utf8') })
    expect(p.notes).toContain('ONNX model: no prediction interval (the file carries none).')
    expect(p.notes).toContain(`1 series of ${file} the model was not trained on, not forecast: store = east.`)
    // the series the run forecast by a statistical model are said: the graph is the network alone
    const saved = JSON.parse(new TextDecoder().decode(model)) as { pipeline: { global: { series: { choice: { chosen: string } | null }[] } } }
    const others = saved.pipeline.global.series.filter((s) => s.choice && s.choice.chosen !== 'network').length
    expect(p.notes.some((n) => n.startsWith(`The run forecast ${others} of these series by another forecaster (`))).toBe(others > 0)
  })

  it("says each series' filled gaps after its name with the ONNX graph, in the model file's words", async () => {
    const onnx = join(dir, 'fills.onnx')
    await fw('export', '--run', String(runId), '--onnx', onnx, '--db', db)
    // two gaps in north's sales, one in south's
    const gapped = rows.map((r) => r.slice())
    // the lines blanked: a stored dataset's row i is line i + 2 (the header line 1), as the app's notes count them
    const blank: Record<string, number[]> = { north: [], south: [] }
    for (const [store, at] of [['north', 30], ['north', 31], ['south', 20]] as const) {
      const row = gapped.findIndex((r) => r[0] === store) + at
      gapped[row]![2] = 'NaN'
      blank[store]!.push(row + 2)
    }
    const datasetId = await save('gaps.csv', columns(gapped))
    const fills = (p: ModelPrediction) => p.notes.filter((n) => n.includes('missing inputs filled'))
    const o = await ok<ModelPrediction>('predictWithModel', apply(datasetId, new Uint8Array(readFileSync(onnx)), 'fills.onnx'))
    const j = await ok<ModelPrediction>('predictWithModel', apply(datasetId))
    // before: one sentence for every series, 'ONNX model: missing inputs filled … (sales: 3 cells …)'
    expect(fills(o)).toEqual([
      expect.stringMatching(new RegExp(`^Series store = north: missing inputs filled by the run's rule \\(sales: 2 cells, at lines ${blank['north']![0]} and ${blank['north']![1]}, by `)),
      expect.stringMatching(new RegExp(`^Series store = south: missing inputs filled by the run's rule \\(sales: 1 cell, at line ${blank['south']![0]}, by `))
    ])
    expect(fills(o)).toEqual(fills(j))
    expect(o.notes).not.toContain('No input values were missing.')
  })

  it('says which series the dataset lacks and which the model does not know', async () => {
    const some = rows.filter((r) => r[0] === 'north' || r[0] === 'east').map((r) => (r[0] === 'east' ? ['x9', ...r.slice(1)] : r))
    const p = await ok<ModelPrediction>('predictWithModel', apply(await save('part.csv', columns(some))))
    expect(p.global!.series.map((s) => s.label)).toEqual(['store = north'])
    expect(p.notes).toContain('Series store = south is in the model but not in part.csv: not forecast.')
    expect(p.notes).toContain('1 series of part.csv the model was not trained on, not forecast: store = x9.')
  })

  it('refuses files that do not fit in the app\'s words: a missing column, none of its series, rows of another step', async () => {
    const noSales = await fails('predictWithModel', apply(await save('nosales.csv', columns(rows, { without: 'sales' }))))
    expect(noSales).toMatchObject({ code: 'missing-features', field: 'datasetId', message: 'series store = north: nosales.csv lacks the target column "sales" that the model needs (it reads its history). Open a file with those columns in Data, then apply the model again.' })
    const noId = await fails('predictWithModel', apply(await save('noid.csv', columns(rows.filter((r) => r[0] === 'north'), { without: 'store' }))))
    expect(noId).toMatchObject({ code: 'missing-features', message: 'the series column "store" is not in noid.csv (date, sales). Open a file with those columns in Data, then apply the model again.' })
    const other = await fails('predictWithModel', apply(await save('other.csv', columns(rows, { stores: (s) => `x-${s}` }))))
    expect(other).toMatchObject({ code: 'bad-data', field: 'datasetId', message: "none of the model's 3 series (store) is in other.csv. The model forecasts only the series it was trained on: open a file of those series in Data, then apply the model again." })
    const weekly = await fails('predictWithModel', apply(await save('weekly.csv', columns(rows, { weekly: true }))))
    expect(weekly).toMatchObject({ code: 'bad-data', field: 'datasetId' })
    expect(weekly.message).toBe('series store = north: weekly.csv has rows 7 d apart, but the model was trained on rows 1 d apart: its look-back (7 rows), horizon and season count steps of 1 d, so it would read these rows as if they were 1 d apart; give it a file with rows 1 d apart, or train a run on weekly.csv in Setup.')
    // a file from before the step was kept: applied unchecked, and said
    const before = JSON.parse(new TextDecoder().decode(model)) as { pipeline: { global: { series: { fitted: Record<string, unknown> }[] } } }
    for (const x of before.pipeline.global.series) delete x.fitted['step']
    const p = await ok<ModelPrediction>('predictWithModel', apply(await save('weekly2.csv', columns(rows, { weekly: true })), new TextEncoder().encode(JSON.stringify(before))))
    expect(p.global!.series).toHaveLength(3)
    expect(p.notes).toContain('The model file does not record the step of its training rows (it was saved by an earlier version), so whether weekly2.csv steps alike is not checked: its look-back, horizon and season count rows of the training step; train the run again to have it checked.')
  })

  it('refuses a damaged pipeline, single-series or global, saying what to do without the core\'s field path', async () => {
    const datasetId = store.runs.get(runId).datasetId
    const json = JSON.parse(new TextDecoder().decode(model)) as { pipeline: Record<string, unknown> & { global: { series: Record<string, unknown>[] } } }
    const bytes = (x: unknown) => new TextEncoder().encode(JSON.stringify(x))
    // the report's case: a global file read as a single-series one (no pipeline.config)
    const { global: _g, ...single } = json.pipeline
    const e1 = await fails('predictWithModel', apply(datasetId, bytes({ ...json, pipeline: single }), 'm.json'))
    expect(e1).toMatchObject({ code: 'bad-model', field: 'bytes', message: 'm.json cannot be applied: it is not a model file of this app, or it is damaged (the part that does not read: its data settings). Export the model file again from its run (Model file in Export) and apply that.' })
    const broken = structuredClone(json)
    delete broken.pipeline.global.series[1]!['fitted']
    const e2 = await fails('predictWithModel', apply(datasetId, bytes(broken), 'g.json'))
    expect(e2).toMatchObject({ code: 'bad-model', message: 'g.json cannot be applied: it is not a model file of this app, or it is damaged (the part that does not read: its fitted scalers and inputs for series store = south). Export the model file again from its run (Model file in Export) and apply that.' })
    for (const e of [e1, e2]) expect(e.message).not.toMatch(/pipeline\.|config\./)
  })
})


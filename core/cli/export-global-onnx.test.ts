// fw export --run N --onnx FILE for a stored global run (issue 13, item 4): the per-series pipelines
// are rebuilt from the stored dataset and config and the weights come from the best checkpoint; the
// graph must equal the one made from the model file fw train --global wrote at the end of training
// (same series, same per-series values, same weights), whose parity with the app's forecasts in
// ONNX Runtime core/services/global-onnx.test.ts checks; fw predict applies it as it applies the model
// file (core/cli/predict-global-onnx.test.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { importGlobalOnnx } from '../export'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { loadGlobalModelFile } from '../train/forecast-global'
import { globalModelOnnx } from '../services/global-onnx'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-global-onnx-'))
const file = join(__dirname, 'test-fixtures', 'stores-long.csv') // north, south, west: 80 days each; east: the last 6
const db = join(dir, 'runs.db')

function metaOf(bytes: Uint8Array): Record<string, string> {
  const T = modelProtoType()
  const msg = T.toObject(T.decode(bytes)) as { metadata_props: { key: string; value: string }[] }
  return Object.fromEntries(msg.metadata_props.map((p) => [p.key, p.value]))
}

describe('fw export --run N --onnx of a global run', () => {
  let id = 0
  beforeAll(async () => {
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--epochs', '3', '--lookback', '7', '--seed', '3', '--out', dir, '--db', db, '--json')
    expect(t.code).toBe(0)
    id = (JSON.parse(t.stdout) as { runId: number }).runId
  }, 60_000)

  it('writes one graph for every series, equal to the one from the model file the run wrote', async () => {
    const onnx = join(dir, 'm.onnx')
    const e = await fw('export', '--run', String(id), '--onnx', onnx, '--db', db)
    expect(e.stderr).toBe('')
    expect(e.code).toBe(0)
    expect(e.stdout).toContain(`onnx of run ${id} (one graph for 3 series;`)
    const stored = importGlobalOnnx(new Uint8Array(readFileSync(onnx)), { file: onnx, appVersion: '9.9.9' })
    const gm = loadGlobalModelFile(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')))
    const fromFile = importGlobalOnnx(globalModelOnnx(gm, '0.1.0'), { file: 'file.onnx', appVersion: '9.9.9' })
    expect(stored.series.map((s) => s.label)).toEqual(['store = north', 'store = south', 'store = west']) // east: too short, skipped in training too
    expect(stored.series).toEqual(fromFile.series) // each series' scalers, refitted on its training rows, are the ones training fitted
    expect(Array.from(stored.model.params)).toEqual(Array.from(fromFile.model.params)) // the best checkpoint is the model file's network
    expect([stored.featureNames, stored.target, stored.lookBack, stored.horizon, stored.seriesColumns]).toEqual([['sales'], 'sales', 7, 1, ['store']])
  })

  it('fw predict applies the graph, naming the series the run forecast by another forecaster than the network', async () => {
    const p = await fw('predict', '--model', join(dir, 'm.onnx'), '--csv', file, '--out', join(dir, 'p.csv'))
    expect([p.code, p.stderr]).toEqual([0, ''])
    const table = JSON.parse(metaOf(new Uint8Array(readFileSync(join(dir, 'm.onnx'))))['series_table']!) as { label: string; forecast_by?: string }[]
    const others = table.filter((e) => e.forecast_by)
    expect(others.length).toBeGreaterThan(0) // this run chose statistical models on validation (fw train's default forecaster)
    expect(p.stdout).toContain(`note: the ONNX graph is the network alone; the run forecast ${others.length} of these series otherwise (${others.map((e) => `${e.label} by ${e.forecast_by}`).join('; ')}): only the JSON model file forecasts them as the run does`)
  })

  it('exports the model file of a global run beside its graph: the file fw train --global wrote', async () => {
    const e = await fw('export', '--run', String(id), '--model', join(dir, 'x.json'), '--onnx', join(dir, 'x.onnx'), '--db', db)
    expect(e.stderr).toBe('')
    expect(e.code).toBe(0)
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe(readFileSync(join(dir, 'model.json'), 'utf8'))
  })

  it('fw export --from model.json --onnx writes the same graph from the model file, without the run store', async () => {
    const onnx = join(dir, 'from.onnx')
    const e = await fw('export', '--from', join(dir, 'model.json'), '--onnx', onnx)
    expect(e.stderr).toBe('')
    expect(e.stdout).toContain('(one graph for 3 series) written to')
    const gm = loadGlobalModelFile(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')))
    const bytes = new Uint8Array(readFileSync(onnx))
    expect(Buffer.from(bytes).equals(Buffer.from(globalModelOnnx(gm, gm.series[0]!.m.meta['appVersion'] as string)))).toBe(true)
    const fromRun = importGlobalOnnx(new Uint8Array(readFileSync(join(dir, 'm.onnx'))), { file: 'm.onnx', appVersion: '9.9.9' })
    expect(importGlobalOnnx(bytes, { file: onnx, appVersion: '9.9.9' }).series).toEqual(fromRun.series)
    // what forecast each series in the run: from the store (--run) as from the model file (--from)
    const forecastBy = (b: Uint8Array) => (JSON.parse(metaOf(b)['series_table']!) as { label: string; forecast_by?: string }[]).map((e) => [e.label, e.forecast_by ?? 'network'])
    expect(forecastBy(new Uint8Array(readFileSync(join(dir, 'm.onnx'))))).toEqual(forecastBy(bytes))
  })

  it('fw export --from a single-series model file gives the bytes fw export --run gives for its run', async () => {
    const out = join(dir, 'single')
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--series-value', 'north', '--epochs', '2', '--lookback', '7', '--seed', '3', '--out', out, '--db', db, '--json')
    expect(t.code).toBe(0)
    const single = (JSON.parse(t.stdout) as { runId: number }).runId
    expect((await fw('export', '--run', String(single), '--onnx', join(out, 'run.onnx'), '--db', db)).code).toBe(0)
    const f = await fw('export', '--from', join(out, 'model.json'), '--onnx', join(out, 'file.onnx'))
    expect(f.stderr).toBe('')
    expect(f.stdout).toContain('(sales) written to')
    expect(readFileSync(join(out, 'file.onnx')).equals(readFileSync(join(out, 'run.onnx')))).toBe(true)
  }, 60_000)

  it('fw export --from refuses what it cannot write, and a file that is no model', async () => {
    const model = join(dir, 'model.json')
    const a = await fw('export', '--from', model, '--csv', join(dir, 'x.csv'))
    expect([a.code, a.stderr]).toEqual([2, 'fw export: --from writes --onnx only; --csv needs a stored run (--run RUN)\n'])
    const two = await fw('export', '--from', model, '--csv', join(dir, 'x.csv'), '--report', join(dir, 'x.html'))
    expect([two.code, two.stderr]).toEqual([2, 'fw export: --from writes --onnx only; --csv and --report need a stored run (--run RUN)\n']) // was "--csv, --report"
    const b = await fw('export', '--from', model)
    expect(b.stderr).toContain('fw export: --from MODEL.json: name the ONNX file to write with --onnx FILE')
    const c = await fw('export', '--from', model, '--run', String(id), '--onnx', join(dir, 'x.onnx'))
    expect(c.stderr).toContain('--run and --from both name what to export; give one')
    const d = await fw('export', '--from', file, '--onnx', join(dir, 'x.onnx'))
    // the data file given as the model: said to be a CSV, before it is parsed as JSON
    expect([d.code, d.stderr]).toEqual([2, expect.stringContaining(`--from ${file}: not a model file (it looks like a CSV`)])
    const text = join(dir, 'notes.json')
    writeFileSync(text, '{ "not": "closed"')
    const t = await fw('export', '--from', text, '--onnx', join(dir, 'x.onnx'))
    expect([t.code, t.stderr]).toEqual([2, expect.stringContaining(`${text}: not valid JSON`)])
    // a model file from a newer app is named, as fw predict names it
    const newer = join(dir, 'newer.json')
    writeFileSync(newer, JSON.stringify({ ...(JSON.parse(readFileSync(join(dir, 'single', 'model.json'), 'utf8')) as object), version: 3 }))
    const e = await fw('export', '--from', newer, '--onnx', join(dir, 'x.onnx'))
    expect([e.code, e.stderr]).toEqual([2, `fw export: ${newer}: version is 3, newer than this app supports (2); update the app\n`])
  })

  it('says so in fw export --help', async () => {
    const h = await fw('export', '--help')
    expect(h.stdout).toContain('A global run (fw train --global) exports --csv, --xlsx, --report, --model (the model file fw train --global wrote, kept with the run) and --onnx')
    expect(h.stdout).toMatch(/--onnx FILE +write the model as ONNX \(a global run: one graph for every series/)
    expect(h.stdout).toContain('fw export --from model.json --onnx FILE')
  })
})

// fw train --global with a static category input (a region per store, as DeepAR and TFT take static
// covariates): its one-hot levels are pooled over every series' training rows, so the model file,
// fw forecast (beyond the horizon: the region is carried forward), the stored run rebuilt from its
// dataset and config (fw export --onnx), and a model file from before static inputs all agree.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from './index'
import { importGlobalOnnx } from '../export'
import { openStore } from '../store'
import { fromStoredDataset } from '../services/datasets'
import { resolveConfig, withStoredDefaults } from '../train/config'
import { prepareGlobalRun } from '../train/global'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-global-category-'))
const db = join(dir, 'runs.db')
const file = join(dir, 'regions.csv')
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
// four stores, two regions: the north's weekly swing is five times the south's
const rows = ['store,date,sales,region']
for (const [s, region, amp] of [['n1', 'north', 10], ['s1', 'south', 2], ['n2', 'north', 10], ['s2', 'south', 2]] as const)
  for (let i = 0; i < 70; i++) rows.push(`${s},${day(i)},${(50 + amp * Math.sin((2 * Math.PI * i) / 7) + ((i * 7 + s.length) % 3)).toFixed(2)},${region}`)
writeFileSync(file, rows.join('\n') + '\n')

async function fw(...argv: string[]) {
  if (['train', 'export'].includes(argv[0]!)) argv = [...argv, '--db', db]
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  return { code, stdout, stderr }
}

interface Block { column: string; levels?: string[]; static?: true }
interface ModelJson { spec: { inputSize: number }; pipeline: { global: { series: { label: string; fitted: { inputNames: string[]; inputs: Block[] } }[] } } }

describe('fw train --global with a category constant per series', () => {
  let id = 0
  let train: Awaited<ReturnType<typeof fw>>
  const model = join(dir, 'model.json')
  beforeAll(async () => {
    train = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--features', 'region', '--forecaster', 'network', '--epochs', '3', '--lookback', '7', '--horizon', '2', '--seed', '3', '--out', dir, '--json')
    id = (JSON.parse(train.stdout) as { runId: number }).runId
  }, 60_000)

  it('trains one network with the same region inputs in every series, static, and forecasts past the horizon', async () => {
    expect([train.code, train.stderr]).toEqual([0, ''])
    const m = JSON.parse(readFileSync(model, 'utf8')) as ModelJson
    expect(m.spec.inputSize).toBe(3)
    for (const s of m.pipeline.global.series) {
      expect(s.fitted.inputNames).toEqual(['sales', 'region=north', 'region=south'])
      expect(s.fitted.inputs.find((b) => b.column === 'region')).toMatchObject({ levels: ['north', 'south'], static: true })
    }
    // 5 steps with horizon 2: the region is known past the end, so the network (the forecast of
    // every series here, --forecaster network) recurses
    const f = await fw('forecast', '--model', model, '--csv', file, '--steps', '5', '--out', join(dir, 'future.csv'))
    expect([f.code, f.stderr]).toEqual([0, ''])
    // a global model's forecast CSV lists its series in natural order (n1, n2, s1, s2), each in time order
    const out = readFileSync(join(dir, 'future.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    expect(out.map((r) => r[0])).toEqual(['n1', 'n2', 's1', 's2'].flatMap((s) => Array(5).fill(s)))
    expect(out.every((r) => Number.isFinite(Number(r[3])))).toBe(true)
    // the stored run forecasts the same
    const r = await fw('forecast', '--run', String(id), '--db', db, '--steps', '5', '--out', join(dir, 'future-run.csv'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(readFileSync(join(dir, 'future-run.csv'), 'utf8')).toBe(readFileSync(join(dir, 'future.csv'), 'utf8'))
  })

  it('the stored run, prepared again from its dataset and config, encodes the region as training did: its ONNX graph has the same inputs', async () => {
    const store = openStore(db)
    try {
      const run = store.runs.get(id)
      const g = prepareGlobalRun(resolveConfig(withStoredDefaults(JSON.parse(run.configJson))), fromStoredDataset(store.datasets.load(run.datasetId)))
      const m = JSON.parse(readFileSync(model, 'utf8')) as ModelJson
      expect(g.gp.parts.map((p) => p.prep.fitted.inputs)).toEqual(m.pipeline.global.series.map((s) => s.fitted.inputs))
    } finally {
      store.close()
    }
    const onnx = join(dir, 'm.onnx')
    const e = await fw('export', '--run', String(id), '--onnx', onnx)
    expect([e.code, e.stderr]).toEqual([0, ''])
    expect(importGlobalOnnx(new Uint8Array(readFileSync(onnx)), { file: onnx, appVersion: '9.9.9' }).featureNames).toEqual(['sales', 'region=north', 'region=south'])
  })

  it('a model file from before static category inputs still forecasts within its horizon, and says why not beyond it', async () => {
    const m = JSON.parse(readFileSync(model, 'utf8')) as ModelJson
    for (const s of m.pipeline.global.series) for (const b of s.fitted.inputs) delete b.static
    const old = join(dir, 'old.json')
    writeFileSync(old, JSON.stringify(m))
    const f = await fw('forecast', '--model', old, '--csv', file, '--steps', '2', '--out', join(dir, 'old.csv'))
    expect([f.code, f.stderr]).toEqual([0, ''])
    const far = await fw('forecast', '--model', old, '--csv', file, '--steps', '5', '--out', join(dir, 'old-far.csv'))
    expect(far.code).toBe(2)
    expect(far.stderr).toContain('region')
  })
})

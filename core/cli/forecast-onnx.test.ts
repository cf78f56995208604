// fw forecast --model model.onnx: the exported graph forecasts past the end by the JSON model file's
// recursion, to the ONNX parity tolerance fw predict's tests use (1e-4 relative), and refuses,
// naming the file, what it cannot forecast.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportedOnnx } from '../export/onnx-import'
import { modelProtoType } from '../export/onnx/onnx-proto'
import { onnxAheadRefusal } from '../services/onnx-forecast'
import { fw } from './test-fixtures/fw'

const co2 = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const seattle = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

const readCsv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data

const dir = mkdtempSync(join(tmpdir(), 'fw-forecast-onnx-'))

/** Trains (no database) and exports the model file to ONNX: [model.json, model.onnx]. */
async function trained(name: string, ...args: string[]): Promise<[string, string]> {
  const out = join(dir, name)
  const t = await fw('train', ...args, '--epochs', '2', '--seed', '1', '--forecaster', 'network', '--no-db', '--out', out)
  expect(t.code, t.stderr).toBe(0)
  const onnx = join(dir, `${name}.onnx`)
  const e = await fw('export', '--from', join(out, 'model.json'), '--onnx', onnx)
  expect(e.code, e.stderr).toBe(0)
  return [join(out, 'model.json'), onnx]
}

/** The worst relative difference of two forecast tables, after checking they forecast the same
 *  times and steps and that the ONNX one has no interval. */
function worstDisagreement(onnx: Record<string, string>[], json: Record<string, string>[], steps: number): number {
  expect(onnx.length).toBe(steps)
  expect(json.length).toBe(steps)
  let worst = 0
  onnx.forEach((r, i) => {
    const s = json[i]!
    expect([r['time'], r['step']]).toEqual([s['time'], s['step']])
    expect([r['lower'], r['upper'], r['actual']]).toEqual(['', '', ''])
    const [f, g] = [Number(r['forecast']), Number(s['forecast'])]
    expect(Number.isFinite(f)).toBe(true)
    worst = Math.max(worst, Math.abs(f - g) / Math.max(Math.abs(g), 1e-3))
  })
  return worst
}

async function both(json: string, onnx: string, csv: string, steps: number) {
  const [a, b] = [join(dir, `${steps}-onnx-${Math.random()}.csv`), join(dir, `${steps}-json-${Math.random()}.csv`)]
  const o = await fw('forecast', '--model', onnx, '--csv', csv, '--steps', String(steps), '--out', a)
  expect(o.stderr).toBe('')
  expect(o.code).toBe(0)
  const j = await fw('forecast', '--model', json, '--csv', csv, '--steps', String(steps), '--out', b)
  expect(j.code).toBe(0)
  return { o, onnx: readCsv(a), json: readCsv(b) }
}

describe('fw forecast --model x.onnx', () => {
  let plain: [string, string]
  let direct: [string, string]
  let withInput: [string, string]
  let rain: [string, string]
  beforeAll(async () => {
    plain = await trained('plain', '--csv', co2, '--target', 'CO2', '--horizon', '3')
    direct = await trained('direct', '--csv', co2, '--target', 'CO2', '--horizon', '3', '--direct')
    withInput = await trained('input', '--csv', seattle, '--target', 'temp_max', '--features', 'temp_min', '--horizon', '2')
    rain = await trained('rain', '--csv', seattle, '--target', 'precipitation', '--rule', 'precipitation > 0', '--features', '', '--horizon', '2')
  }, 300_000)

  it("forecasts past the end as the model file's network does, its forecasts fed back (horizon 3, 20 steps)", async () => {
    const { o, onnx, json } = await both(...plain, co2, 20) // was: refused, "is an ONNX model; fw forecast takes a model.json"
    expect(worstDisagreement(onnx, json, 20)).toBeLessThan(1e-4)
    expect(o.stdout).toMatch(/^20 future rows written to /)
    expect(o.stdout).toContain('No prediction interval: the ONNX file carries none.')
    expect(o.stdout).not.toContain('clipped') // CO2 never nears 0: nothing clipped, nothing said
  })

  it('forecasts a direct model h steps a window, as the model file does (horizon 3, 8 steps)', async () => {
    const { onnx, json } = await both(...direct, co2, 8)
    expect(worstDisagreement(onnx, json, 8)).toBeLessThan(1e-4)
  })

  it("forecasts a model with another input within its horizon, and refuses more steps naming the file", async () => {
    const { onnx, json } = await both(...withInput, seattle, 2)
    expect(worstDisagreement(onnx, json, 2)).toBeLessThan(1e-4)
    const r = await fw('forecast', '--model', withInput[1], '--csv', seattle, '--steps', '3', '--out', join(dir, 'refused.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${withInput[1]} takes inputs other than the target (temp_min) whose values past the end are not known, so it forecasts at most 2 steps past the end (asked for 3)`)
  })

  it('forecasts a classification within its horizon as the model file does, and refuses more steps naming the file', async () => {
    const [a, b] = [join(dir, 'rain-onnx.csv'), join(dir, 'rain-json.csv')]
    expect((await fw('forecast', '--model', rain[1], '--csv', seattle, '--steps', '2', '--out', a)).code).toBe(0)
    expect((await fw('forecast', '--model', rain[0], '--csv', seattle, '--steps', '2', '--out', b)).code).toBe(0)
    const [x, y] = [readCsv(a), readCsv(b)]
    expect(Object.keys(x[0]!)).toEqual(['time', 'step', 'P(precipitation > 0)', 'actual'])
    expect(x.map((r) => [r['time'], r['step']])).toEqual(y.map((r) => [r['time'], r['step']]))
    x.forEach((r, i) => expect(Math.abs(Number(r['P(precipitation > 0)']) - Number(y[i]!['P(precipitation > 0)']))).toBeLessThan(1e-4))
    const r = await fw('forecast', '--model', rain[1], '--csv', seattle, '--steps', '3', '--out', join(dir, 'rain-3.csv'))
    expect([r.code, r.stderr]).toEqual([2, `fw forecast: ${rain[1]} is a classification graph: a class cannot be fed back as an input, so it forecasts at most 2 steps past the end (asked for 3)\n`])
  })

  it('refuses --future, which an ONNX graph does not read', async () => {
    const r = await fw('forecast', '--model', plain[1], '--csv', co2, '--steps', '2', '--future', co2, '--out', join(dir, 'future.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--future is not read with an ONNX model (${plain[1]})`)
  })
})

describe("fw forecast --model x.onnx of a target that is never below 0", () => {
  // 100 days falling by about 1 a day to 1: every training value >= 0, so the run's domain is
  // 'non-negative', and a network carrying the fall goes below 0 past the end
  const fall = join(dir, 'fall.csv')
  let model: [string, string]
  beforeAll(async () => {
    const rows = ['date,value', ...Array.from({ length: 100 }, (_, i) => `${new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${(100 - i + 0.3 * Math.sin(i)).toFixed(3)}`)]
    writeFileSync(fall, rows.join('\n') + '\n')
    const out = join(dir, 'fall')
    const t = await fw('train', '--csv', fall, '--target', 'value', '--transform', 'none', '--lookback', '7', '--epochs', '30', '--seed', '1', '--forecaster', 'network', '--no-db', '--out', out)
    expect(t.code, t.stderr).toBe(0)
    const onnx = join(dir, 'fall.onnx')
    expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', onnx)).code).toBe(0)
    model = [join(out, 'model.json'), onnx]
  }, 120_000)

  it('clips at 0 as the model file does, feeding the unclipped value back, and says so as the model file says it', async () => {
    const { o, onnx, json } = await both(model[0], model[1], fall, 6)
    expect(json.map((r) => r['forecast'])).toContain('0') // the model file clips
    expect(worstDisagreement(onnx, json, 6)).toBeLessThan(1e-4)
    expect(o.stdout).toContain('note: forecasts of value are clipped at 0: every training value is ≥ 0\n')
  })

  it('fw predict --model x.onnx clips the last window\'s forecast past the end as the model file does, and says so', async () => {
    const [a, b] = [join(dir, 'fall-pred-onnx.csv'), join(dir, 'fall-pred-json.csv')]
    const o = await fw('predict', '--model', model[1], '--csv', fall, '--out', a)
    expect([o.code, o.stderr]).toEqual([0, ''])
    expect((await fw('predict', '--model', model[0], '--csv', fall, '--out', b)).code).toBe(0)
    const [x, y] = [readCsv(a), readCsv(b)]
    expect(x.at(-1)!['forecast']).toBe('0')
    expect(y.at(-1)!['forecast']).toBe('0')
    x.forEach((r, i) => expect(Math.abs(Number(r['forecast']) - Number(y[i]!['forecast']))).toBeLessThan(1e-4 * Math.max(1, Math.abs(Number(y[i]!['forecast'])))))
    expect(o.stdout).toContain('note: forecasts of value are clipped at 0: every training value is ≥ 0\n')
  })

  it('a graph from before (no domain in its metadata) forecasts below 0 as before and says nothing of it', async () => {
    const T = modelProtoType()
    const msg = T.toObject(T.decode(readFileSync(model[1]))) as { metadata_props: { key: string; value: string }[] }
    expect(msg.metadata_props.find((p) => p.key === 'domain')?.value).toBe('non-negative')
    msg.metadata_props = msg.metadata_props.filter((p) => p.key !== 'domain')
    const older = join(dir, 'fall-older.onnx')
    writeFileSync(older, T.encode(T.fromObject(msg)).finish())
    const out = join(dir, 'fall-older.csv')
    const r = await fw('forecast', '--model', older, '--csv', fall, '--steps', '6', '--out', out)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(Math.min(...readCsv(out).map((x) => Number(x['forecast'])))).toBeLessThan(0)
    expect(r.stdout).not.toContain('clipped')
  })
})

describe('onnxAheadRefusal', () => {
  const graph = (o: Partial<ImportedOnnx>) => ({ horizon: 2, task: 'regression', featureNames: ['y'], target: 'y', leads: null, ...o }) as ImportedOnnx
  it('lets a graph of the target alone go any number of steps', () => {
    expect(onnxAheadRefusal(graph({}), 'm.onnx', 50)).toBeNull()
  })
  it('refuses a classification graph past its horizon, naming the file', () => {
    expect(onnxAheadRefusal(graph({ task: 'binary' as ImportedOnnx['task'] }), 'm.onnx', 2)).toBeNull()
    expect(onnxAheadRefusal(graph({ task: 'binary' as ImportedOnnx['task'] }), 'm.onnx', 3)).toBe('m.onnx is a classification graph: a class cannot be fed back as an input, so it forecasts at most 2 steps past the end (asked for 3)')
  })
  it('refuses a graph with led inputs, whose values past the end it lacks', () => {
    expect(onnxAheadRefusal(graph({ featureNames: ['y', 'promo'], leads: { promo: 2 } }), 'm.onnx', 1)).toMatch(/^m\.onnx reads promo ahead of the window \(known in the future\)/)
  })
  it("sends a graph whose led inputs are calendar ones to the model file, which derives them, not to --future", () => {
    // was: "forecast with the run's model.json and --future FILE", though the model file needs no
    // --future for calendar inputs (fw forecast --model model.json of a --calendar month run: 5 rows, rc 0)
    const cal = graph({ featureNames: ['y', 'cal:month.sin', 'cal:month.cos'], leads: { 'cal:month.sin': 1, 'cal:month.cos': 1 } })
    expect(onnxAheadRefusal(cal, 'm.onnx', 1)).toBe("m.onnx reads cal:month.sin and cal:month.cos ahead of the window (calendar inputs, known in the future): their values past the end are not in the ONNX graph; forecast with the run's model.json, which derives them from the time column, or fw forecast --run RUN")
    // with another led input beside them, --future is still what gives its values
    const mixed = graph({ featureNames: ['y', 'promo', 'cal:month.sin'], leads: { promo: 1, 'cal:month.sin': 1 } })
    expect(onnxAheadRefusal(mixed, 'm.onnx', 1)).toContain("forecast with the run's model.json and --future FILE")
  })
})

describe('fw forecast --run with --model', () => {
  it('refuses the two together rather than forecasting with the stored run and leaving the file named unread', async () => {
    // was: the run's forecast written, code 0, --model x.onnx (here a file that does not exist) never read
    const r = await fw('forecast', '--run', '1', '--model', join(dir, 'none.onnx'), '--steps', '2', '--out', join(dir, 'both.csv'), '--db', join(dir, 'both.db'))
    expect([r.code, r.stderr]).toEqual([2, `fw forecast: give --model FILE or --run RUN, not both: --run forecasts with the stored run's own model, and would leave ${join(dir, 'none.onnx')} unread\n`])
  })
})

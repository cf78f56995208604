// fw predict --model global.onnx: a global model's graph (format 3, one network for many series)
// applied to a long file, each series by its own values from the series_table, must forecast every
// window as fw predict --model model.json forecasts it (the model file the graph was exported from),
// with the same columns, the same series and the same words for the series it does not know.
// Its numbers are the graph's: ONNX Runtime, fed each series' series_table values, gives them too.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { writeWeekly } from './test-fixtures/weekly'
import { modelProtoType } from '../export/onnx/onnx-proto'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-predict-global-onnx-'))
const file = join(__dirname, 'test-fixtures', 'stores-long.csv') // north, south, west: 80 days each; east: the last 6
const onnx = join(dir, 'm.onnx')

describe('fw predict --model of a global model\'s ONNX graph', () => {
  beforeAll(async () => {
    // the network forecasts every series (the graph is the network alone)
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--forecaster', 'network', '--epochs', '3', '--lookback', '7', '--seed', '3', '--out', dir, '--db', join(dir, 'runs.db'), '--json')
    expect(t.code).toBe(0)
    const e = await fw('export', '--from', join(dir, 'model.json'), '--onnx', onnx)
    expect([e.code, e.stderr]).toEqual([0, ''])
  }, 60_000)

  /** fw predict's CSV as rows of cells, and its forecast column's index. */
  const table = (path: string) => {
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','))
    return { header: lines[0]!, rows: lines.slice(1), at: lines[0]!.indexOf('forecast') }
  }

  it("fw forecast: every series past its end, as the global model file's network forecasts it", async () => {
    const o = await fw('forecast', '--model', onnx, '--csv', file, '--steps', '10', '--out', join(dir, 'fo.csv'))
    expect([o.code, o.stderr]).toEqual([0, '']) // was: refused, "is an ONNX model; fw forecast takes a model.json"
    expect(o.stdout).toMatch(/^30 future rows for 3 series written to /)
    const j = await fw('forecast', '--model', join(dir, 'model.json'), '--csv', file, '--steps', '10', '--out', join(dir, 'fj.csv'))
    expect(j.code).toBe(0)
    const [a, b] = [table(join(dir, 'fo.csv')), table(join(dir, 'fj.csv'))]
    expect(a.rows.map((r) => r.slice(0, 3))).toEqual(b.rows.map((r) => r.slice(0, 3))) // store, time, step
    expect(a.rows).toHaveLength(30)
    a.rows.forEach((r, i) => {
      const [x, y] = [Number(r[a.at]), Number(b.rows[i]![b.at])]
      expect(Math.abs(x - y) / Math.max(Math.abs(y), 1e-3)).toBeLessThan(1e-4)
    })
  })

  // times with a UTC offset: the JSON path wrote them with it, the graph's path in UTC with no zone
  it('a file whose times carry an offset: the graph\'s file writes them with it, as the model file\'s does', async () => {
    const zoned = join(dir, 'zoned.csv')
    writeFileSync(zoned, readFileSync(file, 'utf8').replace(/,(\d{4}-\d\d-\d\d),/g, ',$1T00:00:00+01:00,'))
    const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', zoned, '--out', join(dir, 'zj.csv'))
    const o = await fw('predict', '--model', onnx, '--csv', zoned, '--out', join(dir, 'zo.csv'))
    expect([j.code, j.stderr, o.code, o.stderr]).toEqual([0, '', 0, ''])
    const a = table(join(dir, 'zj.csv'))
    const b = table(join(dir, 'zo.csv'))
    expect(a.rows[0]![1]).toMatch(/^2021-\d\d-\d\dT00:00:00\+01:00$/)
    expect(b.rows.map((r) => r[1])).toEqual(a.rows.map((r) => r[1]))
  })

  it('fw predict applies the graph to every series it knows, as the global model file forecasts them', async () => {
    // gaps in south's sales and north's (each filled by the run's rule with its own training mean or level), east unknown to the model
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    const blank: Record<string, number[]> = { north: [], south: [] } // the lines blanked (lines[k] is line k + 1)
    for (const [store, at] of [['south', 20], ['north', 30], ['north', 31]] as const) {
      const row = lines.findIndex((l) => l.startsWith(`${store},`)) + at
      lines[row] = lines[row]!.replace(/,[^,]*$/, ',')
      blank[store]!.push(row + 1)
    }
    const gaps = join(dir, 'gaps.csv')
    writeFileSync(gaps, lines.join('\n') + '\n')
    for (const csv of [file, gaps]) {
      const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', csv, '--out', join(dir, 'pj.csv'))
      const o = await fw('predict', '--model', onnx, '--csv', csv, '--out', join(dir, 'po.csv'))
      expect([j.code, j.stderr]).toEqual([0, ''])
      expect([o.code, o.stderr]).toEqual([0, ''])
      const a = table(join(dir, 'pj.csv'))
      const b = table(join(dir, 'po.csv'))
      expect(b.header).toEqual(a.header) // store, time, step, forecast, bounds, actual: the JSON path's columns
      expect(b.rows.length).toBe(a.rows.length)
      expect(new Set(b.rows.map((r) => r[0]))).toEqual(new Set(['north', 'south', 'west']))
      b.rows.forEach((r, i) => {
        const x = a.rows[i]!
        // the same series, time, step and actual on every row; the forecast to 1e-5 (float32 against float64)
        expect([r[0], r[1], r[2], r[r.length - 1]]).toEqual([x[0], x[1], x[2], x[x.length - 1]])
        expect(Math.abs(Number(r[b.at]) - Number(x[a.at]))).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(Number(x[a.at]))))
      })
      // the series the model does not know, in the JSON path's words
      const unknown = `note: 1 series of ${basename(csv)} the model was not trained on, not forecast: store = east\n`
      expect(j.stdout).toContain(unknown)
      expect(o.stdout).toContain(unknown)
      expect(o.stdout).toContain(`${b.rows.length} forecasts for 3 series written to ${join(dir, 'po.csv')}\n`)
      expect(j.stdout).toContain(`${a.rows.length} forecasts for 3 series written to ${join(dir, 'pj.csv')}\n`)
    }
    // each series' fills after its name, in the model file's words (before: one sentence summing 3 cells over the series)
    const o = await fw('predict', '--model', onnx, '--csv', gaps, '--out', join(dir, 'po.csv'))
    const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', gaps, '--out', join(dir, 'pj.csv'))
    const fills = (out: string) => out.split('\n').filter((l) => l.includes('missing inputs filled'))
    // each with the lines of the long file its blanks are on, not its rows' places in the series
    expect(fills(o.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^note: series store = north: missing inputs filled by the run's rule \\(sales: 2 cells, at lines ${blank['north']![0]} and ${blank['north']![1]}, by `)),
      expect.stringMatching(new RegExp(`^note: series store = south: missing inputs filled by the run's rule \\(sales: 1 cell, at line ${blank['south']![0]}, by `))
    ])
    expect(fills(o.stdout)).toEqual(fills(j.stdout))
    expect(o.stdout).toContain('note: ONNX model: no prediction interval (the ONNX file carries none)\n')
    const whole = await fw('predict', '--model', onnx, '--csv', file, '--out', join(dir, 'po.csv'))
    expect(whole.stdout).toContain('note: ONNX model: no prediction interval (the ONNX file carries none); no input values were missing\n')
  })

  it('fw predict with the graph says which series of the model the file lacks, and refuses a file of none, as the model file does', async () => {
    const north = join(dir, 'north.csv')
    writeFileSync(north, readFileSync(file, 'utf8').split('\n').filter((l, i) => i === 0 || l.startsWith('north,')).join('\n') + '\n')
    const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', north, '--out', join(dir, 'pj.csv'))
    const o = await fw('predict', '--model', onnx, '--csv', north, '--out', join(dir, 'po.csv'))
    for (const label of ['south', 'west']) {
      const said = `note: series store = ${label} is in the model but not in north.csv: not forecast\n`
      expect(j.stdout).toContain(said)
      expect(o.stdout).toContain(said)
    }
    expect(table(join(dir, 'po.csv')).rows.length).toBe(table(join(dir, 'pj.csv')).rows.length)
    const east = join(dir, 'east.csv')
    writeFileSync(east, readFileSync(file, 'utf8').split('\n').filter((l, i) => i === 0 || l.startsWith('east,')).join('\n') + '\n')
    const je = await fw('predict', '--model', join(dir, 'model.json'), '--csv', east, '--out', join(dir, 'pj.csv'))
    const oe = await fw('predict', '--model', onnx, '--csv', east, '--out', join(dir, 'po.csv'))
    const none = "none of the model's 3 series (store) is in east.csv"
    // bad input (exit 2) on both paths, in the same words
    expect([je.code, je.stderr]).toEqual([2, expect.stringContaining(none)])
    expect([oe.code, oe.stderr]).toEqual([2, expect.stringContaining(none)])
    const melt = await fw('predict', '--model', onnx, '--csv', file, '--series-value', 'north', '--out', join(dir, 'po.csv'))
    expect([melt.code, melt.stderr]).toEqual([2, expect.stringContaining("--series-value is not read with a global model's ONNX graph")])
    // --series: the model's own id is taken, as the model file takes it (every series); another column is refused alike
    const own = await fw('predict', '--model', onnx, '--csv', file, '--series', 'store', '--out', join(dir, 'po.csv'))
    expect([own.code, own.stderr]).toEqual([0, ''])
    const jo = await fw('predict', '--model', join(dir, 'model.json'), '--csv', file, '--series', 'date', '--out', join(dir, 'pj.csv'))
    const oo = await fw('predict', '--model', onnx, '--csv', file, '--series', 'date', '--out', join(dir, 'po.csv'))
    expect([jo.code, jo.stderr]).toEqual([2, expect.stringContaining("--series must be store, the model's series id")])
    expect([oo.code, oo.stderr]).toEqual([jo.code, jo.stderr])
  })


  it("refuses a file without the run's time column, in the model file's words, rather than reading its rows in file order", async () => {
    const noTime = join(dir, 'no-time.csv')
    writeFileSync(noTime, readFileSync(file, 'utf8').trim().split(/\r?\n/).map((l) => l.split(',').filter((_, i) => i !== 1).join(',')).join('\n') + '\n')
    const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', noTime, '--out', join(dir, 'pj.csv'))
    const o = await fw('predict', '--model', onnx, '--csv', noTime, '--out', join(dir, 'po.csv'))
    expect([j.code, j.stderr]).toEqual([2, expect.stringContaining('no-time.csv lacks the time column "date" that the model needs')])
    expect([o.code, o.stderr]).toEqual([j.code, j.stderr])
  })

  it("refuses a series whose rows step otherwise than its training rows, in the model file's words", async () => {
    // each series' rows a week apart: the model was trained on daily rows (each series' step in its series_table entry)
    const weekly = join(dir, 'weekly.csv')
    writeWeekly(file, weekly)
    const j = await fw('predict', '--model', join(dir, 'model.json'), '--csv', weekly, '--out', join(dir, 'pj.csv'))
    const o = await fw('predict', '--model', onnx, '--csv', weekly, '--out', join(dir, 'po.csv'))
    expect(j.stderr).toContain('series store = north: weekly.csv has rows 7 d apart, but the model was trained on rows 1 d apart')
    expect([o.code, o.stderr]).toEqual([j.code, j.stderr])
  })

  it('forecasts what ONNX Runtime computes from the graph, each series fed its series_table values', async () => {
    const o = await fw('predict', '--model', onnx, '--csv', file, '--out', join(dir, 'po.csv'))
    expect(o.code).toBe(0)
    const out = table(join(dir, 'po.csv'))
    const ort = await import('onnxruntime-node')
    const bytes = readFileSync(onnx)
    const sess = await ort.InferenceSession.create(bytes)
    const { importGlobalOnnx } = await import('../export')
    const g = importGlobalOnnx(new Uint8Array(bytes), { file: onnx, appVersion: '9.9.9' })
    const L = g.lookBack
    const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','))
    let compared = 0
    for (const s of g.series) {
      const sales = rows.filter((r) => r[0] === s.key[0]).map((r) => Number(r[2])) // in time order, no gaps
      const W = sales.length - L + 1
      const window = new Float32Array(W * L)
      for (let w = 0; w < W; w++) for (let t = 0; t < L; t++) window[w * L + t] = sales[w + t]!
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { window: new ort.Tensor('float32', window, [W, L, 1]) }
      const inputs = { series_input_mean: s.scaling.inputMean, series_input_std: s.scaling.inputStd, series_target_mean: s.scaling.targetMean, series_target_std: s.scaling.targetStd } as Record<string, number[]>
      for (const n of sess.inputNames.filter((n) => n !== 'window')) {
        const v = n === 'series_target_log' ? [s.level?.targetLog ? 1 : 0] : inputs[n]!
        feeds[n] = new ort.Tensor('float32', Float32Array.from({ length: W * v.length }, (_, i) => v[i % v.length]!), [W, v.length])
      }
      const y = (await sess.run(feeds))['forecast']!
      const O = y.dims[y.dims.length - 1]!
      const at = (w: number) => (y.dims.length === 3 ? (w * L + L - 1) * O : w * O) // per-step: the last step
      const mine = out.rows.filter((r) => r[0] === s.key[0]).map((r) => Number(r[out.at]))
      expect(mine).toHaveLength(W)
      mine.forEach((v, w) => expect(Math.abs(v - (y.data as Float32Array)[at(w)]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(v))))
      compared += W
    }
    expect(compared).toBe(out.rows.length)
  })

  it('says so in fw predict --help', async () => {
    const h = await fw('predict', '--help')
    expect(h.stdout).toContain('A global model, its model.json or its ONNX graph (fw export --onnx), forecasts every series of a long file that it knows')
  })

  it('names the series the run forecast otherwise in the app\'s words ("the mean of …")', async () => {
    // the graph's series table edited: north forecast in the run by a mean, as a run that chose one writes it
    const T = modelProtoType()
    const msg = T.toObject(T.decode(new Uint8Array(readFileSync(onnx)))) as { metadata_props: { key: string; value: string }[] }
    const entry = msg.metadata_props.find((p) => p.key === 'series_table')!
    const table = JSON.parse(entry.value) as { label: string; forecast_by?: string }[]
    table.find((e) => e.label === 'store = north')!.forecast_by = 'mean of network and ETS(A,N,N)'
    entry.value = JSON.stringify(table)
    const edited = join(dir, 'mean.onnx')
    writeFileSync(edited, T.encode(T.fromObject(msg)).finish())
    const o = await fw('predict', '--model', edited, '--csv', file, '--out', join(dir, 'pm.csv'))
    expect([o.code, o.stderr]).toEqual([0, ''])
    // before: "(store = north by mean of network and ETS(A,N,N))", the raw label the app did not say
    expect(o.stdout).toContain('the run forecast 1 of these series otherwise (store = north by the mean of network and ETS(A,N,N)):')
  })
})

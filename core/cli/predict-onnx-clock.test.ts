// fw predict --model x.onnx writes stamps past the end (a window's forecast h rows ahead of the last
// row) without a word on the data's clock, where fw forecast says how they go with the clock changes
// the file's offsets show. The one-series graph, the global graph, the JSON model file and fw forecast
// now say the same.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { offsetAt, type ClockRule } from '../data/clock-rule'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-onnx-clock-'))
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
const H6 = 6 * 3_600_000
/** 6-hourly rows with Berlin's offsets from 2023-03-01 (both 2023 switches: the EU rule is learnt)
 *  to 2024-03-30 18:00 UTC, the Saturday before the spring switch: 6 steps past the end pass it. */
const instants = Array.from({ length: 1584 }, (_, i) => Date.UTC(2023, 2, 1) + i * H6)
const stamp = (t: number) => `${new Date(t + offsetAt(t, BERLIN) * 60_000).toISOString().slice(0, 19)}+0${offsetAt(t, BERLIN) / 60}:00`
const level = (i: number, k = 0) => (100 + 10 * k + 10 * Math.sin((2 * Math.PI * i) / 4) + 0.5 * Math.sin(i * 12.9898)).toFixed(2)
function file(name: string, series: string[] | null): string {
  const f = join(dir, name)
  const rows = series ? instants.flatMap((t, i) => series.map((s, k) => `${stamp(t)},${s},${level(i, k)}`)) : instants.map((t, i) => `${stamp(t)},${level(i)}`)
  writeFileSync(f, [series ? 'time,site,load' : 'time,load', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'load', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--lookback', '8', '--horizon', '6', '--no-db']
/** fw forecast's line on the stamps past the end and the data's clock: rows at 00, 06, 12 and 18 UTC
 *  keep no clock time across the switch, so they step in steady time against it. */
const clockLine = (stdout: string) => /^note: the times past the end .*\n/m.exec(stdout)?.[0]
const SAID = 'note: the times past the end step in steady time, every 6 h, not with the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31): after it their clock times of day are an hour later (the files write each with its offset, so every stamp is its instant)\n'

describe('fw predict with an ONNX graph says what fw forecast says of the stamps past the end and the clock', () => {
  it('one series', async () => {
    expect(stamp(instants[instants.length - 1]!)).toBe('2024-03-30T19:00:00+01:00')
    const csv = file('one.csv', null)
    const out = join(dir, 'one')
    expect((await fw('train', '--csv', csv, ...quick, '--out', out)).code).toBe(0)
    expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', join(out, 'm.onnx'))).code).toBe(0)
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--steps', '6', '--out', join(dir, 'f.csv'))
    expect(clockLine(f.stdout)).toBe(SAID)
    const p = await fw('predict', '--model', join(out, 'm.onnx'), '--csv', csv, '--out', join(dir, 'p.csv'))
    expect(p.code, p.stderr).toBe(0)
    expect(clockLine(p.stdout)).toBe(SAID)
    // the model.json itself: its last windows' forecasts pass the end, said the same
    const j = await fw('predict', '--model', join(out, 'model.json'), '--csv', csv, '--out', join(dir, 'pj.csv'))
    expect(j.code, j.stderr).toBe(0)
    expect(clockLine(j.stdout)).toBe(SAID)
  }, 120_000)

  it('a global graph', async () => {
    const csv = file('long.csv', ['a', 'b'])
    const out = join(dir, 'global')
    const t = await fw('train', '--csv', csv, '--series', 'site', '--global', ...quick, '--out', out)
    expect(t.code, t.stderr).toBe(0)
    expect((await fw('export', '--from', join(out, 'model.json'), '--onnx', join(out, 'm.onnx'))).code).toBe(0)
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--steps', '6', '--out', join(dir, 'gf.csv'))
    expect(clockLine(f.stdout), f.stderr).toBe(SAID)
    const p = await fw('predict', '--model', join(out, 'm.onnx'), '--csv', csv, '--out', join(dir, 'gp.csv'))
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout.split(SAID)).toHaveLength(2) // said once, not per series
    const j = await fw('predict', '--model', join(out, 'model.json'), '--csv', csv, '--out', join(dir, 'gj.csv'))
    expect(j.code, j.stderr).toBe(0)
    expect(j.stdout.split(SAID)).toHaveLength(2)
  }, 240_000)
})

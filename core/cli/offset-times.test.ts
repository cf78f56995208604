// Times written with a UTC offset (exploratory pass 15, item 4): the CLI read them into UTC and wrote
// its files' stamps in UTC with no zone, so the file's 13:00+01:00 row came back as "12:00:00", and
// fw inspect and fw train said nothing. Now both say it, and every forecast file writes the zone:
// the file's own offset where it has one, each row's own where there are several; files without
// offsets as before.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-offset-'))
const HOUR = 3_600_000
/** 240 hourly rows from 2021-10-25 00:00 UTC, written with `offset` (+HH:MM) or, for 'dst', +02:00
 *  before 2021-10-31 01:00 UTC and +01:00 after (an autumn change), or none for 'none'. */
function file(name: string, zone: '+01:00' | 'dst' | 'none'): string {
  const rows: string[] = []
  for (let i = 0; i < 240; i++) {
    const t = Date.UTC(2021, 9, 25) + i * HOUR
    const off = zone === 'dst' ? (t < Date.UTC(2021, 9, 31, 1) ? 120 : 60) : zone === '+01:00' ? 60 : 0
    const local = new Date(t + off * 60_000).toISOString().slice(0, 19)
    const mark = zone === 'none' ? '' : `+0${off / 60}:00`
    rows.push(`${local}${mark},${(100 + 20 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)}`)
  }
  const f = join(dir, name)
  writeFileSync(f, ['time,load', ...rows].join('\n') + '\n')
  return f
}
const quick = ['--target', 'load', '--epochs', '1', '--seed', '1', '--no-db', '--forecaster', 'naive']
const times = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]!)
/** The latest of a file's times (its rows go by step, then time). */
const latest = (csv: string) => times(csv).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))

describe('times with a UTC offset', () => {
  it('one offset: said by inspect and train, kept in predictions.csv, fw predict and fw forecast', async () => {
    const csv = file('fixed.csv', '+01:00')
    const i = await fw('inspect', '--csv', csv)
    expect(i.stdout).toContain('the times of "time" carry the one UTC offset +01:00: a run reads them in UTC')
    const t = await fw('train', '--csv', csv, ...quick, '--out', join(dir, 'fixed'))
    expect(t.code).toBe(0)
    expect(t.stdout).toContain('the forecast files write them with +01:00, as the file does')
    // the file's last row is 2021-11-04T00:00+01:00 (row 239: 2021-11-03 23:00 UTC)
    expect(latest(readFileSync(join(dir, 'fixed', 'predictions.csv'), 'utf8'))).toBe('2021-11-04T00:00:00+01:00')
    const f = await fw('forecast', '--model', join(dir, 'fixed', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'f.csv'))
    expect(f.code).toBe(0)
    expect(times(readFileSync(join(dir, 'f.csv'), 'utf8'))).toEqual(['2021-11-04T01:00:00+01:00', '2021-11-04T02:00:00+01:00'])
    const q = await fw('predict', '--model', join(dir, 'fixed', 'model.json'), '--csv', csv, '--out', join(dir, 'p.csv'))
    expect(q.code).toBe(0)
    expect(times(readFileSync(join(dir, 'p.csv'), 'utf8'))).toContain('2021-11-04T00:00:00+01:00')
  })
  it('several offsets, one switch seen (no rule learnt): each written with its own offset', async () => {
    const csv = file('dst.csv', 'dst')
    const t = await fw('train', '--csv', csv, ...quick, '--out', join(dir, 'dst'))
    expect(t.code).toBe(0)
    expect(t.stdout).toContain("carry more than one UTC offset, with one switch seen (+02:00 to +01:00 at 2021-10-31T02:00:00+01:00, the EU's autumn change), and a clock rule is learnt only from a switch each way: a run reads them in UTC")
    expect(latest(readFileSync(join(dir, 'dst', 'predictions.csv'), 'utf8'))).toBe('2021-11-04T00:00:00+01:00')
  })
  it('offsets that fit no rule (+05:45, then +05:30): every stamp round-trips exactly; past the end, the last row\'s, said', async () => {
    // 240 hourly rows, the first 100 at +05:45, the rest at +05:30, as the file writes them
    const stamps: string[] = []
    const rows: string[] = []
    for (let i = 0; i < 240; i++) {
      const off = i < 100 ? 345 : 330
      const t = Date.UTC(2021, 9, 25) + i * HOUR
      stamps.push(`${new Date(t + off * 60_000).toISOString().slice(0, 19)}+05:${off === 345 ? '45' : '30'}`)
      rows.push(`${stamps[i]},${(100 + 20 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)}`)
    }
    const csv = join(dir, 'nepal.csv')
    writeFileSync(csv, ['time,load', ...rows].join('\n') + '\n')
    const t = await fw('train', '--csv', csv, ...quick, '--out', join(dir, 'nepal'))
    expect(t.code).toBe(0)
    const written = times(readFileSync(join(dir, 'nepal', 'predictions.csv'), 'utf8'))
    expect(written.length).toBeGreaterThan(20)
    expect(written.filter((s) => !stamps.includes(s))).toEqual([])
    expect(written.some((s) => s.endsWith('+05:30'))).toBe(true)
    const q = await fw('predict', '--model', join(dir, 'nepal', 'model.json'), '--csv', csv, '--out', join(dir, 'np.csv'))
    expect(q.code).toBe(0)
    const predicted = times(readFileSync(join(dir, 'np.csv'), 'utf8'))
    // the windows' rows within the file, as it writes them; the last window's forecast past its end, with the last row's offset
    expect(predicted.filter((s) => !stamps.includes(s))).toEqual(['2021-11-04T05:30:00+05:30'])
    expect(predicted.some((s) => s.endsWith('+05:45'))).toBe(true)
    expect(q.stdout).toContain("note: the times past the end are written with the last row's UTC offset, +05:30")
    // the same model as an ONNX graph writes the same stamp past the end, and says the same
    expect((await fw('export', '--from', join(dir, 'nepal', 'model.json'), '--onnx', join(dir, 'nepal', 'm.onnx'))).code).toBe(0)
    const o = await fw('predict', '--model', join(dir, 'nepal', 'm.onnx'), '--csv', csv, '--out', join(dir, 'no.csv'))
    expect(o.code, o.stderr).toBe(0)
    expect(times(readFileSync(join(dir, 'no.csv'), 'utf8')).filter((s) => !stamps.includes(s))).toEqual(['2021-11-04T05:30:00+05:30'])
    expect(o.stdout).toContain("note: the times past the end are written with the last row's UTC offset, +05:30")
    const f = await fw('forecast', '--model', join(dir, 'nepal', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'nf.csv'))
    expect(f.code).toBe(0)
    // the last row is 2021-11-03 23:00 UTC, 04:30+05:30 on the 4th
    expect(stamps.at(-1)).toBe('2021-11-04T04:30:00+05:30')
    expect(times(readFileSync(join(dir, 'nf.csv'), 'utf8'))).toEqual(['2021-11-04T05:30:00+05:30', '2021-11-04T06:30:00+05:30'])
    expect(f.stdout + f.stderr).toContain("the times past the end are written with the last row's UTC offset, +05:30")
  })
  it('no offset: the stamps as before, nothing said', async () => {
    const t = await fw('train', '--csv', file('none.csv', 'none'), ...quick, '--out', join(dir, 'none'))
    expect(t.code).toBe(0)
    expect(t.stdout).not.toContain('UTC offset')
    expect(latest(readFileSync(join(dir, 'none', 'predictions.csv'), 'utf8').replace(/ /g, 'T'))).toBe('2021-11-03T23:00:00')
    expect(readFileSync(join(dir, 'none', 'predictions.csv'), 'utf8')).toMatch(/^2021-11-03 23:00:00,/m)
  })
})

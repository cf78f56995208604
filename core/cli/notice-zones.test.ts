// A file whose times carry Berlin's offsets (+01:00, then +02:00 from 2024-03-31), each row at its
// local midnight: the notes and refusals that name one of its times named the UTC instant (the last
// value of a trailing-target file as "2024-04-27", the day before; a value past the history as
// 2024-04-28T22:00:00.000Z; a repeated or missing future row the same). They now write it as the file
// wrote it, as predictions.csv does (time-cell noticeTime).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { instantOf, offsetAt, type ClockRule } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-notice-zones-'))
const DAY = 864e5
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
/** Day `d` after 2023-01-01 at Berlin's midnight, as the file writes it. */
const stamp = (d: number) => {
  const t = instantOf(Date.UTC(2023, 0, 1) + d * DAY, BERLIN)
  const o = offsetAt(t, BERLIN)
  return `${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)}`
}
const DAYS = 484 // 2023-01-01 .. 2024-04-28
const load = (d: number) => (100 + 10 * Math.sin((2 * Math.PI * d) / 7) + ((d * 13) % 5) / 10).toFixed(2)
const temp = (d: number) => (10 + 5 * Math.cos((2 * Math.PI * d) / 365)).toFixed(1)
/** The rows `from` .. `to` - 1, the load of day d written by `y`. */
const rows = (from: number, to: number, y: (d: number) => string = load) => Array.from({ length: to - from }, (_, k) => `${stamp(from + k)},${y(from + k)},${temp(from + k)}`)
const write = (name: string, lines: string[], header = 'time,load,temp') => {
  const f = join(dir, name)
  writeFileSync(f, [header, ...lines].join('\n') + '\n')
  return f
}
/** A future file's rows `from` .. `to` - 1: the time and the known temp. */
const ahead = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `${stamp(from + k)},${temp(from + k)}`)
const quick = ['--target', 'load', '--epochs', '1', '--seed', '1', '--lookback', '8', '--horizon', '3', '--no-db']
let model = ''
let knownModel = ''

beforeAll(async () => {
  const csv = write('berlin.csv', rows(0, DAYS))
  const t = await fw('train', '--csv', csv, ...quick, '--forecaster', 'naive', '--features', '', '--out', join(dir, 'plain'))
  expect(t.code, t.stderr).toBe(0)
  model = join(dir, 'plain', 'model.json')
  const k = await fw('train', '--csv', csv, ...quick, '--features', 'temp', '--known-future', 'temp', '--forecaster', 'network', '--out', join(dir, 'known'))
  expect(k.code, k.stderr).toBe(0)
  knownModel = join(dir, 'known', 'model.json')
}, 120_000)

describe("notes that name a Berlin file's time write it as the file did", () => {
  it("the trailing-target note names the last value's time in its offset, not the UTC day before", async () => {
    // the last two rows have no load: left out, forecasts start after 2024-04-26's value
    const csv = write('trailing.csv', [...rows(0, DAYS - 2), ...rows(DAYS - 2, DAYS, () => '')])
    const p = await fw('forecast', '--model', model, '--csv', csv, '--steps', '2', '--out', join(dir, 'trailing-f.csv'))
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout + p.stderr).toContain(`forecasts start after its last value (line ${DAYS - 1}, 2024-04-26T00:00:00+02:00)`)
  }, 60_000)

  it('the note on last values past the history names their times in the offset the file wrote', async () => {
    const csv = write('jump.csv', rows(0, DAYS, (d) => (d >= DAYS - 2 ? '5000.00' : load(d))))
    const f = await fw('forecast', '--model', model, '--csv', csv, '--steps', '2', '--out', join(dir, 'jump-f.csv'))
    expect(f.code, f.stderr).toBe(0)
    expect(f.stdout + f.stderr).toContain('the last 2 values of load (2024-04-27T00:00:00+02:00 to 2024-04-28T00:00:00+02:00) lie above')
  }, 60_000)

  it('a future file: its repeated row, and the step it lacks, named as the file writes the time', async () => {
    const csv = write('known.csv', rows(0, DAYS))
    const twice = write('twice.csv', [...ahead(DAYS, DAYS + 2), ahead(DAYS + 1, DAYS + 2)[0]!], 'time,temp')
    const d = await fw('forecast', '--model', knownModel, '--csv', csv, '--future', twice, '--steps', '2', '--out', join(dir, 'twice-f.csv'))
    expect(d.code).not.toBe(0)
    expect(d.stderr).toContain('both rows are 2024-04-30T00:00:00+02:00')
    const short = write('short.csv', ahead(DAYS, DAYS + 1), 'time,temp')
    const s = await fw('forecast', '--model', knownModel, '--csv', csv, '--future', short, '--steps', '3', '--out', join(dir, 'short-f.csv'))
    expect(s.code).not.toBe(0)
    expect(s.stderr).toContain('2024-04-30T00:00:00+02:00')
    expect(s.stderr).not.toMatch(/\d\d:00:00\.000Z/)
  }, 60_000)

  it('fw explain --at: the forecast, its window and its refusals name the times as the file wrote them', async () => {
    const db = join(dir, 'explain.db')
    const t = await fw('train', '--csv', write('explain.csv', rows(0, DAYS)), ...quick.filter((x) => x !== '--no-db'), '--db', db, '--forecaster', 'network', '--features', '', '--out', join(dir, 'explain'))
    expect(t.code, t.stderr).toBe(0)
    const e = await fw('explain', '--run', '1', '--db', db, '--at', '2024-04-26T00:00:00+02:00', '--windows', '0', '--steps', '4')
    expect(e.code, e.stderr).toBe(0)
    expect(e.stdout).toMatch(/ for 2024-04-26T00:00:00\+02:00 \(3 steps after the window ending 2024-04-23T00:00:00\+02:00\)/)
    const off = await fw('explain', '--run', '1', '--db', db, '--at', '2024-04-26T12:00:00+02:00', '--windows', '0', '--steps', '4')
    expect(off.code).not.toBe(0)
    expect(off.stderr).toContain('the nearest are 2024-04-25T00:00:00+02:00, 2024-04-26T00:00:00+02:00, 2024-04-27T00:00:00+02:00')
    const early = await fw('explain', '--run', '1', '--db', db, '--at', '2023-01-02T00:00:00+01:00', '--windows', '0', '--steps', '4')
    expect(early.code).not.toBe(0)
    expect(early.stderr).toContain('forecasts from 2023-01-11T00:00:00+01:00 to 2024-05-01T00:00:00+02:00 can be explained')
    expect(e.stdout + off.stderr + early.stderr).not.toMatch(/T2[23]:00:00(\.000)?Z|T2[23]:00Z/)
  }, 120_000)

  it("a global run's cut dates, at the series' Berlin midnights, as the file wrote them", async () => {
    const long = write('sites.csv', ['a', 'b'].flatMap((site) => rows(0, DAYS).map((r) => `${site},${r}`)), 'site,time,load,temp')
    const g = await fw('train', '--csv', long, '--global', '--series', 'site', ...quick, '--features', '', '--out', join(dir, 'global'))
    expect(g.code, g.stderr).toBe(0)
    expect(g.stdout).toMatch(/cut at the same dates: validation from 20\d\d-\d\d-\d\dT00:00:00\+0[12]:00, test from 20\d\d-\d\d-\d\dT00:00:00\+0[12]:00/)
  }, 120_000)
})

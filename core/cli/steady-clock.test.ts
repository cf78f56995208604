// Local clock times forecast past a daylight-saving night (exploratory pass 15, item 5): fw forecast
// of hourly local times ending 2021-03-27 15:00 wrote 2021-03-28 02:00, an hour many clocks skip,
// and every later stamp an hour off such a clock, saying nothing. The data's zone is unknown (and
// the machine's is no guide), so the stamps stay in steady clock time, and the run now says so.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { steadyClockNote } from '../train/time-step'
import { instantOf, offsetAt } from '../data/clock-rule'
import { offsetText } from '../data/time-cell'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-clock-'))
const HOUR = 3_600_000
/** 400 hourly rows ending 2021-03-27 15:00, local clock times, or with `offset`. */
function file(name: string, offset = ''): string {
  const end = Date.UTC(2021, 2, 27, 15)
  const rows = Array.from({ length: 400 }, (_, i) => end - (399 - i) * HOUR).map((t, i) => `${new Date(t).toISOString().slice(0, 16).replace('T', offset ? 'T' : ' ')}${offset},${(100 + 20 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)}`)
  const f = join(dir, name)
  writeFileSync(f, ['time,load', ...rows].join('\n') + '\n')
  return f
}
const NOTE = 'so the stamps past the end step in steady clock time, with no daylight-saving change: they pass the night of Sunday 2021-03-28'

describe('fw forecast past a daylight-saving night', () => {
  it('local clock times: says the stamps know no clock change when they pass such a night, not before', async () => {
    const csv = file('local.csv')
    expect((await fw('train', '--csv', csv, '--target', 'load', '--epochs', '1', '--no-db', '--forecaster', 'naive', '--out', join(dir, 'local'))).code).toBe(0)
    const model = join(dir, 'local', 'model.json')
    const far = await fw('forecast', '--model', model, '--csv', csv, '--steps', '12', '--out', join(dir, 'f12.csv'))
    expect(far.code).toBe(0)
    expect(far.stdout).toContain(NOTE)
    expect(readFileSync(join(dir, 'f12.csv'), 'utf8')).toMatch(/^2021-03-28 02:00:00,11,/m)
    const near = await fw('forecast', '--model', model, '--csv', csv, '--steps', '3', '--out', join(dir, 'f3.csv'))
    expect(near.code).toBe(0)
    expect(near.stdout).not.toContain('steady clock time')
  })
  it('a global model: the same note, once', async () => {
    const one = readFileSync(file('g.csv'), 'utf8').trim().split('\n').slice(1)
    const csv = join(dir, 'long.csv')
    writeFileSync(csv, ['time,load,shop', ...one.map((l) => `${l},a`), ...one.map((l) => `${l},b`)].join('\n') + '\n')
    const t = await fw('train', '--csv', csv, '--target', 'load', '--series', 'shop', '--global', '--epochs', '1', '--no-db', '--out', join(dir, 'g'))
    expect(t.code).toBe(0)
    const r = await fw('forecast', '--model', join(dir, 'g', 'model.json'), '--csv', csv, '--steps', '12', '--out', join(dir, 'g12.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout.split(NOTE).length).toBe(2)
  })
  it('times with a UTC offset are instants: nothing to say', async () => {
    const csv = file('utc.csv', 'Z')
    expect((await fw('train', '--csv', csv, '--target', 'load', '--epochs', '1', '--no-db', '--forecaster', 'naive', '--out', join(dir, 'utc'))).code).toBe(0)
    const r = await fw('forecast', '--model', join(dir, 'utc', 'model.json'), '--csv', csv, '--steps', '12', '--out', join(dir, 'u12.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('steady clock time')
  })
  it('daily steps, or no such night among the stamps: none', () => {
    const sunday = Date.UTC(2021, 2, 28, 2)
    expect(steadyClockNote([sunday], { kind: 'ms', ms: HOUR }, true)).toContain('Sunday 2021-03-28')
    expect(steadyClockNote([sunday], { kind: 'ms', ms: 24 * HOUR }, true)).toBeNull()
    expect(steadyClockNote([sunday], { kind: 'ms', ms: HOUR }, false)).toBeNull()
    expect(steadyClockNote([Date.UTC(2021, 6, 4, 2)], { kind: 'ms', ms: HOUR }, true)).toBeNull() // a Sunday in July
  })
})

describe('fw forecast past a clock change the file\'s UTC offsets show', () => {
  const BERLIN = { rule: 'EU' as const, std: 60 }
  /** Instant t as a Berlin file writes it: its clock time and offset. */
  const berlin = (t: number) => {
    const o = offsetAt(t, BERLIN)
    return `${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)}`
  }
  const write = (name: string, times: number[]) => {
    const f = join(dir, name)
    writeFileSync(f, ['time,load', ...times.map((t, i) => `${berlin(t)},${(100 + 20 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)}`)].join('\n') + '\n')
    return f
  }
  const train = async (csv: string, out: string) => expect((await fw('train', '--csv', csv, '--target', 'load', '--epochs', '1', '--no-db', '--forecaster', 'naive', '--out', join(dir, out))).code).toBe(0)
  const SPRING = 'note: the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)\n'
  /** A naive run on `times` (as `name`.csv), then fw forecast `steps` past the end: its output, and the stamps its file writes. */
  const ahead = async (name: string, times: number[], steps: number) => {
    const csv = write(`${name}.csv`, times)
    await train(csv, name)
    const out = join(dir, `${name}-${steps}.csv`)
    const r = await fw('forecast', '--model', join(dir, name, 'model.json'), '--csv', csv, '--steps', String(steps), '--out', out)
    expect(r.code).toBe(0)
    return { stdout: r.stdout, stamps: readFileSync(out, 'utf8').split('\n').slice(1, steps + 1).map((l) => l.split(',')[0]) }
  }

  it('hourly, Berlin\'s offsets over both switches: the stamps past the end follow the EU rule, and say so', async () => {
    // 2023-03-20 .. 2024-03-31 01:00 (00:00 UTC): both switches of 2023 among the rows, the last an hour before spring's
    const from = Date.UTC(2023, 2, 20)
    const end = Date.UTC(2024, 2, 31, 0)
    const csv = write('berlin-hourly.csv', Array.from({ length: (end - from) / HOUR + 1 }, (_, i) => from + i * HOUR))
    await train(csv, 'bh')
    const r = await fw('forecast', '--model', join(dir, 'bh', 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'bh3.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)\n')
    expect(r.stdout).not.toContain('steady clock time')
    // each with the offset the rule gives, one hour apart (01:00, 02:00, 03:00 UTC: 02:00 Berlin time skipped)
    expect(readFileSync(join(dir, 'bh3.csv'), 'utf8').split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['2024-03-31T03:00:00+02:00', '2024-03-31T04:00:00+02:00', '2024-03-31T05:00:00+02:00'])
  })

  it('daily at Berlin\'s midnight: past the spring switch the stamps stay at midnight (1 April: 22:00 UTC, not 23:00)', async () => {
    // Berlin's midnights from 2023-01-01 to 2024-03-29: both switches of 2023 among the rows
    const days = Array.from({ length: 454 }, (_, i) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - HOUR, BERLIN) * 60_000)
    expect(berlin(days.at(-1)!)).toBe('2024-03-29T00:00:00+01:00')
    const r = await ahead('bd', days, 3)
    expect(r.stdout).toContain(SPRING)
    expect(r.stamps).toEqual(['2024-03-30T00:00:00+01:00', '2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00'])
  })

  // review (Medium): monthly rows read as a fixed step of about 31 days, so the stamps drifted off the 1st
  it('monthly on the 1st at Berlin\'s midnight (2022-01 .. 2024-03): the next 6 stamps are the 1sts at 00:00, with the rule\'s offset', async () => {
    const months = Array.from({ length: 27 }, (_, i) => instantOf(Date.UTC(2022, i, 1), BERLIN))
    expect(berlin(months.at(-1)!)).toBe('2024-03-01T00:00:00+01:00')
    const r = await ahead('bm', months, 6)
    expect(r.stdout).toContain(SPRING)
    expect(r.stamps).toEqual(['2024-04-01T00:00:00+02:00', '2024-05-01T00:00:00+02:00', '2024-06-01T00:00:00+02:00', '2024-07-01T00:00:00+02:00', '2024-08-01T00:00:00+02:00', '2024-09-01T00:00:00+02:00'])
  })

  it('a global model over two series: the stamps follow the rule, said once', async () => {
    const days = Array.from({ length: 454 }, (_, i) => Date.UTC(2023, 0, 1 + i) - offsetAt(Date.UTC(2023, 0, 1 + i) - HOUR, BERLIN) * 60_000)
    const one = readFileSync(write('berlin-g.csv', days), 'utf8').trim().split('\n').slice(1)
    const csv = join(dir, 'berlin-long.csv')
    writeFileSync(csv, ['time,load,shop', ...one.map((l) => `${l},a`), ...one.map((l) => `${l},b`)].join('\n') + '\n')
    expect((await fw('train', '--csv', csv, '--target', 'load', '--series', 'shop', '--global', '--epochs', '1', '--no-db', '--out', join(dir, 'bg'))).code).toBe(0)
    const r = await fw('forecast', '--model', join(dir, 'bg', 'model.json'), '--csv', csv, '--steps', '3', '--out', join(dir, 'bg3.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout.split('note: the times past the end follow the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31)\n').length).toBe(2)
    expect(readFileSync(join(dir, 'bg3.csv'), 'utf8').split('\n').filter((l) => l.includes(',3,')).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['a,2024-04-01T00:00:00+02:00', 'b,2024-04-01T00:00:00+02:00'])
  })

  it('6-hourly rows over both switches: the stamps past the end step in steady time, and say they drift against the file\'s clock', async () => {
    // every 6 hours in steady time from 2023-03-01 to 2024-03-30 18:00 UTC (19:00+01:00): both switches of 2023 among the rows
    const from = Date.UTC(2023, 2, 1)
    const rows = Array.from({ length: (Date.UTC(2024, 2, 30, 18) - from) / (6 * HOUR) + 1 }, (_, i) => from + i * 6 * HOUR)
    const csv = write('berlin-6h.csv', rows)
    await train(csv, 'b6')
    const r = await fw('forecast', '--model', join(dir, 'b6', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'b6-2.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('note: the times past the end step in steady time, every 6 h, not with the EU clock changes seen in the file (the clocks go forward on Sunday 2024-03-31): after it their clock times of day are an hour later (the files write each with its offset, so every stamp is its instant)\n')
    expect(readFileSync(join(dir, 'b6-2.csv'), 'utf8').split('\n').slice(1, 3).map((l) => l.split(',')[0])).toEqual(['2024-03-31T01:00:00+01:00', '2024-03-31T08:00:00+02:00'])
  })

  it('one switch only (spring): no rule is guessed, the stamps step in steady time as before, and no rule is claimed', async () => {
    const days = Array.from({ length: 120 }, (_, i) => Date.UTC(2024, 0, 1 + i) - offsetAt(Date.UTC(2024, 0, 1 + i) - HOUR, BERLIN) * 60_000)
    const csv = write('berlin-spring.csv', days.filter((t) => t < Date.UTC(2024, 3, 10)))
    await train(csv, 'bs')
    const r = await fw('forecast', '--model', join(dir, 'bs', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'bs2.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('clock changes')
    // a day of 24 hours past the last row's 22:00 UTC, as before, written with the last row's offset (no longer in UTC marked Z)
    expect(readFileSync(join(dir, 'bs2.csv'), 'utf8').split('\n')[1]).toMatch(/^2024-04-11T00:00:00\+02:00,/)
    expect(r.stdout).toContain("note: the times past the end are written with the last row's UTC offset, +02:00")
  })
})

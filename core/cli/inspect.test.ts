// fw inspect: the import's reading of a file before any run, with the values far from the rest.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from './index'
import { fw } from './test-fixtures/fw'
import type { InspectReport } from './inspect'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-inspect-'))

const month = (i: number) => `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`
const level = (i: number) => 50 + 0.2 * i + 4 * Math.sin((2 * Math.PI * i) / 12) + 0.5 * Math.sin(i * 12.9898)

function file(name: string, lines: string[]): string {
  const f = join(dir, name)
  writeFileSync(f, lines.join('\n') + '\n')
  return f
}

describe('fw inspect', () => {
  it('names the types, units and notices, and the bad print with its date and the value in line with the rest', async () => {
    const csv = file('prices.csv', ['month,price,qty', ...Array.from({ length: 120 }, (_, i) => `${month(i)},"$${(i === 61 ? 5000 : level(i)).toFixed(2)}",${i % 9}`)])
    const r = await fw('inspect', '--csv', csv)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`${csv}: 120 rows, ','-separated, decimal dot\n`)
    expect(r.stdout).toContain('time column: month, 2010-01-01 to 2019-12-01\n')
    expect(r.stdout).toMatch(/\nprice\s+numeric\s+\$\s+0\s+/)
    expect(r.stdout).toContain('its unit is "$"')
    expect(r.stdout).toMatch(/\n {2}price \(season 12\): 2015-02-01: 5000\.00 \(≈ 6\d\.\d+\)\n/)
    expect(r.stdout).toContain('\n  qty (season 12): none\n')
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(json.columns.map((c) => [c.name, c.kind, c.unit])).toEqual([['month', 'date', null], ['price', 'numeric', '$'], ['qty', 'numeric', null]])
    const far = json.far.find((f) => f.column === 'price')!
    expect(far.values.map((v) => [v.row, v.line, v.time, v.value])).toEqual([[61, 63, Date.UTC(2015, 1, 1), 5000]])
    expect(Math.abs(far.values[0]!.replacement - level(61))).toBeLessThan(2)
  })

  it("monthly rows at Berlin's midnight on the 1st are searched as months on the file's clock rule, with the year as the season", async () => {
    // 00:00+01:00 in winter, +02:00 in summer (the EU rule, learnt from the offsets): 23:00 or 22:00
    // UTC the day before; read in UTC they are no months, and the search had no season (1)
    const summer = (i: number) => { const m = i % 12; return m >= 3 && m <= 9 }
    const csv = file('berlin-months.csv', ['month,sales', ...Array.from({ length: 120 }, (_, i) => `${month(i)}T00:00:00${summer(i) ? '+02:00' : '+01:00'},${(i === 61 ? 5000 : level(i)).toFixed(2)}`)])
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(json.far.map((f) => [f.column, f.season, f.values.map((v) => [v.row, v.value])])).toEqual([['sales', 12, [[61, 5000]]]])
  })

  it('a step index: the season found from the values, as a run finds it on such a time column', async () => {
    // far from the rest, and not so far that the autocorrelation of the values loses the season
    const flat = (i: number) => 50 + 4 * Math.sin((2 * Math.PI * i) / 12) + 0.5 * Math.sin(i * 12.9898)
    const csv = file('steps.csv', ['t,sales', ...Array.from({ length: 120 }, (_, i) => `${i + 1},${(i === 61 ? 90 : flat(i)).toFixed(2)}`)])
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(json.columns.find((c) => c.name === 't')).toMatchObject({ stepIndex: true })
    expect(json.far.map((f) => [f.column, f.season, f.values.map((v) => [v.row, v.value])])).toEqual([['sales', 12, [[61, 90]]]])
  })

  it('shows sub-daily times as the app does: the day and the time of day to the minute, in UTC', async () => {
    const hour = (i: number) => new Date(Date.UTC(2021, 9, 29) + i * 36e5).toISOString().slice(0, 19)
    const csv = file('hourly.csv', ['time,load', ...Array.from({ length: 96 }, (_, i) => `${hour(i)},${level(i).toFixed(2)}`)])
    const r = await fw('inspect', '--csv', csv)
    expect(r.stdout).toContain('time column: time, 2021-10-29 00:00 to 2021-11-01 23:00\n')
    expect(r.stdout).toMatch(/\ntime\s+date\s+0\s+2021-10-29 00:00\s+2021-11-01 23:00\s*\n/)
  })

  it('a long file is searched one series at a time, and rows out of time order once sorted, as a run reads them', async () => {
    const rows = ['store,month,sales']
    for (const s of ['north', 'south']) for (let i = 0; i < 60; i++) rows.push(`${s},${month(i)},${(s === 'south' && i === 30 ? 900 : level(i)).toFixed(2)}`)
    const csv = file('long.csv', rows)
    const all = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(all.series).toEqual({ columns: ['store'], count: 2, picked: null, pickedRows: null })
    expect(all.far).toEqual([{ column: 'sales', season: null, from: 0, skipped: '2 series in one file: pick one with --series-value', values: [] }])
    const south = JSON.parse((await fw('inspect', '--csv', csv, '--series', 'store', '--series-value', 'south', '--json')).stdout) as InspectReport
    expect(south.far[0]!.values.map((v) => v.value)).toEqual([900])
    const north = await fw('inspect', '--csv', csv, '--series', 'store', '--series-value', 'north')
    expect(north.stdout).toContain('series: 2 in column store; the 60 rows of north below\n')
    expect(north.stdout).toContain('\n  sales (season 12): none\n')
    // rows out of time order are searched as a run reads them, sorted: the bad print is found and
    // named by its date and its line in the file
    const order = Array.from({ length: 60 }, (_, i) => (i * 7) % 60)
    const shuffled = file('shuffled.csv', ['month,v', ...order.map((i) => `${month(i)},${(i === 40 ? 900 : level(i)).toFixed(2)}`)])
    const sh = (await fw('inspect', '--csv', shuffled)).stdout
    expect(sh).toMatch(/\n {2}v \(season 12\): 2013-05-01: 900\.00 \(≈ \d+\.\d+\)\n/)
    const shj = JSON.parse((await fw('inspect', '--csv', shuffled, '--json')).stdout) as InspectReport
    expect(shj.far[0]!.values.map((v) => [v.row, v.line, v.value])).toEqual([[40, order.indexOf(40) + 2, 900]])
    // what a run does with them is said among the notices, as fw train says it
    expect(sh).toMatch(/\n  a run: rows were not in time order \(first at line \d+\); sorted by "month"\n/)
  })

  it('says the gaps as fw train reads them by default: put on the calendar grid (--resample auto), not read across', async () => {
    // exploratory pass 20, finding 5: inspect described the gaps as --resample off would read them
    const gaps = file('gaps.csv', ['month,v', ...Array.from({ length: 60 }, (_, i) => i).filter((i) => i !== 17 && i !== 40).map((i) => `${month(i)},${level(i).toFixed(2)}`)])
    const r = await fw('inspect', '--csv', gaps)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('\n  a run: put on a monthly grid: 2 months absent, the first 2011-06-01, filled from the rows before them, following the season where there is one and not scored;')
    expect(r.stdout).toContain('(--resample off keeps the rows as they are)')
    expect(r.stdout).not.toContain('one step apart')
    // and with more than a few absent, as a run reads them: across the gap, said
    const many = file('many-gaps.csv', ['month,v', ...Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 4 !== 1).map((i) => `${month(i)},${level(i).toFixed(2)}`)])
    const m = await fw('inspect', '--csv', many)
    expect(m.stdout).toContain('a window reads the rows on either side of a gap as one step apart')
    expect(m.stdout).not.toContain('put on a monthly grid')
  })

  it('merges a repeated date first, then puts the merged rows on the grid (exploratory pass 22, finding 4)', async () => {
    // one repeated month used to turn the automatic grid off, the gap then read across, unsaid
    const lines = Array.from({ length: 60 }, (_, i) => i).filter((i) => i !== 17 && i !== 40).map((i) => `${month(i)},${level(i).toFixed(2)}`)
    const dup = file('gaps-dup.csv', ['month,v', ...lines.slice(0, 10), `${month(9)},500`, ...lines.slice(10)])
    const r = await fw('inspect', '--csv', dup)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('a run: 1 row merged')
    expect(r.stdout).toContain('\n  a run: put on a monthly grid: 2 months absent, the first 2011-06-01,')
    expect(r.stdout).not.toContain('one step apart')
  })

  it("says why a calendar series with gaps gets no automatic grid (too many periods absent)", async () => {
    const kept = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 5 !== 3 || i >= 83)
    const r = await fw('inspect', '--csv', file('sparse.csv', ['month,v', ...kept.map((i) => `${month(i)},${level(i).toFixed(2)}`)]))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('\n  a run: no automatic calendar grid (--resample auto): 16 months of 100 absent on a monthly grid (16 %), more than the 15 % it fills; give --resample month to put them on it anyway\n')
    expect(r.stdout).not.toContain('put on a monthly grid')
  })

  it('counts the rows at the end with inputs but no target apart, as rows ahead (exploratory pass 22, finding 3)', async () => {
    const csv = file('ahead.csv', ['month,sales,price', ...Array.from({ length: 60 }, (_, i) => `${month(i)},${i >= 54 ? '' : level(i).toFixed(2)},${10 + (i % 3)}`)])
    const r = await fw('inspect', '--csv', csv)
    expect(r.code).toBe(0)
    // no target chosen: both ways
    expect(r.stdout).toContain('\n  6 rows at the end (from line 56) have no "sales": as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them; as an input, a run fills them with the last value before them (its rule: interpolate, which has no later value to draw a line to)\n')
    // the table counts the 6 apart from the missing values, as the line does
    expect(r.stdout).toMatch(/\nsales +numeric +0 +6 /)
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(json.columns.find((c) => c.name === 'sales')).toMatchObject({ missing: 0, atEnd: 6 })
    const t = await fw('inspect', '--csv', csv, '--target', 'sales')
    expect(t.stdout).toContain('\n  6 rows at the end (from line 56) have no "sales": as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them\n')
  })

  it('a file of several series: a line for the rows ahead of each series, grouped where they end alike, and counted apart in the table', async () => {
    // north and south end with 3 rows of price but no sales, west with 1, east with none
    const ahead: Record<string, number> = { north: 3, south: 3, west: 1, east: 0 }
    const rows = ['store,month,sales,price', ...Object.keys(ahead).flatMap((s) => Array.from({ length: 30 }, (_, i) => `${s},${month(i)},${i >= 30 - ahead[s]! ? '' : level(i).toFixed(2)},${10 + (i % 3)}`))]
    const csv = file('ahead-long.csv', rows)
    const words = 'as the target, rows ahead, not filled: a run leaves them out of training and forecasts read the inputs known in the future from them'
    const t = await fw('inspect', '--csv', csv, '--series', 'store', '--target', 'sales')
    expect(t.code).toBe(0)
    expect(t.stdout).toContain(`\n  in 2 series: store = north and store = south, the last 3 rows have no "sales"; in series store = west, the last row (line 91) has no "sales": ${words}\n`)
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--series', 'store', '--json')).stdout) as InspectReport
    expect(json.columns.find((c) => c.name === 'sales')).toMatchObject({ missing: 0, atEnd: 7 })
    // one series with them: its own lines
    const one = file('ahead-one.csv', rows.filter((r) => !/^(north|south),/.test(r)))
    expect((await fw('inspect', '--csv', one, '--series', 'store', '--target', 'sales')).stdout).toContain(`\n  in series store = west, the last row (line 31) has no "sales": as the target, rows ahead, not filled: a run leaves it out of training and forecasts read the inputs known in the future from it\n`)
  })

  it('says a feature\'s blanks at the end as an input a run fills, not as rows ahead, when --target names another column', async () => {
    const csv = file('temp-ahead.csv', ['month,sales,temp', ...Array.from({ length: 60 }, (_, i) => `${month(i)},${level(i).toFixed(2)},${i >= 46 ? '' : 10 + (i % 3)}`)])
    const r = await fw('inspect', '--csv', csv, '--target', 'sales')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('\n  14 rows at the end (from line 48) have no "temp": an input of a run on "sales", which fills them with the last value before them (its rule: interpolate, which has no later value to draw a line to)\n')
    expect(r.stdout).not.toContain('as the target')
    const bad = await fw('inspect', '--csv', csv, '--target', 'slaes')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('--target "slaes" is not a column of')
  })

  it("with --series-value, the column table is that series' rows, not the whole file's", async () => {
    // north: 60 months from 2010 near 50-70; south: 24 months from 2015 near 500
    const rows = ['store,month,sales']
    for (let i = 0; i < 60; i++) rows.push(`north,${month(i)},${level(i).toFixed(2)}`)
    for (let i = 60; i < 84; i++) rows.push(`south,${month(i)},${(500 + i).toFixed(2)}`)
    const csv = file('two-levels.csv', rows)
    const south = await fw('inspect', '--csv', csv, '--series', 'store', '--series-value', 'south')
    expect(south.code).toBe(0)
    expect(south.stdout).toContain('series: 2 in column store; the 24 rows of south below\n')
    expect(south.stdout).toContain('time column: month, 2015-01-01 to 2016-12-01\n')
    expect(south.stdout).toMatch(/\nsales\s+numeric\s+0\s+560\.0+\s+583\.0+\s+571\.50*\n/)
    const json = JSON.parse((await fw('inspect', '--csv', csv, '--series', 'store', '--series-value', 'south', '--json')).stdout) as InspectReport
    expect(json.rows).toBe(84) // the file's
    expect(json.series).toEqual({ columns: ['store'], count: 2, picked: ['south'], pickedRows: 24 })
    expect(json.columns.find((c) => c.name === 'sales')).toMatchObject({ min: 560, max: 583, mean: 571.5, missing: 0 })
  })

  it('needs --csv, and a file that does not read is exit 2 with the flags to rerun with', async () => {
    expect(await fw('inspect')).toMatchObject({ code: 2, stderr: 'fw inspect: --csv is required\n' })
    const stray = file('stray.csv', ['month,v', ...Array.from({ length: 30 }, (_, i) => `${month(i)},${i === 12 ? 'n/k' : i}`)])
    const r = await fw('inspect', '--csv', stray)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('  rerun with --na n/k to read that value as missing, or\n  with --type v=categorical')
    expect((await fw('inspect', '--csv', stray, '--type', 'v=ignore')).code).toBe(0)
    expect((await fw('inspect', '--csv', stray, '--na', 'n/k')).code).toBe(0)
  })

  it('a header row repeated mid-file is skipped with its line; a --na hint keeps the values given before', async () => {
    const pasted = file('pasted.csv', ['month,v,w', ...Array.from({ length: 30 }, (_, i) => `${month(i)},${i},${i % 4}`), 'month,v,w', ...Array.from({ length: 30 }, (_, i) => `${month(i + 30)},${i},${i % 4}`)])
    const r = await fw('inspect', '--csv', pasted)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(': 60 rows,')
    expect(r.stdout).toContain('  line 32 repeats the header row: skipped\n')
    expect(r.stdout).not.toContain('without a time')
    // two stray values: the second refusal's --na names both, the one command that works
    const stray = file('two-stray.csv', ['month,v,w', ...Array.from({ length: 30 }, (_, i) => `${month(i)},${i === 5 ? 'n/k' : i},${i === 9 ? '#ERR' : i}`)])
    const second = await fw('inspect', '--csv', stray, '--na', 'n/k')
    expect(second.code).toBe(2)
    expect(second.stderr).toContain("  rerun with --na 'n/k,#ERR' to read those values as missing, or\n")
    expect((await fw('inspect', '--csv', stray, '--na', 'n/k,#ERR')).code).toBe(0)
  })

  it("a column's min, max and mean are in one form: no exponent for a small value beside 99.9998", async () => {
    const small = file('small-min.csv', ['month,x,y', ...Array.from({ length: 30 }, (_, i) => `${month(i)},${i === 4 ? '0.0008' : i === 9 ? '99.9998' : (10 + i).toFixed(4)},${i === 3 ? 0 : 742.05 + 1000 * i}`)])
    const r = await fw('inspect', '--csv', small)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\nx\s+numeric\s+0\s+0\.0008\s+99\.9998\s+\d+\.\d{4}\n/)
    expect(r.stdout).toMatch(/\ny\s+numeric\s+0\s+0\.00\s+29742\.05\s+\d+\.\d{2}\n/)
  })

  it('a column with no values is named as not searched, not an internal error', async () => {
    const csv = file('blank.csv', ['month,y,x', ...Array.from({ length: 60 }, (_, i) => `${month(i)},,${level(i).toFixed(2)}`)])
    const r = await fw('inspect', '--csv', csv)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('  y: not searched: the column has no values\n')
    const j = JSON.parse((await fw('inspect', '--csv', csv, '--json')).stdout) as InspectReport
    expect(j.far.find((f) => f.column === 'y')?.skipped).toBe('the column has no values')
  })
})

describe('fw inspect on a terminal', () => {
  it('says on stderr how much of the file is read, then what it does after, and clears the line before the report; nothing where stderr is no terminal', async () => {
    const csv = file('long.csv', ['day,v', ...Array.from({ length: 3000 }, (_, i) => `${new Date(Date.UTC(2000, 0, 1) + i * 864e5).toISOString().slice(0, 10)},${level(i).toFixed(2)}`)])
    let stdout = ''
    let stderr = ''
    const order: string[] = []
    const code = await main(['inspect', '--csv', csv], { write: (s) => void ((stdout += s), order.push('out')), isTTY: false }, { write: (s) => void ((stderr += s), order.push('err')), isTTY: true })
    expect(code, stderr).toBe(0)
    const lines = stderr.split('\r').filter(Boolean)
    expect(lines[0]).toMatch(/^reading long\.csv: \d+ % of 0\.\d MB read\x1b\[K$/)
    expect(lines.at(-2)).toBe("long.csv read; now each column's statistics and the values far from the rest…\x1b[K")
    expect(lines.at(-1)).toBe('\x1b[K') // cleared, before the report
    expect(order.lastIndexOf('err')).toBeLessThan(order.indexOf('out'))
    expect(stdout).toMatch(/^.*long\.csv: 3000 rows/)
    expect((await fw('inspect', '--csv', csv)).stderr).toBe('')
  })
})

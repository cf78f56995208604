// A business-day series and a holiday table (issue 13, item 5): when the rows skip every weekday of
// the table between their first and last row, the run says so and fw forecast's stamps past the end
// skip the table's holidays as they skip weekends; a series open on its holidays keeps them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-holidays-'))
const DAY = 864e5
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
const quick = ['--epochs', '2', '--lookback', '5', '--seed', '3', '--no-db', '--features', '']

/** Business days from 1 Sep to 23 Dec 2021 (a Thursday), less `skip`, with a wandering price;
 *  `id`: a first column naming the series. */
function rows(skip: string[], id?: string): string[] {
  const lines: string[] = []
  let v = 100
  let k = 0
  for (let t = Date.UTC(2021, 8, 1); t <= Date.UTC(2021, 11, 23); t += DAY) {
    if (new Date(t).getUTCDay() % 6 === 0 || skip.includes(iso(t))) continue
    v += Math.sin(k++ * 1.7) * 2
    lines.push(`${id === undefined ? '' : `${id},`}${iso(t)},${v.toFixed(2)}`)
  }
  return lines
}
function tradingDays(file: string, skip: string[]): void {
  writeFileSync(file, ['date,close', ...rows(skip)].join('\n') + '\n')
}
const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','))

const table = join(dir, 'holidays.csv')
writeFileSync(table, 'date\n2021-09-06\n2021-11-25\n2021-12-24\n2021-12-31\n') // Mon, Thu, Fri, Fri

/** Trains on one series of business days less `skip`, then forecasts `steps` past the end: the
 *  training's output and the forecast's dates. */
async function trainAndForecast(name: string, skip: string[], steps: number) {
  const csv = join(dir, `${name}.csv`)
  tradingDays(csv, skip)
  const out = join(dir, name)
  const t = await fw('train', '--csv', csv, '--target', 'close', '--holidays', table, ...quick, '--out', out)
  expect(t.stderr).toBe('')
  expect(t.code).toBe(0)
  const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--steps', String(steps), '--out', join(out, 'f.csv'))
  expect(f.stderr).toBe('')
  expect(f.code).toBe(0)
  return { stdout: t.stdout, forecast: f.stdout, dates: csvRows(join(out, 'f.csv')).slice(1).map((r) => r[0]!.slice(0, 10)) }
}

describe('business days and a holiday table', () => {
  it('rows closed on the holidays: the run says so and the stamps past the end skip them', async () => {
    const { stdout, forecast, dates } = await trainAndForecast('closed', ['2021-09-06', '2021-11-25'], 6)
    expect(stdout).toContain('note: the rows skip all 2 weekdays of the holiday table between the first and last row (a business-day series closed on holidays): forecasts past the end skip the table\'s holidays too, as they skip weekends')
    // Thursday 23 Dec, then Friday 24 (a holiday), the weekend, Mon 27 .. Thu 30, Friday 31 (a holiday), Mon 3 Jan
    expect(dates).toEqual(['2021-12-27', '2021-12-28', '2021-12-29', '2021-12-30', '2022-01-03', '2022-01-04'])
    // the table ends on 31 December: the two January days are taken as no holiday, and that is said
    expect(forecast).toContain('note: the holiday table ends on 2021-12-31; the 2 forecast business days after it are taken as no holiday: extend the table (fw train --holidays FILE) if some are\n')
  }, 60_000)

  it('rows open on a holiday: the run says so and the stamps keep every weekday', async () => {
    const { stdout, forecast, dates } = await trainAndForecast('open', ['2021-09-06'], 3) // a row on Thanksgiving
    expect(stdout).toContain('note: the rows have a row on 1 of the holiday table\'s 2 weekdays between the first and last row: the series is open on holidays, so forecasts past the end keep every weekday, holidays included')
    expect(dates).toEqual(['2021-12-24', '2021-12-27', '2021-12-28'])
    expect(forecast).not.toContain('holiday table ends') // every forecast day is within the table
  }, 60_000)

  it('a global run: each series skips the holidays it is closed on, and the run names those series', async () => {
    const csv = join(dir, 'long.csv')
    writeFileSync(csv, ['exchange,date,close', ...rows(['2021-09-06', '2021-11-25'], 'nyse'), ...rows(['2021-09-06'], 'otc')].join('\n') + '\n')
    const out = join(dir, 'global')
    const t = await fw('train', '--csv', csv, '--target', 'close', '--series', 'exchange', '--global', '--holidays', table, ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    expect(t.stdout).toContain("note: 1 of 2 series have no row on any weekday of the holiday table between their first and last row (exchange = nyse): closed on holidays, their forecasts past the end skip the table's holidays too, as they skip weekends")
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', csv, '--steps', '2', '--out', join(out, 'f.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    const [head, ...body] = csvRows(join(out, 'f.csv'))
    const s = head!.indexOf('exchange')
    const d = head!.indexOf('time')
    const stamps = (x: string) => body.filter((r) => r[s] === x).map((r) => r[d]!.slice(0, 10))
    expect(stamps('nyse')).toEqual(['2021-12-27', '2021-12-28'])
    expect(stamps('otc')).toEqual(['2021-12-24', '2021-12-27'])
  }, 60_000)
})

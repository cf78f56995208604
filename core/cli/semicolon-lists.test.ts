// A list flag or a config file's list given with ';' instead of ',' ("temp_min;wind") is read as
// one name, which no column (or calendar input) has: the refusal says the separator is ',', naming
// the setting, its flag and the value (before, it said only that no column "temp_min;wind" exists,
// or offered "temp_min" as the nearest column).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { semicolonHint } from '../data/near'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-semicolon-'))
const train = (...args: string[]) => fw('train', '--csv', sample, '--target', 'temp_max', '--epochs', '1', '--no-db', '--out', join(dir, 'out'), ...args)

describe('a list given with ";"', () => {
  it('--features: refused, saying the separator is ","', async () => {
    const r = await train('--features', 'temp_min;wind')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('fw train: data.features: no column "temp_min;wind" in seattle-weather.csv; a list is separated by ",", not ";" ("temp_min,wind"); its columns: date, precipitation, temp_max, temp_min, wind, weather\n  (data.features is --features on the command line)\n') // was '(did you mean "temp_min"?)'
  })

  it('--calendar: refused, naming the flag', async () => {
    const r = await train('--calendar', 'dow;month')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('fw train: data.calendar[0] must be one of dow, month, doy, hour, holiday (got "dow;month"); a list is separated by ",", not ";" ("dow,month")\n  (data.calendar is --calendar on the command line)\n')
  })

  it('--series: refused, saying the separator', async () => {
    const r = await train('--series', 'date;weather')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('the series column "date;weather" is not in the header; a list is separated by ",", not ";" ("date,weather")')
  })

  it("a config file's list", async () => {
    const config = join(dir, 'cfg.json')
    writeFileSync(config, JSON.stringify({ data: { features: ['temp_min;wind'] } }))
    const r = await train('--config', config)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('data.features: no column "temp_min;wind" in seattle-weather.csv; a list is separated by ",", not ";" ("temp_min,wind")')
  })

  it('--na: its hint gives the values as a list separated by ","', async () => {
    const csv = join(dir, 'na.csv')
    writeFileSync(csv, 'date,y\n' + Array.from({ length: 30 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${i === 9 ? 'miss' : i === 19 ? 'gone' : i % 7}`).join('\n') + '\n')
    const r = await fw('inspect', '--csv', csv, '--na', 'miss;gone')
    expect(r.code).toBe(2)
    // was "rerun with --na 'miss;gone,miss'", which fails the same way
    expect(r.stderr).toContain('\n  rerun with --na gone,miss to read those values as missing (a list is separated by ",", not ";"), or\n')
  })

  it("says nothing of ';' where its parts are not all names (a column may hold a ';' in its name)", () => {
    expect(semicolonHint('temp_min;x', ['temp_min', 'wind'])).toBe('')
    expect(semicolonHint('temp_min', ['temp_min', 'wind'])).toBe('')
    expect(semicolonHint(' temp_min ; wind', ['temp_min', 'wind'])).toBe('; a list is separated by ",", not ";" ("temp_min,wind")')
  })
})

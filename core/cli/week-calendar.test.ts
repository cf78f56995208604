// Sub-daily rows whose season 'auto' takes the week read the hour of day and the day of week by
// default (WEEK_CALENDAR, core/train/season.ts; measured in docs/forecasting.md section 2): the
// resolved list is stored in the run's config and said; --calendar none, or a calendar given, keeps
// what was asked; rows that keep the day get none (explore21 finding 6).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from './args'
import { readCsvFile } from './io'
import { buildRunConfig, calendarDefaultNote, TRAIN_FLAGS } from './train'
import { defaultSeasonAndLookBack } from '../train/season'
import { gauss } from '../data/testing'

/** Four weeks of hourly rows: a day cycle, and a weekend `weekend` lower (0: no week). */
function hourly(weekend: number): string {
  const z = gauss(7)
  const lines = ['time,load']
  for (let i = 0; i < 28 * 24; i++) {
    const t = Date.UTC(2025, 0, 6) + i * 3_600_000
    const d = new Date(t).getUTCDay()
    const v = 100 + 20 * Math.sin((2 * Math.PI * i) / 24) + (d === 0 || d === 6 ? -weekend : 0) + 2 * z()
    lines.push(`${new Date(t).toISOString().slice(0, 19)}Z,${v.toFixed(2)}`)
  }
  return lines.join('\n') + '\n'
}

describe('the calendar by default on sub-daily rows that take the week', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-week-calendar-'))
  const week = join(dir, 'week.csv')
  const day = join(dir, 'day.csv')
  writeFileSync(week, hourly(40))
  writeFileSync(day, hourly(0))
  const config = async (file: string, ...flags: string[]) => {
    const ds = await readCsvFile(file)
    const built = buildRunConfig(parseArgs(['--csv', file, '--target', 'load', ...flags], TRAIN_FLAGS), ds)
    return { ds, built, config: built.config }
  }

  it('turns on the hour of day and the day of week, stores them as resolved, and says so', async () => {
    const { ds, built, config: c } = await config(week)
    expect(defaultSeasonAndLookBack(ds, 'load', 'auto', 1)).toMatchObject({ season: 168, lookBack: 48, calendar: ['hour', 'dow'] })
    expect(c.data.calendar).toEqual(['hour', 'dow'])
    expect(built.calendarByDefault).toBe(true)
    expect(calendarDefaultNote(built)).toBe('calendar inputs on: hour of day, day of week, as the rows take the week; --calendar none turns them off')
  })

  it('keeps what was asked, and gives none where the rows keep the day', async () => {
    const off = (await config(week, '--calendar', 'none')).built
    expect(off.config.data.calendar).toBe('none')
    expect(off.calendarByDefault).toBe(false)
    expect(calendarDefaultNote(off)).toBeNull()
    expect((await config(week, '--calendar', 'month')).config.data.calendar).toEqual(['month'])
    // the day given as the season: no week, no calendar
    expect((await config(week, '--season', '24')).config.data.calendar).toBeUndefined()
    const d = await config(day)
    expect(defaultSeasonAndLookBack(d.ds, 'load', 'auto', 1).season).toBe(24)
    expect(d.config.data.calendar).toBeUndefined()
    expect(d.built.calendarByDefault).toBe(false)
    expect(calendarDefaultNote(d.built)).toBeNull()
  })
})

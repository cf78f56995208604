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
import { defaultSeasonAndLookBack, weekCalendarNote } from '../train/season'
import { runTraining } from '../train/run'
import { createStoreSink } from '../services/store-sink'
import { toStoredDataset } from '../services/datasets'
import { gauss } from '../data/testing'
import { fw } from './test-fixtures/fw'
import { openStore } from '../store'
import { keepCalendarNote, runNotices } from '../services/run-words'

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

/** fw train's config of `file` with `flags`, and whether its calendar was the default. */
async function config(file: string, ...flags: string[]) {
  const ds = await readCsvFile(file)
  const built = buildRunConfig(parseArgs(['--csv', file, '--target', 'load', ...flags], TRAIN_FLAGS), ds)
  return { ds, built, config: built.config }
}

describe('the calendar by default on sub-daily rows that take the week', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-week-calendar-'))
  const week = join(dir, 'week.csv')
  const day = join(dir, 'day.csv')
  writeFileSync(week, hourly(40))
  writeFileSync(day, hourly(0))

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

describe('the calendar turned on by default, kept with the run', () => {
  const note = 'note: calendar inputs on: hour of day, day of week, as the rows take the week; --calendar none turns them off\n'

  it('fw train says it once; fw show says it again from the store, and the app (Evaluate) reads it in its own words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-week-calendar-kept-'))
    const csv = join(dir, 'week.csv')
    writeFileSync(csv, hourly(40))
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'load', '--epochs', '1', '--hidden', '4', '--forecaster', 'network', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout.split(note).length - 1).toBe(1)
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    const s = await fw('show', id, '--db', db)
    expect([s.code, s.stderr]).toEqual([0, ''])
    expect(s.stdout).toContain(note)
    const store = openStore(db)
    try {
      expect(runNotices(store.runs.get(Number(id)), 'app')).toContain('calendar inputs on: hour of day, day of week, as the rows take the week; untick Hour of day and Day of week under Inputs known in the future in Setup to turn them off')
    } finally {
      store.close()
    }
    // a calendar asked for keeps no such notice
    const asked = await fw('train', '--csv', csv, '--target', 'load', '--calendar', 'hour,dow', '--epochs', '1', '--hidden', '4', '--forecaster', 'network', '--db', db, '--out', dir)
    expect(asked.stdout).not.toContain('calendar inputs on')
    const other = /run (\d+) saved/.exec(asked.stdout)![1]!
    expect((await fw('show', other, '--db', db)).stdout).not.toContain('calendar inputs on')
  }, 120_000)

  it('a run resumed (fw resume, as the app resumes one stopped after its start kept the note) keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-week-calendar-resume-'))
    const csv = join(dir, 'week.csv')
    writeFileSync(csv, hourly(40))
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'load', '--epochs', '2', '--hidden', '4', '--forecaster', 'network', '--db', db)
    expect([t.code, t.stderr]).toEqual([0, ''])
    const id = Number(/run (\d+) saved/.exec(t.stdout)![1]!)
    // stopped after its first epoch: its last checkpoint that epoch's, its notices the note alone
    // (what the app keeps from a run's start, and a fw run's end)
    const store = openStore(db)
    try {
      store.db.prepare("UPDATE runs SET status = 'interrupted', finished_at = NULL WHERE id = ?").run(id)
      store.db.prepare('DELETE FROM epochs WHERE run_id = ? AND epoch > 1').run(id)
      store.db.prepare("UPDATE checkpoints SET epoch = 1 WHERE run_id = ? AND kind = 'last'").run(id)
      store.runs.setNotices(id, [weekCalendarNote()])
      // and a setting that does nothing, which the resumed training keeps a notice of: its notices
      // are written again at its end (an end with none leaves those kept as they are)
      store.db.prepare("UPDATE runs SET config_json = json_set(config_json, '$.model.hiddenActivation', 'relu') WHERE id = ?").run(id)
    } finally {
      store.close()
    }
    const r = await fw('resume', String(id), '--db', db)
    expect([r.code, r.stderr]).toEqual([0, ''])
    const after = openStore(db)
    try {
      expect(after.runs.get(id).status).toBe('done')
      expect(runNotices(after.runs.get(id), 'cli')).toEqual([expect.stringMatching(/^hidden activation relu does nothing/), weekCalendarNote().message])
    } finally {
      after.close()
    }
  }, 120_000)

  it("the app's run keeps it by the start's word alone (Setup's: its default untouched), not by the cycles ticked: from its start to its end, the trainer not told", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-week-calendar-app-'))
    const week = join(dir, 'week.csv')
    writeFileSync(week, hourly(40))
    const { ds, config: c } = await config(week, '--epochs', '1', '--hidden', '4', '--forecaster', 'network')
    expect(c.data.calendar).toEqual(['hour', 'dow'])
    // the training itself keeps no such note: it is the front end's word (its flags, Setup's)
    const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
    const r = (await runTraining({ config: c, dataset: ds }, hooks))!
    expect((r.notices ?? []).map((n) => n.message)).not.toContain(weekCalendarNote().message)
    // the same two cycles: the run stored at its start with the word keeps the note at its end
    // (main's start, keepCalendarNote; its end, the store sink), ticked by hand none
    const store = openStore(join(dir, 'runs.db'))
    try {
      const datasetId = store.datasets.save(toStoredDataset(ds, 'week.csv', week))
      const sink = createStoreSink(store)
      for (const byDefault of [true, false]) {
        const id = keepCalendarNote(store.runs, store.runs.create({ datasetId, configJson: JSON.stringify(c), seed: 1, name: null }), byDefault)
        store.startRun(id)
        sink.onDone(String(id), r)
        expect(runNotices(store.runs.get(id), 'cli').includes(weekCalendarNote().message), `byDefault ${byDefault}`).toBe(byDefault)
      }
    } finally {
      store.close()
    }
  }, 120_000)
})

// The sentence on the inputs a forecast without the network leaves unread names the calendar only
// where the run had one: data.calendar 'auto' on monthly rows gives none (core/data autoCalendar),
// which the config's 'auto' does not say, so the run keeps the calendar it resolved with its choice
// (ChoiceSummary.calendar) and every front end reads that (last stop's note, item 2: "reads none of
// the calendar inputs" on a monthly run that had none).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { parseStoredChoice } from '../services/stored-choice'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-calendar-resolved-'))
const db = join(dir, 'runs.db')
const DAY = 864e5
const UNREAD = 'does not read the calendar inputs: their future values are not used'

/** `n` rows of a seasonal series, a row a day or a month. */
function csv(n: number, monthly: boolean): string {
  const at = (t: number) => (monthly ? Date.UTC(2015, t, 1) : Date.UTC(2021, 0, 1) + t * DAY)
  const lines = Array.from({ length: n }, (_, t) => `${new Date(at(t)).toISOString().slice(0, 10)},${(100 + 10 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919) % 13) / 10).toFixed(2)}`)
  return ['date,sales', ...lines].join('\n') + '\n'
}

const train = async (name: string, monthly: boolean): Promise<string> => {
  const file = join(dir, `${name}.csv`)
  writeFileSync(file, csv(monthly ? 96 : 200, monthly))
  // the forecast forced to naive: the network takes no part, so the sentence on unread inputs is said
  const r = await fw('train', '--csv', file, '--target', 'sales', '--features', '', '--calendar', 'auto', '--forecaster', 'naive', '--epochs', '1', '--lookback', '12', '--seed', '1', '--db', db, '--out', join(dir, name))
  if (r.code !== 0) throw new Error(r.stderr)
  return r.stdout
}

let monthly = ''
let daily = ''
beforeAll(async () => {
  monthly = await train('monthly', true)
  daily = await train('daily', false)
}, 240_000)

describe("the calendar 'auto' resolved, kept with the run's choice", () => {
  it('monthly rows with calendar auto and no features: nothing is said of calendar inputs, by fw train or fw show', async () => {
    expect(monthly).toContain("the forecast is Naive, as configured")
    expect(monthly).not.toContain('calendar inputs')
    const store = openStore(db)
    try {
      expect(parseStoredChoice(store.runs.get(1).choiceJson)?.calendar).toEqual([])
    } finally {
      store.close()
    }
    const show = await fw('show', '1', '--db', db)
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('naive')
    expect(show.stdout).not.toContain('calendar inputs')
  })

  it('daily rows where auto resolves a calendar (day of week, month) still name it', async () => {
    expect(daily).toContain(`The forecast (Naive) ${UNREAD}`)
    const store = openStore(db)
    try {
      expect(parseStoredChoice(store.runs.get(2).choiceJson)?.calendar).toEqual(['dow', 'month'])
    } finally {
      store.close()
    }
    const show = await fw('show', '2', '--db', db)
    expect(show.stdout).toContain(UNREAD)
  })

  it('an older run, its choice stored without the calendar, still opens and keeps the words of its config', async () => {
    const store = openStore(db)
    try {
      const c = JSON.parse(store.runs.get(1).choiceJson!) as Record<string, unknown>
      delete c['calendar']
      store.runs.setChoice(1, JSON.stringify(c))
      expect(parseStoredChoice(store.runs.get(1).choiceJson)?.calendar).toBeUndefined()
    } finally {
      store.close()
    }
    const show = await fw('show', '1', '--db', db)
    expect(show.code).toBe(0)
    // as before the calendar was kept: the config's 'auto' is all that run says
    expect(show.stdout).toContain(UNREAD)
  })
})

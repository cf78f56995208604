// @vitest-environment happy-dom
// A file whose time is an integer step index (t = 1..200, no column of dates): the import the app's
// worker runs (core/data/import importCsv, the CLI's auto-pick) reads t as the step index, and Setup
// offers it as the time, saying what it is, its split cuts named by their integers.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { mountSetup, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

it('offers t as "t: an integer step index", picked, its split cuts named 1..200', async () => {
  const text = 't,y\n' + Array.from({ length: 200 }, (_, i) => `${i + 1},${(10 + 3 * Math.sin(i / 2) + i / 50).toFixed(2)}`).join('\n') + '\n'
  const ds = await importCsv(text, { fileName: 'steps.csv' })
  expect(ds.timeColumn).toBe('t')
  const { w } = await mountSetup(ds, fakes.mountOptions)
  const pick = w.find<HTMLSelectElement>('[data-testid="role-time"]')
  expect(pick.element.value).toBe('t')
  expect(pick.findAll('option').map((o) => o.text())).toContain('t: an integer step index')
  expect(w.text()).toContain('an integer step index (t = 1, 2, …) that the import read as one')
  expect(w.text()).not.toContain('1970')
})

it('offers no calendar grid for a step index, saying why, and shows the refusal of one a loaded config sets', async () => {
  const text = 't,y\n' + Array.from({ length: 200 }, (_, i) => `${i + 1},${(10 + 3 * Math.sin(i / 2) + i / 50).toFixed(2)}`).join('\n') + '\n'
  const ds = await importCsv(text, { fileName: 'steps.csv' })
  const { w, setup } = await mountSetup(ds, fakes.mountOptions)
  const grid = w.get<HTMLSelectElement>('[data-testid="resample"]')
  expect(grid.element.value).toBe('off')
  expect(grid.element.disabled).toBe(true)
  expect(w.text()).toContain('Off: the time column is an integer step index, no date, so there are no days, weeks or months to put the rows on.')
  setup.load(JSON.stringify({ data: { resample: { unit: 'day', every: 1, agg: 'mean' } } }))
  await flushPromises()
  expect(grid.element.disabled).toBe(false) // to set it Off
  expect(setup.check.config).toBeNull()
  expect(setup.errorFor('data.resample')).toBe('the Calendar grid (every day) asks for one row per calendar period, and the time column "t" of steps.csv is an integer step index, no date: it has no days, weeks or months to group the rows by; set the Calendar grid to Off')
  expect(w.text()).toContain('set the Calendar grid to Off')
  await grid.setValue('off')
  expect(setup.errorFor('data.resample')).toBeNull()
})

it('offers no calendar inputs or holiday file for a step index, saying why, and blocks Start naming the file where a loaded config sets them', async () => {
  const text = 't,y\n' + Array.from({ length: 200 }, (_, i) => `${i + 1},${(10 + 3 * Math.sin(i / 2) + i / 50).toFixed(2)}`).join('\n') + '\n'
  const ds = await importCsv(text, { fileName: 'steps.csv' })
  const { w, setup } = await mountSetup(ds, fakes.mountOptions)
  const future = w.get('[data-testid="future-inputs"]')
  expect(future.text()).toContain('Off: the time column is an integer step index, no date, so it has no day of week, month, hour or holiday to give.')
  expect(future.text()).not.toContain('For this spacing')
  for (const k of ['dow', 'month', 'doy', 'hour']) expect(w.get<HTMLInputElement>(`[data-testid="calendar-${k}"]`).element.disabled).toBe(true)
  expect(w.get<HTMLButtonElement>('[data-testid="holidays-load"]').element.disabled).toBe(true)
  expect(setup.check.config).not.toBeNull()
  setup.load(JSON.stringify({ data: { calendar: ['dow'] } }))
  await flushPromises()
  expect(setup.check.config).toBeNull()
  expect(setup.errorFor('data.calendar')).toBe('calendar features (dow) are derived from dates, and the time column "t" of steps.csv is an integer step index, no date: it has no day of week, month or hour; leave the calendar out (untick the calendar inputs and remove the holiday dates)')
  const dow = w.get<HTMLInputElement>('[data-testid="calendar-dow"]')
  expect(dow.element.disabled).toBe(false) // to untick it
  await dow.setValue(false)
  expect(setup.errorFor('data.calendar')).toBeNull()
  expect(setup.check.config).not.toBeNull()
  setup.load(JSON.stringify({ data: { holidays: ['2020-12-25'] } }))
  await flushPromises()
  expect(setup.check.config).toBeNull()
  expect(setup.errorFor('data.holidays')).toContain('calendar features (holiday) are derived from dates, and the time column "t" of steps.csv is an integer step index')
})

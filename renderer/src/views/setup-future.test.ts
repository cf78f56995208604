// @vitest-environment happy-dom
// Setup's inputs known in the future (issue 13, items 5 and 6): calendar inputs, a holiday table
// read from a file and features marked known, written to the config as fw train --calendar,
// --holidays and --known-future write it, and validated as core/train validates it.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { resolveConfig } from '../../../core/train/config'
import type { Dataset } from '../../../core/data/types'
import { smallDataset } from '../test/fakes'
import { mountSetup, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

/** smallDataset's daily rows with a numeric feature, promo. */
function daily(): Dataset {
  const ds = smallDataset(90)
  return { ...ds, columns: [...ds.columns, { kind: 'numeric', name: 'promo', values: Float64Array.from({ length: 90 }, (_, i) => i % 7 === 0 ? 1 : 0) }] }
}

const mounted = () => mountSetup(daily(), fakes.mountOptions)

async function pick(w: Awaited<ReturnType<typeof mounted>>['w'], text: string, name: string) {
  const input = w.get('[data-testid="holidays-file"]')
  Object.defineProperty(input.element, 'files', { value: [new File([text], name)], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

it('calendar inputs: none by default, the spacing\'s suggestion named, each box a feature of data.calendar', async () => {
  const { w, setup } = await mounted()
  const panel = w.get('[data-testid="future-inputs"]')
  expect(setup.draft!.data.calendar).toBeUndefined()
  expect(panel.text()).toContain('For this spacing: day of week and month.')
  await w.get('[data-testid="calendar-dow"]').setValue(true)
  await w.get('[data-testid="calendar-month"]').setValue(true)
  expect(setup.draft!.data.calendar).toEqual(['dow', 'month'])
  await w.get('[data-testid="calendar-dow"]').setValue(false)
  expect(setup.draft!.data.calendar).toEqual(['month'])
  expect(resolveConfig(JSON.parse(JSON.stringify(setup.draft))).data.calendar).toEqual(['month'])
  await w.get('[data-testid="calendar-month"]').setValue(false)
  expect(setup.draft!.data.calendar).toBeUndefined()
  // a loaded config's 'auto' shows what it gives this column, and a click makes it a list
  setup.draft!.data.calendar = 'auto'
  await flushPromises()
  expect((w.get('[data-testid="calendar-dow"]').element as HTMLInputElement).checked).toBe(true)
  expect((w.get('[data-testid="calendar-doy"]').element as HTMLInputElement).checked).toBe(false)
  await w.get('[data-testid="calendar-doy"]').setValue(true)
  expect(setup.draft!.data.calendar).toEqual(['dow', 'month', 'doy'])
})

it('offers only the calendar inputs that change at the data\'s step: no hour of day for daily rows, unless the config ticks it', async () => {
  const { w, setup } = await mounted()
  const boxes = () => w.findAll('[role="group"][aria-label="Calendar inputs"] input').map((b) => b.attributes('data-testid'))
  expect(boxes()).toEqual(['calendar-dow', 'calendar-month', 'calendar-doy'])
  // a loaded config that asks for it shows it, so that it can be unticked
  setup.draft!.data.calendar = ['hour']
  await flushPromises()
  expect(boxes()).toContain('calendar-hour')
  await w.get('[data-testid="calendar-hour"]').setValue(false)
  expect(setup.draft!.data.calendar).toBeUndefined()
})

it('a holiday table from a file: its dates in data.holidays, a bad line named with its file and line, and Remove', async () => {
  const { w, setup } = await mounted()
  await pick(w, 'date\n2020-01-01\n2020-02-17\n2020-01-01\n', 'us.csv')
  expect(setup.draft!.data.holidays).toEqual(['2020-01-01', '2020-02-17'])
  expect(w.get('[data-testid="holidays-summary"]').text()).toContain('2 holiday dates from us.csv (2020-01-01 to 2020-02-17)')
  expect(setup.check.error).toBeNull()
  await pick(w, 'date\n2020-01-01\n2020-13-01\n', 'bad.csv')
  expect(w.get('[data-testid="holidays-error"]').text()).toBe('bad.csv, line 3: "2020-13-01" is not a date written YYYY-MM-DD')
  expect(setup.draft!.data.holidays).toEqual(['2020-01-01', '2020-02-17']) // the table before is kept
  expect(w.get('[data-testid="holidays-summary"]').text()).toContain('from us.csv')
  // a table that came otherwise (a loaded config) names no file
  setup.draft!.data.holidays = ['2020-05-25']
  await flushPromises()
  expect(w.get('[data-testid="holidays-summary"]').text()).toContain('1 holiday date (2020-05-25 to 2020-05-25)')
  expect(w.get('[data-testid="holidays-summary"]').text()).not.toContain('us.csv')
  await w.get('[data-testid="holidays-remove"]').trigger('click')
  expect(setup.draft!.data.holidays).toBeUndefined()
  expect(w.find('[data-testid="holidays-error"]').exists()).toBe(false)
})

it('with a holiday table, "Rows dated by" sets data.periodLabel (start left absent, as fw train leaves it), removed with the table', async () => {
  const { w, setup } = await mounted()
  expect(w.find('[data-testid="period-label"]').exists()).toBe(false) // read only with a holiday table
  await pick(w, '2020-01-01\n', 'us.csv')
  const select = w.get('[data-testid="period-label"]')
  expect((select.element as HTMLSelectElement).value).toBe('start')
  await select.setValue('end')
  expect(setup.draft!.data.periodLabel).toBe('end')
  expect(setup.check.error).toBeNull()
  await select.setValue('start')
  expect(setup.draft!.data.periodLabel).toBeUndefined()
  await select.setValue('end')
  await w.get('[data-testid="holidays-remove"]').trigger('click')
  expect(setup.draft!.data.periodLabel).toBeUndefined()
})

it('features known in the future: ticked ones in data.known, dropped with the feature; a time column removed takes the calendar with it', async () => {
  const { w, setup } = await mounted()
  const d = setup.draft!.data
  if (!d.features.includes('promo')) d.features.push('promo')
  await flushPromises()
  await w.get('[data-testid="known-promo"]').setValue(true)
  expect(setup.draft!.data.known).toEqual(['promo'])
  expect(w.get('[data-testid="future-inputs"]').text()).toContain('The network reads promo of the row it forecasts. Forecasts past the end read them from the rows after the last temp value')
  expect(resolveConfig(JSON.parse(JSON.stringify(setup.draft))).data.known).toEqual(['promo'])
  // unticked as a feature, it is no longer known (core/train refuses a known column that is no input)
  const box = w.findAll('input[type="checkbox"]').find((x) => x.element.parentElement?.textContent?.trim() === 'promo' && !x.attributes('data-testid'))!
  await box.setValue(false)
  expect(setup.draft!.data.features).not.toContain('promo')
  expect(setup.draft!.data.known).toBeUndefined()
  expect(setup.check.error).toBeNull()
  // no time column: no calendar inputs to offer, and none kept
  await w.get('[data-testid="calendar-dow"]').setValue(true)
  setup.draft!.data.holidays = ['2020-01-01']
  await w.get('[data-testid="role-time"]').setValue('')
  await flushPromises()
  expect(setup.draft!.data.time).toBeUndefined()
  expect(setup.draft!.data.calendar).toBeUndefined()
  expect(setup.draft!.data.holidays).toBeUndefined()
  expect(w.find('[data-testid="calendar-dow"]').exists()).toBe(false)
})

it('the split leaves out the rows after the last target value, known inputs or not, as the run does, and says so in the run\'s words (exploratory pass 20, item 2)', async () => {
  const ds = daily()
  // the last 10 days hold promo but no temp: the future rows
  const temp = ds.columns.find((c) => c.name === 'temp') as { values: Float64Array }
  for (let i = 80; i < 90; i++) temp.values[i] = NaN
  const { w, setup } = await mountSetup(ds, fakes.mountOptions)
  if (!setup.draft!.data.features.includes('promo')) setup.draft!.data.features.push('promo')
  await flushPromises()
  // not known: left out all the same, and the inputs filled there (sky, promo) named as the ones to mark known
  const line = ds.lines[80]
  expect(w.get('[data-testid="split-future-rows"]').text()).toBe(`The last 10 rows (from line ${line}) have no "temp": left out of the split; they look like rows ahead (sky, promo filled in): mark sky, promo known in the future in Setup to forecast with them.`)
  // the test part starts where the run's does: 85 % of the 80 rows with a value, day 68
  expect(w.text()).toContain('from 2020-03-09')
  const before = w.get('[data-testid="test-windows"]').text()
  await w.get('[data-testid="known-promo"]').setValue(true)
  await flushPromises()
  expect(w.get('[data-testid="split-future-rows"]').text()).toBe(`The last 10 rows (from line ${line}) have no "temp": left out of the split; they hold the future values of the inputs known in the future, which forecasts past the end read.`)
  expect(w.text()).toContain('from 2020-03-09')
  expect(w.get('[data-testid="test-windows"]').text()).toBe(before)
})

it('a feature\'s box and its known-in-the-future box have names of their own (exploratory pass 18: both were "promo")', async () => {
  const { w, setup } = await mounted()
  const d = setup.draft!.data
  if (!d.features.includes('promo')) d.features.push('promo')
  await flushPromises()
  // a checkbox's accessible name: its aria-label, else the words of the label around it
  const names = w.findAll('input[type="checkbox"]').map((x) => x.attributes('aria-label') ?? x.element.closest('label')?.textContent?.trim() ?? '')
  expect(names).toContain('promo (input feature)')
  expect(names).toContain('promo (known in the future)')
  expect(names.filter((n) => n.startsWith('promo'))).toHaveLength(2)
  expect(new Set(names).size).toBe(names.length)
})

it('a long column name wraps beside its box instead of widening the fieldsets (exploratory pass 18: a 200-character name ran to x≈1940)', async () => {
  // happy-dom lays nothing out: the labels carry the class whose rule wraps them (styles.css), and the
  // fieldsets may be narrower than their widest word; measured in Chromium, Setup's widest element
  // went from x≈1940 to within the 1360-pixel window
  const { w, setup } = await mounted()
  const d = setup.draft!.data
  if (!d.features.includes('promo')) d.features.push('promo')
  await flushPromises()
  for (const id of ['known-promo']) expect(w.get(`[data-testid="${id}"]`).element.closest('label')!.classList).toContain('col-name')
  const feature = w.findAll('input[type="checkbox"]').find((x) => x.attributes('aria-label') === 'promo (input feature)')!
  expect(feature.element.closest('label')!.classList).toContain('col-name')
  const css = (await import('node:fs')).readFileSync('renderer/src/styles.css', 'utf8')
  expect(css).toMatch(/\.col-name \{[^}]*overflow-wrap: anywhere/)
  expect(css).toMatch(/fieldset \{[^}]*min-inline-size: 0/)
})

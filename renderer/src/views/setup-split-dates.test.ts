// @vitest-environment happy-dom
// Setup's split by dates (a config loaded, or a run's settings taken back): the two dates are fields
// beside the split, and their order is checked as they are typed, on the file's clock as the run
// judges it, in the run's words, with Start off and the reason beside the field. Before, Setup had
// no field for them, and one date with an offset and one without in the wrong order (Berlin's 11:30
// is 10:30 UTC) left Start on: the run was refused when it started.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { mountSetup, runRefusal, setupFakesEach } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

// Berlin's midnights (+01:00: 23:00 UTC the day before), 60 days
const berlin = () => importCsv(`time,y\n${Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00+01:00,${(i * 7) % 11}`).join('\n')}\n`, { fileName: 'berlin.csv' })

async function withDates(valStart: string, testStart: string) {
  const dataset = await berlin()
  const m = await mountSetup(dataset, fakes.mountOptions)
  m.setup.draft!.data.split = { kind: 'date', valStart, testStart, gap: 0 }
  await flushPromises()
  return { ...m, dataset }
}
const start = (w: Awaited<ReturnType<typeof withDates>>['w']) => w.get('[data-testid="start-training"]')
const beside = (w: Awaited<ReturnType<typeof withDates>>['w'], id: string) => {
  const input = w.get(`[data-testid="${id}"]`)
  const d = input.attributes('aria-describedby') ?? ''
  return d.split(' ').map((x) => w.find(`[id="${x}"]`)).filter((x) => x.exists()).map((x) => x.text()).join(' ')
}

it('shows the two dates as fields and starts with them in order', async () => {
  const { w } = await withDates('2024-01-31', '2024-02-15')
  expect((w.get('[data-testid="split-val-start"]').element as HTMLInputElement).value).toBe('2024-01-31')
  expect((w.get('[data-testid="split-test-start"]').element as HTMLInputElement).value).toBe('2024-02-15')
  expect(start(w).attributes('disabled')).toBeUndefined()
})

it('turns Start off as a test date before the validation date is typed, in the words the run refuses it with', async () => {
  const { w, setup, dataset } = await withDates('2024-01-31', '2024-02-15')
  await w.get('[data-testid="split-test-start"]').setValue('2024-01-20')
  expect(setup.draft!.data.split).toMatchObject({ testStart: '2024-01-20' })
  expect(start(w).attributes('disabled')).toBeDefined()
  expect(beside(w, 'split-test-start')).toMatch(/must come after data\.split\.valStart/i)
  expect(runRefusal(dataset, setup.draft!)).toMatch(/must come after data\.split\.valStart/)
  await w.get('[data-testid="split-test-start"]').setValue('2024-02-10')
  expect(start(w).attributes('disabled')).toBeUndefined()
})

it("judges a date with an offset and one without on the file's clock: Berlin's 11:30 is 10:30 UTC, before 10:45 UTC", async () => {
  const { w, setup, dataset } = await withDates('2024-01-20 11:30', '2024-02-10T10:45:00Z')
  expect(start(w).attributes('disabled')).toBeUndefined()
  // in order on the file's clock (10:30 UTC, then 10:45 UTC), though not as UTC: no word of order
  await w.get('[data-testid="split-val-start"]').setValue('2024-01-31 11:30')
  await w.get('[data-testid="split-test-start"]').setValue('2024-01-31T10:45:00Z')
  expect(beside(w, 'split-test-start')).not.toMatch(/must be after/)
  await w.get('[data-testid="split-val-start"]').setValue('2024-01-31T10:45:00Z')
  await w.get('[data-testid="split-test-start"]').setValue('2024-01-31 11:30')
  expect(start(w).attributes('disabled')).toBeDefined()
  const refused = runRefusal(dataset, setup.draft!)!
  expect(refused).toBe('must be after split.valStart: "2024-01-31 11:30" on the file\'s clock (2024-01-31 10:30 UTC) is before "2024-01-31T10:45:00Z" (2024-01-31 10:45 UTC)')
  // the same words beside the field (its first letter a capital, as every field's message)
  expect(beside(w, 'split-test-start')).toContain(refused.charAt(0).toUpperCase() + refused.slice(1))
  expect(w.get('[data-testid="start-blocker"]').text()).toContain('10:30 UTC')
})

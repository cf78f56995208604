// @vitest-environment happy-dom
// Whether a run's calendar is the default one is known where it was chosen: Setup sends it with the
// start (startRun's calendarByDefault), and main keeps the "on by default" note with the run by it alone.
// The hour of day and the day of week Setup set for sub-daily rows that take the week, untouched,
// are the default; the same two ticked by hand are asked for, and give no such note.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, expect, it, vi } from 'vitest'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { doneReply, fakeWorker, setUpView, type FakeApi } from '../test/fakes'
import { importCsv } from '../../../core/data/import'
import { startWithSetup } from './quickstart'

/** Four weeks of hourly rows, a weekend 40 lower: 'auto' takes the week. */
function hourly(): string {
  const lines = ['time,load']
  for (let i = 0; i < 28 * 24; i++) {
    const t = Date.UTC(2025, 0, 6) + i * 3_600_000
    const d = new Date(t).getUTCDay()
    lines.push(`${new Date(t).toISOString().slice(0, 19)}Z,${(100 + 20 * Math.sin((2 * Math.PI * i) / 24) + (d === 0 || d === 6 ? -40 : 0) + (i % 7) * 0.3).toFixed(2)}`)
  }
  return lines.join('\n') + '\n'
}

let api: FakeApi
beforeEach(async () => {
  ;({ api } = setUpView({ saveDataset: vi.fn(async () => ({ datasetId: 3, reused: false })), startRun: vi.fn(async () => ({ startId: 1 })) }))
  localStorage.clear()
  setImportWorkerFactory(fakeWorker(doneReply(await importCsv(hourly(), { fileName: 'load.csv' }))))
  useSetupStore() // its draft follows the dataset opened
  expect(await useDatasetStore().importFrom('csv text', 'load.csv')).toBe(true)
  await flushPromises()
})

const sent = () => vi.mocked(api.startRun).mock.calls.at(-1)![0]

it("sends the untouched default calendar as the default", async () => {
  expect(useSetupStore().draft!.data.calendar).toEqual(['hour', 'dow'])
  await startWithSetup()
  expect(sent().config.data.calendar).toEqual(['hour', 'dow'])
  expect(sent().calendarByDefault).toBe(true)
})

it('sends the same two cycles ticked by hand as asked for, not the default', async () => {
  const setup = useSetupStore()
  // as FutureInputs' boxes do: a new list each tick
  setup.draft!.data.calendar = ['hour']
  setup.draft!.data.calendar = ['dow', 'hour'].filter((f) => f !== 'x').reverse()
  expect(setup.draft!.data.calendar).toEqual(['hour', 'dow'])
  await startWithSetup()
  expect(sent().calendarByDefault).toBe(false)
})

it('sends no default where the rows take no calendar', async () => {
  const setup = useSetupStore()
  delete setup.draft!.data.calendar
  await startWithSetup()
  expect(sent().calendarByDefault).toBe(false)
})

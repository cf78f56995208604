// @vitest-environment happy-dom
// A global run's split by dates, one date with an offset and one without, on a long file whose
// series keep their own UTC offsets (store a in Berlin, +01:00; store b in India, +05:30): the run
// reads the date without an offset on each series' own clock (core/data/global seriesCuts) and
// refuses a series on whose clock the dates are out of order. Setup checked their order as typed on
// the file's clock only, so Start stayed on and the run was refused when it started.
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { PipelineError } from '../../../core/data/errors'
import { bareMessage, prepareGlobal } from '../../../core/data/global'
import { importCsv } from '../../../core/data/import'
import { resolveConfig } from '../../../core/train/config'
import { toPipelineConfig } from '../../../core/train/prepare'
import type { TrainConfig } from '../../../core/train/types'
import type { Dataset } from '../../../core/data/types'
import { setUpView } from '../test/fakes'
import { mountSetup } from './mount-setup'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let mountOptions: ReturnType<typeof setUpView>['mountOptions']
beforeEach(() => {
  ;({ mountOptions } = setUpView())
})

const rows = (id: string, off: string) => Array.from({ length: 40 }, (_, i) => `${id},${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00${off},${(i * 7) % 11}`)
const zones = () => importCsv(`store,time,y\n${[...rows('a', '+01:00'), ...rows('b', '+05:30')].join('\n')}\n`, { fileName: 'zones.csv', series: ['store'] })

/** The refusal a global run of `draft` on `ds` meets as it cuts its series (prepareGlobal), in the words Setup shows; null where it cuts them. */
function globalRefusal(ds: Dataset, draft: TrainConfig): string | null {
  const c = resolveConfig(JSON.parse(JSON.stringify(draft)))
  try {
    prepareGlobal(ds, toPipelineConfig(c, ds), ['store'])
    return null
  } catch (e) {
    return bareMessage(e as PipelineError)
  }
}

/** Setup on the zones file, a global run split by dates from Berlin's midnight of 25 January (23:00
 *  UTC on the 24th) to `testStart`, as typed. */
async function globalFrom(testStart: string) {
  const ds = await zones()
  const { w, setup } = await mountSetup(ds, mountOptions, { columns: ['store'], count: 2, values: null })
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await flushPromises()
  setup.draft!.data.split = { kind: 'date', valStart: '2024-01-25T00:00:00+01:00', testStart, gap: 0 }
  await flushPromises()
  return { ds, w, setup }
}

it("checks the dates' order as typed on each series' own clock, as the run does at Start", async () => {
  const { ds, w, setup } = await globalFrom('2024-01-25 06:00')
  const start = () => w.get('[data-testid="start-training"]')
  // 06:00 is 05:00 UTC in Berlin, 00:30 UTC in India: after 23:00 UTC the day before on both clocks
  expect(globalRefusal(ds, setup.draft!)).toBeNull()
  expect(start().attributes('disabled')).toBeUndefined()
  // the fields' hints name the clock the run reads them on: each series' own, not the file's
  const hint = (id: string) => w.get(`#${w.get(`[data-testid="${id}"]`).attributes('aria-describedby')}`).text()
  expect(hint('split-val-start')).toBe("A date or time: without an offset, on each series' own clock (2024-03-01 is its midnight there).")
  expect(hint('split-test-start')).toBe("After Validation from, as instants on each series' own clock.")
  // 03:00 is 02:00 UTC in Berlin, but 21:30 UTC the day before in India: before validation, for store b alone
  await w.get('[data-testid="split-test-start"]').setValue('2024-01-25 03:00')
  await flushPromises()
  const refused = globalRefusal(ds, setup.draft!)
  expect(refused).toMatch(/^series store = b: must be after split\.valStart: "2024-01-25 03:00" on its own clock \(2024-01-24 21:30 UTC\) is before/)
  expect(start().attributes('disabled')).toBeDefined()
  expect(setup.errorFor('data.split.testStart')).toBe(`data.split.testStart: ${refused}`)
  expect(w.get('[data-testid="start-blocker"]').text()).toContain('series store = b: must be after')
  // in order again on every series' clock: Start is back
  await w.get('[data-testid="split-test-start"]').setValue('2024-01-26')
  await flushPromises()
  expect(start().attributes('disabled')).toBeUndefined()
})

it("turns dates into shares only where they are in order on each series' own clock, saying which series refuses them", async () => {
  // in order on Berlin's clock (and the file's), 21:30 UTC the day before validation on store b's
  const { ds, setup } = await globalFrom('2024-01-25 03:00')
  const refused = globalRefusal(ds, setup.draft!)
  expect(refused).toMatch(/^series store = b: /)
  const note = setup.chooseSplitKind('fraction')
  // the conversion was checked on the file's clock only: it turned these dates into shares
  expect(note).toContain(`(Test from: ${refused})`)
  expect(setup.draft!.data.split.kind).toBe('fraction')
  // in order on every series' clock, but Test from, without an offset, is store b's own midnight of
  // the 26th (18:30 UTC on the 25th), before the file's: shares cut every series at one instant of
  // the pooled times, and no such instant cuts store b where the dates do; said, not turned
  setup.draft!.data.split = { kind: 'date', valStart: '2024-01-25T00:00:00+01:00', testStart: '2024-01-26', gap: 0 }
  expect(setup.chooseSplitKind('fraction')).toContain("series store = b would be cut at other rows: 25 training and 0 validation rows by the dates, 25 and 1 by shares): the split is by share of rows at 70 % training and 15 % validation, the defaults.")
  // both dates with an offset name one instant for every series: turned into the shares that cut the same rows, nothing said
  setup.draft!.data.split = { kind: 'date', valStart: '2024-01-25T00:00:00+01:00', testStart: '2024-01-26T00:00:00+01:00', gap: 0 }
  expect(setup.chooseSplitKind('fraction')).toBeNull()
  expect(setup.draft!.data.split.kind).toBe('fraction')
})

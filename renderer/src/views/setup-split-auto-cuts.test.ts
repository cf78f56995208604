// @vitest-environment happy-dom
// A global run's split switched between dates and shares on a long file of three series spanning
// different periods (store c starts two years after the others), no offsets, cuts 'auto': shares
// whose shared dates would skip a series that its own split keeps have the run split each series on
// its own rows (core/data/global prepareGlobal), which dates never do. Setup switched all the same,
// saying "Switching keeps the cuts", and the run's rows moved; now it names the series they would
// move, before the lanes have read the run's rows and after.
import { flushPromises } from '@vue/test-utils'
import { expect, it, vi } from 'vitest'
import { prepareGlobal } from '../../../core/data/global'
import type { Dataset } from '../../../core/data/types'
import { resolveConfig } from '../../../core/train/config'
import { toPipelineConfig } from '../../../core/train/prepare'
import type { TrainConfig } from '../../../core/train/types'
import { mountSetup, setupFakesEach } from './mount-setup'
import { threePeriods } from '../test/three-periods'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach()

async function settle(): Promise<void> {
  for (let k = 0; k < 12; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}
/** Each series the run with `draft`'s settings and `split` keeps: [training end, validation start, validation end, test start]. */
function runCuts(ds: Dataset, draft: TrainConfig, split: TrainConfig['data']['split']) {
  const c = resolveConfig(JSON.parse(JSON.stringify({ ...draft, data: { ...draft.data, split } })))
  const g = prepareGlobal(ds, toPipelineConfig(c, ds), ['store'])
  return { mode: g.cutMode, cuts: Object.fromEntries(g.parts.map((p) => [p.label, [p.prep.splits.train.end, p.prep.splits.val.start, p.prep.splits.val.end, p.prep.splits.test.start]])) }
}
async function globalSetup() {
  const ds = await threePeriods()
  const { w, setup } = await mountSetup(ds, fakes.mountOptions, { columns: ['store'], count: 3, values: null })
  await w.get('[data-testid="series-mode-global"]').setValue(true)
  await flushPromises()
  expect(setup.draft!.data.series?.global?.cuts ?? 'auto').toBe('auto')
  return { ds, w, setup }
}

it("turns dates into shares only where the run keeps every series' rows, naming the series the shares would move", async () => {
  const { ds, setup } = await globalSetup()
  // store c starts after Validation from: the dates skip it, shares there would have the run keep it on its own rows
  const dates = { kind: 'date' as const, valStart: '2023-07-01', testStart: '2024-06-01', gap: 0 }
  setup.draft!.data.split = { ...dates }
  await flushPromises()
  expect(runCuts(ds, setup.draft!, dates).mode).toBe('dates')
  const note = setup.chooseSplitKind('fraction')
  expect(note).toMatch(/^The dates cut no shares of the rows \(shares would have the run split each series on its own rows \(cuts auto: the same dates for all would skip 1 series that its own split keeps\), and series store = b would be cut at other rows: \d+ training and \d+ validation rows by the dates, \d+ and \d+ by shares\): the split is by share of rows at 70 % training and 15 % validation, the defaults\.$/)
  expect(setup.draft!.data.split).toEqual({ kind: 'fraction', train: 0.7, val: 0.15, gap: 0 })
  // the same once the lanes have read the run's rows (theirs are taken, not read again)
  setup.draft!.data.split = { ...dates }
  await settle()
  expect(setup.chooseSplitKind('fraction')).toBe(note)
  // dates the run keeps every series at: the shares that cut the same rows, nothing said
  const keeping = { kind: 'date' as const, valStart: '2024-03-01', testStart: '2024-05-01', gap: 0 }
  setup.draft!.data.split = { ...keeping }
  expect(setup.chooseSplitKind('fraction')).toBeNull()
  const shares = setup.draft!.data.split
  expect(shares.kind).toBe('fraction')
  expect(runCuts(ds, setup.draft!, shares)).toEqual(runCuts(ds, setup.draft!, keeping))
})

it('turns shares into dates only where the run cuts every series at the shared dates, else the split stays by share of rows', async () => {
  const { ds, w, setup } = await globalSetup()
  const half = { kind: 'fraction' as const, train: 0.5, val: 0.3, gap: 0 }
  setup.draft!.data.split = { ...half }
  await settle()
  // the lanes say what the run does: each series on its own rows
  expect(w.get('[data-testid="split-lanes-summary"]').text()).toContain('Each series split on its own rows (50 % training, 30 % validation, the rest test). Auto: the same dates for all would skip 1 series that their own split keeps.')
  expect(runCuts(ds, setup.draft!, half).mode).toBe('series')
  const note = setup.chooseSplitKind('date')
  expect(note).toMatch(/^The split stays by share of rows: the shares have the run split each series on its own rows \(cuts auto: the same dates for all would skip 1 series that its own split keeps\), which no dates do: at the dates where they fall \(validation from 2023-07-03, test from 2024-05-26\) series store = b would be cut at other rows, \d+ training and \d+ validation rows by the shares, \d+ and \d+ by the dates; with Cuts “the same dates for every series” the shares cut every series at those dates\.$/)
  expect(setup.draft!.data.split).toEqual(half)
  // as the note says: those dates cut store b elsewhere
  const d = { kind: 'date' as const, valStart: '2023-07-03', testStart: '2024-05-26', gap: 0 }
  expect(runCuts(ds, setup.draft!, d).cuts['store = b']).not.toEqual(runCuts(ds, setup.draft!, half).cuts['store = b'])
  // the same dates for every series: the shares cut there too, and become those dates
  await w.get('[data-testid="global-cuts"]').setValue('dates')
  await flushPromises()
  expect(setup.chooseSplitKind('date')).toBeNull()
  expect(setup.draft!.data.split).toEqual(d)
})

// A global run's split turned between dates and shares on a long file whose series span different
// periods (no offsets). A split by dates cuts every series at them; a split by shares under cuts
// 'auto' (the default) cuts every series at the same dates too, unless those dates would skip a
// series that its own split keeps: then each series is split on its own rows (core/data/global.ts
// prepareGlobal, cutMode 'series'). Setup turned dates into the shares of the pooled times that
// fall at them, and shares into the dates where they fall, without asking whether the shares made
// the run switch: the switch kept the split's name and moved rows. Checked against prepareGlobal.
import { expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from '../../../core/data/config'
import { prepareGlobal, type GlobalPrepared } from '../../../core/data/global'
import { finish } from '../../../core/data/pausable'
import { zoneMarkOf } from '../../../core/data/time-cell'
import type { Dataset, DateColumn } from '../../../core/data/types'
import { groupSeries } from './series-groups'
import { runSpansSteps, seriesSpansSteps, type CutOptions } from './series-spans'
import { datesToFractions, fractionsToDates, pooledAxis, type DateSplit, type FractionSplit, type RunSeries } from './split-kind'
import { threePeriods } from '../test/three-periods'

const window: CutOptions['window'] = { lookback: 14, horizon: 7, stride: 1, mode: 'final' }
const configOf = (ds: Dataset, split: PipelineConfig['split']): PipelineConfig => defaultConfig(ds, 'y', { features: [], level: 'window', window, split, time: { column: 'time', duplicates: 'mean', resample: null } })
/** The run's series as Setup's lanes have them: its rows of each, the cuts auto. */
function runOf(ds: Dataset): RunSeries {
  const groups = groupSeries(ds, ['store'])
  const spans = finish(runSpansSteps(finish(seriesSpansSteps(ds, groups, 'time')), ds, groups, ['store'], configOf(ds, { by: 'fraction', train: 0.7, val: 0.15, gap: 0 })))
  return { spans, cut: { window, cuts: 'auto', zone: zoneMarkOf(ds.columns.find((c) => c.name === 'time')), columns: ['store'] } }
}
/** Each kept series' cuts as the run makes them: [training end, validation start, validation end, test start]. */
const runCuts = (g: GlobalPrepared) => Object.fromEntries(g.parts.map((p) => [p.label, [p.prep.splits.train.end, p.prep.splits.val.start, p.prep.splits.val.end, p.prep.splits.test.start]]))
const byDates = (ds: Dataset, d: DateSplit) => prepareGlobal(ds, configOf(ds, { by: 'date', valStart: d.valStart, testStart: d.testStart, gap: d.gap }), ['store'])
const byShares = (ds: Dataset, f: FractionSplit) => prepareGlobal(ds, configOf(ds, { by: 'fraction', train: f.train, val: f.val, gap: f.gap }), ['store'])
/** The rows of series `label` the note quotes, by the run: "N training and M validation". */
const rowsIn = (g: GlobalPrepared, label: string) => {
  const p = g.parts.find((x) => x.label === label)
  return p ? [p.prep.splits.train.end, p.prep.splits.val.end - p.prep.splits.val.start] : null
}

it("turns dates into shares only where the shares keep every series' rows under cuts 'auto', else names the series they would move", async () => {
  const ds = await threePeriods()
  const tcol = ds.columns.find((c): c is DateColumn => c.name === 'time')!
  const axis = pooledAxis(tcol.values)
  const zone = zoneMarkOf(tcol)
  // store c starts after Validation from: the dates skip it
  const skipping: DateSplit = { kind: 'date', valStart: '2023-07-01', testStart: '2024-06-01', gap: 0 }
  const dated = byDates(ds, skipping)
  expect(dated.cutMode).toBe('dates')
  expect(dated.parts.map((p) => p.label)).toEqual(['store = a', 'store = b'])
  // the shares of the pooled times at those dates: the run split each series on its own rows instead
  const blind = datesToFractions(skipping, axis, zone) as FractionSplit
  const shared = byShares(ds, blind)
  expect(shared.cutMode).toBe('series')
  expect(runCuts(shared)).not.toEqual(runCuts(dated))
  // with the run's series: no shares, and the first series they move named with its rows both ways
  const f = datesToFractions(skipping, axis, zone, null, runOf(ds))
  expect(f).toEqual({ error: expect.stringMatching(/^shares would have the run split each series on its own rows \(cuts auto: the same dates for all would skip 1 series that its own split keeps\), and series store = b would be cut at other rows: (\d+) training and (\d+) validation rows by the dates, (\d+) and (\d+) by shares$/) })
  const [, ...n] = /: (\d+) training and (\d+) validation rows by the dates, (\d+) and (\d+) by shares$/.exec((f as { error: string }).error)!
  expect(n.map(Number)).toEqual([...rowsIn(dated, 'store = b')!, ...rowsIn(shared, 'store = b')!])

  // dates that skip no series: the shares keep the shared cuts, and every series' rows
  const keeping: DateSplit = { kind: 'date', valStart: '2024-03-01', testStart: '2024-05-01', gap: 0 }
  const g = datesToFractions(keeping, axis, zone, null, runOf(ds))
  expect(g).toMatchObject({ kind: 'fraction' })
  const kept = byShares(ds, g as FractionSplit)
  expect(kept.cutMode).toBe('dates')
  expect(runCuts(kept)).toEqual(runCuts(byDates(ds, keeping)))
})

it("turns shares into dates only where the run cuts every series at the shared dates, else names the series the dates would move", async () => {
  const ds = await threePeriods()
  const tcol = ds.columns.find((c): c is DateColumn => c.name === 'time')!
  const axis = pooledAxis(tcol.values)
  const zone = zoneMarkOf(tcol)
  // half the pooled times for training: store c starts after that date, and its own split keeps it
  const half: FractionSplit = { kind: 'fraction', train: 0.5, val: 0.3, gap: 0 }
  const shared = byShares(ds, half)
  expect(shared.cutMode).toBe('series')
  const blind = fractionsToDates(half, axis, zone) as DateSplit
  const dated = byDates(ds, blind)
  expect(runCuts(dated)).not.toEqual(runCuts(shared))
  const d = fractionsToDates(half, axis, zone, runOf(ds))
  expect(d).toEqual({ error: expect.stringMatching(new RegExp(`^the shares have the run split each series on its own rows \\(cuts auto: the same dates for all would skip 1 series that its own split keeps\\), which no dates do: at the dates where they fall \\(validation from ${blind.valStart}, test from ${blind.testStart}\\) series store = b would be cut at other rows, (\\d+) training and (\\d+) validation rows by the shares, (\\d+) and (\\d+) by the dates; with Cuts “the same dates for every series” the shares cut every series at those dates$`)) })
  const [, ...n] = /, (\d+) training and (\d+) validation rows by the shares, (\d+) and (\d+) by the dates/.exec((d as { error: string }).error)!
  expect(n.map(Number)).toEqual([...rowsIn(shared, 'store = b')!, ...rowsIn(dated, 'store = b')!])
  // shares whose shared dates skip no series: the dates where they fall, as before
  const late: FractionSplit = { kind: 'fraction', train: 0.7, val: 0.1, gap: 0 }
  expect(byShares(ds, late).cutMode).toBe('dates')
  const e = fractionsToDates(late, axis, zone, runOf(ds))
  expect(e).toEqual(fractionsToDates(late, axis, zone))
  expect(runCuts(byDates(ds, e as DateSplit))).toEqual(runCuts(byShares(ds, late)))
})

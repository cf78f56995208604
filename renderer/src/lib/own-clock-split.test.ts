// A global run's split by dates on a long file whose series are written in different zones (each
// row's UTC offset kept): the run reads a date without an offset on each series' own clock
// (core/data/global.ts seriesCuts), cutting each at its own midnight. Setup cut its lanes at the
// dates read on the file's clock, one instant for every series, and turned the dates into shares of
// the pooled times, which also cut every series at one instant: both drew or kept rows on the wrong
// side of a cut for the series whose clock is not the file's. Checked against prepareGlobal itself.
import { expect, it } from 'vitest'
import { defaultConfig, type PipelineConfig } from '../../../core/data/config'
import { prepareGlobal, seriesRows, type GlobalPrepared } from '../../../core/data/global'
import { importCsv } from '../../../core/data/import'
import { zoneMarkOf } from '../../../core/data/time-cell'
import type { Dataset, DateColumn } from '../../../core/data/types'
import { groupSeries } from './series-groups'
import { cutSeries, seriesSpansSteps, type CutOptions, type SeriesCuts, type SeriesSpans } from './series-spans'
import { datesToFractions, pooledAxis, type DateSplit } from './split-kind'

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)
/** Three series, each at its own midnights: store a in Berlin (+01:00) for 60 days; store b in
 *  India (+05:30) for 60 days less every fifth (gaps); store c in New York (-05:00) from day 20 on. */
async function threeClocks(): Promise<Dataset> {
  const rows = ['store,time,y']
  const at = (id: string, off: string, days: number[]) => days.forEach((d) => rows.push(`${id},${day(d)}T00:00:00${off},${(10 + (d % 7) + 0.1 * d).toFixed(2)}`))
  const span = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i)
  at('a', '+01:00', span(0, 60))
  at('b', '+05:30', span(0, 60).filter((d) => d % 5 !== 4))
  at('c', '-05:00', span(20, 40))
  return importCsv(rows.join('\n') + '\n', { fileName: 'clocks.csv', series: ['store'] })
}
const DATES = { valStart: '2024-02-10', testStart: '2024-02-20', gap: 0 }
const window: CutOptions['window'] = { lookback: 5, horizon: 2, stride: 1, mode: 'final' }
const configOf = (ds: Dataset, split: PipelineConfig['split']): PipelineConfig => defaultConfig(ds, 'y', { features: [], level: 'window', window, split, time: { column: 'time', duplicates: 'mean', resample: null } })
function spansOf(ds: Dataset): SeriesSpans {
  const gen = seriesSpansSteps(ds, groupSeries(ds, ['store']), 'time')
  for (;;) {
    const r = gen.next()
    if (r.done) return r.value
  }
}
/** Each kept series' cuts as the run makes them: [training end, validation start, validation end, test start]. */
const runCuts = (g: GlobalPrepared) => Object.fromEntries(g.parts.map((p) => [p.label, [p.prep.splits.train.end, p.prep.splits.val.start, p.prep.splits.val.end, p.prep.splits.test.start]]))

it("cuts each series' lane where the run cuts it: at the dates on its own clock", async () => {
  const ds = await threeClocks()
  const spans = spansOf(ds)
  const zone = zoneMarkOf(ds.columns.find((c) => c.name === 'time'))
  const mine = cutSeries(spans, { split: DATES, window, cuts: 'auto', zone, columns: ['store'] }) as SeriesCuts
  const theirs = prepareGlobal(ds, configOf(ds, { by: 'date', ...DATES }), ['store'])
  expect(theirs.ownClocks).toEqual({ valStart: DATES.valStart, testStart: DATES.testStart })
  expect(theirs.parts.map((p) => p.label)).toEqual(['store = a', 'store = b', 'store = c'])
  const drawn = Object.fromEntries(spans.keys.map((k, g) => [`store = ${k[0]}`, [mine.trainEnd[g], mine.valStart[g], mine.valEnd[g], mine.testStart[g]]]))
  expect(drawn).toEqual(runCuts(theirs))
  expect(mine.cuts).toBeNull()
  expect(mine.ownCuts).not.toBeNull()
  expect(mine.counts.kept).toBe(3)
})

it("turns the dates into shares only where the shares cut every series at the rows the dates do, else says which series they would move", async () => {
  const ds = await threeClocks()
  const tcol = ds.columns.find((c): c is DateColumn => c.name === 'time')!
  const own = { tcol, list: seriesRows(ds, ['store']) }
  const s: DateSplit = { kind: 'date', ...DATES }
  const f = datesToFractions(s, pooledAxis(tcol.values), zoneMarkOf(tcol), own)
  const byDates = runCuts(prepareGlobal(ds, configOf(ds, { by: 'date', ...DATES }), ['store'], 'skip', false, { cuts: 'dates' }))
  if (!('error' in f)) {
    // shares that are returned must cut every series as the dates did
    const byShares = runCuts(prepareGlobal(ds, configOf(ds, { by: 'fraction', train: f.train, val: f.val, gap: 0 }), ['store'], 'skip', false, { cuts: 'dates' }))
    expect(byShares).toEqual(byDates)
  }
  // here they cannot: store b's midnights (India) come before the file's (Berlin's) by 4.5 hours
  expect(f).toEqual({ error: expect.stringMatching(/^the dates are read on each series' own clock, as the series carry different UTC offsets; shares cut every series at one instant of the pooled times, and series store = b would be cut at other rows: 32 training and 8 validation rows by the dates, 33 and 8 by shares$/) })
})

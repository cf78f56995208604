// A global run fills each series' absent periods as a single-series run of that series does: a
// seasonal target by the value before plus the change a season earlier (prepare.ts gapSeasonOf),
// from the rows before each gap only.
import { describe, expect, it } from 'vitest'
import { importCsv, selectRows, targetWithFilled } from '../data'
import { seriesRows } from '../data/global'
import { resolveConfig } from './config'
import { prepareGlobalRun } from './global'
import { prepareRun } from './prepare'

const month = (i: number) => new Date(Date.UTC(2015, i, 1)).toISOString().slice(0, 10)
// 6 years of months per shop: a rising level, a season of amplitude 10, a wobble off the season
const value = (k: number, i: number) => 100 + 20 * k + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 12 + k) + Math.sin(i * 1.7 + k)
// absent months at a peak or a trough of the season: training rows of both shops, and a test row of y
const ABSENT: Record<string, number[]> = { x: [27, 39], y: [31, 67] }
function csv(edit: (shop: string, i: number, v: number) => number = (_s, _i, v) => v): string {
  const rows = ['shop,date,units']
  for (const [k, s] of ['x', 'y'].entries()) for (let i = 0; i < 72; i++) if (!ABSENT[s]!.includes(i)) rows.push(`${s},${month(i)},${edit(s, i, value(k, i)).toFixed(4)}`)
  return rows.join('\n') + '\n'
}
const config = (series: object, missing = 'interpolate') =>
  resolveConfig({ data: { target: 'units', features: [], lookBack: 6, horizon: 1, resample: { unit: 'month', every: 1, agg: 'mean' }, missingDefault: missing, series }, training: { epochs: 1, seed: 2 } })
const GLOBAL = { columns: ['shop'], values: null, global: { short: 'skip', cuts: 'series' } }

describe("a global run's absent periods", () => {
  it('are filled per series as a single-series run of that series fills them (by the season), from no later row', async () => {
    const ds = await importCsv(csv(), { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
    const g = prepareGlobalRun(config(GLOBAL), ds).gp
    expect(g.parts.map((p) => p.label)).toEqual(['shop = x', 'shop = y'])
    for (const [j, s] of ['x', 'y'].entries()) {
      const part = g.parts[j]!.prep
      expect(part.N).toBe(72)
      const alone = { ...selectRows(ds, seriesRows(ds, ['shop'])[j]!.rows), notices: [] }
      const one = prepareRun(config({ columns: [], values: [] }), alone).prep
      expect(part.splits).toEqual(one.splits)
      const filled = targetWithFilled(part) // on the monthly grid, row i is month i
      const single = targetWithFilled(one)
      for (const i of ABSENT[s]!) {
        expect(filled[i]).toBeCloseTo(single[i]!, 9)
        // the value before plus the change between the same months a year earlier (was na.interp's, the month after read)
        expect(filled[i]).toBeCloseTo(filled[i - 1]! + filled[i - 12]! - filled[i - 13]!, 6)
      }
      // the scaler, fitted on the training rows with their gaps filled, is the single run's too
      expect(part.fitted.target).toEqual(one.fitted.target)
    }
    // a gap reads no later row: y's rows after its test gap changed, the fill is not
    const later = await importCsv(csv((s, i, v) => (s === 'y' && i > 67 ? v + 40 : v)), { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
    const h = prepareGlobalRun(config(GLOBAL), later).gp
    expect(targetWithFilled(h.parts[1]!.prep)[67]).toBe(targetWithFilled(g.parts[1]!.prep)[67])
    // forward fill asked for: no season, the value before
    const ff = prepareGlobalRun(config(GLOBAL, 'ffill'), ds).gp
    expect(targetWithFilled(ff.parts[0]!.prep)[27]).toBeCloseTo(ff.parts[0]!.prep.targetRaw[26]!, 4)
  })
})

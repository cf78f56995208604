// Rows after the last target value (the target blank, inputs filled: rows ahead) are never part of
// the split, with or without inputs known in the future: they cannot be scored (exploratory pass 20,
// item 2: without --known-future they became half the test period). The run says so, and names the
// inputs filled there as the ones to mark known.
import { describe, expect, it } from 'vitest'
import { importCsv, preparePipeline, splitRowsOf } from '../data'
import { resolveConfig } from './config'
import { toPipelineConfig } from './prepare'

const WEEK = 7 * 864e5
const week = (i: number) => new Date(Date.UTC(2023, 0, 2) + i * WEEK).toISOString().slice(0, 10)

/** n weeks of sales with promo, price and note columns; the last `future` rows have no sales, and
 *  promo and price filled (note blank there). */
function csv(n: number, future = 0): string {
  const lines = ['week,sales,promo,price,note']
  for (let i = 0; i < n + future; i++) {
    const promo = i % 5 === 0 ? 1 : 0
    const price = (7 - promo + (i % 3) / 10).toFixed(2)
    const sales = i < n ? (500 + 2 * i + 80 * promo + ((i * 37) % 11) * 3).toFixed(1) : ''
    lines.push([week(i), sales, promo, price, i < n ? String(i % 4) : ''].join(','))
  }
  return lines.join('\n') + '\n'
}
const load = (text: string) => importCsv(text, { fileName: 'store.csv' })
const config = (data: Record<string, unknown>) => resolveConfig({ data: { target: 'sales', lookBack: 8, ...data } as never })

describe('rows after the last target value', () => {
  it('are left out of the split without known inputs: the same windows and test rows as without them', async () => {
    const base = await load(csv(156))
    const withFuture = await load(csv(156, 13))
    const c = config({ features: ['promo', 'price', 'note'] })
    const a = preparePipeline(withFuture, toPipelineConfig(c, withFuture))
    const b = preparePipeline(base, toPipelineConfig(c, base))
    expect(a.N).toBe(156)
    expect(a.splits).toEqual(b.splits)
    expect(a.windows).toEqual(b.windows)
    expect(Array.from(a.targetRaw.subarray(a.splits.test.start, a.splits.test.end))).toEqual(Array.from(b.targetRaw.subarray(b.splits.test.start, b.splits.test.end)))
    // no blank target in the test rows, so no note of one
    expect(a.notices.map((n) => n.message).join('\n')).not.toContain('missing on')
    // said, naming only the inputs filled on those rows (note is blank there), in each front end's words
    const note = a.notices.find((n) => n.code === 'future-rows')!
    expect(note.message).toBe('the last 13 rows (from line 158) have no "sales": left out of the split; they look like rows ahead (promo, price filled in): give --known-future promo,price to forecast with them')
    expect(note.app).toBe('the last 13 rows (from line 158) have no "sales": left out of the split; they look like rows ahead (promo, price filled in): mark promo, price known in the future in Setup to forecast with them')
    // Setup reads the same rows and the same note before Start
    const rows = splitRowsOf(withFuture, toPipelineConfig(c, withFuture))
    expect(rows.N).toBe(156)
    expect(rows.future).toEqual({ rows: 13, note: { message: note.message, app: note.app } })
  })

  it('name no input when none of the run\'s inputs is filled there', async () => {
    const ds = await load(csv(156, 1))
    const a = preparePipeline(ds, toPipelineConfig(config({ features: ['note'] }), ds))
    expect(a.N).toBe(156)
    expect(a.notices.find((n) => n.code === 'future-rows')!.message).toBe('the last row (line 158) has no "sales": left out of the split, as it cannot be scored')
  })

  it('with known inputs, say they hold those inputs\' future', async () => {
    const ds = await load(csv(156, 13))
    const a = preparePipeline(ds, toPipelineConfig(config({ features: ['promo', 'price'], known: ['promo', 'price'] }), ds))
    expect(a.N).toBe(156)
    expect(a.notices.find((n) => n.code === 'future-rows')!.message).toBe('the last 13 rows (from line 158) have no "sales": left out of the split; they hold the future values of the inputs known in the future, which forecasts past the end read')
  })
})

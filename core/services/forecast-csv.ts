import { toCsv } from '../export/csv'
import type { ForecastRow } from '../train/types'

/** Forecast rows as a formula-safe CSV: time (ISO) or row index, step, forecast, bounds, actual. */
export function forecastCsv(rows: ForecastRow[], hasTime: boolean): string {
  return toCsv(
    [hasTime ? 'time' : 'row', 'step', 'forecast', 'lower', 'upper', 'actual'],
    rows.map((r) => [hasTime ? new Date(r.ts).toISOString() : r.ts, r.step, r.value, r.lower, r.upper, r.actual])
  )
}

/** A global model's forecast: the same columns after one column per series id (e.g. store), the
 *  series' blocks one after another. */
export function seriesForecastCsv(columns: string[], blocks: { key: string[]; rows: ForecastRow[] }[], hasTime: boolean): string {
  return toCsv(
    [...columns, hasTime ? 'time' : 'row', 'step', 'forecast', 'lower', 'upper', 'actual'],
    blocks.flatMap((b) => b.rows.map((r) => [...b.key, hasTime ? new Date(r.ts).toISOString() : r.ts, r.step, r.value, r.lower, r.upper, r.actual]))
  )
}

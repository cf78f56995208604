// The Evaluate view's per-series table of a global run: sorting and paging, pure so that 1,000
// series sort once per click and only one page reaches the DOM.
import type { RunSeriesRow } from '../../../electron/contract'
import { forecasterLabel } from './names'
import { naturalCompare } from '../../../core/data/natural'

export { naturalCompare }

/** A global classification's columns (RunSeriesRow.classes). */
export type ClassSortKey = 'accuracy' | 'brier' | 'logLoss' | 'rateBrier' | 'beatsRate'
export type SeriesSortKey = 'label' | 'forecastBy' | 'mae' | 'mase' | 'naiveMae' | 'beatsNaive' | 'beatsBetterNaive' | ClassSortKey
export type SortDir = 'asc' | 'desc'

export const SERIES_COLUMNS: { key: SeriesSortKey; label: string; numeric: boolean }[] = [
  { key: 'label', label: 'Series', numeric: false },
  // what forecasts the series, chosen on its validation rows (the network, statistical models, both, naive)
  { key: 'forecastBy', label: 'Forecast by', numeric: false },
  { key: 'mae', label: 'MAE', numeric: true },
  { key: 'mase', label: 'MASE', numeric: true },
  { key: 'naiveMae', label: 'Naive MAE', numeric: true },
  { key: 'beatsNaive', label: 'Beats naive', numeric: false },
  // against the better of naive and seasonal naive, "level" within the noise of its test rows: what the verdict counts
  { key: 'beatsBetterNaive', label: 'Beats better naive', numeric: false }
]

/** A global classification's table: each series' test scores and its own training rate's Brier. */
export const CLASS_COLUMNS: { key: SeriesSortKey; label: string; numeric: boolean }[] = [
  { key: 'label', label: 'Series', numeric: false },
  { key: 'accuracy', label: 'Accuracy', numeric: true },
  { key: 'brier', label: 'Brier', numeric: true },
  { key: 'logLoss', label: 'Log loss', numeric: true },
  { key: 'rateBrier', label: 'Training rate Brier', numeric: true },
  { key: 'beatsRate', label: 'Beats training rate', numeric: false }
]

const CLASS_KEYS: readonly string[] = CLASS_COLUMNS.slice(1).map((c) => c.key)
const RATE_ORDER = { yes: 2, level: 1, no: 0 } as const

/** The value `key` sorts `r` by; null where it has none. */
export function seriesValue(r: RunSeriesRow, key: SeriesSortKey): string | number | boolean | null {
  if (key === 'forecastBy') return forecastByOf(r)
  // against its training rate, best first when descending: yes, then level (within noise), then no
  if (key === 'beatsRate') return r.classes?.beatsRate == null ? null : RATE_ORDER[r.classes.beatsRate]
  if (key === 'beatsBetterNaive') return r.beatsBetterNaive === undefined ? null : RATE_ORDER[r.beatsBetterNaive]
  if (CLASS_KEYS.includes(key)) return r.classes?.[key as Exclude<ClassSortKey, 'beatsRate'>] ?? null
  return r[key as Exclude<SeriesSortKey, ClassSortKey | 'forecastBy' | 'beatsBetterNaive'>]
}

export const PAGE_SIZE = 50

/** The table's name for what forecasts a series; null when the run did not record it. */
export function forecastByOf(r: RunSeriesRow): string | null {
  return r.forecastBy ? forecasterLabel(r.forecastBy, r.forecastLabel) : null
}

/** A sorted copy; series without a value (null MASE, no recorded forecaster) go last in either
 *  direction, ties keep the run's order. 'forecastBy' sorts by the name the table shows. */
export function sortSeries(rows: readonly RunSeriesRow[], key: SeriesSortKey, dir: SortDir): RunSeriesRow[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = seriesValue(a, key)
    const y = seriesValue(b, key)
    if (x === null || y === null) return x === y ? a.number - b.number : x === null ? 1 : -1
    const c = typeof x === 'string' ? naturalCompare(x, y as string) : Number(x) - Number(y)
    return c !== 0 ? sign * c : a.number - b.number
  })
}

export function pageCount(n: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(n / size))
}

/** Page `page` (0-based, clamped to the last) of `rows`. */
export function pageOf<T>(rows: readonly T[], page: number, size = PAGE_SIZE): T[] {
  const p = Math.min(Math.max(0, page), pageCount(rows.length, size) - 1)
  return rows.slice(p * size, (p + 1) * size)
}

// How far an export is (core/services/export-job.ts counts it as the work is done), in the words
// the app's Export view and fw export on a terminal both show: '46 %' and '23 of 50 series prepared'.

/** `done` of `total` items of the export's current part: 'rebuild' (the steps of a single-series
 *  run's rebuild: its data prepared, its statistical models fitted, its validation and test paths and
 *  intervals, each split's predictions; steps of unequal length, counted as each ends), 'series' (a
 *  global run's series prepared again from its stored dataset) or 'rows' (the workbook's Forecast
 *  sheet, written row by row). */
export interface ExportProgress {
  part: 'rebuild' | 'series' | 'rows'
  done: number
  total: number
}

/** 1234567 as '1,234,567'. */
const grouped = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** The share done, whole percent down (never 100 before the end), and what was counted; null for a
 *  part with nothing to count. */
export function progressWords(p: ExportProgress): { percent: number; what: string } | null {
  if (!(p.total > 0)) return null
  const of = `${grouped(p.done)} of ${grouped(p.total)}`
  const what = p.part === 'rebuild' ? `rebuilding the run's forecast: ${of} steps done` : p.part === 'series' ? `${of} series prepared` : `${of} forecast rows written`
  return { percent: Math.floor((100 * p.done) / p.total), what }
}

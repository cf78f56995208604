// The time column of every forecast file (the export's CSV and XLSX, fw train's predictions.csv,
// fw predict and fw forecast, the app's Apply model, a global model's series file), written as a
// spreadsheet reads a date: ISO text with a T, milliseconds and a Z stays text in Excel, so it
// could not be sorted or charted by date. A notice that names times of the data (core/train/
// season-start.ts) writes them in the same forms, so they read as the file's cells do. Pure: here in
// core/data so that core/train as well as core/export can use it.
//
// One form per file, chosen from all its stamps, the least that loses nothing:
//   'date'    every stamp is midnight UTC (daily, weekly, monthly data): 2024-03-01
//   'seconds' some stamp has a time of day, none a fraction of a second: 2024-03-01 13:00:00
//   'millis'  some stamp has a fraction of a second: 2024-03-01 13:00:00.250
// All are UTC with no zone written (docs/export.md says so); the data importer reads them back as
// UTC, so a forecast file fed back to the app or fw predict lands on the same instants.
import { DAY_MS } from './days'

export type TimeStamp = 'date' | 'seconds' | 'millis'


/** The form a file's stamps take: the least that writes every one of `times` exactly. */
export function timeStampOf(times: Iterable<number | null>): TimeStamp {
  let stamp: TimeStamp = 'date'
  for (const t of times) {
    if (t === null || !Number.isFinite(t)) continue
    if (t % 1000 !== 0) return 'millis'
    if (t % DAY_MS !== 0) stamp = 'seconds'
  }
  return stamp
}

/** One stamp in the file's form (timeStampOf); null stays an empty cell. A time that is no date
 *  throws, as toISOString does, rather than writing a cell that is no time. */
export function timeCell(ms: number | null, stamp: TimeStamp): string | null {
  if (ms === null) return null
  const iso = new Date(ms).toISOString() // 2024-03-01T13:00:00.250Z, or ±YYYYYY-… past year 9999
  const t = iso.indexOf('T')
  const day = iso.slice(0, t)
  if (stamp === 'date') return day
  return `${day} ${iso.slice(t + 1, stamp === 'seconds' ? t + 9 : t + 13)}`
}

/** Every stamp of one file's time column, in the one form that fits them all. */
export function timeCells(times: readonly (number | null)[]): (string | null)[] {
  const stamp = timeStampOf(times)
  return times.map((t) => timeCell(t, stamp))
}

/** The XLSX number format that shows a time as its CSV cell does. */
export const XLSX_TIME_FORMAT: Record<TimeStamp, string> = {
  date: 'yyyy-mm-dd',
  seconds: 'yyyy-mm-dd hh:mm:ss',
  millis: 'yyyy-mm-dd hh:mm:ss.000'
}

/** A forecast file's time cell as milliseconds since 1970 UTC (NaN where it is none): the forms
 *  above, and the ISO 8601 stamps (…T…Z) that files written before them hold. */
export function forecastTimeMs(cell: string): number {
  const m = /^([+-]?\d{4,6}-\d\d-\d\d)(?:[ T](\d\d:\d\d:\d\d(?:\.\d{1,3})?)Z?)?$/.exec(cell.trim())
  return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : NaN
}

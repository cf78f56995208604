// fw inspect --csv FILE: how the import reads a file, before any run (the CLI's Data view): its
// format, time column and series, each column's type, unit, missing values and range, the import's
// notices, and each numeric column's values far from the rest, as a run's statistical models find
// them (core/train/far-values.ts). Nothing is stored.
import { filterSeries, prepareSeries, selectRows, type Column, type Dataset } from '../data'
import { seriesRows, type SeriesRows } from '../data/global'
import { isStepIndex } from '../data/step-index'
import { clockDigits, formatTime } from '../data/global'
import { dataZoneMark, timeCell, timeStampOf, zoneMarkOf, zoneWords } from '../data/time-cell'
import { readUnits } from '../data/units'
import { columnStatsOf } from '../data/column-stats'
import { farSkipped, farValues, FAR_MAX_ROWS } from '../train/far-values'
import { rowsAhead, rowsAheadWords, seriesAheadWords, seriesRowsAhead } from '../data/rows-ahead'
import { autoGridNote, DEFAULT_RESAMPLE, resampleFlag } from '../train/grid'
import { DEFAULT_DATA } from '../train/config'
import { UsageError, str, type Parsed } from './args'
import { fmt, fmtAlike, statusLine, table, type Out } from './format'
import { CSV_FLAGS, csvOptions, readCsvFile } from './io'
import { seriesOption } from './series'
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import { tenPerSecond } from '../data/parts'

export const INSPECT_FLAGS = { csv: 'string', time: 'string', target: 'string', json: 'boolean', ...CSV_FLAGS } as const

export interface ColumnReport {
  name: string
  kind: Column['kind']
  unit: string | null
  /** A date column: whether its values carry a time of day (shown to the minute). */
  hasTime?: boolean
  /** The time column is an integer step index (kind 'date', format 'step': core/data/step-index.ts),
   *  its min and max the integers; absent otherwise. */
  stepIndex?: true
  /** Missing values inside the rows: the blanks at the end (`atEnd`) not counted. */
  missing: number
  /** Rows at the end with no value of the column while another column has one (core/data/rows-ahead.ts:
   *  rows ahead for a run's target, an input's blanks its rule fills), counted apart from `missing`;
   *  0 for a long file of several series with none picked (each series ends on its own). */
  atEnd: number
  /** Numeric and boolean: the values' range and mean; date: the first and last time (epoch ms). */
  min: number | null
  max: number | null
  mean: number | null
  /** Categorical: how many distinct values. */
  levels: number | null
}

export interface FarReport {
  column: string
  /** The season the search used (1: none; null when not searched). */
  season: number | null
  /** The first row searched: 0, or where the last OUTLIER_MAX_ROWS rows of a longer series start. */
  from: number
  /** Why the column was not searched, or null when it was. */
  skipped: string | null
  /** row: 0-based in the rows a run reads (sorted by time, repeated times merged); line: the file's. */
  values: { row: number; line: number; time: number | null; value: number; replacement: number }[]
}

export interface InspectReport {
  file: string
  rows: number
  format: Dataset['format']
  timeColumn: string | null
  /** picked: the series --series-value names, and pickedRows how many rows it has; then `columns`
   *  describes those rows only. */
  series: { columns: string[]; count: number; picked: string[] | null; pickedRows: number | null } | null
  /** Each column over the rows described: the file's, or the picked series' alone. */
  columns: ColumnReport[]
  notices: string[]
  far: FarReport[]
}

function columnReport(c: Column, unit: string | null, atEnd: number): ColumnReport {
  const s = columnStatsOf(c)
  return { name: c.name, kind: c.kind, unit, missing: s.missing - atEnd, atEnd, min: s.min, max: s.max, mean: c.kind === 'date' ? null : s.mean, levels: c.kind === 'categorical' ? c.levels.length : null, ...(c.kind === 'date' ? { hasTime: c.hasTime } : {}), ...(isStepIndex(c) ? { stepIndex: true as const } : {}) }
}

/** Each numeric column of `rows` searched as far-values.ts does, or why not. */
function farReports(rows: Dataset, long: { count: number } | null): FarReport[] {
  const tcol = rows.columns.find((c) => c.name === rows.timeColumn)
  const time = tcol && tcol.kind === 'date' ? tcol.values : null
  const out: FarReport[] = []
  for (const c of rows.columns) {
    if (c.kind !== 'numeric') continue
    const why = long ? `${long.count} series in one file: pick one with --series-value` : farSkipped(c.values, time)
    const found = why ? null : farValues(c.values, time, tcol?.kind === 'date' ? tcol.clock : null, isStepIndex(tcol))
    out.push({ column: c.name, season: found?.season ?? null, from: found?.from ?? 0, skipped: why, values: (found?.rows ?? []).map((r) => ({ row: r.row, line: rows.lines[r.row]!, time: time ? time[r.row]! : null, value: r.value, replacement: r.replacement })) })
  }
  return out
}

/** The rows as a run reads them (prepareSeries with the run's defaults: repeated times merged by
 *  mean, and fw train's --resample auto, a calendar series with a few periods absent put on its
 *  grid, said in the run's words) and the notices that adds, or the reason a run would refuse them
 *  (rows: as in the file). */
function runRows(rows: Dataset): { rows: Dataset; notices: string[] } {
  try {
    const before = rows.notices.length
    const resample = resampleFlag(DEFAULT_RESAMPLE, rows, rows.timeColumn)
    const grid = resample ? { freq: { unit: resample.unit, every: resample.every }, agg: resample.agg, auto: true as const } : null
    const { dataset: prepared, report } = prepareSeries(rows, { column: rows.timeColumn, duplicates: 'mean', resample: grid })
    const notices = prepared.notices.slice(before).map((n) => (resample?.auto && n.code === 'resampled' ? autoGridNote(resample, report, DEFAULT_DATA.missingDefault, null, dataZoneMark(rows, rows.timeColumn)).message : n.message))
    return { rows: prepared, notices: notices.map((m) => `a run: ${m}`) }
  } catch (e) {
    return { rows, notices: [`a run: ${(e as Error).message}`] }
  }
}

/** The columns with rows ahead at the end (core/data/rows-ahead.ts): counted apart from their gaps,
 *  as the Data view counts them, said as the --target column (rows ahead) or an input (filled by the
 *  default rule) reads them, both ways without --target; a long file of several series: each
 *  series' own, grouped where they end alike (`series`: its series' rows). */
function aheadNotices(rows: Dataset, series: Ahead | null, target: string | null): string[] {
  const role = target === null ? undefined : { target, policy: DEFAULT_DATA.missingDefault }
  return rows.columns.flatMap((c) => {
    if (series) {
      const said = seriesAheadWords(c.name, seriesRowsAhead(rows, c.name, series.rows, series.ids), role)
      return said ? [said] : []
    }
    const n = rowsAhead(rows, c.name)
    return n ? [rowsAheadWords(rows, c.name, n, role)] : []
  })
}

/** A long file's series (core/data seriesRows) and their id columns, for the rows ahead of each. */
interface Ahead { rows: SeriesRows[]; ids: string[] }

/** The rows at the end of `column` with no value (rowsAhead): a long file's summed over its series. */
function aheadCount(rows: Dataset, column: string, series: Ahead | null): number {
  return series ? seriesRowsAhead(rows, column, series.rows, series.ids).reduce((a, s) => a + s.n, 0) : rowsAhead(rows, column)
}

type Progress = { read(chars: number): void; step(words: string): void }

/** `progress`: how far the reading is (characters read, about the file's bytes), then each step after it. */
export async function inspect(p: Parsed, progress?: Progress): Promise<InspectReport> {
  return (await inspected(p, progress)).report
}

/** The report, and the times of the rows searched as the file wrote them where they carried a UTC
 *  offset (as the forecast files write that column: ../data/time-cell timeCell in its zone), else null. */
async function inspected(p: Parsed, progress?: Progress): Promise<{ report: InspectReport; zoned: ((t: number) => string) | null }> {
  const csv = str(p, 'csv')
  if (!csv) throw new UsageError('fw inspect: --csv is required')
  const ds = await readCsvFile(csv, csvOptions(p), progress?.read)
  const target = str(p, 'target') ?? null
  if (target !== null && !ds.columns.some((c) => c.name === target)) throw new UsageError(`fw inspect: --target "${target}" is not a column of ${csv} (its columns: ${ds.columns.map((c) => c.name).join(', ')})`)
  progress?.step("each column's statistics and the values far from the rest")
  const pick = seriesOption(p)
  const idColumns = pick?.columns.length ? pick.columns : (ds.series?.columns ?? [])
  const values = pick?.values ?? null
  const count = ds.series?.count ?? 0
  const rows = values ? selectRows(ds, filterSeries(ds, idColumns, values).rows) : ds
  const units = readUnits(ds.columns)
  const long = idColumns.length && !values && count > 1 ? { count } : null
  // what a run does to the time column first (core/data/series.ts): rows without a time dropped,
  // rows sorted, repeated times merged by mean, uneven steps counted; said as a run says it, and
  // the values far from the rest searched in those rows, as a run's statistical models see them
  const run = !long && rows.timeColumn ? runRows(rows) : { rows, notices: [] }
  // a long file's series each end on their own: their rows ahead are each one's (none where an id is missing)
  const ahead = long ? seriesOf(rows, idColumns) : null
  const report: InspectReport = {
    file: csv,
    rows: ds.rowCount,
    format: ds.format,
    timeColumn: ds.timeColumn,
    series: idColumns.length ? { columns: idColumns, count, picked: values, pickedRows: values ? rows.rowCount : null } : null,
    columns: rows.columns.map((c) => columnReport(c, units[c.name] ?? null, aheadCount(rows, c.name, ahead))),
    notices: [...ds.notices.map((n) => n.message), ...zoneNotices(ds), ...aheadNotices(rows, ahead, target), ...run.notices],
    far: farReports(run.rows, long)
  }
  const tcol = run.rows.columns.find((c) => c.name === run.rows.timeColumn)
  const zone = zoneMarkOf(tcol)
  if (tcol?.kind !== 'date') return { report, zoned: null }
  // times without a zone to the minute, or to the second (millisecond) where some row has them
  const digits = clockDigits(tcol.values, tcol.hasTime)
  if (zone === null) return { report, zoned: digits === 'seconds' || digits === 'millis' ? (t) => formatTime(t, digits) : null }
  const stamp = timeStampOf(tcol.values, zone)
  return { report, zoned: (t) => timeCell(t, stamp, zone)! }
}

export async function inspectCommand(p: Parsed, out: Out, err?: Out): Promise<void> {
  const bar = err?.isTTY ? ttyProgress(str(p, 'csv') ?? '', err) : undefined
  let r: InspectReport
  let zoned: ((t: number) => string) | null
  try {
    ;({ report: r, zoned } = await inspected(p, bar))
  } finally {
    bar?.done()
  }
  if (p.flags['json'] === true) return void out.write(JSON.stringify(r, null, 2) + '\n')
  const sep = r.format.delimiter === '\t' ? 'tab' : `'${r.format.delimiter}'`
  out.write(`${r.file}: ${r.rows} rows, ${sep}-separated${r.format.decimal ? `, decimal ${r.format.decimal}` : ''}\n`)
  // times as the app shows them: the day, with the time of day where the column has one; the time
  // column of a zoned file as the file wrote it, each stamp with its offset (not in UTC, unmarked)
  const date = (c: ColumnReport, t: number | null) => (t === null ? '—' : zoned && c.name === r.timeColumn ? zoned(t) : formatTime(t, c.hasTime === true))
  const time = r.columns.find((c) => c.name === r.timeColumn)
  out.write(time ? `time column: ${time.name}, ${date(time, time.min)} to ${date(time, time.max)}\n` : 'no time column: the rows are taken in file order, one step apart\n')
  if (r.series) out.write(`series: ${r.series.count} in column${r.series.columns.length > 1 ? 's' : ''} ${r.series.columns.join(', ')}${r.series.picked ? `; the ${r.series.pickedRows} rows of ${r.series.picked.join(', ')} below` : ''}\n`)
  // a column's min, max and mean in one form (fmtAlike): not "8.00e-4" beside "99.9998"
  // blanks at the end counted apart from the missing values (their column only where a column has some), as the notices say them
  const atEnd = r.columns.some((c) => c.atEnd > 0)
  out.write('\n' + table(['column', 'type', 'unit', 'missing', ...(atEnd ? ['blank at end'] : []), 'min', 'max', 'mean'], r.columns.map((c) => {
    const num = fmtAlike([c.min, c.max, c.mean])
    // a step index is whole numbers, not dates: the table says so, as the notices do
    return [c.name, c.kind === 'categorical' ? `categorical (${c.levels})` : c.stepIndex ? 'step index' : c.kind, c.unit ?? '', String(c.missing), ...(atEnd ? [String(c.atEnd)] : []), c.kind === 'date' ? date(c, c.min) : num(c.min), c.kind === 'date' ? date(c, c.max) : num(c.max), c.kind === 'date' ? '' : num(c.mean)]
  })) + '\n')
  if (r.notices.length) out.write(`\nnotices:\n${r.notices.map((n) => `  ${n}\n`).join('')}`)
  if (!r.far.length) return
  out.write("\nvalues far from the rest (R's tsoutliers, as a run's statistical models find them, on every row; a run fits ETS, Theta and ARIMA on the value in line with the rest for those among its training rows, --outliers keep leaves them in):\n")
  for (const f of r.far) {
    // a zoned file's times as it wrote them, with their offsets; else as the table above shows them
    const at = (v: FarReport['values'][number]) => (v.time === null || !time ? `row ${v.row + 1}` : date(time, v.time))
    const what = f.skipped ? `not searched: ${f.skipped}` : f.values.length ? f.values.map((v) => `${at(v)}: ${fmt(v.value)} (≈ ${fmt(v.replacement)})`).join('; ') : 'none'
    const how = [f.season !== null && f.season > 1 ? `season ${f.season}` : '', f.from ? `its last ${FAR_MAX_ROWS} rows` : ''].filter(Boolean).join(', ')
    out.write(`  ${f.column}${how ? ` (${how})` : ''}: ${what}\n`)
  }
}

/** fw inspect's progress on a terminal's stderr, one line rewritten in place (a large file takes
 *  seconds): the share of the file read, by the characters read of its bytes, then each step after
 *  it; the line is cleared before the report. */
export function ttyProgress(file: string, err: Out, now: () => number = () => performance.now()): { read(chars: number): void; step(words: string): void; done(): void } {
  let size = 0
  try {
    size = statSync(file).size
  } catch {
    // readCsvFile names a missing file
  }
  const line = statusLine(err)
  return {
    read: tenPerSecond((chars: number) => line.show(`reading ${basename(file)}: ${size > 0 ? `${Math.min(99, Math.floor((100 * chars) / size))} % of ${(size / 1e6).toFixed(1)} MB` : `${(chars / 1e6).toFixed(1)} million characters`} read`), now),
    step: (words) => line.show(`${basename(file)} read; now ${words}…`),
    done: () => line.clear()
  }
}

/** Times read from their UTC offsets: said as fw train says it (../data/time-cell zoneWords). */
function zoneNotices(ds: Dataset): string[] {
  const w = zoneWords(ds)
  return w ? [w] : []
}

/** The series of a long file with its id columns (Ahead); null where a row has no id (the import
 *  names it: the series are not read then). */
function seriesOf(rows: Dataset, ids: string[]): Ahead | null {
  try {
    return { rows: seriesRows(rows, ids), ids }
  } catch {
    return null
  }
}

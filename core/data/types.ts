// Shapes shared by the whole data pipeline. Columns are typed arrays of length rowCount, in file order
// until prepareSeries() sorts them.

import type { ClockRule } from './clock-rule'

export type Delimiter = ',' | ';' | '\t'
/** 'dot': 1,234.5 ; 'comma': 1.234,5 */
export type DecimalStyle = 'dot' | 'comma'
export type DateOrder = 'dmy' | 'mdy'
/** 'ym': 18-01 is January 2018 (yy-mm); 'my': 01-18 is (mm-yy). */
export type MonthOrder = 'ym' | 'my'
export type DateFormat =
  | 'iso' // yyyy-mm-dd or yyyy/mm/dd, optional [T ]hh:mm[:ss[.fff]][Z|+hh:mm]
  | 'year-month' // yyyy-mm (monthly data)
  | 'dmy' // dd/mm/yyyy [hh:mm[:ss]] (also dd-mm-yyyy, dd.mm.yyyy)
  | 'mdy' // mm/dd/yyyy [hh:mm[:ss]]
  | 'epoch-s' // integer seconds since 1970-01-01 UTC
  | 'epoch-ms' // integer milliseconds since 1970-01-01 UTC
  | 'month-name' // Jan 1 2000, 1 Jan 2000, January 1, 2000, January 2000 (English month names)
  | 'quarter' // 2000Q1, 2000 Q1, 2000-Q1, Q1 2000: the first day of the quarter
  | 'iso-week' // 2000-W05, 2000W05: the Monday of the ISO week
  | 'year' // a bare year, 1871: 1 January of that year
  | 'step' // an integer step index (t = 1..N): the values are the integers, not epoch ms (./step-index)

export interface NumericColumn {
  kind: 'numeric'; name: string
  values: Float64Array // (N) NaN = missing
  /** The sign the values were written with ("%", "$", "€"), taken off to read them (notice
   *  'unit-numbers'); the column's unit unless the user gives another. */
  unit?: string
}
export interface BooleanColumn {
  kind: 'boolean'
  name: string
  values: Float64Array /* (N) 0 | 1, NaN = missing */
  /** The file's own words for no (0) and yes (1), as first written ('no', 'yes'; 'N', 'Y'; '0', '1'),
   *  which a yes/no target's forecast files write its actual in and name its probability by
   *  ('P(rain = yes)'); absent for a derived column and one stored before they were kept. */
  words?: readonly [string, string]
}
export interface CategoricalColumn {
  kind: 'categorical'; name: string
  codes: Int32Array // (N) index into levels, -1 = missing
  levels: string[] // in order of first appearance in the file
}
export interface DateColumn {
  kind: 'date'; name: string
  values: Float64Array // (N) epoch ms, UTC; naive date-times are read as UTC wall clock. NaN = missing
  format: DateFormat
  hasTime: boolean
  /** Its times were written with a UTC offset or Z (read into UTC); absent: none was. */
  zoned?: boolean
  /** Zoned times all written with one offset: it, in minutes east of UTC (Z = 0; +01:00 = 60), so
   *  the forecast files write their times with it (./time-cell). Absent: several offsets (a
   *  daylight-saving change), or none. */
  offsetMin?: number
  /** Zoned times whose offsets follow a daylight-saving rule, switches of both ways seen in the
   *  file (./clock-rule learnClockRule): the stamps past the end follow it. Absent: no such rule
   *  (one offset, offsets that fit no known rule, a dataset stored before it was kept). */
  clock?: ClockRule
  /** Zoned times with several offsets that follow no rule learnt (one switch seen, +05:30 and
   *  +05:45): each row's offset, by instant, so the forecast files write each time with its own
   *  (./time-cell). Absent: one offset, a rule, or a dataset stored before it was kept. */
  offsets?: ZoneSteps
  /** Zoned times where rows at one instant carry two offsets (the series of a long file in
   *  different zones: store A at +01:00, store B at -05:00, both at 12:00 UTC), which no offset by
   *  instant can hold: each row's own offset (N; minutes east of UTC, NaN: none, as a row without a
   *  time or one made by resampling), so one series' rows (./series selectRows, ./time-cell
   *  ownZone) are written in their own offsets. Absent: every other column, or a dataset stored
   *  before it was kept (UTC marked Z). */
  rowOffsets?: Float64Array
}
/** The offsets rows were written with, by instant: min[i] (minutes east of UTC) holds from instant
 *  at[i] (ascending) to the next; kept only where the offset changes. */
export interface ZoneSteps { at: number[]; min: number[] }
/** A text column with too many distinct values to be a category (ids, comments). Kept by name only. */
export interface TextColumn { kind: 'text'; name: string }
export type Column = NumericColumn | BooleanColumn | CategoricalColumn | DateColumn | TextColumn
export type ColumnKind = Column['kind']

export interface Notice {
  code: string // stable id, e.g. 'delimiter', 'sorted', 'duplicates', 'decimal-from-other-column'
  message: string
  /** The app's words where they differ from the CLI's `message` (words.ts): a Setup field for a flag. */
  app?: string
  column?: string
  /** date-time-joined: the column of times of day added to the days of `column` (and dropped);
   *  date-time-apart: the time column whose days `column`, times of day read as text, was kept apart from. */
  joined?: string
  /** A global model's notice of one of its series (core/data/global.ts): the series, the notice's
   *  code and its words after the series' name, for fw train to group many series' notes of one kind. */
  series?: SeriesNote
}

/** One series' note of a global model, as fw train groups them (firstThree). */
export interface SeriesNote {
  label: string
  kind: string
  note: string
}

export interface Dataset {
  file: string
  rowCount: number
  columns: Column[]
  /** (N) 1-based line in the file where each record starts, to name rows in later messages. */
  lines: Int32Array
  /** decimalExample: with a decimal comma, a cell as the file writes it ("5.128,8") and the number
   *  read from it, for the Data view to quote (absent in datasets stored before). */
  format: { delimiter: Delimiter; decimal: DecimalStyle | null; newline: '\n' | '\r\n' | '\r'; bom: boolean; decimalExample?: { column: string; raw: string; value: number } }
  /** The detected (or chosen) time column, or null. */
  timeColumn: string | null
  notices: Notice[]
  /** Many series in one file (series-id.ts): the declared id (ImportOptions.series), or the one
   *  proposed because timestamps repeat; absent or null when neither. */
  series?: { columns: string[]; count: number; declared: boolean } | null
}

export interface ColumnOption {
  type?: ColumnKind | 'ignore'
  /** For type 'date' when the values are epoch numbers or bare years, or to fix the order of dd/mm vs mm/dd. */
  dateFormat?: DateFormat
}

export interface ImportOptions {
  /** Name used in every message (the path or the File name). */
  fileName: string
  delimiter?: Delimiter | 'auto'
  decimal?: DecimalStyle | 'auto'
  /** Decides dd/mm/yyyy vs mm/dd/yyyy when no value has a part > 12. */
  dateOrder?: DateOrder
  /** Decides yy-mm vs mm-yy (10-12: December 2010 or October 2012) where the column does not. */
  monthOrder?: MonthOrder
  /** Replaces the default tokens: '', NA, N/A, null, NaN, '-' (case-insensitive). */
  missingTokens?: string[]
  columns?: Record<string, ColumnOption>
  /** Name of the time column; null = none; undefined = first date column. */
  timeColumn?: string | null
  /** Text columns with more distinct values become 'text' (default 1000). */
  maxLevels?: number
  /** Columns that name the series of a long file (e.g. ['store', 'item']): read as categories with
   *  up to a million distinct values, whatever maxLevels says. */
  series?: string[]
  /** How the caller decoded the file's bytes into the text it passes (core/data reads text, not
   *  bytes): 'utf-8' (the default), or 'windows-1252' where the user chose it after the UTF-8
   *  refusal (Excel's plain "CSV (Comma delimited)"); the import says so in a notice. */
  encoding?: TextEncodingName
}

/** The encodings a CSV file's bytes are decoded with (TextDecoder labels, in Node and the browser). */
export const TEXT_ENCODINGS = ['utf-8', 'windows-1252'] as const
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number]

export interface ImportProgress { records: number; chars: number }
export interface AbortSignalLike { readonly aborted: boolean }

// Decides each column's type from its accumulator, over all rows. The rules (documented in README.md):
//   date     every non-missing value parses in one date family (dd/mm vs mm/dd decided by a part > 12)
//   numeric  every non-missing value parses as a number in one decimal style
//   boolean  the values are one true/false pair (true/false, yes/no, t/f, y/n; any case)
//   categorical  otherwise, up to maxLevels distinct values; beyond that 'text'
// A column that is at least 90 % dates or numbers with a few stray values is an error naming the first
// stray cell, not a silent categorical: a typo in a numeric column must not change the model's inputs.

import { F64Builder } from './builders'
import { learnClockRule } from './clock-rule'
import type { ColumnAcc, Place } from './accumulate'
import { ImportError, type ImportErrorCode } from './errors'
import { fix, words } from './words'
import { dayToIso, isoDate } from './days'
import { timeCell, zoneStepsOf } from './time-cell'
import type { Column, Dataset, DateFormat, DecimalStyle, ImportOptions, Notice, NumericColumn } from './types'
import { timeOfDayMs, DATE_DASH_YY, DATE_MONTH_YY, DATE_DOTTED, DATE_DOTTED_YY, DATE_NAMED, DATE_NAMED_YY, DATE_NONE, DATE_QUARTER, DATE_QUARTER_YY, DATE_YY_NAMED, DATE_SLASH, DATE_SLASH_YY, DATE_WEEK, DATE_YM, YEAR_PIVOT, booleanPair, dateFamilyOf, nearestBooleanPair, ZERO_ONE } from './values'

const MOSTLY = 0.9
const EPOCH_NAME = /^(time|timestamp|date|datetime|epoch|unix|unix_?time|ts)$/i
/** Names under which a column of whole numbers 1000-2999 is read as years. */
const YEAR_NAME = /^(year|years|yr|jahr|time|date|period)$/i
/** How to take a number column of Unix times as the time. */
const asTime = (column: string) => fix(`choose it (--time ${column})`, 'set its type to date in the column table above')
/** How to read a number column of years as years: chosen with --time alone it would be a step index (readsAsYears). */
const asYears = (column: string) => fix(`read it as years (--type ${column}=date)`, 'set its type to date in the column table above')

/** Whether a column of whole numbers is read as years (dates, 1 January each): its format set to
 *  year, or every value 1000-2999 in a column set to date or named like a year (YEAR_NAME). The one
 *  rule for a column the import finds and one chosen as the time (--time): choosing it says which
 *  column is the time, not that its numbers are years, so `t` = 1001..1400 is a step index either way
 *  (core/data/step-index.ts, docs/data.md). */
function readsAsYears(a: ColumnAcc, values: Float64Array): boolean {
  if (a.option?.dateFormat === 'year') return true
  return (a.option?.type === 'date' || YEAR_NAME.test(a.name)) && a.option?.dateFormat === undefined && yearRange(values) !== null
}

/** Names that say a column is the time, for the notices when it does not read as one (such a column
 *  is then no default input: core/data/config.ts). */
const TIME_NAME = /^(date|time|datetime|timestamp|day|week|month|quarter|year|period|ds|datum|fecha)$/i
/** Whole numbers Excel writes for the dates 1927-05-18 (10000) to 2099-12-31 (73050) when a date
 *  cell is saved as a number; 25569 is 1970-01-01. */
const EXCEL_SERIAL = { lo: 10_000, hi: 73_050, epoch: 25_569 }

interface Ctx { file: string; lines: Int32Array; opts: ImportOptions; notices: Notice[] }

function fail(ctx: Ctx, code: ImportErrorCode, what: string, column: string, at?: Place | null, choices?: string[]): never {
  throw new ImportError(code, what, {
    file: ctx.file,
    line: at ? ctx.lines[at.rec] : undefined,
    row: at ? at.rec + 1 : undefined,
    column,
    value: at?.raw,
    choices
  })
}

/** Which decimal styles read every non-missing value of the column. */
function viableStyles(a: ColumnAcc): DecimalStyle[] {
  const out: DecimalStyle[] = []
  if (a.dotValid === a.nonMissing) out.push('dot')
  if (a.commaValid === a.nonMissing) out.push('comma')
  return out
}

function isDateColumn(a: ColumnAcc): boolean {
  return a.dateAlive && a.nonMissing > 0 && a.dateValid === a.nonMissing && !(a.firstDayFirst && a.firstMonthFirst) && (a.dateFamily !== DATE_MONTH_YY || monthReadings(a).some((r) => r.valid && inTime(r)))
}

/** One reading of a column of a-b months (monthReadings). */
interface MonthReading {
  order: 'ym' | 'my'
  /** every value reads as a month so */
  valid: boolean
  /** the rows so read go forward in time (never back, and not all one month) */
  forward: boolean
  /** the rows so read go back in time, newest first (never forward, and not all one month) */
  newestFirst: boolean
  /** the first row earlier than a row above it (-1: none), and the first later than one (-1: none) */
  back: number
  ahead: number
  at: (i: number) => number
}

/** Whether the rows of a reading are in time order, oldest or newest first (a file written newest
 *  first is read, and sorted by time as any other: ./pipeline's "sorted"). */
const inTime = (r: MonthReading): boolean => r.forward || r.newestFirst

/** The two readings of a column of a-b (18-01, 01-18, 1-18: yy-mm, then mm-yy). Such values are as
 *  often codes or ranges (10-12, 18-24): a column is read as months only where a reading reads every
 *  value as a month with the rows in time order (oldest or newest first), or where it is set to date. */
function monthReadings(a: ColumnAcc): MonthReading[] {
  const out: MonthReading[] = []
  for (const [order, key, other] of [['ym', 'dA', a.firstMonthFirst], ['my', 'dB', a.firstDayFirst]] as const) {
    const v = readingValues(a, key)
    const back = firstBackIndex(v)
    const ahead = firstBackIndex(v, -1)
    let lo = Infinity
    let hi = -Infinity
    for (const t of v) if (t === t) (lo = Math.min(lo, t)), (hi = Math.max(hi, t))
    out.push({ order, valid: other === null, forward: back < 0 && hi > lo, newestFirst: ahead < 0 && hi > lo, back, ahead, at: (i: number) => v[i]! })
  }
  return out
}

/** The file-wide decimal style implied by the columns that are unambiguous, or null. */
function decideDecimal(accs: ColumnAcc[], ctx: Ctx): DecimalStyle | null {
  const forced = ctx.opts.decimal
  if (forced === 'dot' || forced === 'comma') return forced
  const evidence = new Set<DecimalStyle>()
  for (const a of accs) {
    if (!a.num || a.nonMissing === 0 || (a.option?.type === undefined && isDateColumn(a))) continue
    const v = viableStyles(a)
    if (v.length === 1) evidence.add(v[0])
  }
  return evidence.size === 1 ? [...evidence][0] : null
}

export function finalizeColumns(accs: ColumnAcc[], ctx: Ctx): { columns: Column[]; decimal: DecimalStyle | null; decimalExample?: Dataset['format']['decimalExample'] } {
  const fileStyle = decideDecimal(accs, ctx)
  let used: DecimalStyle | null = null
  let decimalExample: Dataset['format']['decimalExample']
  const columns: Column[] = []
  const timesOfDay = new Map<string, Float64Array>()
  for (const a of accs) {
    if (a.option?.type === 'ignore') continue
    if (a.todAlive && a.tod && a.nonMissing > 0) timesOfDay.set(a.name, a.tod.finish())
    // the file's decimal mark, from the columns whose values told: two readings that differ (0.904
    // or 904), or values only one mark reads (12.58, 12,5); a column of whole numbers tells nothing.
    // (From the first only, 12.58 went unsaid: fw inspect said 'decimal dot' for a file of 0.904s only.)
    const told = a.alt !== null || viableStyles(a).length === 1
    const col = finalizeOne(a, ctx, fileStyle)
    if (col.kind === 'numeric' && told) used = (col as { style?: DecimalStyle }).style ?? used
    // a cell read with a decimal comma, as written: what the Data view quotes ("5.128,8" is 5128.8)
    const cell = a.firstDotBad ?? a.firstAmbiguous
    if (!decimalExample && col.kind === 'numeric' && (col as { style?: DecimalStyle }).style === 'comma' && cell && Number.isFinite(col.values[cell.rec]))
      decimalExample = { column: a.name, raw: cell.raw, value: col.values[cell.rec] }
    a.release() // its other readings are not needed any more: the peak stays near the columns kept
    delete (col as { style?: DecimalStyle }).style
    columns.push(col)
  }
  joinTimeOfDay(columns, timesOfDay, ctx)
  timeNotices(accs, columns, ctx)
  return used === 'comma' && decimalExample ? { columns, decimal: used, decimalExample } : { columns, decimal: used }
}

const DAY_FORMATS: ReadonlySet<DateFormat> = new Set<DateFormat>(['iso', 'dmy', 'mdy', 'month-name'])

/**
 * A file that writes the day and the time of day in two columns (date,time: 2021-01-01,13:00) is one
 * time axis: the file's one column of times of day is added to the time column (days without a time)
 * and dropped, with a notice. Left apart, its 24 values would read as 24 series or as a category.
 * Not when the time column is chosen off, or the column of times is declared a series id or typed.
 */
function joinTimeOfDay(columns: Column[], timesOfDay: Map<string, Float64Array>, ctx: Ctx): void {
  const chosen = ctx.opts.timeColumn
  if (chosen === null) return
  const at = columns.findIndex((c) => c.kind === 'date' && (chosen === undefined || c.name === chosen))
  const day = columns[at]
  if (!day || day.kind !== 'date' || day.hasTime || !DAY_FORMATS.has(day.format)) return
  // one such column: two (a start and an end) would be a guess
  const clocks = columns.filter((c) => timesOfDay.has(c.name) && !ctx.opts.series?.includes(c.name))
  if (clocks.length === 0) return keptApart(columns, day.name, ctx)
  if (clocks.length !== 1) return
  const beside = clocks[0]
  const tod = timesOfDay.get(beside.name) as Float64Array
  const values = new Float64Array(day.values.length) // (N)
  let first = -1
  let lone = 0
  for (let i = 0; i < values.length; i++) {
    values[i] = day.values[i] + tod[i]
    if (values[i] === values[i]) {
      if (first < 0) first = i
    } else if (day.values[i] === day.values[i] || tod[i] === tod[i]) lone++
  }
  columns[at] = { ...day, values, hasTime: true }
  columns.splice(columns.indexOf(beside), 1)
  const example = first < 0 ? '' : ` (line ${ctx.lines[first]}: ${timeCell(values[first]!, 'seconds')})`
  const without = lone ? `; ${lone} ${lone === 1 ? 'row has' : 'rows have'} only one of the two and no time` : ''
  ctx.notices.push(dateTimeJoined(day.name, beside.name, `${example}${without}`))
}

/** The notice of the column of times of day `time` read as the time of day of the days of `day`
 *  (`detail`: a line read so, rows with one of the two). The app's Apply model gives it back to a
 *  stored dataset, which keeps no notices, for applyFitted's hint to a model that read `time` apart. */
export function dateTimeJoined(day: string, time: string, detail = ''): Notice {
  return {
    code: 'date-time-joined',
    column: day,
    joined: time,
    ...words`columns "${day}" and "${time}" hold the day and the time of day: read as one time, "${day}"${detail}${fix(`; --type ${time}=categorical keeps "${time}" apart, as text`, '')}`
  }
}

/**
 * The column of times of day that would have been joined to the days, read as text because its type
 * was chosen so (--type time=categorical, the app's Keep "time" apart): said, with the way back, so
 * that repeated days (several shifts a day) are not a surprise. Not for a declared series id.
 */
function keptApart(columns: Column[], day: string, ctx: Ctx): void {
  const apart = columns.filter((c) => c.kind === 'categorical' && ctx.opts.columns?.[c.name]?.type === 'categorical' && !ctx.opts.series?.includes(c.name) && c.levels.length > 0 && c.levels.every((l) => timeOfDayMs(l) === timeOfDayMs(l)))
  if (apart.length !== 1) return
  const name = apart[0]!.name
  ctx.notices.push({
    code: 'date-time-apart',
    column: name,
    joined: day,
    ...words`column "${name}" holds times of day and is read as text, as chosen: the time column "${day}" holds the days alone${fix(`; without --type ${name}=categorical the two are read as one time`, '')}`
  })
}

/**
 * What the import says about the time axis when it cannot be sure, never deciding silently:
 * a column that looks like dates (or is named like a time) but does not read as one is named with
 * its first bad value and row; with no date column at all, whole numbers that look like years or
 * Unix times are pointed out (they stay numbers unless named or chosen so).
 */
function timeNotices(accs: ColumnAcc[], columns: Column[], ctx: Ctx): void {
  const byName = new Map(accs.map((a) => [a.name, a]))
  for (const c of columns) {
    if (c.kind === 'date') continue
    const a = byName.get(c.name)
    if (!a || a.option?.type !== undefined || a.nonMissing === 0) continue
    const named = TIME_NAME.test(c.name)
    const looks = a.dateValid > 0 && a.dateValid >= 0.5 * a.nonMissing
    if (!named && !looks) continue
    if (c.kind === 'numeric' && !looks) {
      const excel = excelRange(c.values)
      if (excel)
        ctx.notices.push({ code: 'excel-serial', column: c.name, message: `column "${c.name}" is named like a time and holds whole numbers ${excel[0]}–${excel[1]}, which look like Excel serial day numbers (${excelDay(excel[0])} to ${excelDay(excel[1])}): a date cell saved as a number. It is read as a number and is not an input unless chosen; to use it as the time, format the column as dates in the spreadsheet and export the file again` })
      else if (!columns.some((x) => x.kind === 'date'))
        ctx.notices.push({ code: 'time-not-read', column: c.name, message: `column "${c.name}" is named like a time but holds numbers that are not years or Unix times; it is read as a number and is not an input unless chosen` })
      continue
    }
    const bad = a.firstDateBad
    const first = a.firstDate
    if (!bad && first && a.dateFamily === DATE_MONTH_YY) {
      ctx.notices.push({ code: 'time-not-read', column: c.name, ...words`column "${c.name}" holds values that read as two-digit years and months ("${first.raw}", line ${ctx.lines[first.rec]}), but in neither order (yy-mm or mm-yy) does every value read as a month with the rows in time order (oldest or newest first); it is read as ${c.kind}. To read them as months, set its type to date${fix(` (--type ${c.name}=date)`, ' in the column table above')}` })
      continue
    }
    if (!bad) continue
    // a value that is a date, only not in the format of the column's first dates: the column mixes
    // formats. Refused, never read as text with the rows in file order unasked: the type option
    // (--type date=categorical, the app's Read as text) is the explicit choice that reads it so. No
    // value is named as the error's: reading one as missing (--na) would not help.
    const other = first && dateFamilyOf(bad.raw)
    if (first && other !== DATE_NONE && other !== dateFamilyOf(first.raw))
      throw new ImportError('invalid-date', `column "${c.name}" mixes date formats: "${first.raw}" (line ${ctx.lines[first.rec]}) and "${bad.raw}" (line ${ctx.lines[bad.rec]}) are dates written in two ways${yearDigits(first.raw, bad.raw)}, and a column's dates are read in one: write every date of the column in one format`, { file: ctx.file, line: ctx.lines[bad.rec], row: bad.rec + 1, column: c.name })
    ctx.notices.push({
      code: 'time-not-read',
      column: c.name,
      message: `column "${c.name}" ${looks ? 'looks like dates' : 'is named like a time'} but "${bad.raw}" (line ${ctx.lines[bad.rec]}, row ${bad.rec + 1}) is not a date in any supported format; it is read as ${c.kind}`
    })
  }
  if (columns.some((c) => c.kind === 'date')) return
  for (const c of columns) {
    if (c.kind !== 'numeric') continue
    const r = yearRange(c.values)
    if (r && r[1] - r[0] >= 1 && r[0] >= 1700 && r[1] <= 2100) {
      ctx.notices.push({ code: 'year-like', column: c.name, ...words`column "${c.name}" holds whole numbers ${r[0]}–${r[1]} that look like years; it is read as a number. To use it as the time in years, ${asYears(c.name)}` })
      return
    }
    const e = epochGuess(c.name, c.values, true)
    if (e) {
      ctx.notices.push({ code: 'epoch-like', column: c.name, ...words`column "${c.name}" holds whole numbers that look like Unix ${e === 'epoch-s' ? 'seconds' : 'milliseconds'}; it is read as a number. To use it as the time, ${asTime(c.name)}` })
      return
    }
  }
}

function finalizeOne(a: ColumnAcc, ctx: Ctx, fileStyle: DecimalStyle | null): Column & { style?: DecimalStyle } {
  const t = a.option?.type
  const m = a.nonMissing
  if (t === 'categorical') return categorical(a, ctx, true)
  if (t === 'boolean') return boolean(a, ctx)
  if (t === 'date') {
    // bare years and epoch numbers are read as numbers first, then made times
    const numberFormat = a.option?.dateFormat === 'year' || a.option?.dateFormat === 'epoch-s' || a.option?.dateFormat === 'epoch-ms'
    if (!numberFormat && a.dateAlive && a.dateValid === a.nonMissing) return date(a, ctx, true)
    if (a.num && Math.max(a.dotValid, a.commaValid) === m && m > 0) {
      const c = numeric(a, ctx, fileStyle, true)
      if (c.kind === 'date') return c
    }
    return date(a, ctx, true)
  }
  if (t === 'numeric') return numeric(a, ctx, fileStyle, true)
  if (m === 0) {
    ctx.notices.push({ code: 'all-missing', message: `column "${a.name}" has no values`, column: a.name })
    return { kind: 'numeric', name: a.name, values: (a.num as NonNullable<typeof a.num>).finish() }
  }
  if (isDateColumn(a)) return date(a, ctx, false)
  if (viableStyles(a).length > 0) return numeric(a, ctx, fileStyle, false)
  // (not a-b, 10-12: a column of such codes with a stray 13-14 is text, not an error)
  if (a.dateAlive && a.dateValid >= MOSTLY * m && a.dateFamily !== DATE_MONTH_YY) return date(a, ctx, true)
  if (Math.max(a.dotValid, a.commaValid) >= MOSTLY * m) return numeric(a, ctx, fileStyle, true)
  a.settleCategories() // (a column still waiting is all numbers, and has returned above)
  if (a.overflow) {
    ctx.notices.push({
      code: 'text-column',
      message: `column "${a.name}" has more than ${ctx.opts.maxLevels ?? 1000} distinct text values; it is kept as text and cannot be a model input`,
      column: a.name
    })
    return { kind: 'text', name: a.name }
  }
  if (booleanPair(a.levels)) return boolean(a, ctx)
  return categorical(a, ctx, false)
}

function numeric(a: ColumnAcc, ctx: Ctx, fileStyle: DecimalStyle | null, strict: boolean): Column & { style?: DecimalStyle } {
  const viable = viableStyles(a)
  let style: DecimalStyle
  const forced = ctx.opts.decimal === 'dot' || ctx.opts.decimal === 'comma' ? ctx.opts.decimal : null
  if (forced) style = forced
  else if (viable.length === 1) style = viable[0]
  else if (viable.length === 2 && a.ambiguous === 0) style = fileStyle ?? 'dot'
  else if (viable.length === 2) {
    if (!fileStyle)
      fail(ctx, 'ambiguous-number-format',
        `"${a.firstAmbiguous?.raw}" reads differently with a decimal dot and a decimal comma, and no other column decides: say which separator the file's decimals use`,
        a.name, a.firstAmbiguous, ['dot', 'comma'])
    style = fileStyle
    ctx.notices.push({
      code: 'decimal-from-other-columns',
      message: `column "${a.name}": decimal ${style} taken from the other columns of the file`,
      column: a.name
    })
  } else style = a.dotValid >= a.commaValid ? 'dot' : 'comma'

  const valid = style === 'dot' ? a.dotValid : a.commaValid
  if (valid !== a.nonMissing) {
    const bad = style === 'dot' ? a.firstDotBad : a.firstCommaBad
    // the mark chosen is the wrong one, not the value: every value reads with the other mark
    const other: DecimalStyle = style === 'dot' ? 'comma' : 'dot'
    if (forced && viable.includes(other))
      fail(ctx, 'wrong-decimal', `"${bad?.raw}" has a decimal ${other}, as every value of the column has, but the decimal ${style} was chosen: the file's numbers use a decimal ${other}`, a.name, bad, [other])
    const why = strict && a.option?.type === 'numeric' ? 'the column is set to numeric' : 'the other values of the column are numbers'
    fail(ctx, 'non-numeric', `"${bad?.raw}" is not a number (${why}); mark it missing or set the column type`, a.name, bad)
  }
  const inf = style === 'dot' ? a.firstDotInf : a.firstCommaInf
  if (inf) fail(ctx, 'out-of-range', `"${inf.raw}" does not fit a 64-bit float`, a.name, inf)
  const values = (style === 'comma' && a.alt ? a.alt : (a.num as NonNullable<typeof a.num>)).finish()
  if (a.firstNeg)
    ctx.notices.push({
      code: 'negative-parentheses',
      column: a.name,
      message: `column "${a.name}": ${a.negCount === 1 ? 'a value' : `${a.negCount} values`} in parentheses ${a.negCount === 1 ? 'is' : 'are'} read as negative, as accountants write them ("${a.firstNeg.raw}", line ${ctx.lines[a.firstNeg.rec]}, as ${values[a.firstNeg.rec]})`
    })
  if (a.unitCount > 0) return withUnitSign(a, ctx, values, style)

  // Whole numbers become times only when the column says so (its name, its type, or timeColumn): an
  // ordinary count must never turn into the time axis silently. Money in parentheses never does.
  const asTime = a.option?.type === 'date' || ctx.opts.timeColumn === a.name
  if (a.option?.type === 'numeric' || a.firstNeg) return { kind: 'numeric', name: a.name, values, style }
  if (readsAsYears(a, values)) {
    const r = yearRange(values)
    if (!r) fail(ctx, 'invalid-date', `${firstNotYear(values)} is not a year (whole numbers 1000-2999)`, a.name, placeOf(values, firstNotYearIndex(values)))
    if (a.option?.type !== 'date')
      ctx.notices.push({ code: 'year-time', message: `column "${a.name}" read as years (${r[0]}–${r[1]})`, column: a.name })
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) values[i] = Date.UTC(values[i], 0, 1)
    return { kind: 'date', name: a.name, values, format: 'year', hasTime: false }
  }
  const epoch = a.option?.dateFormat === 'epoch-s' || a.option?.dateFormat === 'epoch-ms' ? a.option.dateFormat : epochGuess(a.name, values, asTime)
  if (epoch) {
    if (a.option?.type !== 'date')
      ctx.notices.push({ code: 'epoch-time', message: `column "${a.name}" read as ${epoch === 'epoch-s' ? 'epoch seconds' : 'epoch milliseconds'}`, column: a.name })
    if (epoch === 'epoch-s') for (let i = 0; i < values.length; i++) values[i] *= 1000
    return { kind: 'date', name: a.name, values, format: epoch, hasTime: true }
  }
  return { kind: 'numeric', name: a.name, values, style }
}

/**
 * A column of numbers written with a unit sign ("$1,234.50", "4.7%"), read without it: one sign for
 * the whole column, which becomes its unit, said in a notice; two signs ($ and €) are an error
 * naming both cells, never a silent merge. Such a column is never read as years or epoch times.
 */
function withUnitSign(a: ColumnAcc, ctx: Ctx, values: Float64Array, style: DecimalStyle): NumericColumn & { style: DecimalStyle } {
  const first = a.firstUnit as Place
  const where = (p: Place): string => `line ${ctx.lines[p.rec]}`
  if (a.firstOtherUnit)
    fail(ctx, 'mixed-units',
      `"${a.firstOtherUnit.raw}" carries another unit than "${first.raw}" (${where(first)}): a column of numbers holds one unit; correct the cell, or set the column's type to categorical to keep it as text`,
      a.name, a.firstOtherUnit)
  const sign = a.unitSign as string
  const what = `${sign === '%' ? 'per cent' : 'currency'} sign are read as numbers without it ("${first.raw}", ${where(first)}, as ${values[first.rec]})`
  const some = a.unitCount < a.nonMissing ? `; ${a.unitCount} of its ${a.nonMissing} values ${a.unitCount === 1 ? 'carries' : 'carry'} the sign, the others are taken in the same unit` : ''
  ctx.notices.push({ code: 'unit-numbers', column: a.name, message: `column "${a.name}": numbers written with a ${what}; its unit is "${sign}"${some}` })
  return { kind: 'numeric', name: a.name, values, style, unit: sign }
}

/** [min, max] when every value is a whole number in Excel's serial day numbers (EXCEL_SERIAL), else null. */
function excelRange(v: Float64Array): [number, number] | null {
  return wholeRange(v, EXCEL_SERIAL.lo, EXCEL_SERIAL.hi)
}
/** The day an Excel serial day number stands for, yyyy-mm-dd. */
function excelDay(serial: number): string {
  return dayToIso(serial - EXCEL_SERIAL.epoch)
}

/** [min, max] when every value is a whole number 1000-2999 (a bare year), else null. */
function yearRange(v: Float64Array): [number, number] | null {
  return wholeRange(v, 1000, 2999)
}
/** [min, max] when every value (missing ones skipped) is a whole number in [lo, hi], else null. */
function wholeRange(v: Float64Array, from: number, to: number): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (x !== x) continue
    if (!Number.isInteger(x) || x < from || x > to) return null
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  return lo <= hi ? [lo, hi] : null
}
function firstNotYearIndex(v: Float64Array): number {
  return v.findIndex((x) => x === x && !(Number.isInteger(x) && x >= 1000 && x <= 2999))
}
function firstNotYear(v: Float64Array): string {
  const i = firstNotYearIndex(v)
  return i < 0 ? 'a value' : `"${v[i]}"`
}
function placeOf(v: Float64Array, rec: number): Place | null {
  return rec < 0 ? null : { rec, raw: String(v[rec]) }
}

/** Integer seconds/milliseconds between 1973 and 2099 in a column named like a time (or chosen as the time). */
function epochGuess(name: string, v: Float64Array, chosen = false): DateFormat | null {
  if (!chosen && !EPOCH_NAME.test(name)) return null
  let lo = Infinity
  let hi = -Infinity
  // (indexed: for-of over a typed array of a million rows takes V8 4x as long)
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (x !== x) continue
    if (!Number.isInteger(x)) return null
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  // 1973-03 .. 2099: whole seconds, or milliseconds (the two ranges cannot overlap)
  if (lo >= 1e8 && hi < 4.1e9) return 'epoch-s'
  if (lo >= 1e11 && hi < 4.1e12) return 'epoch-ms'
  return null
}

function date(a: ColumnAcc, ctx: Ctx, strict: boolean): Column {
  if (!a.dateAlive || a.dateValid !== a.nonMissing) {
    const why = strict && a.option?.type === 'date' ? 'the column is set to date' : 'the other values of the column are dates'
    const bad = a.firstDateBad
    const first = a.firstDate
    if (bad && first && dateFamilyOf(bad.raw) !== DATE_NONE && dateFamilyOf(bad.raw) !== dateFamilyOf(first.raw))
      fail(ctx, 'invalid-date', `"${bad.raw}" is a date written in another format than "${first.raw}" (line ${ctx.lines[first.rec]}) and the column's other dates${yearDigits(first.raw, bad.raw)} (${why}); write every date of the column in one format`, a.name, bad)
    // Excel serial day numbers (a date cell saved as a number): every value, not the one named, is
    // no date, so reading it as missing is no fix; the spreadsheet's date format is
    const serial = bad && /^\d{5}$/.test(bad.raw) && Number(bad.raw) >= EXCEL_SERIAL.lo && Number(bad.raw) <= EXCEL_SERIAL.hi && a.dateValid === 0
    if (serial && bad) fail(ctx, 'excel-serial-date', `"${bad.raw}" looks like an Excel serial day number (${excelDay(Number(bad.raw))}), a date cell saved as a number, not a date written out (${why}): format the column as dates in the spreadsheet and export the file again`, a.name, bad)
    fail(ctx, 'invalid-date', `"${bad?.raw}" is not a date in the column's format (${why})`, a.name, bad)
  }
  if (a.firstZoned && a.firstNaive) mixedZones(a, ctx, a.firstZoned, a.firstNaive)
  let format: DateFormat = 'iso'
  let values = a.dA
  const fam = a.dateFamily
  const yy = isYY(fam)
  if (fam === DATE_SLASH || fam === DATE_SLASH_YY) {
    const [dmy, mdy] = yy ? ['dd/mm/yy', 'mm/dd/yy'] : ['dd/mm/yyyy', 'mm/dd/yyyy']
    if (a.firstDayFirst && a.firstMonthFirst) {
      const later = a.firstDayFirst.rec > a.firstMonthFirst.rec ? a.firstDayFirst : a.firstMonthFirst
      fail(ctx, 'invalid-date', `"${later.raw}" contradicts the day/month order of the earlier values`, a.name, later)
    }
    let order = a.firstDayFirst ? 'dmy' : a.firstMonthFirst ? 'mdy' : undefined
    const forced = a.option?.dateFormat === 'dmy' || a.option?.dateFormat === 'mdy' ? a.option.dateFormat : ctx.opts.dateOrder
    if (forced) order = forced
    if (!order)
      fail(ctx, 'ambiguous-date-format', `"${a.firstDate?.raw}" could be ${dmy} or ${mdy} and no value has a part > 12: say whether the dates are day-first or month-first`,
        a.name, a.firstDate, ['dmy', 'mdy'])
    // a forced order can contradict a value (13/01/2020 read as mm/dd)
    const contra = order === 'mdy' ? a.firstDayFirst : a.firstMonthFirst
    if (contra) fail(ctx, 'invalid-date', `"${contra.raw}" is not a valid ${order === 'dmy' ? dmy : mdy} date`, a.name, contra)
    format = order as DateFormat
    values = order === 'dmy' ? a.dA : a.dB
    // decided by a value, not told: which one, and where
    const decided = forced ? null : a.firstDayFirst ?? a.firstMonthFirst
    if (decided) ctx.notices.push({ code: 'date-order', column: a.name, message: `column "${a.name}" is read ${order === 'dmy' ? `day first (${dmy})` : `month first (${mdy})`}, as "${decided.raw}" (line ${ctx.lines[decided.rec]}, row ${decided.rec + 1}) has a ${order === 'dmy' ? 'first' : 'second'} part above 12` })
  } else if (fam === DATE_DASH_YY) {
    format = dashOrder(a, ctx)
    values = format === 'dmy' ? a.dA : a.dB
  } else if (fam === DATE_MONTH_YY) {
    format = 'year-month'
    values = monthOrder(a, ctx) === 'ym' ? a.dA : a.dB
  } else if (fam === DATE_DOTTED || fam === DATE_DOTTED_YY) format = 'dmy'
  else if (fam === DATE_YM) format = 'year-month'
  else if (fam === DATE_NAMED || fam === DATE_NAMED_YY || fam === DATE_YY_NAMED) format = 'month-name'
  else if (fam === DATE_QUARTER || fam === DATE_QUARTER_YY) format = 'quarter'
  else if (fam === DATE_WEEK) format = 'iso-week'
  const firstReading = values === a.dA
  const v = (values as NonNullable<typeof values>).finish()
  // 18-Jan read as yy-mmm: a day and a month without a year (Excel's d-mmm) would be no time, and
  // its rows would not be in time order read as months, so such a column is refused, not guessed
  if (fam === DATE_YY_NAMED && !inOrder(v)) {
    const i = firstBackIndex(v)
    fail(ctx, 'invalid-date', `"${a.firstDate?.raw}" reads as a two-digit year and a month (yy-mmm), but so read line ${ctx.lines[i]} is earlier than a line above it; a day and a month without a year (d-mmm) is no time: write the dates with four-digit years (Jan 2018, 18 Jan 2018)`, a.name, a.firstDate)
  }
  if (yy) twoDigitYears(a, ctx, v)
  // a week is kept as its Monday, and written back as a week (../data/time-cell): said once, where the file is read
  if (format === 'iso-week' && a.firstDate)
    ctx.notices.push({ code: 'iso-weeks', column: a.name, message: `column "${a.name}" holds ISO weeks, each read as its Monday ("${a.firstDate.raw}" (line ${ctx.lines[a.firstDate.rec]}) as ${new Date(v[a.firstDate.rec]!).toISOString().slice(0, 10)}): forecasts and exports write them back as weeks` })
  // several offsets: the daylight-saving rule they follow, where the file shows one (./clock-rule)
  const clock = a.firstZoned && a.zone !== a.zone && a.clock && firstReading ? learnClockRule(a.clock, v) : null
  // several offsets and no rule: each row's own, so the files write it back as the file has it (./time-cell)
  const own = a.firstZoned && a.zone !== a.zone && !clock && a.zoneRuns ? rowOffsets(a.zoneRuns, v.length) : null
  const offsets = own ? zoneStepsOf(v, own) : null
  // rows at one instant with two offsets (series in different zones): each row's, for its series' files
  const perRow = own && !offsets ? { rowOffsets: own } : {}
  return { kind: 'date', name: a.name, values: v, format, hasTime: a.hasTime, ...(a.firstZoned ? { zoned: true } : {}), ...(a.firstZoned && a.zone !== null && a.zone === a.zone ? { offsetMin: a.zone } : {}), ...(clock ? { clock } : {}), ...(offsets ? { offsets } : {}), ...perRow }
}

/** Each of `n` records' offset from the changes an import kept (ColumnAcc.zoneRuns); a record
 *  with no zoned date gets the one before it's, and is no instant (NaN), so it counts for none. */
function rowOffsets(runs: readonly number[], n: number): Float64Array {
  const o = new Float64Array(n).fill(NaN)
  for (let i = 0; i < runs.length; i += 2) o.fill(runs[i + 1]!, runs[i]!, i + 2 < runs.length ? runs[i + 2]! : n)
  return o
}

const isYY = (fam: number) => fam === DATE_SLASH_YY || fam === DATE_DOTTED_YY || fam === DATE_DASH_YY || fam === DATE_MONTH_YY || fam === DATE_NAMED_YY || fam === DATE_YY_NAMED || fam === DATE_QUARTER_YY
/** ", one with a two-digit year and one with four" where two dates differ in that. */
function yearDigits(one: string, other: string): string {
  return isYY(dateFamilyOf(one)) !== isYY(dateFamilyOf(other)) ? ', one with a two-digit year and one with four' : ''
}

const YY_PIVOT = `00–${String(YEAR_PIVOT - 1).padStart(2, '0')} as ${2000}–${2000 + YEAR_PIVOT - 1}, ${YEAR_PIVOT}–99 as ${1900 + YEAR_PIVOT}–1999`

/** Whether the dates (NaN = missing) never go back in time from one row to the next. */
function inOrder(v: ArrayLike<number>): boolean {
  let last = -Infinity
  for (let i = 0; i < v.length; i++) {
    const t = v[i]
    if (t !== t) continue
    if (t < last) return false
    last = t
  }
  return true
}

/** The first row whose date (NaN = missing) is before the last date above it; with `sign` -1, the
 *  first after it (a file written newest first goes ahead there). */
function firstBackIndex(v: ArrayLike<number>, sign: 1 | -1 = 1): number {
  let last = -Infinity
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== v[i]) continue
    if (sign * v[i]! < last) return i
    last = sign * v[i]!
  }
  return -1
}

/** The order of a-b-yy dates, dd-mm-yy or yy-mm-dd: the one every value reads in, else the one told
 *  (day first), else the one that alone keeps the rows in time order; refused when none decides. */
function dashOrder(a: ColumnAcc, ctx: Ctx): 'dmy' | 'iso' {
  if (a.firstDayFirst && a.firstMonthFirst) {
    const later = a.firstDayFirst.rec > a.firstMonthFirst.rec ? a.firstDayFirst : a.firstMonthFirst
    fail(ctx, 'invalid-date', `"${later.raw}" contradicts the order of the earlier values (dd-mm-yy or yy-mm-dd)`, a.name, later)
  }
  const forced = a.option?.dateFormat === 'dmy' || a.option?.dateFormat === 'mdy' ? a.option.dateFormat : ctx.opts.dateOrder
  if (forced === 'mdy') fail(ctx, 'invalid-date', `"${a.firstDate?.raw}" has a two-digit year after dashes, which is read as dd-mm-yy or yy-mm-dd, not mm-dd-yy: write the dates as mm/dd/yy or with four-digit years`, a.name, a.firstDate)
  if (a.firstMonthFirst) return 'iso'
  if (a.firstDayFirst || forced === 'dmy') return 'dmy'
  const dmy = readingValues(a, 'dA')
  const ymd = readingValues(a, 'dB')
  const [byDay, byYear] = [inOrder(dmy), inOrder(ymd)]
  if (byDay !== byYear) return byDay ? 'dmy' : 'iso'
  const first = a.firstDate as Place
  const i = first.rec
  fail(ctx, 'invalid-date', `"${first.raw}" could be yy-mm-dd (${isoDate(ymd[i]!)}) or dd-mm-yy (${isoDate(dmy[i]!)}), every value reads both ways and ${byDay ? 'both readings keep' : 'neither reading keeps'} the rows in time order: write the years with four digits`, a.name, first)
}

/** The values of a date reading (dA or dB) before date() takes them: the builder is finished
 *  (its get() reads no part attached by a read in two parts, ./parts) and put back holding them. */
function readingValues(a: ColumnAcc, key: 'dA' | 'dB'): Float64Array {
  const b = a[key]
  if (b === null) return new Float64Array(0)
  const v = b.finish()
  const again = new F64Builder()
  again.attach(v)
  a[key] = again
  return v
}

/** The order of a-b months, yy-mm or mm-yy: the one told (monthOrder), else the one every value
 *  reads in, else the one that alone has the rows in time order, oldest or newest first
 *  (monthReadings), each said in a notice; asked (ambiguous-month-format) where both fit, refused
 *  where a value contradicts it. */
function monthOrder(a: ColumnAcc, ctx: Ctx): 'ym' | 'my' {
  const [ym, my] = monthReadings(a) as [MonthReading, MonthReading]
  const said = { ym: 'year first (yy-mm)', my: 'month first (mm-yy)' }
  const told = ctx.opts.monthOrder
  if (a.firstDayFirst && a.firstMonthFirst) {
    const later = a.firstDayFirst.rec > a.firstMonthFirst.rec ? a.firstDayFirst : a.firstMonthFirst
    fail(ctx, 'invalid-date', `"${later.raw}" contradicts the order of the earlier values (yy-mm or mm-yy)`, a.name, later)
  }
  if (told) {
    const contra = told === 'ym' ? a.firstMonthFirst : a.firstDayFirst
    if (contra) fail(ctx, 'invalid-date', `"${contra.raw}" is not a valid ${told === 'ym' ? 'yy-mm' : 'mm-yy'} month (a month 01-12 and a two-digit year)`, a.name, contra)
    return told
  }
  const decided = a.firstDayFirst ?? a.firstMonthFirst
  if (decided) {
    const order = a.firstDayFirst ? 'ym' : 'my'
    ctx.notices.push({ code: 'month-order', column: a.name, message: `column "${a.name}" is read ${said[order]}, as "${decided.raw}" (line ${ctx.lines[decided.rec]}, row ${decided.rec + 1}) has a ${order === 'ym' ? 'first' : 'second'} part above 12` })
    return order
  }
  if (inTime(ym) !== inTime(my)) {
    const [read, not] = inTime(ym) ? [ym, my] : [my, ym]
    // oldest first, the other reading goes back somewhere; newest first, it goes ahead somewhere
    const [where, how] = read.forward ? [not.back, 'earlier'] : [not.ahead, 'later']
    const why = where >= 0 ? `line ${ctx.lines[where]} would be ${how} than a line above it` : 'every row would be one month'
    const order = read.forward ? 'do the rows go forward in time' : 'are the rows in time order, newest first'
    ctx.notices.push({ code: 'month-order', column: a.name, message: `column "${a.name}" is read ${said[read.order]}: every value reads both ways, and only so ${order} (read ${said[not.order].split(' (')[0]}, ${why})` })
    return read.order
  }
  const first = a.firstDate as Place
  const month = (t: number) => isoDate(t).slice(0, 7)
  const rows = ym.forward && my.forward ? 'going forward in time' : ym.newestFirst && my.newestFirst ? 'newest first either way' : inTime(ym) ? `in time order either way (oldest first read ${ym.forward ? 'yy-mm' : 'mm-yy'}, newest first read ${ym.forward ? 'mm-yy' : 'yy-mm'})` : 'in no time order either way'
  fail(ctx, 'ambiguous-month-format', `"${first.raw}" could be yy-mm (${month(ym.at(first.rec))}) or mm-yy (${month(my.at(first.rec))}), and every value reads both ways with the rows ${rows}: say whether the year or the month comes first`, a.name, first, ['ym', 'my'])
}

/** Two-digit years, read with YEAR_PIVOT: a notice saying how, with the first and the last date as
 *  read; refused where the rows are in time order with every year in one century but not as read
 *  (a file of 1925 to 1935 read as 2025-2029 and 1930-1935). */
function twoDigitYears(a: ColumnAcc, ctx: Ctx, v: Float64Array): void {
  const first = a.firstDate as Place
  let last = v.length - 1
  while (last > 0 && v[last] !== v[last]) last--
  if (!inOrder(v)) {
    // every year in the 1900s: a date read in the 2000s goes back 100 years
    const century = Float64Array.from(v, (t) => {
      if (!(t === t) || new Date(t).getUTCFullYear() < 2000) return t
      const d = new Date(t)
      d.setUTCFullYear(d.getUTCFullYear() - 100)
      return d.getTime()
    })
    if (inOrder(century)) {
      let i = 0
      let prev = -1
      for (; i < v.length; i++) {
        if (v[i] !== v[i]) continue
        if (prev >= 0 && v[i] < v[prev]) break
        prev = i
      }
      throw new ImportError('invalid-date', `two-digit years read with the pivot (${YY_PIVOT}) put line ${ctx.lines[i]} (${isoDate(v[i])}) before line ${ctx.lines[prev]} (${isoDate(v[prev])}), while the rows are in time order with every year in one century: write the years with four digits`,
        { file: ctx.file, line: ctx.lines[i], row: i + 1, column: a.name })
    }
  }
  ctx.notices.push({
    code: 'two-digit-years',
    column: a.name,
    message: `column "${a.name}" has two-digit years, read as Excel reads them (${YY_PIVOT}): "${first.raw}" (line ${ctx.lines[first.rec]}) as ${isoDate(v[first.rec])}, the last date (line ${ctx.lines[last]}) as ${isoDate(v[last])}`
  })
}

/** Times with a UTC offset (or Z) and times without one in one column: the ones without would be
 *  read as UTC and land beside (or on) the others by chance, so the column is refused, naming the first
 *  value that disagrees with the column's first and that first value. */
function mixedZones(a: ColumnAcc, ctx: Ctx, zoned: Place, naive: Place): never {
  const later = zoned.rec > naive.rec ? zoned : naive
  const first = later === zoned ? naive : zoned
  const how = later === zoned ? ['carries a UTC offset', 'does not'] : ['carries no UTC offset', 'does']
  fail(ctx, 'mixed-time-zones',
    `"${later.raw}" ${how[0]} and "${first.raw}" (line ${ctx.lines[first.rec]}) ${how[1]}: times with and without an offset cannot be put on one clock; write every time of the column with its offset (or Z), or every time without one`,
    a.name, later)
}

function categorical(a: ColumnAcc, ctx: Ctx, forced: boolean): Column {
  a.settleCategories()
  if (a.overflow || !a.codes)
    fail(ctx, 'too-many-levels', `more than ${ctx.opts.maxLevels ?? 1000} distinct values${forced ? ' in a column set to categorical' : ''}`, a.name)
  return { kind: 'categorical', name: a.name, codes: a.codes.finish(), levels: a.levels }
}

function boolean(a: ColumnAcc, ctx: Ctx): Column {
  a.settleCategories()
  if (!a.codes) fail(ctx, 'invalid-boolean', 'too many distinct values for a true/false column', a.name)
  const codes = a.codes.finish()
  // asked for (or read as one): 0/1 is a pair too. Refused, the first value outside the pair most
  // of the column's values belong to is named: "2" among 0s and 1s, never a "0" or a "1" itself
  // (the app offers to read the named value as missing: 1 would blank every rainy day)
  const pair = booleanPair(a.levels, true)
  const outside = pair ? null : nearestBooleanPair(a.levels).outside
  const values = new Float64Array(codes.length) // (N) 0 | 1 | NaN
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    if (c < 0) {
      values[i] = NaN
      continue
    }
    const l = a.levels[c].toLowerCase()
    if (!pair) {
      if (outside!.has(a.levels[c])) fail(ctx, 'invalid-boolean', `"${a.levels[c]}" is not true/false, yes/no, t/f, y/n or 0/1`, a.name, { rec: i, raw: a.levels[c] })
      continue
    }
    values[i] = l === pair[1] ? 1 : 0
  }
  // the file's words for no and yes, as first written (a word never seen: the pair's own; 0 and 1
  // for a column of 0s and 1s)
  const said = (k: 0 | 1) => a.levels.find((l) => l.toLowerCase() === pair![k]) ?? pair![k]
  return { kind: 'boolean', name: a.name, values, ...(pair === ZERO_ONE ? { words: ZERO_ONE } : pair ? { words: [said(0), said(1)] as const } : {}) }
}

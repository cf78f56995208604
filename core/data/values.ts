// Cell-level parsers for the importer: numbers in both decimal styles, dates in the supported formats,
// booleans and missing tokens. They allocate nothing on the hot path (results go to module scratch).

import { DAY_MS } from './days'

/** Read as missing without asking (any case). Excel's #N/A is its missing value (NA(), a lookup that
 *  finds nothing); its other errors (#DIV/0!, #VALUE!, #REF!, #NUM!, #NAME?, #NULL!) are formulas that
 *  went wrong, so they stay refused, naming the cell, with the one-click --na that reads them as missing. */
export const DEFAULT_MISSING = ['', 'na', 'n/a', '#n/a', 'null', 'nan', '-']

/** Set by parseDot: what separators the last scanned string had. */
let sawComma = false
let sawDot = false
/** Set by parseDot: k when the last string is a number written in fixed notation with exactly k
 *  decimals that `fixedText(value, k)` writes back character for character (at most 15 digits,
 *  no exponent, no '+', no leading zero, no lone dot, not -0); else -1. */
let fixedK = -1

/** Set by parseDot when it returns NaN: the first character of the string that no plain number
 *  holds (a digit, sign, dot, comma or exponent are), 0 when there is none, -1 when not looked for. */
let oddChar = -1

/** Whether the string parseDot last refused as NaN may be a number written with a unit sign or
 *  grouped by spaces or apostrophes (splitUnit, ungrouped): its first odd character is one they
 *  take off, or was not looked for. Dates and words leave at their first letter or colon. */
export function mayBeFormatted(): boolean {
  const c = oddChar
  return c < 0 || isUnitSign(c) || c === 37 || c === 40 || c === 41 || isGroupSeparator(c)
}

/** The fixed-notation k of the string parseDot read last (see fixedK). */
export function lastFixedDigits(): number {
  return fixedK
}

/** The text of `v` with k decimals, as the string that gave lastFixedDigits() === k was written. */
export function fixedText(v: number, k: number): string {
  return k === 0 ? String(v) : v.toFixed(k)
}

const THOUSANDS_COMMA = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/
const THOUSANDS_DOT = /^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/
const DECIMAL_COMMA = /^[+-]?\d*,\d+([eE][+-]?\d+)?$|^[+-]?\d+,$/

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k) // 1 .. 1e22, all exact doubles

/** Number in 'dot' style (1234.5 or 1,234.5). NaN when it is not one; may return +-Infinity (1e400). */
export function parseDot(s: string): number {
  // Hot path, one scan: [+-]digits[.digits][e[+-]ddd] with at most 15 digits is m * 10^k or m / 10^-k with
  // m and 10^|k| (|k| <= 22) exact doubles, so the one correctly rounded operation equals Number(s).
  // A string with some other character and no whitespace at either end can never be a number that
  // Number() gives and we accept (Number() trims only the ends; its only letters besides e are
  // 0x/0b/0o/Infinity, which are refused anyway), so it is NaN without calling Number().
  const n = s.length
  const c0 = s.charCodeAt(0)
  const i0 = c0 === 45 || c0 === 43 ? 1 : 0
  let i = i0
  let m = 0
  let nd = 0
  let dot = -1
  let frac = 0
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48)
      nd++
      if (dot >= 0) frac++
    } else if (c === 46 && dot < 0) dot = i
    else break
  }
  let exp = 0
  const mantEnd = i
  if (i < n && nd > 0 && (s.charCodeAt(i) | 32) === 101) {
    let j = i + 1
    const sign = s.charCodeAt(j) === 45 ? -1 : 1
    if (s.charCodeAt(j) === 45 || s.charCodeAt(j) === 43) j++
    const e0 = j
    for (; j < n && j - e0 < 4; j++) {
      const c = s.charCodeAt(j)
      if (c < 48 || c > 57) break
      exp = exp * 10 + (c - 48)
    }
    if (j === n && j > e0 && j - e0 <= 3) {
      i = n
      exp *= sign
    }
  }
  const k = exp - frac
  if (i === n && nd > 0 && nd <= 15 && k >= -22 && k <= 22) {
    sawComma = false
    sawDot = dot >= 0
    const v = k >= 0 ? m * POW10[k] : m / POW10[-k]
    // fixed notation written back exactly: no exponent, no '+', a dot with digits on both sides, no
    // leading zero before another digit, not -0 (String(-0) is "0")
    const intDigits = (dot < 0 ? n : dot) - i0
    fixedK =
      mantEnd === n && c0 !== 43 && intDigits > 0 && dot !== n - 1 && (intDigits === 1 || s.charCodeAt(i0) !== 48) && !(c0 === 45 && v === 0)
        ? frac
        : -1
    return c0 === 45 ? -v : v
  }
  fixedK = -1
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if ((c < 48 || c > 57) && c !== 46 && c !== 44 && c !== 43 && c !== 45 && c !== 101 && c !== 69) {
      const z = s.charCodeAt(n - 1)
      if (c0 > 32 && c0 < 128 && z > 32 && z < 128) {
        sawComma = sawDot = false // the comma reading of such a string is NaN whatever these say
        oddChar = c
        return NaN
      }
      break
    }
  }
  return parseDotSlow(s)
}

function parseDotSlow(s: string): number {
  // Number() accepts exactly the decimal literals we want, plus a few forms we must refuse
  // (0x/0b/0o prefixes, 'Infinity'); whitespace was trimmed by the caller.
  const v = Number(s)
  if (v === v) {
    sawComma = false
    sawDot = s.indexOf('.') >= 0
    const c1 = s.charCodeAt(1) | 32
    if (s.charCodeAt(0) === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) return NaN
    if ((v === Infinity || v === -Infinity) && s.indexOf('I') >= 0) return NaN
    return v
  }
  sawComma = false
  sawDot = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) continue
    if (c === 46) sawDot = true
    else if (c === 44) sawComma = true
    else if (c !== 43 && c !== 45 && c !== 101 && c !== 69) {
      oddChar = c
      return NaN
    }
  }
  oddChar = 0
  if (!sawComma) return NaN // only digits, signs, dots and exponents, and Number() refused it
  return THOUSANDS_COMMA.test(s) ? Number(s.replace(/,/g, '')) : NaN
}

/** Number in 'comma' style (1234,5 or 1.234,5). Call right after parseDot(s) with the same s. */
export function parseCommaAfterDot(s: string, dot: number): number {
  if (!sawComma && !sawDot) return dot // plain integers and exponents read the same in both styles
  if (sawDot) {
    // a dot is only a thousands separator when three digits follow it (cheap pre-check before the regex)
    const lastDot = s.lastIndexOf('.')
    const end = sawComma ? s.indexOf(',') : s.length
    if (end - lastDot !== 4 || !THOUSANDS_DOT.test(s)) return NaN
    return Number(s.replace(/\./g, '').replace(',', '.'))
  }
  return DECIMAL_COMMA.test(s) ? Number(s.replace(',', '.')) : NaN
}

/** Parses s in the given style (used when the caller fixed opts.decimal). */
export function parseNumber(s: string, style: 'dot' | 'comma'): number {
  const d = parseDot(s)
  return style === 'dot' ? d : parseCommaAfterDot(s, d)
}

// ---- thousands grouped by spaces or apostrophes -----------------------------------------------------

/** A currency sign: $ € £ ¥ ₹ (the per cent sign, 37, goes after a number only). */
function isUnitSign(c: number): boolean {
  return c === 36 || c === 8364 || c === 163 || c === 165 || c === 8377
}

/** A space, a no-break space or a narrow no-break space. */
function isSpace(c: number): boolean {
  return c === 32 || c === 160 || c === 0x202f
}

/** What groups thousands besides commas and dots: a space (isSpace), an apostrophe or ’. */
function isGroupSeparator(c: number): boolean {
  return isSpace(c) || c === 39 || c === 0x2019
}

/** "1 234,50" (French: a space, a no-break or a narrow no-break space), "1'234.50" (Swiss: an
 *  apostrophe or a right single quote): one separator throughout, groups of three digits, a first
 *  group of 1-3 not starting with 0, and a decimal part with either mark. */
const SPACE_GROUPS = /^[+-]?[1-9]\d{0,2}([ \u00a0\u202f'\u2019])\d{3}(?:\1\d{3})*(?:[.,]\d+)?$/

/** s with its thousands separators taken out when it is a number grouped by spaces or apostrophes
 *  (SPACE_GROUPS), else null. Only the cells that are not plain numbers come here; the digits left
 *  are read in both decimal styles like any number ("1 234,50" decides a decimal comma). */
export function ungrouped(s: string): string | null {
  // cheap refusals first, as every date and text cell of a file comes here: a digit or a sign, then
  // a separator within the next four characters (a first group of 1-3 digits)
  const c0 = s.charCodeAt(0)
  if (!((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45)) return null
  let k = 1
  while (k < 5 && k < s.length && !isGroupSeparator(s.charCodeAt(k))) k++
  if (k === 5 || k === s.length) return null
  const m = SPACE_GROUPS.exec(s)
  return m ? s.split(m[1]!).join('') : null
}

// ---- numbers written with a unit sign --------------------------------------------------------------

/** Set by splitUnit: the number's text without its sign, the sign ('' for none), and whether it was
 *  written in an accountant's parentheses ("(£5.00)" is -5). */
export const unitPart = { core: '', sign: '', negate: false }


/**
 * Whether s is a number written as spreadsheets format cells into a CSV: with a currency sign before
 * or after it, or a per cent sign after it ("$1,234.50", "-$12", "$-12", "€ 7", "1.234,50 €",
 * "12.5%", "4,2 %"), and a negative one in an accountant's parentheses, with or without a sign
 * ("(£5.00)", "$(5.00)", "(1,234.00)"). Fills `unitPart` (sign '' when there is none); the core is
 * then read as any number (both decimal styles). Only the cells that are not plain numbers come here.
 */
export function splitUnit(s: string): boolean {
  let i = 0
  let j = s.length
  // cheap refusal, as every date and text cell of a file comes here: a sign at either end, or a
  // minus, plus or parenthesis before one
  const c0 = s.charCodeAt(0)
  const z = s.charCodeAt(j - 1)
  if (!isUnitSign(z) && z !== 37 && z !== 41 && !isUnitSign(c0) && c0 !== 45 && c0 !== 43 && c0 !== 40) return false
  let negate = false
  /** Takes the parentheses around [i, j) off, if any (once): a negative number. */
  const unwrap = (): void => {
    if (negate || s.charCodeAt(i) !== 40 || s.charCodeAt(j - 1) !== 41) return
    negate = true
    i++
    j--
    while (i < j && isSpace(s.charCodeAt(i))) i++
    while (j > i && isSpace(s.charCodeAt(j - 1))) j--
  }
  unwrap()
  let lead = ''
  let sign = ''
  const ci = s.charCodeAt(i)
  const signAt = ci === 45 || ci === 43 ? i + 1 : i
  if (isUnitSign(s.charCodeAt(signAt))) {
    // before the number: "$12", "-$12", "$-12", "$ 12"
    sign = s.charAt(signAt)
    if (signAt > i) lead = s.charAt(i)
    i = signAt + 1
    while (i < j && isSpace(s.charCodeAt(i))) i++
  } else {
    // after it: "12%", "12 %", "1.234,50 €"; or none, in parentheses: "(1,234.00)"
    const last = s.charCodeAt(j - 1)
    if (last === 37 || isUnitSign(last)) {
      sign = s.charAt(j - 1)
      j--
      while (j > i && isSpace(s.charCodeAt(j - 1))) j--
    } else if (!negate) return false
  }
  if (!lead) unwrap() // "$(5.00)", "(5.00) €"
  const core = lead + s.slice(i, j)
  const k = core.charCodeAt(lead ? 1 : 0)
  if (core.length === 0 || (lead && (k === 45 || k === 43)) || (negate && (core.charCodeAt(0) === 45 || core.charCodeAt(0) === 43))) return false
  unitPart.core = core
  unitPart.sign = sign
  unitPart.negate = negate
  return true
}

// ---- dates --------------------------------------------------------------------------------------

export const DATE_NONE = 0
export const DATE_ISO = 1 // yyyy-mm-dd, yyyy/mm/dd [time]
export const DATE_YM = 2 // yyyy-mm
export const DATE_SLASH = 3 // a/b/yyyy or a-b-yyyy [time]: dd/mm or mm/dd, decided over all rows
export const DATE_DOTTED = 4 // dd.mm.yyyy [time]: always day first
export const DATE_NAMED = 5 // a month name: Jan 1 2000, 1 Jan 2000, January 2000 [time]
export const DATE_QUARTER = 6 // 2000Q1, 2000 Q1, 2000-Q1, Q1 2000: the quarter's first day
export const DATE_WEEK = 7 // 2000-W05, 2000W05: the ISO week's Monday
// Two-digit years (Excel's 03/04/21), read with YEAR_PIVOT; each its own family, so that a column
// mixing them with four-digit years is refused as a column mixing formats.
export const DATE_SLASH_YY = 8 // a/b/yy [time]: dd/mm or mm/dd, decided over all rows
export const DATE_DOTTED_YY = 9 // dd.mm.yy [time]: always day first
export const DATE_DASH_YY = 10 // a-b-yy [time]: dd-mm-yy or yy-mm-dd, decided over all rows
export const DATE_NAMED_YY = 11 // Jan-18, Jan 18 (Excel's mmm-yy): a month and a two-digit year
export const DATE_YY_NAMED = 12 // 18-Jan (yy-mmm): read so only where the rows are in time order as months
export const DATE_QUARTER_YY = 13 // 15Q1, 15 Q1, 15-Q1: a quarter of a two-digit year
export const DATE_MONTH_YY = 14 // 18-01, 01-18, 1-18: yy-mm or mm-yy, decided over all rows (finalize: a column that does not say stays text)

/** Two-digit years below YEAR_PIVOT are read as 20yy, the others as 19yy (00-29 -> 2000-2029,
 *  30-99 -> 1930-1999), as Excel reads them. */
export const YEAR_PIVOT = 30
export const pivotYear = (yy: number): number => yy + (yy < YEAR_PIVOT ? 2000 : 1900)

/** Filled by parseDateParts. For SLASH, a and b are the first two parts in file order. */
/** The one offset of two readings (null: none yet; NaN: several). */
export const sameZone = (a: number | null, b: number | null): number | null => (a === null ? b : b === null || a === b ? a : NaN)

export const dp = { y: 0, a: 0, b: 0, hh: 0, mi: 0, ss: 0, ms: 0, tzMin: 0, hasTime: false, zoned: false }

function digits(s: string, i: number, n: number): number {
  let v = 0
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/** Reads 1 or 2 digits at i; returns the value and sets `adv` to the digits consumed. */
let adv = 0
function digits12(s: string, i: number): number {
  const d1 = digits(s, i, 1)
  if (d1 < 0) return -1
  const d2 = digits(s, i + 1, 1)
  if (d2 < 0 || i + 1 >= s.length) {
    adv = 1
    return d1
  }
  adv = 2
  return d1 * 10 + d2
}

/** The time part from i on: [T ]hh:mm[:ss[.fff]][Z|+hh:mm|+hhmm]. Returns false if malformed. */
function parseTime(s: string, i: number): boolean {
  dp.hh = dp.mi = dp.ss = dp.ms = dp.tzMin = 0
  dp.hasTime = dp.zoned = false
  if (i === s.length) return true
  const sep = s.charCodeAt(i)
  if (sep !== 84 /* T */ && sep !== 32 /* space */) return false
  return clockAt(s, i + 1)
}

/** A clock time from i to the end: hh:mm[:ss[.fff]][Z|+hh:mm|+hhmm], into dp. False if malformed. */
function clockAt(s: string, i: number): boolean {
  const hh = digits12(s, i)
  if (hh < 0 || s.charCodeAt(i + adv) !== 58 /* : */) return false
  i += adv + 1
  const mi = digits(s, i, 2)
  if (mi < 0) return false
  i += 2
  let ss = 0
  let ms = 0
  if (s.charCodeAt(i) === 58) {
    ss = digits(s, i + 1, 2)
    if (ss < 0) return false
    i += 3
    if (s.charCodeAt(i) === 46 /* . */) {
      let k = i + 1
      let frac = 0
      let scale = 1000
      while (k < s.length && digits(s, k, 1) >= 0) {
        scale /= 10
        frac += digits(s, k, 1) * scale
        k++
      }
      if (k === i + 1) return false
      ms = Math.round(frac)
      i = k
    }
  }
  if (i < s.length) {
    const z = s.charCodeAt(i)
    if (z === 90 /* Z */ && i + 1 === s.length) {
      dp.zoned = true
      i++
    } else if (z === 43 || z === 45) {
      const th = digits(s, i + 1, 2)
      const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0
      const tm = digits(s, i + 3 + colon, 2)
      if (th < 0 || tm < 0 || i + 5 + colon !== s.length) return false
      dp.tzMin = (z === 43 ? 1 : -1) * (th * 60 + tm)
      dp.zoned = true
      i = s.length
    } else return false
  }
  if (hh > 23 || mi > 59 || ss > 60) return false
  dp.hh = hh
  dp.mi = mi
  dp.ss = ss
  dp.ms = ms
  dp.hasTime = true
  return true
}

/** Milliseconds since midnight of a time of day written alone, h:mm or hh:mm[:ss[.fff]] without an
 *  offset ("00:00", "9:30", "23:59:59.5"); NaN for anything else. */
export function timeOfDayMs(s: string): number {
  if (s.length < 4 || s.length > 16 || s.charCodeAt(s.length - 1) === 90 /* Z */) return NaN
  dp.hh = dp.mi = dp.ss = dp.ms = dp.tzMin = 0
  dp.zoned = false
  if (!clockAt(s, 0) || dp.zoned) return NaN
  return ((dp.hh * 60 + dp.mi) * 60 + dp.ss) * 1000 + dp.ms
}

/** Recognises the family of a date string and fills `dp`. Returns DATE_NONE when it is not a date.
 *  Dispatch is on a few character codes so that numbers (the common case) leave after two or three tests. */
export function parseDateParts(s: string): number {
  const n = s.length
  if (n < 4) return DATE_NONE
  const c0 = s.charCodeAt(0)
  // yyQq, yy Qq, yy-Qq (15Q1): a quarter of a two-digit year
  const c2 = s.charCodeAt(2)
  if (n <= 5 && ((c2 | 32) === 113 || ((c2 === 32 || c2 === 45) && (s.charCodeAt(3) | 32) === 113))) {
    const yy = digits(s, 0, 2)
    const at = (c2 | 32) === 113 ? 3 : 4
    const q = at + 1 === n ? digits(s, at, 1) : -1
    if (yy < 0 || q < 1 || q > 4) return DATE_NONE
    quarter(pivotYear(yy), q)
    return DATE_QUARTER_YY
  }
  // yy-mm or mm-yy (18-01, 01-18), and m-yy with a one-digit month (1-18, read as 01-18): dp.a and
  // dp.b the two parts in file order
  const dash = n === 5 && c2 === 45 ? 2 : n === 4 && s.charCodeAt(1) === 45 ? 1 : 0
  if (dash > 0) {
    const a = digits(s, 0, dash)
    const b = digits(s, dash + 1, 2)
    if (a < 0 || b < 0) return DATE_NONE
    noTime()
    dp.a = a
    dp.b = b
    return DATE_MONTH_YY
  }
  if (n < 6) return DATE_NONE
  if (isLetter(c0)) return namedFirst(s, n)
  const c4 = s.charCodeAt(4)
  // yyyyMmm (2018M01, as statistics offices write months)
  if ((c4 | 32) === 109 && n === 7) {
    const y = digits(s, 0, 4)
    const m = digits(s, 5, 2)
    return y < 0 || m < 1 || m > 12 ? DATE_NONE : yearMonth(y, m)
  }
  // yyyy-mm..., yyyy/mm/..., yyyy-Qq, yyyy-Www; a separator at 4 after fewer than four digits is
  // a/bb/yyyy's second one (1/10/2022, 12-1-2022), read below
  const y4 = c4 === 45 || c4 === 47 ? digits(s, 0, 4) : -1
  if (y4 >= 0) {
    const y = y4
    const c5 = s.charCodeAt(5) | 32
    if (c4 === 45 && (c5 === 113 || c5 === 119)) return yearQuarterWeek(s, n, y, 5)
    // yyyy-m, yyyy-mm, yyyy/mm: a month
    if (n === 6) return digits(s, 5, 1) >= 1 ? yearMonth(y, digits(s, 5, 1)) : DATE_NONE
    const m = digits(s, 5, 2)
    if (m < 0) return DATE_NONE
    dp.y = y
    dp.a = m
    if (n === 7) return m >= 1 && m <= 12 ? yearMonth(y, m) : DATE_NONE
    if (s.charCodeAt(7) !== c4) return DATE_NONE
    const d = digits(s, 8, 2)
    if (d < 0) return DATE_NONE
    dp.b = d
    return parseTime(s, 10) ? DATE_ISO : DATE_NONE
  }
  // yyyyQq, yyyy Qq, yyyyWww
  const l4 = c4 | 32
  if (l4 === 113 || l4 === 119 || (c4 === 32 && (s.charCodeAt(5) | 32) === 113)) {
    const y = digits(s, 0, 4)
    return y < 0 ? DATE_NONE : yearQuarterWeek(s, n, y, c4 === 32 ? 5 : 4)
  }
  // a/b/yyyy, a-b-yyyy, a.b.yyyy with 1- or 2-digit parts (or a two-digit year); d Mon yyyy, dd-Mon-yyyy
  const a = digits12(s, 0)
  if (a < 0) return DATE_NONE
  let i = adv
  const sep = s.charCodeAt(i)
  if (sep === 32 || sep === 45) {
    if (isLetter(s.charCodeAt(i + 1))) return i === 2 && adv === 2 && lettersEnd(s, 3) === n ? yearFirstNamed(s, a) : dayFirstNamed(s, a, i + 1)
    if (sep === 32) return DATE_NONE
  } else if (sep !== 47 && sep !== 46) return DATE_NONE
  // mm/yyyy, mm-yyyy (01/2018): a month, the year after it. Not mm.yyyy: 10.2015 is as likely a
  // number with four decimals, and a column of such values was read as months
  if (i + 5 === n && sep !== 46 && digits(s, i + 1, 4) >= 0) return a >= 1 && a <= 12 ? yearMonth(digits(s, i + 1, 4), a) : DATE_NONE
  const b = digits12(s, i + 1)
  if (b < 0) return DATE_NONE
  i += 1 + adv
  if (s.charCodeAt(i) !== sep) return DATE_NONE
  dp.a = a
  dp.b = b
  const y = digits(s, i + 1, 4)
  if (y >= 0) {
    if (!parseTime(s, i + 5)) return DATE_NONE
    dp.y = y
    return sep === 46 ? DATE_DOTTED : DATE_SLASH
  }
  // a two-digit year: dp.y the year as pivoted (its last two digits the ones written)
  const yy = digits(s, i + 1, 2)
  if (!(yy >= 0) || !parseTime(s, i + 3)) return DATE_NONE
  dp.y = pivotYear(yy)
  return sep === 46 ? DATE_DOTTED_YY : sep === 45 ? DATE_DASH_YY : DATE_SLASH_YY
}

function isLetter(c: number): boolean {
  c |= 32
  return c >= 97 && c <= 122
}

function noTime(): void {
  dp.hasTime = dp.zoned = false
  dp.hh = dp.mi = dp.ss = dp.ms = dp.tzMin = 0
}

// Month names, English, any case: three-letter abbreviations (also "Sept") and full names. Keyed by
// the first three letters packed into one number, so a lookup allocates nothing.
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MONTH3 = new Map<number, number>(MONTH_NAMES.map((m, k) => [(m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), k + 1]))

// German month names, abbreviated (Mär, Mrz, Mai, Okt, Dez) and full (März, Juni, Juli, Oktober):
// those that are not English ones, looked up only where no English name matched.
const GERMAN_MONTHS = new Map<string, number>([
  ['januar', 1], ['februar', 2], ['mär', 3], ['märz', 3], ['mrz', 3], ['mai', 5], ['juni', 6], ['juli', 7], ['okt', 10], ['oktober', 10], ['dez', 12], ['dezember', 12]
])

/** The month named by the letters s[i, j) (1-12), or -1. */
function monthAt(s: string, i: number, j: number): number {
  if (j - i < 3) return -1
  const m = englishMonthAt(s, i, j)
  return m > 0 ? m : GERMAN_MONTHS.get(s.slice(i, j).toLowerCase()) ?? -1
}

function englishMonthAt(s: string, i: number, j: number): number {
  const m = MONTH3.get(((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32))
  if (m === undefined) return -1
  const len = j - i
  if (len === 3) return m
  const full = MONTH_NAMES[m - 1]
  if (len === 4 && m === 9 && (s.charCodeAt(i + 3) | 32) === 116) return m // Sept
  if (len !== full.length) return -1
  for (let k = 3; k < len; k++) if ((s.charCodeAt(i + k) | 32) !== full.charCodeAt(k)) return -1
  return m
}

/** End of the run of letters starting at i. */
function lettersEnd(s: string, i: number): number {
  while (i < s.length && (isLetter(s.charCodeAt(i)) || (s.charCodeAt(i) | 32) === 228 /* ä, Ä */)) i++
  return i
}

/** Skips separators between the parts of a written date: space, comma, dot, dash, slash. */
function skipSeps(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i)
    if (c === 32 || c === 44 || c === 46 || c === 45 || c === 47) i++
    else return i
  }
}

/** "Jan 1 2000", "January 1, 2000", "Jan-01-2000", "January 2000", "Jan 2000", "Q1 2000" [time]. */
function namedFirst(s: string, n: number): number {
  if ((s.charCodeAt(0) | 32) === 113 && n >= 7) {
    // Q1 2000, Q1-2000
    const q = digits(s, 1, 1)
    const i = skipSeps(s, 2)
    if (q < 1 || q > 4 || i === 2 || i + 4 !== n) return DATE_NONE
    const y = digits(s, i, 4)
    if (y < 0) return DATE_NONE
    return quarter(y, q)
  }
  const e = lettersEnd(s, 0)
  const m = monthAt(s, 0, e)
  if (m < 0) return DATE_NONE
  const i = skipSeps(s, e)
  if (i === e) return DATE_NONE
  // month and year only
  if (i + 4 === n) {
    const y = digits(s, i, 4)
    return y < 0 ? DATE_NONE : yearMonth(y, m, DATE_NAMED)
  }
  // a month and a two-digit year (Jan-18, Jan 18: Excel's mmm-yy)
  if (i + 2 === n) {
    const yy = digits(s, i, 2)
    return yy < 0 ? DATE_NONE : yearMonth(pivotYear(yy), m, DATE_NAMED_YY)
  }
  const d = digits12(s, i)
  return d < 0 ? DATE_NONE : sepYearTime(s, i + adv, m, d)
}

/** A month (1-12) of year y, its first day, into dp; `fam` the family returned. */
function yearMonth(y: number, m: number, fam = DATE_YM): number {
  if (m < 1 || m > 12) return DATE_NONE
  dp.y = y
  dp.a = m
  dp.b = 1
  noTime()
  return fam
}

/** "18-Jan", "18 Jan": two digits and a month name and nothing after, read as yy-mmm (a day and a
 *  month without a year would be no time; finalize refuses the column where the rows are not in
 *  time order as months, as a file of such days would not be). */
function yearFirstNamed(s: string, yy: number): number {
  const m = monthAt(s, 3, s.length)
  return m < 0 ? DATE_NONE : yearMonth(pivotYear(yy), m, DATE_YY_NAMED)
}

/** "1 Jan 2000", "01-Jan-2000", "1 January 2000" [time]; the day was read, letters start at i. */
function dayFirstNamed(s: string, d: number, i: number): number {
  const e = lettersEnd(s, i)
  const m = monthAt(s, i, e)
  return m < 0 ? DATE_NONE : sepYearTime(s, e, m, d)
}

/** After a written date's month and day, from `from`: separators, a four-digit year, an optional time. */
function sepYearTime(s: string, from: number, m: number, d: number): number {
  const j = skipSeps(s, from)
  if (j === from || j + 4 > s.length) return DATE_NONE
  const y = digits(s, j, 4)
  if (y < 0 || !parseTime(s, j + 4)) return DATE_NONE
  dp.y = y
  dp.a = m
  dp.b = d
  return DATE_NAMED
}

function quarter(y: number, q: number): number {
  dp.y = y
  dp.a = 3 * (q - 1) + 1
  dp.b = 1
  noTime()
  return DATE_QUARTER
}

/** After a four-digit year and an optional separator, at i: Qq (quarter) or Www (ISO week, its Monday). */
function yearQuarterWeek(s: string, n: number, y: number, i: number): number {
  const c = s.charCodeAt(i) | 32
  if (c === 113) {
    const q = digits(s, i + 1, 1)
    return q >= 1 && q <= 4 && i + 2 === n ? quarter(y, q) : DATE_NONE
  }
  if (c !== 119 || i + 3 !== n) return DATE_NONE
  const w = digits(s, i + 1, 2)
  if (w < 1 || w > isoWeeks(y)) return DATE_NONE
  // Monday of ISO week 1 is the Monday on or before 4 January.
  const jan4 = daysFromCivil(y, 1, 4)
  const monday = jan4 - ((jan4 + 3) % 7 + 7) % 7 + (w - 1) * 7 // 1970-01-01 was a Thursday: (days + 3) % 7 = 0 on Mondays
  civilFromDays(monday)
  noTime()
  return DATE_WEEK
}

/** 52 or 53: a year has 53 ISO weeks when 1 January is a Thursday, or a Wednesday in a leap year. */
function isoWeeks(y: number): number {
  const dow = ((daysFromCivil(y, 1, 1) + 3) % 7 + 7) % 7 // 0 = Monday
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return dow === 3 || (dow === 2 && leap) ? 53 : 52
}

/** Fills dp.y, dp.a (month), dp.b (day) from days since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(z: number): void {
  z += 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const m = mp < 10 ? mp + 3 : mp - 9
  dp.b = doy - Math.floor((153 * mp + 2) / 5) + 1
  dp.a = m
  dp.y = yoe + era * 400 + (m <= 2 ? 1 : 0)
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
function daysIn(y: number, m: number): number {
  return m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS[m - 1]
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; faster than Date.UTC). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The family of a value that reads as a date on its own (some reading of its parts is a calendar
 *  date), else DATE_NONE: what a value not of its column's family would be read as. */
export function dateFamilyOf(s: string): number {
  const fam = parseDateParts(s)
  if (fam === DATE_NONE) return fam
  // day first (slash, dotted), month first (slash, and the order of every other family's parts)
  dateReadings(fam)
  return dr.first === dr.first || dr.second === dr.second ? fam : DATE_NONE
}

/** Filled by dateReadings (no array a row): the two readings of a date, epoch ms, NaN where one is
 *  not a calendar date. */
export const dr = { first: NaN, second: NaN }

/** The two readings of the date in dp (parseDateParts of family `fam`), into dr: day first and
 *  month first for the slash families (a/b/yyyy, a/b/yy), day first and year first for a-b-yy
 *  (dd-mm-yy, yy-mm-dd), year first and month first for a-b (yy-mm, mm-yy), else the only reading
 *  and NaN. */
export function dateReadings(fam: number): void {
  if (fam === DATE_MONTH_YY) {
    dr.first = epochMs(pivotYear(dp.a), dp.b, 1)
    dr.second = epochMs(pivotYear(dp.b), dp.a, 1)
    return
  }
  const slash = fam === DATE_SLASH || fam === DATE_SLASH_YY
  const dayFirst = slash || fam === DATE_DASH_YY || fam === DATE_DOTTED || fam === DATE_DOTTED_YY
  dr.first = dayFirst ? epochMs(dp.y, dp.b, dp.a) : epochMs(dp.y, dp.a, dp.b)
  dr.second = slash ? epochMs(dp.y, dp.a, dp.b) : fam === DATE_DASH_YY ? epochMs(pivotYear(dp.a), dp.b, dp.y % 100) : NaN
}

/** Whether dates of family `fam` have two readings, decided over the column (dateReadings). */
export const twoReadings = (fam: number): boolean => fam === DATE_SLASH || fam === DATE_SLASH_YY || fam === DATE_DASH_YY || fam === DATE_MONTH_YY

/** Epoch ms (UTC) for year y, month m (1-12), day d and the time in dp; NaN when not a calendar date. */
export function epochMs(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return NaN
  return daysFromCivil(y, m, d) * DAY_MS + ((dp.hh * 60 + dp.mi) * 60 + dp.ss) * 1000 + dp.ms - dp.tzMin * 60_000
}

// ---- booleans -------------------------------------------------------------------------------------

const BOOL_PAIRS: [string, string][] = [
  ['false', 'true'],
  ['no', 'yes'],
  ['f', 't'],
  ['n', 'y']
]

/** 0 and 1 as false and true: a yes/no class written as numbers. Read so only where a boolean is
 *  asked for (a column set to boolean, a model's boolean input or yes/no target): a column of 0s and
 *  1s is otherwise numbers, which a regression or a rule reads as they are. */
export const ZERO_ONE: [string, string] = ['0', '1']

/** If every level (lower-cased) belongs to one false/true pair, returns that pair; else null.
 *  `asked`: a boolean was asked for, where 0/1 counts as a pair too. */
export function booleanPair(levels: string[], asked = false): [string, string] | null {
  if (levels.length === 0 || levels.length > 2) return null
  const lower = levels.map((l) => l.toLowerCase())
  for (const pair of asked ? [...BOOL_PAIRS, ZERO_ONE] : BOOL_PAIRS) if (lower.every((l) => pair.includes(l))) return pair
  return null
}

/** The false/true pair most of `levels` belong to (0/1 among them), and the levels outside it: the
 *  values a column set to boolean cannot read, the first of which its refusal names. */
export function nearestBooleanPair(levels: string[]): { pair: [string, string]; outside: Set<string> } {
  const lower = levels.map((l) => l.toLowerCase())
  let best: [string, string] = BOOL_PAIRS[0]!
  let hits = -1
  for (const pair of [...BOOL_PAIRS, ZERO_ONE]) {
    const n = new Set(lower.filter((l) => pair.includes(l))).size
    if (n > hits) (best = pair), (hits = n)
  }
  return { pair: best, outside: new Set(levels.filter((l) => !best.includes(l.toLowerCase()))) }
}

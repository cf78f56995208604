// One accumulator per column. While the file streams past, each cell is read as a number (both decimal
// styles), as a date and as a category at once, so the type can be decided over ALL rows at the end
// without keeping the text. Memory: 8 bytes per cell, plus 4 while the column has few distinct values,
// plus 8 (16 for dd/mm vs mm/dd) while it still looks like a date; the 8 of the number reading are
// dropped once a value reads as a number in neither decimal style.

import { F64Builder, I32Builder } from './builders'
import { addClockEvidence, newClockEvidence, type ClockEvidence } from './clock-rule'
import type { ColumnOption } from './types'
import {
  DATE_DASH_YY,
  DATE_MONTH_YY,
  DATE_NONE,
  DATE_SLASH,
  DATE_SLASH_YY,
  dateReadings,
  dp,
  dr,
  fixedText,
  lastFixedDigits,
  mayBeFormatted,
  parseCommaAfterDot,
  parseDateParts,
  parseDot,
  splitUnit,
  timeOfDayMs,
  sameZone,
  twoReadings,
  ungrouped,
  unitPart
} from './values'

/** A cell remembered for an error message: 0-based record index and the raw text. */
export interface Place { rec: number; raw: string }

export class ColumnAcc {
  n = 0
  nonMissing = 0
  readonly wantNumber: boolean
  readonly wantDate: boolean

  // numbers: `num` holds the 'dot' reading; `alt` the 'comma' reading, allocated only once they differ
  num: F64Builder | null = new F64Builder()
  alt: F64Builder | null = null
  dotValid = 0
  commaValid = 0
  /** Of commaValid, the values after the first one that is not a number in dot style. */
  commaValidAfterDotBad = 0
  /** Values whose comma reading was skipped (see readNumber). */
  commaSkipped = 0
  ambiguous = 0
  firstAmbiguous: Place | null = null
  firstDotBad: Place | null = null
  firstCommaBad: Place | null = null
  firstDotInf: Place | null = null
  firstCommaInf: Place | null = null
  /** Values read as numbers once a unit sign was taken off them ("$1,234.50", "4.7 %", values.ts
   *  splitUnit): the first one's sign, how many, the first, and the first with another sign. */
  unitSign: string | null = null
  unitCount = 0
  firstUnit: Place | null = null
  firstOtherUnit: Place | null = null
  /** Values read as negative numbers from an accountant's parentheses ("(1,234.00)"), and the first. */
  negCount = 0
  firstNeg: Place | null = null

  // dates: dA = day-first (or the only) reading, dB = the other reading: month first (slash
  // families), year first (a-b-yy)
  dateAlive: boolean
  dateFamily = DATE_NONE
  dateValid = 0
  dateBad = 0
  firstDateBad: Place | null = null
  firstDate: Place | null = null
  hasTime = false
  /** The first date written with a UTC offset or Z, and the first without one: both is an error. */
  firstZoned: Place | null = null
  firstNaive: Place | null = null
  /** The offset (minutes east of UTC, Z = 0) every zoned date was written with; NaN where they
   *  differ (a daylight-saving change), null where none was zoned. */
  zone: number | null = null
  /** What the zoned dates' offsets say of a daylight-saving rule (./clock-rule), on the first
   *  reading (dA); null where none was zoned. */
  clock: ClockEvidence | null = null
  /** The zoned dates' offsets by record, kept where they change: pairs of the record (from the
   *  part's start) and the offset it and the zoned records after it carry (finalize.ts keeps them
   *  per instant where several follow no rule); null where none was zoned. */
  zoneRuns: number[] | null = null
  firstDayFirst: Place | null = null // a value whose first part is > 12 (a-b-yy: that reads only day first; a-b: only yy-mm)
  firstMonthFirst: Place | null = null // a value whose second part is > 12 (a-b-yy: that reads only year first; a-b: only mm-yy)
  dA: F64Builder | null = null
  dB: F64Builder | null = null
  /** For a part of a file read on its own (parts.ts): nonMissing at each value that is not a date,
   *  while the date reading lives, so that the merge can tell where the whole file's reading stops. */
  badAt: I32Builder | null = null

  /** Times of day written alone ("00:00", "13:30:15"), ms since midnight, while every value is one and
   *  the column has no type set: such a column beside a date column is joined to it (finalize.ts). */
  todAlive: boolean
  tod: F64Builder | null = null

  // categories
  dict: Map<string, number> | null = new Map()
  levels: string[] = []
  codes: I32Builder | null = new I32Builder()
  overflow = false
  /** The last text levelCode coded, and its code (codes never change once given). */
  private lastLevel: string | null = null
  private lastCode = -1
  /** The category reading waits while every value is a number whose text its reading gives back
   *  (fixedText with catK decimals): such a column ends numeric, and one that does not has its
   *  codes made from its numbers when the first other value comes (settleCategories). The reading
   *  of a category per cell (a hash of its text) was about a seventh of the import of numbers. */
  catDeferred: boolean
  /** The decimals of every value while catDeferred (-1: no value yet). */
  catK = -1

  constructor(
    readonly name: string,
    readonly option: ColumnOption | undefined,
    readonly maxLevels: number
  ) {
    const t = option?.type
    const epoch = option?.dateFormat === 'epoch-s' || option?.dateFormat === 'epoch-ms' || option?.dateFormat === 'year'
    // a column set to date reads numbers too: bare years and epoch times are whole numbers
    this.wantNumber = t === undefined || t === 'numeric' || t === 'date'
    this.wantDate = (t === undefined || t === 'date') && !epoch
    this.dateAlive = this.wantDate
    this.todAlive = t === undefined
    if (!this.wantNumber) this.num = null
    if (t === 'numeric' || t === 'date') {
      this.dict = null
      this.codes = null
    }
    this.catDeferred = this.wantNumber && this.dict !== null
  }

  /** Drops every builder (finalizeColumns has taken what it keeps). */
  release(): void {
    this.num = this.alt = this.dA = this.dB = this.tod = null
    this.codes = null
    this.dict = null
    this.badAt = null
  }

  pushMissing(): void {
    this.num?.push(NaN)
    this.alt?.push(NaN)
    this.dA?.push(NaN)
    this.dB?.push(NaN)
    this.tod?.push(NaN)
    if (!this.catDeferred) this.codes?.push(-1)
    this.n++
  }

  push(s: string): void {
    const rec = this.n
    this.nonMissing++
    if (this.wantNumber) this.readNumber(s, rec)
    if (this.dateAlive) this.readDate(s, rec)
    if (this.todAlive) this.readTimeOfDay(s, rec)
    if (this.dict && !this.catDeferred) this.readCategory(s)
    this.n++
  }

  /** Ends the wait of the category reading (catDeferred): the codes of the first `rec` records,
   *  from their numbers written back as their text. */
  settleCategories(rec: number = this.n): void {
    if (!this.catDeferred) return
    this.catDeferred = false
    const codes = this.codes
    const num = this.num
    if (this.dict === null || codes === null || num === null) return
    this.codeNumbers(rec, (i) => num.get(i), this.catK, (code) => codes.push(code))
  }

  /** The codes of `count` numbers (at(i); NaN: missing, -1), each coded as the text fixedText writes
   *  with k decimals, handed to `put` in order (for this column's waiting reading, and for a part's
   *  in the two-part merge); false when they bring more than maxLevels, and the reading is dropped. */
  codeNumbers(count: number, at: (i: number) => number, k: number, put: (code: number, i: number) => void): boolean {
    for (let i = 0; i < count; i++) {
      const v = at(i)
      const code = v !== v ? -1 : this.levelCode(fixedText(v, k))
      if (code < 0 && v === v) return false
      put(code, i)
    }
    return true
  }

  private readNumber(s: string, rec: number): void {
    let d = parseDot(s)
    if (this.catDeferred) {
      // (before anything below can drop the numbers the codes would be made from)
      const k = lastFixedDigits()
      if (d === d && k >= 0 && (this.catK === k || this.catK < 0)) this.catK = k
      else this.settleCategories(rec)
    }
    // not a plain number: perhaps one written with a unit sign, or with thousands grouped by spaces
    // or apostrophes; what is left is read in both styles below
    let core = s
    let sign: string | null = null
    let negate = false
    if (d !== d && mayBeFormatted()) {
      if (splitUnit(s)) {
        core = unitPart.core
        sign = unitPart.sign
        negate = unitPart.negate
      }
      const digits = ungrouped(core)
      if (digits !== null) core = digits
      if (core !== s) d = parseDot(core)
    }
    // Once a value has ruled the comma style out while every value still reads in dot style, the comma
    // reading cannot win any more: skip it (its count then only feeds the 90 % rule, which needs dot failures).
    const dotBadBefore = this.firstDotBad !== null
    const skip = this.firstCommaBad !== null && !dotBadBefore
    let c = skip ? NaN : parseCommaAfterDot(core, d)
    if (skip) this.commaSkipped++
    if (sign !== null && (d === d || c === c)) {
      if (sign !== '') this.noteUnit(sign, rec, s)
      if (negate && this.negCount++ === 0) this.firstNeg = { rec, raw: s }
    }
    if (negate) {
      d = -d
      c = -c
    }
    if (d === d) {
      this.dotValid++
      if (this.firstDotInf === null && !Number.isFinite(d)) this.firstDotInf = { rec, raw: s }
    } else if (this.firstDotBad === null) this.firstDotBad = { rec, raw: s }
    if (c === c) {
      this.commaValid++
      if (dotBadBefore) this.commaValidAfterDotBad++
      if (this.firstCommaInf === null && !Number.isFinite(c)) this.firstCommaInf = { rec, raw: s }
    } else if (this.firstCommaBad === null) this.firstCommaBad = { rec, raw: s }
    if (c === c && d !== c) {
      if (d === d && this.ambiguous++ === 0) this.firstAmbiguous = { rec, raw: s }
      if (this.alt === null && this.num !== null) {
        const num = this.num
        this.alt = new F64Builder()
        for (let i = 0; i < rec; i++) this.alt.push(num.get(i))
      }
    }
    this.num?.push(d)
    this.alt?.push(c)
    // A value that reads in neither decimal style means the column can never be numeric (with no
    // type set): the values are not needed any more, only the counts (the 90 % rule's error names a
    // cell, not a value). A time or text column then stops holding 8 bytes a row of NaN.
    if (this.num !== null && this.firstDotBad !== null && this.firstCommaBad !== null && this.option?.type === undefined) this.num = this.alt = null
  }

  /** Counts a value read as a number once its unit sign was taken off. */
  private noteUnit(sign: string, rec: number, raw: string): void {
    this.unitCount++
    if (this.unitSign === null) {
      this.unitSign = sign
      this.firstUnit = { rec, raw }
    } else if (sign !== this.unitSign && this.firstOtherUnit === null) this.firstOtherUnit = { rec, raw }
  }

  private readDate(s: string, rec: number): void {
    const fam = parseDateParts(s)
    let a = NaN
    let b = NaN
    if (fam !== DATE_NONE && (this.dateFamily === DATE_NONE || fam === this.dateFamily)) {
      dateReadings(fam)
      a = dr.first
      b = dr.second
      if (fam === DATE_SLASH || fam === DATE_SLASH_YY) {
        if (dp.a > 12 && this.firstDayFirst === null) this.firstDayFirst = { rec, raw: s }
        if (dp.b > 12 && this.firstMonthFirst === null) this.firstMonthFirst = { rec, raw: s }
      } else if (fam === DATE_DASH_YY || fam === DATE_MONTH_YY) {
        // dd-mm-yy or yy-mm-dd (yy-mm or mm-yy): a value that reads only one way decides
        if (b !== b && a === a && this.firstDayFirst === null) this.firstDayFirst = { rec, raw: s }
        if (a !== a && b === b && this.firstMonthFirst === null) this.firstMonthFirst = { rec, raw: s }
      }
    }
    if (a !== a && b !== b) {
      this.dateBad++
      this.badAt?.push(this.nonMissing)
      if (this.firstDateBad === null) this.firstDateBad = { rec, raw: s }
      // Clearly not a date column: stop paying for it (a 90 % date column would not get here).
      if (this.dateBad > 10 && this.dateBad > 0.1 * this.nonMissing) {
        this.dateAlive = false
        this.dA = this.dB = null
        return
      }
    } else {
      if (this.dateFamily === DATE_NONE) this.dateFamily = fam
      if (this.firstDate === null) this.firstDate = { rec, raw: s }
      this.dateValid++
      if (dp.hasTime) this.hasTime = true
      if (dp.zoned) {
        this.firstZoned ??= { rec, raw: s }
        this.zone = sameZone(this.zone, dp.tzMin)
        addClockEvidence((this.clock ??= newClockEvidence()), a, dp.tzMin)
        if (this.zoneRuns === null || this.zoneRuns[this.zoneRuns.length - 1] !== dp.tzMin) (this.zoneRuns ??= []).push(rec, dp.tzMin)
      }
      else this.firstNaive ??= { rec, raw: s }
    }
    if (this.dA === null) {
      this.dA = new F64Builder()
      for (let i = 0; i < rec; i++) this.dA.push(NaN)
    }
    this.dA.push(a)
    if (twoReadings(fam) && this.dB === null) {
      this.dB = new F64Builder()
      for (let i = 0; i < rec; i++) this.dB.push(NaN)
    }
    this.dB?.push(b)
  }

  private readTimeOfDay(s: string, rec: number): void {
    const ms = timeOfDayMs(s)
    if (ms !== ms) {
      this.todAlive = false
      this.tod = null
      return
    }
    if (this.tod === null) {
      this.tod = new F64Builder()
      this.tod.appendFill(rec, NaN)
    }
    this.tod.push(ms)
  }

  private readCategory(s: string): void {
    const code = this.levelCode(s)
    if (code >= 0) (this.codes as I32Builder).push(code)
  }

  /** The code of level `s`, made the next level when new; -1 when that is one more than maxLevels,
   *  and the category reading is dropped. */
  levelCode(s: string): number {
    // the level of the row before, without hashing the text: a long file's id column repeats it for
    // a whole series, a sorted categorical column for a block of rows
    if (s === this.lastLevel) return this.lastCode
    const dict = this.dict as Map<string, number>
    let code = dict.get(s)
    if (code === undefined) {
      if (this.levels.length >= this.maxLevels) {
        this.dropCategories()
        return -1
      }
      code = this.levels.length
      this.levels.push(s)
      dict.set(s, code)
    }
    this.lastLevel = s
    this.lastCode = code
    return code
  }

  /** More than maxLevels distinct values: not a category column. */
  dropCategories(): void {
    this.overflow = true
    this.dict = null
    this.codes = null
    this.levels = []
  }
}


// CSV writing that is safe to open in a spreadsheet: text cells that a spreadsheet would read as a
// formula (= + - @, tab, CR at the start) get a leading apostrophe; numbers stay bare numbers, to
// 15 significant digits.

export type Cell = string | number | null
export interface CsvLocale {
  /** ',' with '.' decimals (default), or ';' with ',' decimals for locales that expect them */
  delimiter: ',' | ';'
  decimal: '.' | ','
}
export const DEFAULT_LOCALE: CsvLocale = { delimiter: ',', decimal: '.' }

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(v: Cell, locale: CsvLocale = DEFAULT_LOCALE): string {
  if (v === null) return ''
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return ''
    // 15 significant digits, all a double holds reliably: the noise of float arithmetic goes
    // (86.32000000000001, a bound computed as forecast + q, is written 86.32)
    const s = String(Number(v.toPrecision(15)))
    return locale.decimal === ',' ? s.replace('.', ',') : s
  }
  let s = FORMULA_START.test(v) ? `'${v}` : v
  if (s.includes(locale.delimiter) || /["\n\r]/.test(s)) s = `"${s.replace(/"/g, '""')}"`
  return s
}

export function toCsv(header: string[], rows: Cell[][], locale: CsvLocale = DEFAULT_LOCALE): string {
  if (locale.decimal === ',' && locale.delimiter === ',') throw new Error('a decimal comma needs the semicolon delimiter')
  const line = (cells: Cell[]) => cells.map((c) => csvCell(c, locale)).join(locale.delimiter)
  const text = [line(header), ...rows.map(line)].join('\r\n') + '\r\n'
  // Excel reads a CSV without a byte-order mark in the system's code page: "Verkäufe" opens as
  // "VerkÃ¤ufe". A file with text beyond ASCII starts with the UTF-8 BOM, which pandas, readr and
  // LibreOffice skip; a file of ASCII alone (most) is left without one, byte for byte as before
  return NON_ASCII.test(text) ? UTF8_BOM + text : text
}

/** The UTF-8 byte-order mark a CSV with text beyond ASCII starts with (toCsv). */
export const UTF8_BOM = '\ufeff'
const NON_ASCII = /[^\x00-\x7f]/

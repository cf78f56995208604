// Looks at the head of the file before parsing: newline style, delimiter, and (for every chunk) bytes
// that mean the input is not text.

import type { Delimiter } from './types'

export function detectNewline(head: string): '\n' | '\r\n' | '\r' {
  const lf = head.indexOf('\n')
  if (lf > 0 && head.charCodeAt(lf - 1) === 13) return '\r\n'
  if (lf >= 0) return '\n'
  return head.indexOf('\r') >= 0 ? '\r' : '\n'
}

/** Field counts of the first records of `head`, quote-aware (a newline inside quotes does not end a record). */
function fieldCounts(head: string, delim: string, complete: boolean, maxRecords = 50): number[] {
  const counts: number[] = []
  let fields = 1
  let inQuotes = false
  let blank = true
  for (let i = 0; i < head.length && counts.length < maxRecords; i++) {
    const ch = head[i]
    if (ch === '"') inQuotes = !inQuotes // "" toggles twice: harmless
    else if (inQuotes) continue
    else if (ch === delim) fields++
    else if (ch === '\n' || ch === '\r') {
      if (!blank) counts.push(fields)
      fields = 1
      blank = true
      if (ch === '\r' && head[i + 1] === '\n') i++
      continue
    }
    if (ch !== ' ' && ch !== '\t') blank = false
    else if (ch === '\t' && delim === '\t') blank = false
  }
  if (complete && !blank && counts.length < maxRecords) counts.push(fields)
  return counts
}

export interface DelimiterGuess { delimiter: Delimiter; alsoConsistent: Delimiter[] }

/**
 * A delimiter is consistent when every sampled record has the same field count > 1. Among consistent
 * candidates tab beats semicolon beats comma (a decimal comma makes commas look consistent in a
 * semicolon file only if every row has the same number of them, and the header usually has none).
 * With none consistent, the one with the largest typical count wins; ragged rows are reported later.
 */
export function detectDelimiter(head: string, complete: boolean): DelimiterGuess {
  const cands: Delimiter[] = ['\t', ';', ',']
  const consistent: Delimiter[] = []
  let best: Delimiter = ','
  let bestCount = 1
  for (const d of cands) {
    const counts = fieldCounts(head, d, complete)
    if (counts.length === 0) continue
    if (counts[0] > 1 && counts.every((c) => c === counts[0])) consistent.push(d)
    const sorted = [...counts].sort((x, y) => x - y)
    const median = sorted[sorted.length >> 1]
    if (median > bestCount) {
      best = d
      bestCount = median
    }
  }
  if (consistent.length) return { delimiter: consistent[0], alsoConsistent: consistent.slice(1) }
  return { delimiter: best, alsoConsistent: [] }
}

/** Excel's delimiter hint: a first line "sep=;" (or "sep=,", "sep=<tab>"), which Excel writes and reads
 *  but which is no record. Its length with the line break (to skip), and the delimiter it names (null
 *  when it names one the importer does not read, e.g. "sep=|"), or null when the head has no such line. */
export interface SepLine { length: number; text: string; delimiter: Delimiter | null }

export function excelSepLine(head: string): SepLine | null {
  const m = /^"?sep=(.?)"?[ \t]*(\r\n|\n|\r|$)/i.exec(head)
  if (!m) return null
  const d = m[1]
  return { length: m[0].length, text: m[0].replace(/[\r\n]+$/, ''), delimiter: d === ',' || d === ';' || d === '\t' ? d : null }
}

// NUL, other C0 controls except tab/LF/CR, DEL, and U+FFFD (what a decoder puts for invalid UTF-8).
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/

export type NotText = { code: 'binary' | 'invalid-utf8' | 'control-char'; index: number; char: number }

export function findNotText(chunk: string): NotText | null {
  const m = NOT_TEXT.exec(chunk)
  if (!m) return null
  const ch = chunk.charCodeAt(m.index)
  return { code: ch === 0 ? 'binary' : ch === 0xfffd ? 'invalid-utf8' : 'control-char', index: m.index, char: ch }
}

/** Whether the start of a file, decoded as UTF-8, is UTF-16 text: its byte order mark (FF FE or
 *  FE FF, each byte invalid in UTF-8, so two U+FFFD) before a character beside a NUL ("d\0" or
 *  "\0d"), or without one, a NUL beside every other character of an ASCII first line. */
export function looksUtf16(start: string): boolean {
  if (start.startsWith('\uFFFD\uFFFD') && (start[2] === '\0' || start[3] === '\0')) return true
  const head = start.slice(0, 64)
  if (head.length < 8) return false
  let nul = 0
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++
  // every other character a NUL: "d\0a\0t\0e\0" (LE) or "\0d\0a\0t\0e" (BE)
  return Math.abs(2 * nul - head.length) <= 1 && /^(?:\0[\x01-\x7f])+\0?$|^(?:[\x01-\x7f]\0)+[\x01-\x7f]?$/.test(head)
}

/** What the import says of a UTF-16 file (the app's and the CLI's), which it reads only as UTF-8. */
export const UTF16_WORDS = 'the file is UTF-16 text (its first bytes say so); only UTF-8 is read: save it as UTF-8 (Excel: Save As, "CSV UTF-8 (Comma delimited)"; Notepad: Save As, Encoding "UTF-8")'

const SAVE_AS_CSV = 'save it as CSV UTF-8 (Excel: File › Save As, "CSV UTF-8 (Comma delimited)")'

/** What the import says of a spreadsheet workbook given as CSV (the app's and the CLI's), from the
 *  start of the file decoded as UTF-8: a zip archive (PK 03 04: .xlsx, .ods) or an OLE compound file
 *  (D0 CF 11 E0 A1 B1 1A E1: .xls, whose bytes decode to the characters below); null for anything else. */
export function workbookWords(start: string): string | null {
  if (start.startsWith('PK\u0003\u0004')) {
    // the names of a zip's entries are plain text in its local headers
    const head = start.slice(0, 4096)
    if (head.includes('opendocument.spreadsheet')) return 'the file is an OpenDocument spreadsheet (.ods), not CSV text: save it as CSV UTF-8 (LibreOffice: File › Save As, "Text CSV")'
    if (head.includes('[Content_Types].xml') || head.includes('xl/')) return `the file is an Excel workbook (.xlsx), not CSV text: ${SAVE_AS_CSV}`
    return 'the file is a zip archive, not CSV text: unzip it and give the CSV file inside'
  }
  if (start.startsWith('\uFFFD\uFFFD\u0011\u0871\u001A\uFFFD')) return `the file is an Excel workbook (.xls), not CSV text: ${SAVE_AS_CSV}`
  return null
}

/** Number of line breaks in s[from, to) for the file's newline style. */
export function countLines(s: string, nl: string, from = 0, to = s.length): number {
  const c = nl === '\r' ? '\r' : '\n'
  let n = 0
  let i = s.indexOf(c, from)
  while (i !== -1 && i < to) {
    n++
    i = s.indexOf(c, i + 1)
  }
  return n
}

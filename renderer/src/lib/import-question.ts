// An import that stops to ask (core/data: ambiguous-number-format, ambiguous-date-format,
// ambiguous-month-format) is a
// question, not a failure: the Data view words its banner as one, and its buttons read the file's
// own value each way, not a made-up example.
import { parseNumber, pivotYear } from '../../../core/data/values'

/** The answers to an import's ambiguity in words, where the refusal names no value. */
const CHOICE_LABELS: Record<string, string> = {
  dot: 'Decimal point (1,500 is 1500)',
  comma: 'Decimal comma (1,500 is 1.5)',
  dmy: 'Day first (03/04 is 3 April)',
  mdy: 'Month first (03/04 is March 4)',
  ym: 'Year first (18-01 is January 2018)',
  my: 'Month first (01-18 is January 2018)'
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The button for answer `choice`: a decimal style shows what the refused `value` ("19.792") is read
 *  as that way ("19.792 is 19792: the dot groups thousands"). */
export function choiceLabel(choice: string, value?: string): string {
  if ((choice === 'dot' || choice === 'comma') && value !== undefined) {
    const read = parseNumber(value, choice)
    if (Number.isFinite(read)) {
      const other = choice === 'dot' ? 'comma' : 'dot'
      const groups = value.includes(choice === 'dot' ? ',' : '.') ? `: the ${other} groups thousands` : ''
      return `Decimal ${choice === 'dot' ? 'point' : 'comma'} (${value} is ${read}${groups})`
    }
  }
  // yy-mm or mm-yy: the refused value ("10-12", or "3-12" with a one-digit first part) read that way
  // (December 2010, October 2012)
  const parts = /^(\d\d?)-(\d\d)$/.exec(value ?? '')
  if ((choice === 'ym' || choice === 'my') && parts) {
    const [yy, mm] = choice === 'ym' ? [parts[1]!, parts[2]!] : [parts[2]!, parts[1]!]
    const month = MONTHS[Number(mm) - 1]
    if (month) return `${choice === 'ym' ? 'Year' : 'Month'} first (${value} is ${month} ${pivotYear(Number(yy))})`
  }
  return CHOICE_LABELS[choice] ?? choice
}

/** The banner's question for a refusal that asks (`code`) of `file`; null for any other refusal. */
export function importQuestion(code: string, file: string): string | null {
  if (code === 'ambiguous-number-format') return `Which decimal mark does ${file} use?`
  if (code === 'ambiguous-date-format') return `Which comes first in the dates of ${file}, the day or the month?`
  if (code === 'ambiguous-month-format') return `Which comes first in the months of ${file}, the year or the month?`
  return null
}

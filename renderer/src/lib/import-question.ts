// An import that stops to ask (core/data: ambiguous-number-format, ambiguous-date-format) is a
// question, not a failure: the Data view words its banner as one, and its buttons read the file's
// own value each way, not a made-up example.
import { parseNumber } from '../../../core/data/values'

/** The answers to an import's ambiguity in words, where the refusal names no value. */
const CHOICE_LABELS: Record<string, string> = {
  dot: 'Decimal point (1,500 is 1500)',
  comma: 'Decimal comma (1,500 is 1.5)',
  dmy: 'Day first (03/04 is 3 April)',
  mdy: 'Month first (03/04 is March 4)'
}

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
  return CHOICE_LABELS[choice] ?? choice
}

/** The banner's question for a refusal that asks (`code`) of `file`; null for any other refusal. */
export function importQuestion(code: string, file: string): string | null {
  if (code === 'ambiguous-number-format') return `Which decimal mark does ${file} use?`
  if (code === 'ambiguous-date-format') return `Which comes first in the dates of ${file}, the day or the month?`
  return null
}

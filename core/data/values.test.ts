import { describe, expect, it } from 'vitest'
import { DATE_ISO, dp, epochMs, parseCommaAfterDot, parseDateParts, parseDot } from './values'

describe('cell parsers', () => {
  it('parseDot refuses what Number() would wrongly accept', () => {
    for (const s of ['0x1A', '0b11', '0o7', 'Infinity', '-Infinity', '1,5', '1.2.3', 'e5', '12a']) expect(parseDot(s), s).toBeNaN()
    expect(parseDot('1,234,567.5')).toBe(1234567.5)
    expect(parseDot('1e400')).toBe(Infinity) // reported later as out-of-range
    expect(parseDot('007')).toBe(7)
  })
  it('parseCommaAfterDot reads comma style', () => {
    const c = (s: string) => parseCommaAfterDot(s, parseDot(s))
    expect(c('1,5')).toBe(1.5)
    expect(c('1.234,5')).toBe(1234.5)
    expect(c('1.234')).toBe(1234)
    expect(c('0.417')).toBeNaN() // a thousands group never starts with 0
    expect(c('12.5')).toBeNaN()
    expect(c('42')).toBe(42)
  })
  it('epochMs agrees with Date.UTC over four centuries and leap days', () => {
    for (const [y, m, d] of [[1600, 2, 29], [1900, 3, 1], [1970, 1, 1], [2000, 2, 29], [2024, 12, 31], [2100, 2, 28], [1958, 3, 1]]) {
      expect(parseDateParts(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)).toBe(DATE_ISO)
      expect(epochMs(dp.y, dp.a, dp.b)).toBe(Date.UTC(y, m - 1, d))
    }
    parseDateParts('2021-02-29')
    expect(epochMs(dp.y, dp.a, dp.b)).toBeNaN()
  })
})

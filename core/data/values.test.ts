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
  it('parseDot and its comma reading agree with the plain Number()-based reading on 100k random cells', () => {
    // The reference is the reading before the one-scan fast path: Number(), refusals, thousands commas.
    const ref = (x: string): [number, number] => {
      let dot: number
      const v = Number(x)
      const hasDot = x.indexOf('.') >= 0
      const hasComma = x.indexOf(',') >= 0
      if (v === v) dot = /^0[xbo]/i.test(x) || (!Number.isFinite(v) && x.includes('I')) ? NaN : v
      else dot = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(x) ? Number(x.replace(/,/g, '')) : NaN
      let comma: number
      if (v === v && !hasDot) comma = dot
      else if (hasDot) comma = /^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(x) ? Number(x.replace(/\./g, '').replace(',', '.')) : NaN
      else comma = hasComma && /^[+-]?\d*,\d+([eE][+-]?\d+)?$|^[+-]?\d+,$/.test(x) ? Number(x.replace(',', '.')) : NaN
      return [dot, comma]
    }
    let seed = 7
    const rnd = (n: number) => ((seed = (seed * 16807) % 2147483647) % n)
    const alphabet = '0123456789012345678901234567890123456789..,,+-eEIx \t\u00a0a'
    const cells = ['', '-0', '-0.0', '+.5', '5.', '.', '-', '0x1F', '\n0x1F', '1e-3', '999999999999999', '9999999999999999.5', '123456789.123456', '1.234,5', '1e-3', '1.5E+10', '-2.5e-7', '1e22', '1e23', '123456789012345e-22', '12345e-30', '1e0005', '5e', '.e5', '1.e5', '2000-01-01 00:00:00', ' 5', '5\u00a0']
    for (let k = 0; k < 100_000; k++) {
      const len = rnd(19)
      let x = rnd(4) === 0 ? '-' : ''
      for (let j = 0; j < len; j++) x += alphabet[rnd(rnd(3) === 0 ? alphabet.length : 40)]
      cells.push(x)
    }
    const same = (a: number, b: number) => Object.is(a, b) || (a !== a && b !== b)
    const wrong: string[] = []
    let numbers = 0
    for (const x of cells) {
      const [d, c] = ref(x)
      const got = parseDot(x)
      const gotC = parseCommaAfterDot(x, got)
      if (!same(got, d) || !same(gotC, c)) wrong.push(`${JSON.stringify(x)}: ${got}/${gotC}, expected ${d}/${c}`)
      if (d === d) numbers++
    }
    expect(wrong.slice(0, 5)).toEqual([])
    expect(numbers).toBeGreaterThan(10_000) // the random cells exercise the numeric path, not only refusals
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

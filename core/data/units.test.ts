import { describe, expect, it } from 'vitest'
import { unitNumberExample } from './units'

describe('unitNumberExample', () => {
  it('finds numbers written with a per cent or currency sign, as spreadsheets export them', () => {
    expect(unitNumberExample(['5.3%', '12.5 %', '-0.2%'])).toEqual({ value: '5.3%', sign: 'per cent' })
    expect(unitNumberExample(['$1,234.50', '-€12', '(£5.00)', '¥300', '₹ 1,00,000'])).toEqual({ value: '$1,234.50', sign: 'currency' })
    expect(unitNumberExample(['1.234,50 €', '12 €'])).toEqual({ value: '1.234,50 €', sign: 'currency' }) // after it, as in Europe
    expect(unitNumberExample(['1.234,50', '€1.234,50'])).toBeNull() // one of two is a plain number: not 90 %
  })

  it('asks 90 % of the levels, and finds nothing in words, codes or plain numbers', () => {
    const nine = [...Array.from({ length: 9 }, (_, i) => `${i}%`), 'n/a']
    expect(unitNumberExample(nine)?.value).toBe('0%')
    expect(unitNumberExample([...nine, 'n/a'])).toBeNull()
    expect(unitNumberExample(['sun', 'rain'])).toBeNull()
    expect(unitNumberExample(['A1', 'B2', '%', '$'])).toBeNull()
    expect(unitNumberExample(['100%x'])).toBeNull()
    expect(unitNumberExample([])).toBeNull()
  })
})

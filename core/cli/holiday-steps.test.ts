// fw forecast's note past the holiday table's last date names the forecast's own step (exploratory
// pass 20, item 3: "the 13 forecast days" for weekly steps).
import { expect, it } from 'vitest'
import { holidaysNote } from './predict'
import type { LoadedModel } from '../train/forecast'

const DAY = 864e5
const model = (ms: number, weekdays = false) => ({ config: { calendar: { features: ['holiday'], holidays: ['2025-12-25', '2026-01-01'] } }, fitted: { step: { ms, ...(weekdays ? { weekdays: true } : {}) } } }) as unknown as LoadedModel
const points = (from: string, n: number, ms: number) => Array.from({ length: n }, (_, i) => ({ time: Date.parse(from) + i * ms, value: 0 })) as never

it('says weeks, months, business days or days as the forecast steps', () => {
  expect(holidaysNote(model(7 * DAY), points('2025-12-29', 13, 7 * DAY))).toBe('the holiday table ends on 2026-01-01; the 12 forecast weeks after it are taken as no holiday: extend the table (fw train --holidays FILE) if some are')
  expect(holidaysNote(model(31 * DAY), points('2026-01-01', 3, 31 * DAY))).toBe('the holiday table ends on 2026-01-01; the 2 forecast months after it are taken as no holiday: extend the table (fw train --holidays FILE) if some are')
  expect(holidaysNote(model(DAY, true), points('2026-01-02', 1, DAY))).toBe('the holiday table ends on 2026-01-01; the forecast business day after it is taken as no holiday: extend the table (fw train --holidays FILE) if some are')
  expect(holidaysNote(model(DAY), points('2026-01-01', 3, DAY))).toBe('the holiday table ends on 2026-01-01; the 2 forecast days after it are taken as no holiday: extend the table (fw train --holidays FILE) if some are')
  expect(holidaysNote(model(3_600_000), points('2026-01-02', 2, 3_600_000))).toBe('the holiday table ends on 2026-01-01; the 2 forecast hours after it are taken as no holiday: extend the table (fw train --holidays FILE) if some are')
})

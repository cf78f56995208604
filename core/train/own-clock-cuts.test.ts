// A global run whose series carry different UTC offsets, split by dates without an offset: each
// series is cut at its own midnight (../data/global seriesCuts), which names no one instant, so the
// run's line says the dates as written and on whose clock; before, it named one instant on the
// file's clock (Berlin's), which was not store b's cut.
import { expect, it } from 'vitest'
import { cutsLine } from './global'

it("says the dates as written, each on its series' own clock", () => {
  expect(cutsLine({ cutMode: 'dates', cuts: { valStart: '2024-01-25', testStart: '2024-02-01', ownClocks: true } }, 'Z')).toBe("cut at the same dates, each on its series' own clock (the series carry different UTC offsets): validation from 2024-01-25, test from 2024-02-01")
  // one instant for every series: on the file's clock, as before
  expect(cutsLine({ cutMode: 'dates', cuts: { valStart: '2024-01-24T23:00:00.000Z', testStart: '2024-01-31T23:00:00.000Z' } }, 60)).toBe('cut at the same dates: validation from 2024-01-25T00:00:00+01:00, test from 2024-02-01T00:00:00+01:00')
})

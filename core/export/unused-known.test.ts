// A forecast the network takes no part in reads none of the run's inputs known in the future: said
// once where the choice is said, in every front end (exploratory pass 20, item 6: run 3's ETS+Theta
// forecast had no promo weeks in it, without a word).
import { expect, it } from 'vitest'
import { choiceWords, knownInputNames, knownInputsOfConfig, unusedKnownWords, verdictOf, type ChoiceSummary } from './verdict'

const choice = (network: number): ChoiceSummary => ({
  chosen: network === 0 ? 'combination' : 'network', label: network === 0 ? 'ETS+Theta' : 'the network', network,
  members: [], season: 52, steps: 13, validation: [{ name: 'network', label: 'network', mae: 142 }, { name: 'combination', label: 'ETS+Theta', mae: 121 }],
  message: 'the network lost to the statistical models on validation (MAE 142 against 121)'
})

it('names the inputs known in the future the forecast leaves unread', () => {
  expect(knownInputNames({ known: ['promo', 'price'] })).toEqual(['promo', 'price'])
  expect(knownInputNames({ known: ['promo'], calendar: ['dow'], holidays: ['2024-12-25'] })).toEqual(['promo', 'the calendar inputs', 'the holiday flag'])
  expect(knownInputNames({ calendar: 'none' })).toEqual([])
  expect(unusedKnownWords(choice(0), ['promo', 'price'])).toBe('the forecast (ETS+Theta) reads none of promo and price: their future values are not used')
  expect(unusedKnownWords(choice(0), ['promo'])).toBe('the forecast (ETS+Theta) does not read promo: its future values are not used')
  // the network takes part: it reads them
  expect(unusedKnownWords(choice(0.5), ['promo'])).toBeNull()
  expect(unusedKnownWords(choice(0), [])).toBeNull()
  // where the choice is said: the CLI's line and the app's verdict
  expect(choiceWords(choice(0), 'cli', ['promo', 'price'])).toBe('the network lost to the statistical models on validation (MAE 142 against 121). The forecast (ETS+Theta) reads none of promo and price: their future values are not used')
  expect(verdictOf('regression', choice(0), [], null, null, null, null, 'app', ['promo']).detail).toContain('The forecast (ETS+Theta) does not read promo: its future values are not used.')
})

it('reads the known inputs of a stored run config, whatever JSON it is', () => {
  expect(knownInputsOfConfig({ data: { known: ['promo', 7], calendar: ['dow'], holidays: ['2024-12-25'] } })).toEqual(['promo', 'the calendar inputs', 'the holiday flag'])
  expect(knownInputsOfConfig({ data: { calendar: 'auto' } })).toEqual(['the calendar inputs'])
  expect(knownInputsOfConfig(null)).toEqual([])
  expect(knownInputsOfConfig({ data: 3 })).toEqual([])
})

it("names the calendar only where the run resolved one (ChoiceSummary.calendar: 'auto' on monthly rows gives none)", () => {
  const known = knownInputsOfConfig({ data: { calendar: 'auto' } })
  // resolved to none (monthly rows): nothing said, in the CLI's words or the app's verdict
  expect(unusedKnownWords({ ...choice(0), calendar: [] }, known)).toBeNull()
  expect(verdictOf('regression', { ...choice(0), calendar: [] }, [], null, null, null, null, 'app', known).detail).not.toContain('calendar')
  // a holiday table alone is the holiday flag, not calendar inputs
  expect(unusedKnownWords({ ...choice(0), calendar: ['holiday'] }, [...known, 'the holiday flag'])).toBe('the forecast (ETS+Theta) does not read the holiday flag: its future values are not used')
  // resolved to some (daily rows): named, as before
  expect(unusedKnownWords({ ...choice(0), calendar: ['dow', 'month'] }, known)).toBe('the forecast (ETS+Theta) does not read the calendar inputs: their future values are not used')
  // a run stored before (no calendar kept): the words of its config
  expect(unusedKnownWords(choice(0), known)).toBe('the forecast (ETS+Theta) does not read the calendar inputs: their future values are not used')
})

// The stored choice is checked on its way to the app's views and the CLI's tables: one reader, so
// both name the same forecaster; a damaged row reads as "no choice".
import { describe, expect, it } from 'vitest'
import { CHOICE_LIMITS, parseStoredChoice } from './stored-choice'

const choice = { chosen: 'ets', label: 'ETS(A,N,N)', network: 0, members: [{ name: 'ets', label: 'ETS(A,N,N)', weight: 1 }], season: 1, steps: 2, validation: [{ name: 'ets', label: 'ETS(A,N,N)', mae: 0.4 }], message: 'the network lost' }
const json = (over: Record<string, unknown>) => JSON.stringify({ ...choice, ...over })

describe('parseStoredChoice', () => {
  it('gives back a well-formed choice, dropping unknown keys, also inside members and scores', () => {
    expect(parseStoredChoice(json({ extra: 1, outliers: { log: true, train: [], all: [] } }))).toEqual(choice)
    const nested = parseStoredChoice(json({ members: [{ ...choice.members[0], fit: { alpha: 0.3 } }], validation: [{ ...choice.validation[0], rank: 1 }] }))
    expect(nested).toEqual(choice)
    expect(parseStoredChoice(json({ members: [], validation: [], network: 1, chosen: 'network', label: 'the network' }))).toMatchObject({ members: [], network: 1 })
  })

  it("keeps the network alone's far better validation score, and drops a malformed one without the choice", () => {
    expect(parseStoredChoice(json({ networkAlone: { network: 0.0477, forecast: 0.507, extra: 1 } }))).toEqual({ ...choice, networkAlone: { network: 0.0477, forecast: 0.507 } })
    expect(parseStoredChoice(json({ networkAlone: { network: 'x', forecast: 0.507 } }))).toEqual(choice)
  })

  it('keeps the steps the choice scored (--json, Evaluate, the exports), and drops a malformed record without the choice', () => {
    const scored = { steps: 169, rows: 169, reach: 365 }
    expect(parseStoredChoice(json({ steps: 365, scored: { ...scored, extra: 1 } }))).toEqual({ ...choice, steps: 365, scored })
    expect(parseStoredChoice(json({ scored: { steps: -1, rows: 169, reach: 365 } }))).toEqual(choice)
    expect(parseStoredChoice(json({ scored: { steps: 169, rows: 169 } }))).toEqual(choice)
  })

  it.each([
    ['absent', null],
    ['empty', ''],
    ['not JSON', '{'],
    ['an array', '[]'],
    ['a number', '3'],
    ['a weight above 1', json({ network: 2 })],
    ['a member weight below 0', json({ members: [{ name: 'ets', label: 'ETS', weight: -0.1 }] })],
    ['a missing message', json({ message: undefined })],
    ['an empty chosen', json({ chosen: '' })],
    ['a chosen longer than a name', json({ chosen: 'x'.repeat(CHOICE_LIMITS.name + 1) })],
    ['a label longer than a text', json({ label: 'x'.repeat(CHOICE_LIMITS.text + 1) })],
    ['a season that is not a whole number', json({ season: 1.5 })],
    ['negative steps', json({ steps: -1 })],
    ['a score that is not a number', json({ validation: [{ name: 'ets', label: 'ETS', mae: '0.4' }] })],
    ['a member that is not an object', json({ members: ['ets'] })],
    ['more members than allowed', json({ members: Array.from({ length: CHOICE_LIMITS.members + 1 }, () => choice.members[0]) })],
    ['members that are not a list', json({ members: {} })]
  ])('is null for %s', (_why, text) => {
    expect(parseStoredChoice(text)).toBeNull()
  })
})

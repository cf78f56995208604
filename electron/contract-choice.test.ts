// The stored choice is checked on its way to the renderer: a damaged row shows as "no choice".
import { describe, expect, it } from 'vitest'
import { parseStoredChoice } from './contract'

const choice = { chosen: 'ets', label: 'ETS(A,N,N)', network: 0, members: [{ name: 'ets', label: 'ETS(A,N,N)', weight: 1 }], season: 1, steps: 2, validation: [{ name: 'ets', label: 'ETS(A,N,N)', mae: 0.4 }], message: 'the network lost' }

describe('parseStoredChoice', () => {
  it('gives back a well-formed choice, dropping unknown keys', () => {
    expect(parseStoredChoice(JSON.stringify({ ...choice, extra: 1 }))).toEqual(choice)
  })
  it.each([
    ['absent', null],
    ['not JSON', '{'],
    ['a weight above 1', JSON.stringify({ ...choice, network: 2 })],
    ['a missing message', JSON.stringify({ ...choice, message: undefined })],
    ['an array', '[]']
  ])('is null for %s', (_why, json) => {
    expect(parseStoredChoice(json)).toBeNull()
  })
})

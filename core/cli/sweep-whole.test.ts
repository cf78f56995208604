// fw sweep --random N on a grid of N or fewer combinations runs it whole, and says so truly: "asks
// for more than it has" only where N is more.
import { describe, expect, it } from 'vitest'
import { wholeGridNote } from './sweep'

describe('the note of a grid run whole', () => {
  it('says --random asked for more only where it did', () => {
    expect(wholeGridNote(2, 5)).toBe(" (all the grid's 2 combinations: --random 5 asks for more than it has, and each is trained once)")
    expect(wholeGridNote(2, 2)).toBe(" (all the grid's 2 combinations: --random 2 asks for as many as it has, and each is trained once)")
  })
})

import { describe, expect, it } from 'vitest'
import { andList, andListCut, labelWords } from './words'

describe('andList and andListCut', () => {
  it('joins a list as a sentence does', () => {
    expect(andList([])).toBe('')
    expect(andList(['a'])).toBe('a')
    expect(andList(['a', 'b'])).toBe('a and b')
    expect(andList(['a', 'b', 'c'])).toBe('a, b and c')
  })
  it('cuts a long list after `most` items and counts the rest', () => {
    expect(andListCut(['a'], 5)).toBe('a')
    expect(andListCut([3, 5, 8], 5)).toBe('3, 5 and 8')
    expect(andListCut(['a', 'b', 'c', 'd', 'e'], 5)).toBe('a, b, c, d and e')
    expect(andListCut(['a', 'b', 'c', 'd', 'e', 'f'], 5)).toBe('a, b, c, d, e and 1 more')
    expect(andListCut(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 5)).toBe('a, b, c, d, e and 3 more')
  })
})

// explore25 finding 13: "the run's forecast is mean of the network, …" lacked its article
describe('labelWords', () => {
  it('gives a mean its article, as inside a sentence; other labels as they are', () => {
    expect(`the run's forecast is ${labelWords('mean of the network, ETS(A,A,N) and Theta')}`).toBe("the run's forecast is the mean of the network, ETS(A,A,N) and Theta")
    expect(labelWords('Theta')).toBe('Theta')
    expect(labelWords('ETS(M,Ad,M)')).toBe('ETS(M,Ad,M)')
  })
})

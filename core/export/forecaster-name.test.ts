import { describe, expect, it } from 'vitest'
import { forecasterName, forecasterWords } from './forecaster-name'

describe('forecaster names', () => {
  it('forecasterName: the short name of a choice', () => {
    expect(forecasterName('ensemble', 'mean of the network and ETS(A,N,N)')).toBe('network + stats')
    expect(forecasterName('combination', 'mean of ETS(A,N,N) and Theta')).toBe('stats mean')
    expect(forecasterName('ets', 'ETS(M,Ad,M)')).toBe('ETS(M,Ad,M)')
    expect(forecasterName('theta')).toBe('theta')
  })

  // labels as core/train/choice.ts and the statistical models write them (from the quality bench)
  it.each([
    ['ensemble', 'mean of the network, ETS(M,N,N), Theta and ARIMA(0,1,0) with drift', 'network + ETS + Theta + ARIMA'],
    ['ensemble', 'mean of the network and ARIMA(2,0,2) with non-zero mean', 'network + ARIMA'],
    ['ensemble', 'mean of the network, ETS(A,A,N) and ARIMA(1,1,0)(1,0,1)[4] with drift', 'network + ETS + ARIMA'],
    ['combination', 'mean of ETS(M,A,M) and ARIMA(3,1,2)(1,1,0)[4]', 'ETS + ARIMA'],
    ['combination', 'mean of ETS(A,N,A) and Theta', 'ETS + Theta'],
    ['arima', 'ARIMA(0,0,0) with zero mean', 'ARIMA'],
    ['ets', 'ETS(M,Ad,M)', 'ETS'],
    ['seasonal-naive', 'Seasonal naive (12)', 'Seasonal naive'],
    ['drift', 'Drift', 'Drift'],
    ['network', 'network', 'network'],
    ['naive', 'Naive', 'naive'],
    ['theta', null, 'theta']
  ])('forecasterWords(%s, %s) is %s', (chosen, label, words) => {
    expect(forecasterWords(chosen, label)).toBe(words)
  })
})

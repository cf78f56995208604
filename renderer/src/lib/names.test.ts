// One name per model wherever the app shows one: the label the run stored with its choice.
import { describe, expect, it } from 'vitest'
import type { ChoiceSummary } from '../../../core/export/verdict'
import { cellName, forecasterLabel, modelLabel } from './names'

const choice: ChoiceSummary = {
  chosen: 'combination', label: 'mean of ETS(A,N,A), Theta and ARIMA(2,1,1)', network: 0,
  members: [{ name: 'ets', label: 'ETS(A,N,A)', weight: 1 / 3 }, { name: 'theta', label: 'Theta', weight: 1 / 3 }, { name: 'arima', label: 'ARIMA(2,1,1)', weight: 1 / 3 }],
  season: 7, steps: 1,
  validation: [{ name: 'combination', label: 'mean of ETS(A,N,A), Theta and ARIMA(2,1,1)', mae: 1 }, { name: 'seasonal-naive', label: 'Seasonal naive (7)', mae: 2 }],
  message: ''
}

describe('model names', () => {
  it("a cell by Setup's name for it", () => {
    expect(['elman', 'lstm', 'gru', 'xlstm'].map(cellName)).toEqual(['Elman RNN', 'LSTM', 'GRU', 'XLSTM'])
  })

  it('a forecaster by its stored label, never a short name of its own ("stats mean", "ETS + Theta + ARIMA")', () => {
    expect(forecasterLabel('combination', choice.label)).toBe('mean of ETS(A,N,A), Theta and ARIMA(2,1,1)')
    expect(forecasterLabel('ensemble', 'mean of the network and Theta')).toBe('mean of the network and Theta')
    expect(forecasterLabel('network', 'network')).toBe('network')
    expect(forecasterLabel('moving-average', null)).toBe('Moving average') // no label stored: its name in words
  })

  it("a metric table's model by the label its run's choice gave it ('arima' is ARIMA(2,1,1)), else its name in words", () => {
    expect(modelLabel('arima', choice)).toBe('ARIMA(2,1,1)')
    expect(modelLabel('seasonal-naive', choice)).toBe('Seasonal naive (7)')
    expect(modelLabel('linear', choice)).toBe('Linear')
    expect(modelLabel('arima', null)).toBe('ARIMA')
  })
})

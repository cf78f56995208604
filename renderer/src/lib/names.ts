// One name for each model wherever the app shows one: the label the run stored with its choice
// (core/train/choice.ts: 'ARIMA(2,1,1)', 'mean of ETS(A,N,A), Theta and ARIMA(0,1,1)', 'Seasonal
// naive (7)'), so that the Runs list, Compare, Evaluate's tables and the verdict never name one model
// two ways ('arima' and 'ARIMA(2,1,1)', 'stats mean' and 'ETS + Theta + ARIMA'). The CLI keeps its
// short names (core/export/forecaster-name.ts) for its narrow columns.
import { baselineWords, type ChoiceSummary } from '../../../core/export/verdict'

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** A recurrent cell as Setup's Cell menu names it ('lstm': 'LSTM', 'elman': 'Elman RNN'): the Runs
 *  list's Cell column showed 'lstm', and its automatic names and Evaluate 'ELMAN'. */
export function cellName(cell: string): string {
  return ({ elman: 'Elman RNN', lstm: 'LSTM', gru: 'GRU' } as Record<string, string>)[cell] ?? cell.toUpperCase()
}

/** What forecast a run or a series: 'network', else its stored label, else the model's name in words
 *  ('Moving average') for a run stored without one. */
export function forecasterLabel(chosen: string, label?: string | null): string {
  if (chosen === 'network') return 'network'
  return label || capital(baselineWords(chosen))
}

/** A model of a run's metric tables by its stored name ('arima', 'seasonal-naive', 'linear'): the
 *  label its choice gave it where the choice scored it, else its name in words. */
export function modelLabel(name: string, choice: ChoiceSummary | null | undefined): string {
  const label = choice?.validation.find((v) => v.name === name)?.label ?? choice?.members.find((m) => m.name === name)?.label
  return forecasterLabel(name, label)
}

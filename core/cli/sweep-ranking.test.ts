// fw sweep's ranking table (explore25 finding 14): a text setting was printed in JSON quotes
// ("gru"), though the trial's run name says cell=gru; numbers and lists as before.
import { describe, expect, it } from 'vitest'
import { printRanking, type SweepRow } from './sweep'

const row = (trial: number, params: Record<string, unknown>): SweepRow => ({ rank: trial, trial, runId: 10 + trial, params, status: 'done', valLoss: 0.5, forecast: { error: trial, metric: 'mae', usesNetwork: true }, unranked: null, series: null })

describe('the sweep ranking table', () => {
  it('prints a text setting bare, a number and a list as JSON writes them', () => {
    let said = ''
    printRanking({ write: (s: string) => void (said += s), isTTY: false }, [row(1, { 'model.cell': 'gru', 'training.lr': 0.01 }), row(2, { 'model.cell': 'lstm', 'data.lags': [1, 24] })], ['model.cell', 'training.lr', 'data.lags'], false)
    const lines = said.split('\n').filter((l) => /^\d /.test(l))
    expect(lines).toHaveLength(2)
    expect(lines[0]!.split(/ {2,}|\s+/).slice(0, 5)).toEqual(['1', '1', '11', 'gru', '0.01'])
    expect(lines[1]).toMatch(/^2 +2 +12 +lstm +— +\[1,24\] /)
    expect(said).not.toContain('"')
  })
})

// What a sweep ranks a trial's run by, read from the run as stored: a global run's chosen forecasts'
// validation GMRAE (global_json), a single-series run's chosen forecaster's validation MAE
// (choice_json), and whether the network has weight in either; nothing where the run keeps neither.
import { describe, expect, it } from 'vitest'
import { unrankedNote } from '../train/sweep'
import { trialForecast, trialUnranked } from './trial-forecast'

const globalJson = (validation: unknown) => JSON.stringify({ version: 1, columns: ['store'], cuts: null, cutMode: 'series', summary: { series: 30, meanMase: 0.27, meanNaiveMase: 0.97, beatNaive: 23, beatBestNaive: 23, network: {}, forecastBy: { ets: 30 }, ...(validation === undefined ? {} : { validation }) }, skipped: [], notes: [], hasTime: true })
const choiceJson = (chosen: string, network: number) => JSON.stringify({
  chosen, label: chosen, network, members: [], season: 7, steps: 1, message: 'm',
  validation: [{ name: 'ets', label: 'ETS', mae: 2.5 }, { name: 'network', label: 'network', mae: 3.5 }]
})

describe('trialForecast', () => {
  it("reads a global run's validation GMRAE and whether any series' forecast gives the network weight", () => {
    expect(trialForecast({ configJson: '{}', globalJson: globalJson({ gmrae: 0.81, networkSeries: 0 }), choiceJson: null }, 0.3)).toEqual({ error: 0.81, metric: 'gmrae', usesNetwork: false })
    expect(trialForecast({ configJson: '{}', globalJson: globalJson({ gmrae: 0.7, networkSeries: 4 }), choiceJson: null }, 0.3)).toEqual({ error: 0.7, metric: 'gmrae', usesNetwork: true })
    // a global run stored before the score was kept, or a damaged one: nothing to rank by
    expect(trialForecast({ configJson: '{}', globalJson: globalJson(undefined), choiceJson: null }, 0.3)).toBeNull()
    expect(trialForecast({ configJson: '{}', globalJson: globalJson({ gmrae: 'x', networkSeries: 0 }), choiceJson: null }, 0.3)).toBeNull()
  })

  it("reads a single-series run's chosen forecaster's validation MAE, not the network's", () => {
    expect(trialForecast({ configJson: '{}', globalJson: null, choiceJson: choiceJson('ets', 0) }, 0.3)).toEqual({ error: 2.5, metric: 'mae', usesNetwork: false })
    expect(trialForecast({ configJson: '{}', globalJson: null, choiceJson: choiceJson('network', 1) }, 0.3)).toEqual({ error: 3.5, metric: 'mae', usesNetwork: true })
    expect(trialForecast({ configJson: '{}', globalJson: null, choiceJson: null }, 0.3)).toBeNull()
  })

  it("ranks a classification run by the network's validation loss: its forecast is the network's", () => {
    expect(trialForecast({ configJson: '{"data":{"task":"classification"}}', globalJson: null, choiceJson: null }, 0.3)).toEqual({ error: 0.3, metric: 'loss', usesNetwork: true })
  })
})

describe('trialUnranked: why a done trial has no rank, said below the ranking', () => {
  const run = (status: 'done' | 'running' | 'failed', validation: unknown) => ({ status, configJson: '{}', globalJson: globalJson(validation), choiceJson: null })
  const why = (r: ReturnType<typeof run>) => trialUnranked(r, trialForecast(r, 0.3))

  it('says a global run stored before its summary kept the validation score, and one with no validation rows, and nothing else', () => {
    expect(why(run('done', undefined))).toBe('stored-before')
    expect(why(run('done', { gmrae: null, networkSeries: 3 }))).toBe('no-validation')
    expect(why(run('done', { gmrae: 0.8, networkSeries: 0 }))).toBeNull()
    // not done: its status says why; a single-series run with no stored choice: not told apart
    expect(why(run('running', undefined))).toBeNull()
    expect(why(run('failed', undefined))).toBeNull()
    expect(trialUnranked({ status: 'done', globalJson: null }, null)).toBeNull()
  })

  it('names the trials and why in one note, for fw sweep and the Sweep panel alike', () => {
    const t = (name: string, rank: number | null, r: ReturnType<typeof run>) => ({ name, rank, unranked: why(r) })
    const old = run('done', undefined)
    expect(unrankedNote([t('a', null, old), t('b', null, old), t('c', 1, run('done', { gmrae: 0.8, networkSeries: 0 })), t('d', null, run('running', undefined))])).toBe(
      'a and b have no rank: their runs were stored before runs kept the validation score of what they forecast, and it cannot be recomputed from what they store (not their validation forecasts); train them again to rank them.'
    )
    expect(unrankedNote([t('a', null, old), t('e', null, run('done', { gmrae: null, networkSeries: 1 }))])).toBe(
      'a has no rank: its run was stored before runs kept the validation score of what they forecast, and it cannot be recomputed from what the run stores (not its validation forecasts); train it again to rank it. e has no rank: no validation rows scored its forecast.'
    )
    expect(unrankedNote([t('c', 1, run('done', { gmrae: 0.8, networkSeries: 0 }))])).toBeNull()
  })
})

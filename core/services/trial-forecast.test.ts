// What a sweep ranks a trial's run by, read from the run as stored: a global run's chosen forecasts'
// validation GMRAE (global_json), a single-series run's chosen forecaster's validation MAE
// (choice_json), and whether the network has weight in either; nothing where the run keeps neither.
import { describe, expect, it } from 'vitest'
import { trialForecast } from './trial-forecast'

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

// Migration 004: the forecast choice is kept with the run and read back verbatim (issue 12, item 4).
import { beforeEach, describe, expect, it } from 'vitest'
import { type Store } from './index'
import { seedRun } from './test-fixtures/sample'
import { tempStore } from './test-fixtures/temp'

let store: Store
beforeEach(() => {
  store = tempStore('fw-choice-', { appVersion: '0.1.0' }).store
})

const choice = { chosen: 'combination', label: 'mean of ETS(A,A,N) and Theta', network: 0, members: [], season: 1, steps: 1, validation: [{ name: 'network', label: 'network', mae: 0.87 }], message: 'the network lost' }

describe('runs.choice_json', () => {
  it('finishRun stores the choice with the results; get and list read it back', () => {
    const { runId } = seedRun(store)
    store.finishRun(runId, { metrics: [], forecasts: [], choice })
    expect(JSON.parse(store.runs.get(runId).choiceJson!)).toEqual(choice)
    expect(JSON.parse(store.runs.list().find((r) => r.id === runId)!.choiceJson!)).toEqual(choice)
  })

  it("is null for a run finished without one (classification) and for a running run", () => {
    const a = seedRun(store)
    store.finishRun(a.runId, { metrics: [], forecasts: [] })
    expect(store.runs.get(a.runId).choiceJson).toBeNull()
    const b = seedRun(store)
    expect(store.runs.get(b.runId).choiceJson).toBeNull()
  })

  it('refuses text that is not JSON, and a choice for a run that does not exist', () => {
    const { runId } = seedRun(store)
    expect(() => store.runs.setChoice(runId, '{not json')).toThrow(/not valid JSON/)
    expect(() => store.runs.setChoice(runId + 100, '{}')).toThrow(/not found/)
  })
})

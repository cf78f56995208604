// The Runs list answers at once for a classification run stored before its classes were kept
// (schema 19) and without a rule: its classes (read by preparing the run again, seconds on a large
// file) were read on the list's request, the first list after a start waiting for them. Now the
// list answers without them (its caution names the target, not which class), main finds them after
// the answer, keeps them with the run and tells every window (a 'classes' event), and the next list
// names them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openStore } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { fw } from '../../core/cli/test-fixtures/fw'
import { checkClassesMessage, type RunEventMessage, type RunListItem } from '../contract'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

it('lists a run without its classes at once, then finds them, keeps them and says so; the next list names them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-listed-classes-'))
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', sample, '--target', 'weather', '--task', 'classification', '--epochs', '2', '--db', db, '--out', join(dir, 'out'))
  expect(t.code, t.stderr).toBe(0)
  const store = openStore(db, { appVersion: 't' })
  try {
    store.db.prepare('UPDATE runs SET classes_json = NULL WHERE id = 1').run() // as a run finished before migration 019
    const said: RunEventMessage[] = []
    const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => said.push(m), storeSink: createStoreSink(store) })
    const d = createDispatcher(wb.impl)
    const first = (await answered<RunListItem[]>(d, 'listRuns'))[0]!
    // answered before the classes were read: the caution knows its target, not which class it lacks
    expect(first.testMetric?.fewEvents).toMatchObject({ fewest: 0, target: 'weather' })
    expect(first.testMetric?.fewEvents?.names).toBeUndefined()
    expect(store.runs.get(1).classesJson).toBeNull()
    expect(said).toEqual([])
    // found after the answer, kept with the run, and told
    for (let i = 0; i < 600 && !said.length; i++) await new Promise((r) => setTimeout(r, 50))
    expect(said).toEqual([{ runId: null, event: { type: 'classes', runIds: [1] } }])
    expect(() => checkClassesMessage(said[0])).not.toThrow()
    expect(JSON.parse(store.runs.get(1).classesJson!)).toEqual({ names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] })
    const next = (await answered<RunListItem[]>(d, 'listRuns'))[0]!
    expect(next.testMetric?.fewEvents?.names).toEqual(['drizzle', 'rain', 'sun', 'snow', 'fog'])
    // nothing left to find: no more events
    await new Promise((r) => setTimeout(r, 50))
    expect(said).toHaveLength(1)
    wb.close()
  } finally {
    store.close()
  }
}, 120_000)

it('a classes event is refused unless it names 1 or more run ids and no run or start of its own', () => {
  expect(() => checkClassesMessage({ runId: null, event: { type: 'classes', runIds: [] } })).toThrow(/event.runIds|1 to/)
  expect(() => checkClassesMessage({ runId: 3, event: { type: 'classes', runIds: [3] } })).toThrow(/must be null/)
  expect(() => checkClassesMessage({ runId: null, event: { type: 'classes', runIds: [1.5] } })).toThrow(/run ids/)
})

// @vitest-environment happy-dom
// The Runs list with many runs: a page of rows at a time, a filter box, and the ticked runs deleted
// at once after one confirmation (refused, saying which, while one of them trains).
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSummary } from '../../../electron/contract'
import { answerConfirm, confirmOpen } from '../test/confirm'
import { setUpView, type FakeApi } from '../test/fakes'
import RunsView from './RunsView.vue'
import { useRunStore } from '../stores/run'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let opts: { global: { plugins: unknown[] } }
let runs: RunSummary[]
const summary = (id: number): RunSummary => ({
  id, datasetId: 1, sweepId: null, name: id % 10 === 0 ? `tenth ${id}` : null, notes: null, status: id === 3 ? 'running' : 'done', createdAt: id, finishedAt: null, error: null,
  cell: id % 2 ? 'gru' : 'lstm', epochs: 5, bestValLoss: 1, testMetric: null, datasetName: id <= 20 ? 'co2.csv' : 'weather.csv', target: id <= 20 ? 'ppm' : 'temp_max'
})

beforeEach(() => {
  runs = Array.from({ length: 120 }, (_, i) => summary(i + 1))
  ;({ api, mountOptions: opts } = setUpView({
    listRuns: vi.fn(async () => runs),
    deleteRuns: vi.fn(async ({ runIds }: { runIds: number[] }) => ((runs = runs.filter((r) => !runIds.includes(r.id))), { deleted: runIds.length })),
    deleteRun: vi.fn(async ({ runId }: { runId: number }) => ((runs = runs.filter((r) => r.id !== runId)), { deleted: true }))
  }) as never)
})
afterEach(() => vi.unstubAllGlobals())

const rowIds = (w: ReturnType<typeof mount>) => w.findAll('tbody tr[data-run]').map((tr) => Number(tr.attributes('data-run')))

/** The view's next frame, and the task after it. */
const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r)))

/** Runs mounted, its whole page drawn. */
async function mounted() {
  const w = mount(RunsView, opts)
  await flushPromises()
  await nextFrame()
  await flushPromises()
  return w
}

describe('Runs with many runs', () => {
  it('draws a screenful of rows on opening and the rest of the page a frame later', async () => {
    const w = mount(RunsView, opts)
    await flushPromises()
    expect(rowIds(w)).toEqual(Array.from({ length: 20 }, (_, i) => 120 - i)) // before: all 50 at once
    expect(w.get('[data-testid="runs-pager"]').text()).toContain('Runs 1–50 of 120 (page 1 of 3)')
    await nextFrame()
    await flushPromises()
    expect(rowIds(w)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i))
  })

  it('shows a page of rows at a time, newest first, and pages through the rest', async () => {
    const w = await mounted()
    expect(rowIds(w)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i))
    expect(w.get('[data-testid="runs-pager"]').text()).toContain('Runs 1–50 of 120 (page 1 of 3)')
    await w.get('[data-testid="runs-pager"] button:last-child').trigger('click')
    expect(rowIds(w)[0]).toBe(70)
    expect(w.get('[data-testid="runs-pager"]').text()).toContain('Runs 51–100 of 120')
  })

  it("names each run's cell as Setup's Cell menu does, in its column and its automatic name", async () => {
    runs[118] = { ...runs[118]!, cell: 'elman' } // run 119 (120 has a name of its own)
    const w = await mounted()
    expect(w.findAll('[data-testid="run-cell"]').slice(0, 3).map((c) => c.text())).toEqual(['LSTM', 'Elman RNN', 'LSTM']) // before: 'lstm', 'elman', 'lstm'
    expect(w.findAll('[data-testid="auto-name"]')[0]!.text()).toContain('Elman RNN') // before: 'ELMAN'
    // the filter still finds a cell by its stored name
    await w.get('[data-testid="runs-filter"]').setValue('elman')
    await flushPromises()
    expect(rowIds(w)).toEqual([119])
  })

  it('filters by name, dataset, target, status and cell, every word typed', async () => {
    const w = mount(RunsView, opts)
    await flushPromises()
    const filter = w.get('[data-testid="runs-filter"]')
    await filter.setValue('co2 gru')
    expect(rowIds(w)).toEqual([19, 17, 15, 13, 11, 9, 7, 5, 3, 1])
    expect(w.get('[data-testid="runs-count"]').text()).toBe('10 of 120 runs match')
    await filter.setValue('TEMP_MAX tenth')
    expect(rowIds(w)).toEqual([120, 110, 100, 90, 80, 70, 60, 50, 40, 30])
    await filter.setValue('running')
    expect(rowIds(w)).toEqual([3])
    expect(w.get('[data-testid="runs-count"]').text()).toBe('1 of 120 runs matches')
    expect(w.find('[data-testid="runs-pager"]').exists()).toBe(false)
    await filter.setValue('nothing like it')
    expect(w.get('[data-testid="runs-none-match"]').text()).toContain('No run matches')
  })

  it('counts one run as one (not "1 runs")', async () => {
    runs = [summary(7)]
    const w = await mounted()
    expect(w.get('[data-testid="runs-count"]').text()).toBe('1 run')
  })

  it('deletes the ticked runs at once after one confirmation', async () => {
    const w = await mounted()
    await w.get('[data-testid="runs-filter"]').setValue('weather tenth')
    await w.get('[data-testid="tick-all"]').setValue(true)
    await w.get('[data-testid="runs-filter"]').setValue('')
    await w.get('input[aria-label="Select run 75"]').setValue(true) // on the first page
    const del = w.get('[data-testid="delete-ticked"]')
    expect(del.text()).toBe('Delete selected (11)')
    await del.trigger('click')
    expect(await answerConfirm(w, true)).toBe('Delete 11 runs (#30, #40, #50, #60, #70 and 6 more)? Their checkpoints and forecasts go with them.')
    expect(confirmOpen(w)).toBe(false)
    expect(api.deleteRuns).toHaveBeenCalledWith({ runIds: [30, 40, 50, 60, 70, 75, 80, 90, 100, 110, 120] })
    expect(rowIds(w)).not.toContain(120)
    expect(w.get('[data-testid="delete-ticked"]').text()).toBe('Delete selected (0)')
  })

  it('deletes only the ticked runs the filter shows: those it hides stay, ticked, and are not named', async () => {
    const w = await mounted()
    await w.get('input[aria-label="Select run 120"]').setValue(true) // weather, hidden by the filter below
    await w.get('[data-testid="runs-filter"]').setValue('co2 tenth')
    await w.get('[data-testid="tick-all"]').setValue(true) // #10 and #20
    const del = w.get('[data-testid="delete-ticked"]')
    expect(del.text()).toBe('Delete selected (2)')
    await del.trigger('click')
    expect(await answerConfirm(w, true)).toBe('Delete 2 runs (#10 and #20)? Their checkpoints and forecasts go with them.')
    expect(api.deleteRuns).toHaveBeenCalledWith({ runIds: [10, 20] })
    await w.get('[data-testid="runs-filter"]').setValue('')
    expect(rowIds(w)).toContain(120)
    expect((w.get('input[aria-label="Select run 120"]').element as HTMLInputElement).checked).toBe(true)
  })

  it("puts a per-step run's loss mark under its loss, in a cell that wraps, so the table fits at 1360 px", async () => {
    runs = [{ ...summary(7), lossSteps: 12 } as RunSummary]
    const w = await mounted()
    const cell = w.get('[data-testid="loss-steps"]').element.closest('td')!
    expect([...cell.classList]).toEqual(expect.arrayContaining(['wrap', 'loss-cell']))
  })

  it('names up to six ticked runs in the question as a list reads ("#1, #2 and #3"), more as five and a count', async () => {
    for (const [ids, named] of [
      [[110, 120], '#110 and #120'],
      [[80, 90, 100, 110, 115, 120], '#80, #90, #100, #110, #115 and #120'],
      [[75, 80, 90, 100, 110, 115, 120], '#75, #80, #90, #100, #110 and 2 more']
    ] as const) {
      const w = await mounted()
      for (const id of ids) await w.get(`input[aria-label="Select run ${id}"]`).setValue(true)
      await w.get('[data-testid="delete-ticked"]').trigger('click')
      expect(await answerConfirm(w, false)).toBe(`Delete ${ids.length} runs (${named})? Their checkpoints and forecasts go with them.`)
      w.unmount()
    }
  })

  it('asks in the app\'s dialog: focus on Cancel, back on Delete when cancelled, on the heading once its row is gone', async () => {
    const w = mount(RunsView, { ...opts, attachTo: document.body })
    await flushPromises()
    const del = w.get('[aria-label="Delete run 120"]')
    ;(del.element as HTMLButtonElement).focus()
    await del.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(w.get('[data-testid="confirm-no"]').element)
    expect(await answerConfirm(w, false)).toBe('Delete run #120 “tenth 120”? Its checkpoints and forecasts go with it.')
    expect(document.activeElement).toBe(del.element)
    expect(api.deleteRun).not.toHaveBeenCalled()
    await del.trigger('click')
    await answerConfirm(w, true)
    expect(api.deleteRun).toHaveBeenCalledWith({ runId: 120 })
    expect(rowIds(w)[0]).toBe(119)
    expect(document.activeElement).toBe(w.get('h2').element)
    w.unmount()
  })

  it('says a deletion done whose space was not given back (a full disk) as a note, the row gone, no error', async () => {
    const note = 'Run #120 deleted; its space was not given back to the disk (the disk holding /data/runs.db is full): it stays free inside the database file, and the next deletion gives it back once there is room.'
    vi.mocked(api.deleteRun).mockImplementationOnce(async ({ runId }: { runId: number }) => ((runs = runs.filter((r) => r.id !== runId)), { deleted: true, note }))
    const w = await mounted()
    await w.get('[aria-label="Delete run 120"]').trigger('click')
    await answerConfirm(w, true)
    expect(rowIds(w)).not.toContain(120)
    expect(w.get('[data-testid="deleted-note"]').text()).toBe(note)
    expect(w.get('[data-testid="deleted-note"]').attributes('role')).toBe('status')
    expect(w.find('[role="alert"]').exists()).toBe(false)
    // the next action clears it
    await w.get('[aria-label="Delete run 110"]').trigger('click')
    await answerConfirm(w, true)
    expect(w.find('[data-testid="deleted-note"]').exists()).toBe(false)
  })

  it('refuses to delete ticked runs while one of them trains, saying which', async () => {
    const w = await mounted()
    await w.get('[data-testid="runs-filter"]').setValue('co2')
    await w.get('input[aria-label="Select run 3"]').setValue(true)
    await w.get('input[aria-label="Select run 4"]').setValue(true)
    const del = w.get('[data-testid="delete-ticked"]')
    expect(del.attributes('disabled')).toBeDefined()
    expect(del.attributes('aria-describedby')).toBe('ticked-running')
    expect(w.get('#ticked-running').text()).toBe('Run #3 is training and cannot be deleted: stop it first, or untick it to delete the rest.')
    await w.get('input[aria-label="Select run 3"]').setValue(false)
    // two training: named as a list reads (was "Runs #3, #5 are")
    runs = runs.map((r) => (r.id === 5 || r.id === 7 ? { ...r, status: 'running' } : r))
    const w2 = await mounted()
    await w2.get('[data-testid="runs-filter"]').setValue('co2')
    for (const id of [3, 5, 7]) await w2.get(`input[aria-label="Select run ${id}"]`).setValue(true)
    expect(w2.get('#ticked-running').text()).toBe('Runs #3, #5 and #7 are training and cannot be deleted: stop them first, or untick them to delete the rest.')
    w2.unmount()
    expect(w.find('#ticked-running').exists()).toBe(false)
    await w.get('[data-testid="delete-ticked"]').trigger('click')
    await answerConfirm(w, true)
    expect(api.deleteRuns).toHaveBeenCalledWith({ runIds: [4] })
  })
})

describe('classes found after the list answered', () => {
  it("reads the list again on a 'classes' event, its caution then naming the class; a malformed one is dropped", async () => {
    const weather: RunSummary = { ...summary(1), status: 'done', testMetric: { metric: 'brier', value: 0.3, skill: 0.2, fewEvents: { fewest: 0, absent: [3], target: 'weather' } }, target: 'weather' }
    runs = [weather]
    const w = await mounted()
    useRunStore().subscribe() // as App does at start (restore)
    const title = () => w.find('tr[data-run="1"] td.skill').attributes('title')
    expect(title()).not.toContain('snow')
    const reads = vi.mocked(api.listRuns).mock.calls.length
    runs = [{ ...weather, testMetric: { ...weather.testMetric!, fewEvents: { fewest: 0, absent: [3], names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] } } }]
    api.emit({ runId: null, event: { type: 'classes', runIds: [] } }) // malformed: names no run
    await flushPromises()
    expect(vi.mocked(api.listRuns).mock.calls.length).toBe(reads)
    api.emit({ runId: null, event: { type: 'classes', runIds: [1] } })
    await flushPromises()
    expect(vi.mocked(api.listRuns).mock.calls.length).toBe(reads + 1)
    expect(title()).toContain('no row of snow')
  })
})

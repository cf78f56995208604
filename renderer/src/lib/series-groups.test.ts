// The Data view's grouping of a long file into series (issue 13): order of first appearance, file
// order within a series, rows with an empty id counted and left out, and ids of one or two columns.
import { describe, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { filterSeries } from '../../../core/data/series-id'
import { groupSeries, groupSeriesSteps, readySeriesGroups, rowsOf, runInSteps, seriesGroupsOf, STEP_BUDGET_MS } from './series-groups'

function dataset(columns: Dataset['columns']): Dataset {
  const n = columns[0]!.kind === 'categorical' ? columns[0]!.codes.length : (columns[0] as { values: Float64Array }).values.length
  return { file: 'long.csv', rowCount: n, columns, lines: Int32Array.from({ length: n }, (_, i) => i + 2), format: { delimiter: ',', decimal: 'dot', newline: '\n', bom: false }, timeColumn: null, notices: [] }
}
const all = (g: ReturnType<typeof groupSeries>) => g.keys.map((k, i) => [k.join('|'), Array.from(rowsOf(g, i))])

describe('groupSeries', () => {
  it('a categorical id: series in order of first appearance, rows in file order, empty ids left out and counted', () => {
    // levels are listed in another order than the rows first show them
    const g = groupSeries(dataset([{ kind: 'categorical', name: 'city', levels: ['Rome', 'Oslo', 'Lima'], codes: Int32Array.from([1, 1, 0, 1, -1, 0, 2]) }]), ['city'])
    expect(all(g)).toEqual([['Oslo', [0, 1, 3]], ['Rome', [2, 5]], ['Lima', [6]]])
    expect(g.missing).toBe(1)
    expect(g.order.length).toBe(6)
  })

  it('a numeric id, interleaved, and a missing value', () => {
    const g = groupSeries(dataset([{ kind: 'numeric', name: 'store', values: Float64Array.from([7, 3, 7, NaN, 3, 12, 7]) }]), ['store'])
    expect(all(g)).toEqual([['7', [0, 2, 6]], ['3', [1, 4]], ['12', [5]]])
    expect(g.missing).toBe(1)
  })

  it('two id columns make one series per pair', () => {
    const g = groupSeries(
      dataset([
        { kind: 'categorical', name: 'store', levels: ['a', 'b'], codes: Int32Array.from([0, 0, 1, 1, 0, 1]) },
        { kind: 'numeric', name: 'item', values: Float64Array.from([1, 2, 1, 2, 1, 2]) }
      ]),
      ['store', 'item']
    )
    expect(all(g)).toEqual([['a|1', [0, 4]], ['a|2', [1]], ['b|1', [2]], ['b|2', [3, 5]]])
    expect(g.missing).toBe(0)
  })

  it('in steps: yields between chunks of rows, to the same groups', () => {
    const ds = dataset([{ kind: 'numeric', name: 'store', values: Float64Array.from([7, 3, 7, NaN, 3, 12, 7]) }])
    const steps = groupSeriesSteps(ds, ['store'], 2)
    let yields = 0
    let r = steps.next()
    for (; !r.done; r = steps.next()) yields++
    expect(yields).toBe(3 + 3 + 4) // the codes, the groups and the placing, 2 rows each (7 rows: 4 chunks)
    expect(all(r.value)).toEqual(all(groupSeries(ds, ['store'])))
  })

  it('names a series column the file does not have', () => {
    expect(() => groupSeries(dataset([{ kind: 'numeric', name: 'store', values: Float64Array.from([1]) }]), ['shop'])).toThrow('the series column "shop" is not in long.csv')
  })
})

describe('seriesGroupsOf and readySeriesGroups', () => {
  it('the grouping is ready to read synchronously once done, and its first series is the first row\'s, as filterSeries finds it', async () => {
    const ds = dataset([{ kind: 'categorical', name: 'city', levels: ['Rome', 'Oslo', 'Lima'], codes: Int32Array.from([1, 0, 1, 2, 0, 1, -1, 1]) }])
    expect(readySeriesGroups(ds, ['city'])).toBeNull()
    const pending = seriesGroupsOf(ds, ['city'])
    expect(readySeriesGroups(ds, ['city'])).toBeNull() // started, not done
    const g = await pending
    expect(readySeriesGroups(ds, ['city'])).toBe(g)
    expect(readySeriesGroups(ds, ['town'])).toBeNull()
    expect(g.keys[0]).toEqual(['Oslo'])
    expect(Array.from(rowsOf(g, 0))).toEqual(Array.from(filterSeries(ds, ['city'], ['Oslo']).rows))
  })
})

describe('runInSteps', () => {
  // 30 steps of 3 ms each: a few to a task (STEP_BUDGET_MS and the step that passes it), so neither
  // one task a step nor all in one
  it('runs a few steps a task, within the budget and the one step that passes it', async () => {
    const busy = (ms: number): void => {
      const end = performance.now() + ms
      while (performance.now() < end);
    }
    function* steps(): Generator<void, string, void> {
      for (let i = 0; i < 30; i++) {
        busy(3)
        yield
      }
      return 'done'
    }
    const spy = vi.spyOn(globalThis, 'setTimeout')
    const result = await runInSteps(steps())
    const tasks = spy.mock.calls.length
    spy.mockRestore()
    expect(result).toBe('done')
    expect(tasks).toBeLessThan(30)
    expect(tasks).toBeGreaterThanOrEqual(Math.ceil((30 * 3) / (STEP_BUDGET_MS + 3)))
  })

  it('passes on a step that throws', async () => {
    function* steps(): Generator<void, number, void> {
      yield
      throw new RangeError('step 2')
    }
    await expect(runInSteps(steps())).rejects.toThrow('step 2')
  })

  it('aborted, calls no further step, closes the generator and rejects with the reason', async () => {
    // steps of 2 ms under a 1 ms budget: one a task, so that the abort falls between two steps
    let stepped = 0
    let closed = false
    function* steps(): Generator<void, string, void> {
      try {
        for (let i = 0; i < 20; i++) {
          stepped++
          const end = performance.now() + 2
          while (performance.now() < end);
          yield
        }
        return 'done'
      } finally {
        closed = true
      }
    }
    const ac = new AbortController()
    const run = runInSteps(steps(), { budgetMs: 1, signal: ac.signal })
    const settled = run.then(() => 'resolved', (e: unknown) => e)
    await new Promise((r) => setTimeout(r))
    await new Promise((r) => setTimeout(r))
    const before = stepped
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(20)
    ac.abort(new Error('newer props'))
    for (let k = 0; k < 25; k++) await new Promise((r) => setTimeout(r))
    expect(stepped).toBe(before)
    expect(closed).toBe(true)
    expect(await settled).toEqual(new Error('newer props'))
  })

  it('aborted before its first task, calls no step at all', async () => {
    let stepped = 0
    function* steps(): Generator<void, number, void> {
      stepped++
      yield
      return 1
    }
    const ac = new AbortController()
    ac.abort()
    await expect(runInSteps(steps(), { signal: ac.signal })).rejects.toThrow(/abort/i)
    const late = new AbortController()
    const run = runInSteps(steps(), { signal: late.signal })
    late.abort()
    await expect(run).rejects.toThrow(/abort/i)
    await new Promise((r) => setTimeout(r))
    expect(stepped).toBe(0)
  })
})

// @vitest-environment happy-dom
// Issue 16 on screen: Evaluate's "why this forecast" panel asks main for one test forecast's
// attributions, draws them as a lag × input heatmap, and importance on validation on request.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { RunExplanation } from '../../../core/train/explain-run'
import { setApi } from '../api'
import { fakeApi } from '../test/fakes'
import ExplainPanel from './ExplainPanel.vue'

const day = 86_400_000
const points = Array.from({ length: 5 }, (_, i) => ({ ts: Date.UTC(2021, 0, 10 + i), step: 1, value: 10 + i, lower: null, upper: null, actual: 10 }))

function explanation(ts: number, global: boolean, gap = 0): RunExplanation {
  return {
    target: 'temp', lookback: 3, horizon: 1, step: 1, inputNames: ['temp', 'sky=sun'], lags: [3, 2, 1],
    baseline: { kind: 'no change', perInput: [0, 0.5], words: 'a flat history' }, method: { quadrature: 'gauss-legendre', steps: 32 },
    at: { end: 9, row: 10, time: ts, endTime: ts - day, forecast: 12.5, fromBaseline: 12, attributions: [[0.1, -0.2], [0.3, 0], [0, 0.3]], gradientTimesInput: [[0, 0], [0, 0], [0, 0]], gap, tolerance: 5e-4, evaluations: 32 },
    global: global ? { windows: 50, meanAbs: [[0.1, 0.2], [0.3, 0], [0, 0.3]], perInput: [0.4, 0.5], perLag: [0.3, 0.3, 0.3], effectiveMemory: 2, share: 0.95, meanAbsGap: 0, overTolerance: 0, overPlain: 0, refineEvaluations: 0, refineBudget: 100_000 } : null,
    permutation: null, members: [], notes: []
  }
}

describe('ExplainPanel', () => {
  it('explains the last test forecast, one cell per (input, lag), red for what lowered it; importance only when asked', async () => {
    const explainForecast = vi.fn(async (r: { ts: number; global?: boolean }) => explanation(r.ts, r.global === true))
    setApi(fakeApi({ explainForecast }))
    const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    expect(explainForecast).toHaveBeenCalledWith({ runId: 4, ts: points[4]!.ts, view: expect.stringMatching(/^explain-[\w-]+:forecast$/) })
    expect(w.find('[data-testid="explain-summary"]').text()).toContain('12.5')
    const cells = w.findAll('[data-testid="explain-heatmap"] tbody td')
    expect(cells).toHaveLength(2 * 3)
    // row sky=sun, column lag 3: the cell that lowered the forecast is red, the one that raised it blue
    expect(cells[3]!.attributes('title')).toMatch(/^sky=sun, lag 3: /)
    expect(cells[3]!.attributes('style')).toMatch(/rgba\(185, ?28, ?28/)
    expect(cells[5]!.attributes('style')).toMatch(/rgba\(29, ?78, ?216/)
    expect(w.find('[data-testid="explain-global"]').exists()).toBe(false)
    await w.find('[data-testid="explain-importance"]').trigger('click')
    await flushPromises()
    expect(explainForecast).toHaveBeenLastCalledWith({ runId: 4, ts: points[4]!.ts, global: true, refineBudget: 32_000, view: expect.stringMatching(/:importance$/) })
    expect(w.find('[data-testid="explain-global"]').text()).toContain('the latest 2 of 3 rows hold 95 %')
    // another point: asked again, by its time
    await w.find('[data-testid="explain-point"]').setValue('1')
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    expect(explainForecast).toHaveBeenLastCalledWith({ runId: 4, ts: points[1]!.ts, view: expect.stringMatching(/:forecast$/) })
    w.unmount()
  })

  it('importance on validation refines within the budget set beside it: the default shown, 0 for none, a wrong value said and not sent', async () => {
    const explainForecast = vi.fn(async (r: { ts: number; global?: boolean; refineBudget?: number }) => {
      const x = explanation(r.ts, r.global === true)
      return x.global ? { ...x, global: { ...x.global, refineBudget: r.refineBudget! } } : x
    })
    setApi(fakeApi({ explainForecast }))
    const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' }, attachTo: document.body })
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    // a labelled number field (keyboard: Tab to it, type), its default said beside it
    const field = w.find('[data-testid="explain-budget"]')
    expect(field.attributes('type')).toBe('number')
    expect((field.element as HTMLInputElement).value).toBe('32000')
    const id = field.attributes('id')!
    expect(w.find(`label[for="${id}"]`).text()).toMatch(/^Refinement budget/)
    expect(w.find('[data-testid="explain-budget-hint"]').text()).toContain('default 32,000')
    expect(field.attributes('aria-describedby')).toBe(w.find('[data-testid="explain-budget-hint"]').attributes('id'))
    // a wrong value: said, named, and nothing asked
    for (const bad of ['-5', '2.5', '']) {
      await field.setValue(bad)
      expect(w.find('[data-testid="explain-budget-error"]').text(), bad).toContain('Refinement budget')
      expect(field.attributes('aria-invalid')).toBe('true')
      expect(w.find('[data-testid="explain-importance"]').attributes('disabled')).toBeDefined()
    }
    expect(explainForecast.mock.calls.some(([r]) => r.global === true)).toBe(false)
    // 0: no window refined, sent as it is
    await field.setValue('0')
    expect(w.find('[data-testid="explain-budget-error"]').exists()).toBe(false)
    await w.find('[data-testid="explain-importance"]').trigger('click')
    await flushPromises()
    expect(explainForecast).toHaveBeenLastCalledWith({ runId: 4, ts: points[4]!.ts, global: true, refineBudget: 0, view: expect.stringMatching(/:importance$/) })
    // another budget after importance is shown: asked again with it
    await w.find('[data-testid="explain-budget"]').setValue('5000')
    await w.find('[data-testid="explain-importance"]').trigger('click')
    await flushPromises()
    expect(explainForecast).toHaveBeenLastCalledWith({ runId: 4, ts: points[4]!.ts, global: true, refineBudget: 5000, view: expect.stringMatching(/:importance$/) })
    w.unmount()
  })

  it('says in one sentence how many validation windows are still over the tolerance after refinement, as fw explain does', async () => {
    const over = (overTolerance: number, overPlain: number) => {
      const explainForecast = vi.fn(async (r: { ts: number; global?: boolean }) => {
        const x = explanation(r.ts, r.global === true)
        return x.global ? { ...x, global: { ...x.global, overTolerance, overPlain, meanAbsGap: 0.0123, refineEvaluations: 1200, refineBudget: 100_000 } } : x
      })
      setApi(fakeApi({ explainForecast }))
      return mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    }
    const said = async (w: ReturnType<typeof over>) => {
      await new Promise((r) => setTimeout(r, 200))
      await flushPromises()
      await w.find('[data-testid="explain-importance"]').trigger('click')
      await flushPromises()
      const p = w.find('[data-testid="explain-over"]')
      const text = p.exists() ? p.text() : null
      w.unmount()
      return text
    }
    expect(await said(over(3, 7))).toBe('On 3 of 50 validation windows the attributions still miss more of the move than the tolerance (mean |gap| 0.0123), after refining the 7 over it with 1,200 gradient evaluations (at most 100,000 for all windows): importance there leaves out the abrupt part of those forecasts.')
    expect(await said(over(0, 7))).toBe('Refined the 7 validation windows over the tolerance (1,200 gradient evaluations): on every window the attributions add up to the move within the tolerance.')
    expect(await said(over(0, 0))).toBeNull()
  })

  it('asks as one view per panel and per kind: a newer forecast of the panel supersedes its older one in main, never another panel\'s or its importance', async () => {
    const explainForecast = vi.fn(async (r: { ts: number; global?: boolean }) => explanation(r.ts, r.global === true))
    setApi(fakeApi({ explainForecast }))
    const one = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    const two = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    await one.find('[data-testid="explain-importance"]').trigger('click')
    await one.find('[data-testid="explain-point"]').setValue('1')
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    const views = explainForecast.mock.calls.map(([r]) => (r as { view: string }).view)
    expect(views).toHaveLength(4)
    // panel one's forecasts share a view; its importance, and panel two, have their own
    expect(views[3]).toBe(views[0])
    expect(new Set(views).size).toBe(3)
    one.unmount()
    two.unmount()
  })

  it('says the cells add up to the difference only when the gap is within the tolerance, and else by how much they miss it', async () => {
    const mountWith = async (gap: number) => {
      setApi(fakeApi({ explainForecast: vi.fn(async (r: { ts: number }) => explanation(r.ts, false, gap)) }))
      const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
      await new Promise((r) => setTimeout(r, 200))
      await flushPromises()
      return w
    }
    // within the tolerance (5e-4): the cells add up to the move 12.5 - 12 = 0.5
    const ok = await mountWith(2e-4)
    expect(ok.find('[data-testid="explain-summary"]').text()).toContain('The cells add up to the difference, 0.5.')
    expect(ok.find('[data-testid="explain-gap"]').exists()).toBe(false)
    ok.unmount()
    // the cells sum to 0.2 of the move 0.5: the panel says so, and by how much
    const off = await mountWith(-0.3)
    const summary = off.find('[data-testid="explain-summary"]').text()
    expect(summary).not.toContain('The cells add up to the difference')
    expect(summary).toContain('The cells add up to 0.2, not to the difference 0.5.')
    expect(off.find('[data-testid="explain-gap"]').text()).toContain('They miss 0.3 of it (60 %)')
    off.unmount()
  })

  it('shows why when main refuses', async () => {
    setApi(fakeApi({ explainForecast: vi.fn(async () => { throw new Error('run 4 classifies; explanations are for regression runs') }) }))
    const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    expect(w.find('[data-testid="explain-error"]').text()).toContain('regression runs')
    w.unmount()
  })
  it('keeps only the newest answer: a point asked before the last, or importance asked for the run shown before, is not shown when it comes late', async () => {
    // each answer waits until the test lets it come, newest first
    const late: { ts: number; runId: number; global: boolean; go: () => void }[] = []
    const explainForecast = vi.fn((r: { runId: number; ts: number; global?: boolean }) => new Promise<RunExplanation>((resolve) => {
      const x = explanation(r.ts, r.global === true)
      late.push({ ts: r.ts, runId: r.runId, global: r.global === true, go: () => resolve({ ...x, at: { ...x.at, forecast: r.runId * 100 + (r.ts === points[1]!.ts ? 1 : 0) }, ...(x.global ? { global: { ...x.global, effectiveMemory: r.runId } } : {}) }) })
    }))
    setApi(fakeApi({ explainForecast }))
    const w = mount(ExplainPanel, { props: { runId: 4, points, hasTime: true, target: 'temp' } })
    await new Promise((r) => setTimeout(r, 200))
    late.shift()!.go()
    await flushPromises()
    // importance asked for run 4, then run 5 shown before it comes
    await w.find('[data-testid="explain-importance"]').trigger('click')
    await w.setProps({ runId: 5 })
    await new Promise((r) => setTimeout(r, 200))
    // a second point of run 5 asked while the first is under way
    await w.find('[data-testid="explain-point"]').setValue('1')
    await new Promise((r) => setTimeout(r, 200))
    expect(late.map((l) => [l.runId, l.global])).toEqual([[4, true], [5, false], [5, false]])
    // answered newest first: the second point, then the first, then run 4's importance
    for (const l of late.reverse()) {
      l.go()
      await flushPromises()
    }
    expect(w.find('[data-testid="explain-summary"]').text()).toContain('501')
    expect(w.find('[data-testid="explain-global"]').exists()).toBe(false)
    expect(w.find('[data-testid="explain-importance"]').attributes('disabled')).toBeUndefined()
    w.unmount()
  })

  // explore25 finding 2: a run of 200 inputs drew 201 heatmap rows (6,428 px), its values in tooltips
  // only, and importance on validation below it all
  /** `n` inputs; input d moved this forecast by d + 1 in all (one cell, at lag 1), so that the
   *  largest come last in the file; on validation input d weighs 100 - d. */
  function wide(n: number) {
    return vi.fn(async (r: { ts: number; global?: boolean }) => {
      const x = explanation(r.ts, r.global === true)
      const inputNames = Array.from({ length: n }, (_, d) => `x${String(d).padStart(3, '0')}`)
      const attributions = [inputNames.map(() => 0), inputNames.map(() => 0), inputNames.map((_, d) => (d % 2 ? -(d + 1) : d + 1))]
      const global = x.global && { ...x.global, meanAbs: attributions.map((row) => row.map(Math.abs)), perInput: inputNames.map((_, d) => 100 - d) }
      return { ...x, inputNames, baseline: { ...x.baseline, perInput: inputNames.map(() => 0) }, at: { ...x.at, attributions, gradientTimesInput: attributions }, global }
    })
  }
  const shown = async (explainForecast: ReturnType<typeof wide>) => {
    setApi(fakeApi({ explainForecast }))
    const w = mount(ExplainPanel, { props: { runId: 9, points, hasTime: true, target: 'y' }, attachTo: document.body })
    await new Promise((r) => setTimeout(r, 200))
    await flushPromises()
    return w
  }
  const heads = (w: Awaited<ReturnType<typeof shown>>) => w.findAll('[data-testid="explain-heatmap"] tbody th').map((t) => t.text())

  it('with more than 20 inputs shows the 20 that moved the forecast most, largest first, and all of them on request', async () => {
    const w = await shown(wide(200))
    expect(heads(w)).toEqual(Array.from({ length: 20 }, (_, i) => `x${String(199 - i).padStart(3, '0')}`))
    expect(w.find('[data-testid="explain-heatmap"] caption').text()).toContain('The 20 of 200 inputs that moved this forecast most')
    // a button (keyboard: Tab, Enter) that says what it does and what it controls
    const more = w.get('[data-testid="explain-show-all"]')
    expect(more.element.tagName).toBe('BUTTON')
    expect(more.text()).toBe('Show all 200 inputs')
    expect(more.attributes('aria-expanded')).toBe('false')
    expect(more.attributes('aria-controls')).toBe(w.get('[data-testid="explain-heatmap"]').attributes('id'))
    await more.trigger('click')
    expect(heads(w)).toHaveLength(200)
    expect(heads(w)[199]).toBe('x000')
    expect(w.get('[data-testid="explain-show-all"]').text()).toBe('Show the top 20')
    expect(w.get('[data-testid="explain-show-all"]').attributes('aria-expanded')).toBe('true')
    w.unmount()
  })

  it('says each cell\'s value without a hover, to a screen reader always and on screen on request', async () => {
    const w = await shown(wide(3))
    // lag 1 of x001: it lowered the forecast by 2
    const cell = w.findAll('[data-testid="explain-heatmap"] tbody tr')[1]!.findAll('td')[2]!
    expect(cell.text()).toBe('-2')
    expect(cell.get('span').classes()).toContain('sr-only')
    const box = w.get('[data-testid="explain-values"]')
    expect(w.get(`label[for="${box.attributes('id')}"]`).text()).toBe('Values in the cells')
    await box.setValue(true)
    expect(cell.get('span').classes()).not.toContain('sr-only')
    // the table scrolls sideways from the keyboard
    const region = w.get('[data-testid="explain-heatmap-region"]')
    expect(region.attributes('tabindex')).toBe('0')
    expect(region.attributes('aria-label')).toContain('scroll')
    w.unmount()
  })

  it('with more than 20 inputs puts importance on validation above the heatmap, its 20 largest first; up to 20, as before', async () => {
    const before = (w: Awaited<ReturnType<typeof shown>>, a: string, b: string) => !!(w.get(a).element.compareDocumentPosition(w.get(b).element) & Node.DOCUMENT_POSITION_FOLLOWING)
    const w = await shown(wide(200))
    expect(before(w, '[data-testid="explain-importance"]', '[data-testid="explain-heatmap"]')).toBe(true)
    await w.get('[data-testid="explain-importance"]').trigger('click')
    await flushPromises()
    expect(before(w, '[data-testid="explain-global"]', '[data-testid="explain-heatmap"]')).toBe(true)
    const names = () => w.findAll('[data-testid="explain-bars"] tbody tr').map((r) => r.get('td').text())
    expect(names()).toEqual(Array.from({ length: 20 }, (_, i) => `x${String(i).padStart(3, '0')}`))
    expect(w.get('[data-testid="explain-bars"] caption').text()).toContain('the 20 largest of 200')
    await w.get('[data-testid="explain-bars-all"]').trigger('click')
    expect(names()).toHaveLength(200)
    w.unmount()
    // 20 inputs: in the file's order, all of them, importance below, no toggle
    const small = await shown(wide(20))
    expect(heads(small)).toEqual(Array.from({ length: 20 }, (_, i) => `x${String(i).padStart(3, '0')}`))
    expect(small.find('[data-testid="explain-show-all"]').exists()).toBe(false)
    expect(before(small, '[data-testid="explain-heatmap"]', '[data-testid="explain-importance"]')).toBe(true)
    await small.get('[data-testid="explain-importance"]').trigger('click')
    await flushPromises()
    expect(small.findAll('[data-testid="explain-bars"] tbody tr')).toHaveLength(20)
    expect(small.find('[data-testid="explain-bars-all"]').exists()).toBe(false)
    small.unmount()
  })
})

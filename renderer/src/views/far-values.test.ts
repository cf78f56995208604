// @vitest-environment happy-dom
// The Data view marks the charted series' values far from the rest (core/train/far-values.ts), found
// in the import worker, and says what a run does with them; a clean series gets no mark.
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { farValues } from '../../../core/train/far-values'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { setUpView, smallDataset } from '../test/fakes'
import type { ImportReply, ImportRequest } from '../workers/protocol'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
type Set = { label?: string; data: { x: number; y: number | null }[] }
const charts: { data: { datasets?: Set[] } }[] = []
/** The datasets of every chart the view holds now. */
const drawn = (): Set[] => charts.flatMap((c) => c.data.datasets ?? [])
vi.mock('../lib/chart', async () => {
  const stub = await import('../test/chart-stub')
  return {
    ...stub,
    createChart: () => {
      const c = stub.createChart() as unknown as { data: { datasets?: Set[] } }
      charts.push(c)
      return c
    }
  }
})

let pinia: ReturnType<typeof createPinia>
const asked: ImportRequest[] = []
beforeEach(() => {
  ;({ pinia } = setUpView())
  charts.length = 0
  asked.length = 0
  // the import worker's answer to 'far', computed as the worker computes it
  setImportWorkerFactory(() => {
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      postMessage(req: ImportRequest) {
        asked.push(req)
        const reply: ImportReply = req.type === 'far' ? { type: 'far', far: farValues(req.values, req.time, req.clock) } : { type: 'error', error: { name: 'Error', code: 'x', message: 'not here' } }
        setTimeout(() => w.onmessage?.({ data: reply } as MessageEvent))
      },
      terminate() {}
    }
    return w as unknown as Worker
  })
})

/** 120 days of a weekly pattern, with `bad` printed at day 61. */
function daily(bad: number | null): Dataset {
  const ds = smallDataset(120)
  const temp = Float64Array.from({ length: 120 }, (_, i) => 20 + 3 * Math.sin((2 * Math.PI * i) / 7) + 0.3 * Math.sin(i * 12.9898))
  if (bad !== null) temp[61] = bad
  return { ...ds, columns: ds.columns.map((c) => (c.name === 'temp' ? { ...c, values: temp } : c)) }
}

async function settle(): Promise<void> {
  for (let k = 0; k < 4; k++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r))
  }
}

it('circles a bad print on the chart and lists it with its date and the value in line with the rest', async () => {
  const ds = useDatasetStore()
  ds.dataset = daily(900)
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await settle()
  expect(asked.filter((r) => r.type === 'far')).toHaveLength(1)
  const note = w.get('[data-testid="far-values"]').text()
  // day 61 of a weekly pattern lies at 20 + 3 sin(2π 5/7) = 17.1
  const m = /^1 value lies far from the rest \(circled; R's tsoutliers over every row of the series, as a run's statistical models look over their training and validation rows\): 2020-03-02: 900 \(≈ (\d+\.\d+) in line with the rest\)\./.exec(note)
  expect(m, note).not.toBeNull()
  expect(Math.abs(Number(m![1]) - 17.07)).toBeLessThan(0.5)
  expect(note).toContain("Setup's Outliers: keep leaves them in")
  const sets = drawn()
  expect(sets.map((s) => s.label)).toEqual(['temp', 'far from the rest'])
  expect(sets[1]!.data).toEqual([{ x: Date.UTC(2020, 2, 2), y: 900 }])
})

it('marks nothing on a clean series', async () => {
  const ds = useDatasetStore()
  ds.dataset = daily(null)
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await settle()
  expect(asked.filter((r) => r.type === 'far')).toHaveLength(1)
  expect(w.find('[data-testid="far-values"]').exists()).toBe(false)
  expect(drawn().map((s) => s.label)).toEqual(['temp'])
})

it('looks in the last 20,000 rows of a longer series, says so, and circles what it finds there at its time', async () => {
  const ds = useDatasetStore()
  const base = smallDataset(20_500)
  const temp = Float64Array.from({ length: 20_500 }, (_, i) => 20 + 3 * Math.sin((2 * Math.PI * i) / 7) + 0.3 * Math.sin(i * 12.9898))
  temp[100] = 900 // before the stretch looked in
  temp[20_000] = 900
  ds.dataset = { ...base, columns: base.columns.map((c) => (c.name === 'temp' ? { ...c, values: temp } : c)) }
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await settle()
  const req = asked.find((r) => r.type === 'far') as Extract<typeof asked[number], { type: 'far' }>
  expect(req.values.length).toBe(20_000) // only the stretch searched is copied to the worker
  expect(w.get('[data-testid="far-tail"]').text()).toBe("Values far from the rest are looked for in the last 20,000 of this series' 20,500 rows, as a run looks in the last 20,000 of its training rows.")
  expect(drawn().find((s) => s.label === 'far from the rest')?.data).toEqual([{ x: Date.UTC(2020, 0, 1) + 20_000 * 864e5, y: 900 }])
})

it('rows out of time order are searched sorted, as a run reads them: the bad print is still circled at its date', async () => {
  const ds = useDatasetStore()
  const sorted = daily(900)
  // the same 120 days, shuffled in the file
  const order = Int32Array.from({ length: 120 }, (_, i) => (i * 7) % 120)
  const pick = (v: Float64Array) => Float64Array.from(order, (i) => v[i]!)
  ds.dataset = {
    ...sorted,
    columns: sorted.columns.map((c) => (c.kind === 'date' || c.kind === 'numeric' ? { ...c, values: pick(c.values) } : c.kind === 'categorical' ? { ...c, codes: Int32Array.from(order, (i) => c.codes[i]!) } : c))
  }
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await settle()
  const req = asked.find((r) => r.type === 'far') as Extract<typeof asked[number], { type: 'far' }>
  expect(Array.from(req.time!).every((t, k, a) => k === 0 || a[k - 1]! < t)).toBe(true)
  expect(w.get('[data-testid="far-values"]').text()).toMatch(/^1 value lies far from the rest .*: 2020-03-02: 900 /)
  expect(drawn().find((s) => s.label === 'far from the rest')?.data).toEqual([{ x: Date.UTC(2020, 2, 2), y: 900 }])
})

it("asks with the time column's clock rule: Berlin's monthly midnights are searched as months, with the year as the season", async () => {
  const { importCsv } = await import('../../../core/data')
  const { instantOf, offsetAt } = await import('../../../core/data/clock-rule')
  const { offsetText } = await import('../../../core/data/time-cell')
  const berlin = { rule: 'EU', std: 60 } as const
  const stamp = (t: number) => `${new Date(t + offsetAt(t, berlin) * 6e4).toISOString().slice(0, 19)}${offsetText(offsetAt(t, berlin))}`
  const sales = Array.from({ length: 120 }, (_, i) => (i === 61 ? 5000 : 50 + 0.1 * i + 5 * Math.sin((2 * Math.PI * i) / 12) + 0.4 * Math.sin(i * 12.9898)))
  const ds = useDatasetStore()
  ds.dataset = await importCsv(`month,sales\n${sales.map((v, i) => `${stamp(instantOf(Date.UTC(2000, i, 1), berlin))},${v}`).join('\n')}\n`, { fileName: 'berlin-months.csv' })
  mount(DataView, { global: { plugins: [pinia] } })
  await settle()
  const req = asked.find((r) => r.type === 'far') as Extract<typeof asked[number], { type: 'far' }>
  expect(req.clock).toEqual(berlin)
  expect(farValues(req.values, req.time, req.clock)!.season).toBe(12)
})

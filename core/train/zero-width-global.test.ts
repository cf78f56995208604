// A global run's series whose prediction interval has zero width (every validation and test error 0
// to rounding: a line, a constant) are named in one note kept with the run, as a single-series run
// says it of its own (core/data/conformal zeroWidthNote).
import { expect, it } from 'vitest'
import { importCsv } from '../data'
import { resolveConfig } from './config'
import { runGlobalTraining } from './global'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} }
const month = (i: number) => new Date(Date.UTC(2000, i, 1)).toISOString().slice(0, 10)
const SERIES: Record<string, (i: number) => number> = {
  line: (i) => 100.3 + 0.7 * i,
  flat: () => 50,
  wavy: (i) => 100 + 10 * Math.sin(i / 2) + ((i * 7) % 5),
  bumpy: (i) => 80 + 6 * Math.cos(i / 3) + ((i * 3) % 4)
}

async function run(names: string[]) {
  const rows = ['shop,date,y', ...names.flatMap((s) => Array.from({ length: 120 }, (_, i) => `${s},${month(i)},${SERIES[s]!(i).toFixed(2)}`))]
  const dataset = await importCsv(rows.join('\n') + '\n', { fileName: 'shops.csv', series: ['shop'] })
  const config = resolveConfig({
    data: { target: 'y', time: 'date', features: [], series: { columns: ['shop'], values: null, global: { short: 'skip', oneHot: false } } },
    training: { epochs: 1, seed: 1 },
    model: { hiddenSize: 4 }
  })
  const r = (await runGlobalTraining({ config, dataset }, hooks))!
  return { r, zero: (r.notices ?? []).map((n) => n.message).filter((m) => m.includes('zero width')) }
}

it('names the series fitted exactly together, and keeps the note with the run', async () => {
  const { r, zero } = await run(['line', 'flat', 'wavy', 'bumpy'])
  const hw = (l: string) => r.series.find((s) => s.label === `shop = ${l}`)!.intervalHalfWidth!
  expect(hw('line')).toBeLessThan(1e-9)
  expect(hw('wavy')).toBeGreaterThan(0.1)
  expect(zero).toEqual(["in 2 series: shop = line and shop = flat, the 90 % prediction interval has zero width: the validation and test errors it is calibrated on were 0 (all or nearly all, to rounding: the forecast fits those series exactly), so it promises nothing about new data, where any error at all falls outside it; judge the forecast by whether the series keeps to the pattern fitted, not by the interval"])
}, 60_000)

it('says one series in its single-series words, and nothing where every series has errors', async () => {
  const one = await run(['line', 'wavy', 'bumpy'])
  expect(one.zero).toHaveLength(1)
  expect(one.zero[0]).toMatch(/^in series shop = line, the 90 % prediction interval has zero width: every one of the \d+ validation and test errors it is calibrated on was 0 \(to rounding/)
  expect((await run(['wavy', 'bumpy'])).zero).toEqual([])
}, 60_000)

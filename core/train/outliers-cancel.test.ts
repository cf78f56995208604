// A run's preparation lets a cancel in at the pauses of its outlier search (prepareRunPausing through
// untilStopped), and the search pauses within its passes: a cancel asked for at the search's next
// pause after a counted pass ends the preparation before the next pass is counted. Pauses are
// counted, not timed: untilStopped here lets the loop in (and asks) at every pause.
import { expect, it } from 'vitest'
import { importCsv, OUTLIER_PASSES } from '../data'
import { resolveConfig } from './config'
import { PREPARE_STEPS, prepareRunPausing } from './prepare'
import { untilStopped } from './pauses'

const HOUR = 3_600_000
const csv = ['time,y', ...Array.from({ length: 3000 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * HOUR).toISOString().slice(0, 16)},${(i % 401 === 200 ? 400 : 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + 0.01 * i).toFixed(2)}`)].join('\n') + '\n'

it("a cancel asked for inside one of the outlier search's passes ends the preparation before that pass is counted", async () => {
  const ds = await importCsv(csv, { fileName: 'hourly.csv' })
  const cfg = resolveConfig({ data: { target: 'y' }, training: { epochs: 1 } })
  expect(cfg.model.outliers).toBe('clean')
  expect(PREPARE_STEPS).toBe(2 + OUTLIER_PASSES) // the pipeline, the search's passes, the pipeline again
  // for each of the search's counted passes (steps 2 .. 1 + OUTLIER_PASSES): stopped at the second
  // pause after the step before it was told (the first is the pause right after that step)
  for (const before of [1, 3, 5]) {
    let told = 0
    let pausesSince = 0
    const stop = () => told >= before && ++pausesSince >= 2
    const r = await untilStopped(prepareRunPausing(cfg, ds, () => void told++), { shouldStop: stop, yieldNow: () => Promise.resolve() }, 0)
    expect(r).toBeNull() // stopped
    expect(told).toBe(before) // inside the next pass: it was never counted
  }
})

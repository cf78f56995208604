// The outlier search's cost on long series, apart from the rest of a run (docs/forecasting.md
// section 7): on hourly series of EXP_SIZES rows (500, 2,000, 10,000 and 50,000 unless set; a daily
// season, a few spikes), the three searches a regression run makes (the training rows, in
// prepareRun; the training and validation rows, and every row, in evaluate's statHistories), each
// timed on its own, against the whole rebuild of that run (rebuildModelFile: preparing, the
// statistical models, the network's paths, the intervals) with a small network's weights.
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/outlier-cost.exp.ts
// Measured on 6 December at a load average of 11-18 on 2 cores: 500 rows 0.42 s of a 6.5 s rebuild
// (7 %), 2,000 rows 1.3 of 15.7 s (8 %), 10,000 rows 8.9 of 34.6 s (26 %), 50,000 rows 17.7 of
// 40.3 s (44 %: each search bounded at OUTLIER_MAX_ROWS, about 6 s apiece there); the bound kept
// (docs/forecasting.md section 7).
import { it } from 'vitest'
import { importCsv, OUTLIER_MAX_ROWS, statOutliersOfTail, targetWithFilled } from '../../core/data'
import { createModel, Rng } from '../../core/engine'
import { trainOutliers, validationOutliers } from '../../core/train/choice'
import { resolveConfig } from '../../core/train/config'
import { prepareRun } from '../../core/train/prepare'
import { rebuildModelFile } from '../../core/train/run'

const hour = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 36e5).toISOString().slice(0, 19)
const noise = (i: number) => (Math.sin(i * 12.9898) * 43758.5453) % 1
const secs = (f: () => unknown) => {
  const t0 = performance.now()
  f()
  return (performance.now() - t0) / 1000
}

it('the outlier searches against the whole rebuild', async () => {
  const sizes = (process.env['EXP_SIZES'] ?? '500,2000,10000,50000').split(',').map(Number)
  console.log(`OUTLIER_MAX_ROWS ${OUTLIER_MAX_ROWS}`)
  for (const n of sizes) {
    const rows = Array.from({ length: n }, (_, i) => `${hour(i)},${(100 + 0.001 * i + 10 * Math.sin((2 * Math.PI * i) / 24) + 2 * noise(i) + (i % 2503 === 700 ? 60 : 0)).toFixed(2)}`)
    const ds = await importCsv(['time,load', ...rows].join('\n'), { fileName: 'hourly.csv' })
    const config = resolveConfig({ data: { target: 'load' }, model: { hiddenSize: 4 }, training: { epochs: 1 } })
    const run = prepareRun(config, ds)
    const series = targetWithFilled(run.prep)
    const { train, val } = run.prep.splits
    const m = run.season
    const tTrain = secs(() => trainOutliers(series, train, m))
    const tVal = secs(() => validationOutliers(series, train, val, m))
    const tAll = secs(() => statOutliersOfTail(series, m > 1 ? m : null, true))
    const weights = Float32Array.from(createModel(run.spec, new Rng(1)).params)
    const tRebuild = secs(() => rebuildModelFile(config, ds, weights, { appVersion: '0', bestEpoch: 1 }))
    const searched = tTrain + tVal + tAll
    console.log(`${n} rows (season ${m}, ${train.end - train.start} training): training rows ${tTrain.toFixed(2)} s, training + validation ${tVal.toFixed(2)} s, every row ${tAll.toFixed(2)} s; ${searched.toFixed(2)} s of a ${tRebuild.toFixed(2)} s rebuild (${((100 * searched) / tRebuild).toFixed(0)} %)`)
  }
})

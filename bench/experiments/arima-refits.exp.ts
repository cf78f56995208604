// The experiment behind auto.arima's refit bound (core/data/stats/arima-auto.ts AutoArimaLimits,
// core/train/choice.ts ARIMA_LIMITS): on every quality-benchmark series (all 82: this measures, it
// tunes nothing), the training rows a default `fw train` fits its ARIMA on (prepareRun, statJobOf:
// outliers replaced, the seasonal budget's tail, 'ordinary' units), searched as the run searches.
// Prints, per series, the model the run gets (or why none), how many CSS-ML refits it took and
// the seconds; then the series where the run's bound mattered: more refits than the first tier,
// or no model. No network is trained, so it takes minutes (the ARIMA searches alone).
//   npx vitest run --config bench/experiments/vitest.config.ts arima-refits
//   EXP_ONLY=Nile,lynx: those series; EXP_CSV=file.csv EXP_TARGET=v: one CSV of your own instead
//   EXP_OUT=file.tsv: the lines also written there (to diff two builds)
// Measured when the second tier of refits came (arima-auto.ts maxRefits): on all 82 series the same
// model and refit count before and after; 51 searched by ML (no refit), 27 refitted once, SMI 4 times,
// sample-co2, sunspot.month and DutchSales 7 times; none reached the 8th, so no benchmark forecast
// moved. The exploratory pass's weekly cycle (core/data/stats/fixtures/weekly-cycle.json): no model
// after 8 failed refits before, ARIMA(1,0,0)(1,1,0)[7] with drift after 9 (R's, after 21).
import { readFileSync, writeFileSync } from 'node:fs'
import { it } from 'vitest'
import { importCsv } from '../../core/data'
import { autoArima, type AutoArimaTrace } from '../../core/data/stats/arima-auto'
import { arimaLabel } from '../../core/data/stats/arima-fit'
import { ordinaryScale, scaledBy } from '../../core/data/stats/scale'
import { ARIMA_LIMITS, statPeriod, statRows } from '../../core/train/choice'
import { resolveConfig } from '../../core/train/config'
import { statJobOf } from '../../core/train/evaluate'
import { prepareRun } from '../../core/train/prepare'
import { defaultLookBack } from '../../core/train/season'
import { loadManifest, readSeries } from '../quality-data'

const root = new URL('../..', import.meta.url).pathname

async function cases(): Promise<{ name: string; csv: string; target: string }[]> {
  if (process.env.EXP_CSV) return [{ name: process.env.EXP_CSV, csv: readFileSync(process.env.EXP_CSV, 'utf8'), target: process.env.EXP_TARGET ?? 'value' }]
  const only = process.env.EXP_ONLY?.split(',')
  return loadManifest(root)
    .filter((spec) => !only || only.includes(spec.name))
    .map((spec) => {
      const s = readSeries(root, spec)
      const cut = s.value.length - s.horizon
      // the quality bench's train file: the first n - h rows
      return { name: spec.name, csv: 'time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${s.value[i]}`).join('\n'), target: 'value' }
    })
}

it('auto.arima refits on the runs of the quality benchmark', async () => {
  const lines: string[] = []
  const hit: string[] = []
  for (const c of await cases()) {
    const ds = await importCsv(c.csv, { fileName: `${c.name}.csv` })
    const config = resolveConfig({ data: { target: c.target, features: [], lookBack: defaultLookBack(ds, c.target, 'auto', 1) } })
    const job = statJobOf(prepareRun(config, ds))!.job
    const period = statPeriod('arima', job.m)
    const y = job.trainY.subarray(job.trainY.length - statRows('arima', period, job.trainY.length))
    const scale = ordinaryScale(y)
    const trace = {} as AutoArimaTrace
    const t0 = performance.now()
    let label: string
    try {
      const f = autoArima(scaledBy(y, scale), period ?? 1, trace, ARIMA_LIMITS)
      label = arimaLabel(f.order, f.xreg)
    } catch (e) {
      label = `none: ${(e as Error).message}`
    }
    const s = (performance.now() - t0) / 1000
    const line = `${c.name}\t${y.length}\t${job.m}\t${trace.approximation ? 'css' : 'ml'}\t${trace.refits ?? 0}\t${trace.tried?.length ?? 0}\t${s.toFixed(2)}\t${label}`
    console.log(line)
    lines.push(line)
    if (label.startsWith('none') || (trace.refits ?? 0) > (ARIMA_LIMITS.maxRefits ?? Infinity)) hit.push(line)
  }
  console.log(`\nseries\trows\tm\tsearch\trefits\tmodels\tseconds\tlabel\nthe bound mattered on ${hit.length}:\n${hit.join('\n')}`)
  if (process.env.EXP_OUT) writeFileSync(process.env.EXP_OUT, lines.join('\n') + '\n')
})

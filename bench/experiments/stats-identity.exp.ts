// A check that a speed change to the statistical models moved no bit: on every quality-benchmark
// series (its training part, as the quality bench fits it: fitStat(name, train, period), R's units),
// ETS, ARIMA (auto) and Theta are fitted; every number of each stored model (toJSON), its
// forecast(h), forecastAt at every origin from the end of training on (the test rows as new data),
// and, for ETS, every candidate's AICC and Nelder-Mead evaluation count, are written as the bits of
// each double. Run it before a change with EXP_OUT=before.json, after it with EXP_OUT=after.json
// EXP_BEFORE=before.json: it prints how many values differ (and the first few), which must be 0.
//   EXP_OUT=/tmp/before.json npx vitest run --config bench/experiments/vitest.config.ts stats-identity
//   EXP_ONLY=AirPassengers,Nile: those series only; EXP_MODELS=ets,theta: those models only (ARIMA's
//   search takes most of the half hour the whole check takes on a busy machine)
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { fitStat } from '../../core/data'
import { fitEtsAuto } from '../../core/data/stats/ets-fit'
import { loadManifest, readSeries, split } from '../quality-data'

const root = new URL('../..', import.meta.url).pathname

/** Every leaf of v as path -> string; a number as the hex of its 64 bits (so -0, NaN's payload and
 *  the last bit all count). */
function leaves(v: unknown, path: string, out: Record<string, string>): void {
  if (typeof v === 'number') {
    const b = new DataView(new ArrayBuffer(8))
    b.setFloat64(0, v)
    out[path] = b.getBigUint64(0).toString(16)
  } else if (v instanceof Float64Array || v instanceof Int32Array || Array.isArray(v)) Array.from(v as ArrayLike<unknown>).forEach((x, i) => leaves(x, `${path}[${i}]`, out))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, out)
  else out[path] = JSON.stringify(v)
}

it('ETS, ARIMA and Theta on the quality series, every value to the bit', () => {
  const only = process.env.EXP_ONLY?.split(',')
  const models = (process.env.EXP_MODELS ?? 'ets,theta,arima').split(',')
  const out: Record<string, string> = {}
  for (const spec of loadManifest(root)) {
    if (only && !only.includes(spec.name)) continue
    const s = readSeries(root, spec)
    const train = Float64Array.from(split(s).train)
    const period = s.period > 1 ? s.period : null
    const cut = train.length
    const origins = Int32Array.from({ length: s.value.length - cut }, (_, i) => cut - 1 + i)
    for (const name of (['ets', 'theta', 'arima'] as const).filter((m) => models.includes(m))) {
      const key = `${spec.name}.${name}`
      try {
        const fit = fitStat(name, train, period)
        leaves(fit.toJSON(), `${key}.stored`, out)
        leaves(fit.aicc, `${key}.aicc`, out)
        leaves(fit.forecast(s.horizon), `${key}.forecast`, out)
        leaves(fit.forecastAt(s.value, origins, s.horizon), `${key}.forecastAt`, out)
      } catch (e) {
        out[`${key}.error`] = (e as Error).message
      }
    }
    if (models.includes('ets')) {
      try {
        const auto = fitEtsAuto(train, period ?? 1)
        leaves(auto.tried, `${spec.name}.etsTried`, out)
        leaves(auto.best.fncount, `${spec.name}.etsFncount`, out)
      } catch (e) {
        out[`${spec.name}.etsTried.error`] = (e as Error).message
      }
    }
    console.log(`${spec.name}: ${Object.keys(out).length} values so far`)
  }
  if (process.env.EXP_OUT) writeFileSync(process.env.EXP_OUT, JSON.stringify(out) + '\n')
  if (process.env.EXP_BEFORE) {
    const before = JSON.parse(readFileSync(process.env.EXP_BEFORE, 'utf8')) as Record<string, string>
    const keys = new Set([...Object.keys(before), ...Object.keys(out)])
    const diff = [...keys].filter((k) => before[k] !== out[k])
    console.log(`${keys.size} values compared, ${diff.length} differ`)
    for (const k of diff.slice(0, 20)) console.log(`  ${k}: before ${before[k]}, now ${out[k]}`)
    expect(diff.length).toBe(0)
  }
})

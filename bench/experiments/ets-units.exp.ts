// The experiment behind ETS's units past the ordinary band (core/data/stats/scale.ts decimalScale):
// every ETS candidate of one series fitted at two units, y / mean|y| (the rule before) and y / 10^k
// with mean |y| / 10^k in [1, 10) (the rule now, and R's fit of the series in those units as given),
// each candidate's AICc in y's units and its Nelder-Mead evaluations (2001 or 2002: stopped by R's
// maxit = 2000, not by the tolerance).
//   EXP_CSV=file.csv npx vitest run --config bench/experiments/vitest.config.ts ets-units
//   EXP_CSV: date,value rows (the second column is read); EXP_ROWS=210: its first rows; EXP_PERIOD=7
// Measured on the exploratory pass's big.csv (values near 1.3e12, EXP_ROWS=210, the run's training
// rows): at mean 1 ETS(A,A,A) 10527.9 won, ETS(M,A,A) 10532.6; at 1e12 (the rows x1e-12 as given)
// ETS(M,A,A) 10532.0 won, ETS(A,A,A) 10537.5; ETS(M,N,A) 10726.9 against 10689.9.
import { readFileSync } from 'node:fs'
import { it } from 'vitest'
import { etsCandidates, fitEtsModel } from '../../core/data/stats/ets-fit'
import { etsLabel } from '../../core/data/stats/ets-model'
import { criterionInUnits, decimalScale, fitScale, scaledBy } from '../../core/data/stats/scale'

it('ETS candidates at two units', () => {
  const file = process.env.EXP_CSV
  if (!file) throw new Error('EXP_CSV=file.csv is needed: a date,value CSV')
  const rows = Number(process.env.EXP_ROWS ?? 0)
  const period = Number(process.env.EXP_PERIOD ?? 7)
  let y = Float64Array.from(readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])))
  if (rows > 0) y = y.subarray(0, rows)
  const scales = [fitScale(y), decimalScale(y)]
  console.log(`n ${y.length}, mean |y| ${fitScale(y)}; AICc in y's units (evaluations) at y / ${scales.join(' and at y / ')}`)
  for (const spec of etsCandidates(y, period)) {
    const cells = scales.map((s) => {
      const f = fitEtsModel(scaledBy(y, s), spec)
      return f ? `${criterionInUnits(f.aicc, y.length, s).toFixed(4)} (${f.fncount})` : 'not fitted'
    })
    console.log(etsLabel(spec).padEnd(12), cells.map((c) => c.padEnd(22)).join(' '))
  }
}, 600_000)

// The experiment behind the random-walk guard's exception for inputs known in the future
// (knownInputFollowed in core/train/evaluate.ts, docs/forecasting.md): simulated daily sales, a
// random walk (steps N(0, 2)) plus a lift on promotion days (a 0/1 draw, p 0.3), trained as
// `fw train --target sales --features promo --known-future promo` would (the defaults), for 20
// seeds per setting. Prints, per setting, how often the guard would have called the series a
// random walk and the exception applied, and over those runs the held-out test MAE of the run's
// forecast and of the network alone, each summed and over naive's (the guard's forecast before),
// and the same for the run's forecast over every walk by its history, excepted or not.
// Then the same walks beside a promotion column drawn apart from them, and pure walks with calendar
// inputs, where the exception must not apply.
//   npx vitest run --config bench/experiments/vitest.config.ts random-walk-known
import { it } from 'vitest'
import { importCsv, type Dataset } from '../../core/data'
import { gauss } from '../../core/data/testing'
import { resolveConfig } from '../../core/train/config'
import { runTraining } from '../../core/train/run'
import { defaultLookBack } from '../../core/train/season'

const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

function csv(n: number, lift: number, seed: number, relevant: boolean): string {
  const u = gauss(seed)
  const coin = gauss(seed + 1)
  let walk = 100
  const lines = ['date,sales,promo']
  for (let i = 0; i < n; i++) {
    walk += 2 * u()
    const p = coin() > 0.5244 ? 1 : 0 // P(z > 0.5244) = 0.3
    const other = coin() > 0.5244 ? 1 : 0
    lines.push(`${day(i)},${(walk + lift * p).toFixed(2)},${relevant ? p : other}`)
  }
  return lines.join('\n') + '\n'
}

async function run(text: string, calendar = false) {
  const ds: Dataset = await importCsv(text, { fileName: 'walk.csv' })
  const inputs = calendar ? { features: [], calendar: ['dow', 'month'] } : { features: ['promo'], known: ['promo'] }
  const config = resolveConfig({ data: { target: 'sales', ...inputs, lookBack: defaultLookBack(ds, 'sales', 'auto', 1) } as never })
  const r = (await runTraining({ config, dataset: ds }, hooks))!
  const mae = (model: string) => r.metrics.find((m) => m.split === 'test' && m.model === model && m.metric === 'mae')?.value ?? NaN
  const choice = (r.modelFile as { pipeline: { choice: { chosen: string; message: string } } }).pipeline.choice
  // the network has no row of its own when it is the forecast
  const network = Number.isNaN(mae('network')) ? mae('model') : mae('network')
  return { model: mae('model'), naive: mae('naive'), network, excepted: choice.message.includes('not a random walk given'), walk: /behaves like a random walk, whose/.test(choice.message) }
}

it('random walks with a known promotion', async () => {
  const lines: string[] = []
  for (const relevant of [true, false]) {
    for (const [n, lift] of [[60, 6], [120, 3], [200, 2], [120, 1]] as const) {
      let excepted = 0
      let walks = 0
      const sum = { model: 0, naive: 0, network: 0 }
      const all = { model: 0, naive: 0 } // over every walk by its history, excepted or not
      for (let seed = 11; seed <= 30; seed++) {
        const r = await run(csv(n, lift, seed, relevant))
        if (r.walk || r.excepted) {
          walks++ // a random walk by its own history
          all.model += r.model
          all.naive += r.naive
        }
        if (!r.excepted) continue
        excepted++
        sum.model += r.model
        sum.naive += r.naive
        sum.network += r.network
      }
      const ratio = (v: number) => (excepted ? (v / sum.naive).toFixed(3) : '-')
      lines.push(`| ${relevant ? 'the promotion' : 'an independent draw'} | ${n} | ${lift} | ${walks} | ${excepted} | ${ratio(sum.model)} | ${ratio(sum.network)} | ${walks ? (all.model / all.naive).toFixed(3) : '-'} |`)
    }
  }
  // pure walks (no lift) with calendar inputs, which change on every row (the day of the week) or
  // on few (the month): the exception must not apply
  for (const n of [150, 400]) {
    let walks = 0
    let excepted = 0
    for (let seed = 11; seed <= 30; seed++) {
      const r = await run(csv(n, 0, seed, true), true)
      if (r.walk || r.excepted) walks++
      if (r.excepted) excepted++
    }
    lines.push(`| the calendar (day of week, month), no lift | ${n} | 0 | ${walks} | ${excepted} | | | |`)
  }
  console.log(['| column | rows | lift | a random walk by its history | excepted: not one given the column | forecast / naive | network / naive | every walk: forecast / naive |', '|---|---|---|---|---|---|---|---|', ...lines].join('\n'))
})

// Global model benchmark (issue 13's target: a long file of 200 series x 500 points trains one
// global model with the defaults in under 60 s on two cores): writes a synthetic long file (daily
// series with their own level, trend, weekly pattern and noise), then times `fw train --series
// series --global --threads 2` with every other setting at its default, as a user runs it.
// Not a test: figures only (wall time, the per-series choice's share of it, epochs, mean MASE of the
// chosen forecasts and of the network alone, series that beat naive, series per forecaster).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../core/cli/index'

/** A long file (series,date,y) of daily series with their own level, trend, weekly pattern and noise. */
export function longCsv(series: number, points: number): string {
  let seed = 7
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5
  const lines = ['series,date,y']
  const t0 = Date.UTC(2020, 0, 1)
  for (let s = 0; s < series; s++) {
    const level = 50 + 20 * s
    const trend = 0.05 * ((s % 5) - 2)
    const week = 0.1 * level
    for (let i = 0; i < points; i++) {
      const y = level + trend * i + week * Math.sin((2 * Math.PI * i) / 7) + 0.05 * level * rnd()
      lines.push(`s${s},${new Date(t0 + i * 864e5).toISOString().slice(0, 10)},${y.toFixed(3)}`)
    }
  }
  return lines.join('\n') + '\n'
}

export async function run(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>> {
  const series = opts.quick ? 20 : 200
  const points = 500
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-global-'))
  try {
    const csv = join(dir, 'long.csv')
    writeFileSync(csv, longCsv(series, points))
    let stdout = ''
    let stderr = ''
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const code = await main(['train', '--csv', csv, '--target', 'y', '--series', 'series', '--global', '--threads', '2', '--json', '--out', dir],
      { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    if (code !== 0) throw new Error(`fw train --global failed (${code}): ${stderr}`)
    type Summary = { series: number; meanMase: number | null; meanNaiveMase: number | null; beatNaive: number; beatBestNaive: number }
    const r = JSON.parse(stdout) as { epochsRun: number; bestEpoch: number; choiceSeconds?: number; summary: Summary & { network: Summary; forecastBy: Record<string, number> } }
    const { network, forecastBy, ...chosen } = r.summary
    const res = {
      points, seconds: +seconds.toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      // the per-series choice (statistical models fitted on each series' training rows, compared on
      // its validation rows with the network): its time, and the network's own scores beside the chosen
      choiceSeconds: r.choiceSeconds === undefined ? null : +r.choiceSeconds.toFixed(2),
      epochsRun: r.epochsRun, bestEpoch: r.bestEpoch, ...chosen,
      networkMeanMase: network.meanMase, networkBeatNaive: network.beatNaive, forecastBy
    }
    opts.log(`global model, ${series} series x ${points} points, defaults on 2 threads: ${res.seconds} s (CPU of this thread ${res.cpuSeconds} s; the per-series choice ${res.choiceSeconds} s), ${res.epochsRun} epochs; mean MASE ${chosen.meanMase?.toFixed(3)} (network alone ${network.meanMase?.toFixed(3)}, naive ${chosen.meanNaiveMase?.toFixed(3)}), ${chosen.beatNaive} of ${series} series beat naive (network alone ${network.beatNaive}); forecast by ${JSON.stringify(forecastBy)}`)
    return res
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

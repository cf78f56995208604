// Global model benchmark (issue 13's target: a long file of 200 series x 500 points trains one
// global model with the defaults in under 60 s on two cores): writes a synthetic long file (daily
// series with their own level, trend, weekly pattern and noise), then times `fw train --series
// series --global --threads 2` with every other setting at its default, as a user runs it.
// Not a test: figures only (wall time, epochs, windows, mean MASE and series that beat naive).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../core/cli/index'

function longCsv(series: number, points: number): string {
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
    const r = JSON.parse(stdout) as { epochsRun: number; bestEpoch: number; summary: { series: number; meanMase: number | null; meanNaiveMase: number | null; beatNaive: number; beatBestNaive: number } }
    const res = {
      points, seconds: +seconds.toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      epochsRun: r.epochsRun, bestEpoch: r.bestEpoch, ...r.summary
    }
    opts.log(`global model, ${series} series x ${points} points, defaults on 2 threads: ${res.seconds} s (CPU of this thread ${res.cpuSeconds} s), ${res.epochsRun} epochs; mean MASE ${r.summary.meanMase?.toFixed(3)} (naive ${r.summary.meanNaiveMase?.toFixed(3)}), ${r.summary.beatNaive} of ${series} series beat naive`)
    return res
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

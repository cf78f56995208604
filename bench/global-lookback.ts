// The default look-back of a global model (core/train/global-lookback.ts globalDefaultLookBack), which
// Setup works out on the renderer's main thread when a long file opens and when target, season or
// horizon change, and fw train --global without --lookback: its time on a long file of 1,000 daily
// series of 1,000 rows and on one of 40 series of 150 rows (global.ts's file: each series with a
// weekly cycle). Not a test: figures only (the median of several calls, wall and CPU time, the file
// read and grouped once before them, as Setup has it).
import { importCsv } from '../core/data/import'
import { seriesRows } from '../core/data/global'
import { globalDefaultLookBack } from '../core/train/global-lookback'
import { longCsv } from './global'

interface Timed { series: number; points: number; medianMs: number; medianCpuMs: number; lookBack: number }

async function time(series: number, points: number, calls: number, log: (s: string) => void): Promise<Timed> {
  const ds = await importCsv(longCsv(series, points), { fileName: 'long.csv', decimal: 'dot' })
  const groups = seriesRows(ds, ['series']).map((s) => s.rows)
  const ms: number[] = []
  const cpuMs: number[] = []
  let lookBack = 0
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    lookBack = globalDefaultLookBack(ds, groups, 'y', 'auto', 7).lookBack
    const cpu = process.cpuUsage(cpu0)
    ms.push(performance.now() - t0)
    cpuMs.push((cpu.user + cpu.system) / 1e3)
  }
  const median = (v: number[]) => +[...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(2)
  const r = { series, points, medianMs: median(ms), medianCpuMs: median(cpuMs), lookBack }
  log(`global default look-back, ${series} series x ${points} daily rows: median ${r.medianMs} ms (CPU ${r.medianCpuMs} ms) of ${calls} calls (look-back ${lookBack})`)
  return r
}

export async function run(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>> {
  const small = await time(40, 150, 21, opts.log)
  const large = await time(opts.quick ? 200 : 1000, 1000, opts.quick ? 3 : 5, opts.log)
  return { small, large }
}

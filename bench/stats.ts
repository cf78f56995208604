// `npm run bench -- --section stats`: two costs of the statistical models every default run fits.
// - ETS's first search in a process against its later ones: the first pays for V8 compiling the
//   hot loops (and recompiling them wherever their type feedback changes between model forms).
//   Each sample is a fresh Node process (this file, forked) that fits ETS to AirPassengers'
//   training part three times; we report the first fit's time, the later ones' and their ratio.
// - ARIMA: auto.arima on a few quality-benchmark series (warm, in this process), most of whose
//   time is the Kalman filter's likelihood (arima-model.ts filterRun, predictCov).
// On a shared machine the wall times swing with the load; the CPU times and the ratios less.
import { fork } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { fitStat } from '../core/data'
import type { SectionOptions } from './index'
import { loadManifest, readSeries, split } from './quality-data'

const CHILD = 'FW_BENCH_STATS_CHILD'
const ETS_SERIES = 'AirPassengers'
const ARIMA_SERIES = ['AirPassengers', 'Nile', 'lynx', 'UKgas']

function trainOf(repoRoot: string, name: string): { y: Float64Array; period: number | null } {
  const spec = loadManifest(repoRoot).find((s) => s.name === name)
  if (!spec) throw new Error(`bench stats: no series '${name}' in bench/quality/series.json`)
  const s = readSeries(repoRoot, spec)
  return { y: Float64Array.from(split(s).train), period: s.period > 1 ? s.period : null }
}

/** In the forked process: three ETS fits, their wall and CPU milliseconds (all of the process's
 *  threads: V8 compiles on its own) sent to the parent as [wall1, wall2, wall3, cpu1, cpu2, cpu3]. */
function child(repoRoot: string): void {
  const { y, period } = trainOf(repoRoot, ETS_SERIES)
  const wall: number[] = []
  const cpu: number[] = []
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    fitStat('ets', y, period)
    const c = process.cpuUsage(c0)
    wall.push(performance.now() - t0)
    cpu.push((c.user + c.system) / 1000)
  }
  const ms = [...wall, ...cpu]
  // run by hand (FW_BENCH_STATS_CHILD=<repo> node out/node/chunks/stats-*.js, e.g. under --cpu-prof), it prints them
  if (process.send) process.send(ms, () => process.exit(0))
  else console.log(`ets ${ETS_SERIES}: ${wall.map((t) => t.toFixed(0)).join(', ')} ms (CPU ${cpu.map((t) => t.toFixed(0)).join(', ')})`)
}

if (process.env[CHILD]) child(process.env[CHILD])

function freshProcess(repoRoot: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const p = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [CHILD]: repoRoot }, stdio: 'inherit' })
    let got: number[] | null = null
    p.on('message', (m) => (got = m as number[]))
    p.on('error', reject)
    p.on('exit', (code) => (got ? resolve(got) : reject(new Error(`bench stats: the child process exited with ${code} before reporting`))))
  })
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export async function run(opts: SectionOptions): Promise<Record<string, unknown>> {
  const procs = opts.quick ? 3 : 7
  const first = { wall: [] as number[], cpu: [] as number[] }
  const later = { wall: [] as number[], cpu: [] as number[] }
  for (let k = 0; k < procs; k++) {
    const [w1, w2, w3, c1, c2, c3] = await freshProcess(opts.repoRoot)
    first.wall.push(w1)
    later.wall.push(Math.min(w2, w3))
    first.cpu.push(c1)
    later.cpu.push(Math.min(c2, c3))
    opts.log(`ets fresh process ${k + 1}/${procs}: fits of ${[w1, w2, w3].map((t) => t.toFixed(0)).join(', ')} ms (CPU ${[c1, c2, c3].map((t) => t.toFixed(0)).join(', ')} ms)`)
  }
  const ratio = (a: number[], b: number[]) => median(a.map((f, i) => f / b[i]))
  const ets = {
    series: ETS_SERIES,
    processes: procs,
    firstFitMs: median(first.wall),
    laterFitMs: median(later.wall),
    firstOverLater: ratio(first.wall, later.wall),
    firstFitCpuMs: median(first.cpu),
    laterFitCpuMs: median(later.cpu),
    firstOverLaterCpu: ratio(first.cpu, later.cpu)
  }
  opts.log(
    `ets ${ETS_SERIES}, medians of ${procs} fresh processes: first fit ${ets.firstFitMs.toFixed(0)} ms (CPU ${ets.firstFitCpuMs.toFixed(0)}), ` +
      `later fits ${ets.laterFitMs.toFixed(0)} ms (CPU ${ets.laterFitCpuMs.toFixed(0)}), first / later ${ets.firstOverLater.toFixed(2)} (CPU ${ets.firstOverLaterCpu.toFixed(2)})`
  )

  const reps = opts.quick ? 1 : 3
  const arima: Record<string, { label: string; ms: number }> = {}
  let total = 0
  for (const name of ARIMA_SERIES) {
    const { y, period } = trainOf(opts.repoRoot, name)
    fitStat('arima', y, period) // warm-up
    const ms: number[] = []
    let label = ''
    for (let k = 0; k < reps; k++) {
      const t0 = performance.now()
      label = fitStat('arima', y, period).label
      ms.push(performance.now() - t0)
    }
    arima[name] = { label, ms: median(ms) }
    total += median(ms)
    opts.log(`arima ${name}: ${label}, ${median(ms).toFixed(0)} ms (median of ${reps}, warm)`)
  }
  opts.log(`arima total ${total.toFixed(0)} ms`)
  return { ets, arima, arimaTotalMs: total }
}

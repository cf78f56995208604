// The quality benchmark's contestants that need more than a formula: the workbench's defaults (the
// built CLI, one train and one forecast command per series, exactly as an analyst types them), the
// workbench's own statistical models (core/data/stats) and R's forecast package (live, or the
// committed bench/quality/r-reference.json when R is not installed).
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fitStat, type StatName } from '../core/data'
import { qualityDir, readRReference, split, type RReference, type Series } from './quality-data'

export interface Forecast {
  mean: Float64Array // (h)
  lower?: Float64Array // (h) 90 % bound, where the contestant gives one
  upper?: Float64Array // (h)
  seconds: number
  label?: string
  error?: string // the contestant produced no forecast: the message says why
  notes?: string[]
  extra?: Record<string, unknown>
}

interface Exec {
  code: number
  stdout: string
  stderr: string
  seconds: number
}

function exec(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Exec> {
  const t0 = performance.now()
  return new Promise((done) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      const why = err && err.killed ? `\n(killed after ${timeoutMs / 1000} s)` : err && typeof err.code !== 'number' ? `\n${err.message}` : ''
      done({ code, stdout: String(stdout), stderr: String(stderr) + why, seconds: (performance.now() - t0) / 1000 })
    })
  })
}

const failure = (what: string, r: Exec): string => `${what} exited ${r.code}: ${(r.stderr.trim() || r.stdout.trim()).slice(0, 600)}`

/** Train-only CSV for the CLI: the first n − h rows, time,value. */
function writeTrainCsv(s: Series, file: string): void {
  const cut = s.value.length - s.horizon
  const lines = ['time,value']
  for (let i = 0; i < cut; i++) lines.push(`${s.time[i]},${s.value[i]}`)
  writeFileSync(file, lines.join('\n') + '\n')
}

/** Columns of `fw forecast`'s CSV: time,step,forecast,lower,upper,actual (numbers bare, see core/export/csv). */
function readForecastCsv(file: string): { time: string[]; forecast: number[]; lower: number[]; upper: number[] } {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/)
  const cols = head.split(',')
  const at = (name: string) => {
    const k = cols.indexOf(name)
    if (k < 0) throw new Error(`${file}: no column '${name}' in '${head}'`)
    return k
  }
  const [t, f, lo, up] = [at(cols.includes('time') ? 'time' : 'row'), at('forecast'), at('lower'), at('upper')]
  const cells = rows.map((r) => r.split(','))
  const num = (k: number) => cells.map((c) => (c[k] === '' ? NaN : Number(c[k])))
  return { time: cells.map((c) => c[t]), forecast: num(f), lower: num(lo), upper: num(up) }
}

/** Whatever the train JSON says about the network-or-statistical-model choice (issue 12, item 4). */
function choiceOf(json: Record<string, unknown>): unknown {
  if ('choice' in json) return json['choice']
  const keys = Object.keys(json).filter((k) => /choice|fallback|chosen/i.test(k))
  return keys.length ? Object.fromEntries(keys.map((k) => [k, json[k]])) : undefined
}

/** `fw train --csv TRAIN --target value --no-db --json --out DIR`, then `fw forecast --steps h`.
 *  FW_QUALITY_TRAIN_ARGS (space-separated) adds options to fw train, to measure a setting before it
 *  becomes a default (the figures are then not the defaults'). */
export async function runDefaults(repoRoot: string, s: Series, tmp: string, timeoutMs: number): Promise<Forecast> {
  const fw = resolve(repoRoot, 'bin/fw.js')
  const dir = join(tmp, s.name)
  mkdirSync(dir, { recursive: true })
  const csv = join(dir, 'train.csv')
  const future = join(dir, 'future.csv')
  writeTrainCsv(s, csv)
  const empty = new Float64Array(0)
  const trainArgs = (process.env['FW_QUALITY_TRAIN_ARGS'] ?? '').split(' ').filter(Boolean)
  const trained = await exec(process.execPath, [fw, 'train', '--csv', csv, '--target', 'value', '--no-db', '--json', '--out', join(dir, 'out'), ...trainArgs], repoRoot, timeoutMs)
  if (trained.code !== 0) return { mean: empty, seconds: trained.seconds, error: failure('fw train', trained) }
  let json: Record<string, unknown>
  try {
    json = JSON.parse(trained.stdout) as Record<string, unknown>
  } catch {
    return { mean: empty, seconds: trained.seconds, error: `fw train --json printed no JSON: ${trained.stdout.slice(0, 300)}` }
  }
  const fc = await exec(process.execPath, [fw, 'forecast', '--model', join(dir, 'out', 'model.json'), '--csv', csv, '--steps', String(s.horizon), '--out', future], repoRoot, timeoutMs)
  const seconds = trained.seconds + fc.seconds
  const extra: Record<string, unknown> = { trainSeconds: trained.seconds, forecastSeconds: fc.seconds, epochsRun: json['epochsRun'], bestBaseline: json['bestBaseline'], validationIntervalCoverage: json['intervalCoverage'] }
  const choice = choiceOf(json)
  if (choice !== undefined) extra['choice'] = choice
  if (fc.code !== 0) return { mean: empty, seconds, error: failure('fw forecast', fc), extra }
  const out = readForecastCsv(future)
  if (out.forecast.length !== s.horizon) return { mean: empty, seconds, error: `fw forecast wrote ${out.forecast.length} rows, expected ${s.horizon}`, extra }
  const notes: string[] = []
  const held = s.time.slice(s.value.length - s.horizon)
  const off = out.time.findIndex((t, i) => Date.parse(t) !== Date.parse(held[i]))
  if (off >= 0) notes.push(`forecast step ${off + 1} is stamped ${out.time[off]}, the held-out row is ${held[off]}`)
  if (trained.stderr.trim()) notes.push(`fw train stderr: ${trained.stderr.trim().slice(0, 300)}`)
  return {
    mean: Float64Array.from(out.forecast),
    lower: out.lower.every(Number.isFinite) ? Float64Array.from(out.lower) : undefined,
    upper: out.upper.every(Number.isFinite) ? Float64Array.from(out.upper) : undefined,
    seconds, notes, extra
  }
}

/** The workbench's statistical model `name` (core/data/stats), fitted on the training part. */
export function runStat(name: StatName, s: Series): Forecast {
  const { train } = split(s)
  const t0 = performance.now()
  try {
    const fit = fitStat(name, Float64Array.from(train), s.period > 1 ? s.period : null)
    const mean = fit.forecast(s.horizon)
    return { mean, seconds: (performance.now() - t0) / 1000, label: fit.label }
  } catch (e) {
    return { mean: new Float64Array(0), seconds: (performance.now() - t0) / 1000, error: (e as Error).message }
  }
}

export interface RRun {
  ref: RReference
  source: 'live' | 'committed'
  line: string // what to print about where R's numbers come from
  seconds?: number // wall time of the live Rscript run (R's start-up and package loading included)
  maxDiffToCommitted?: number // live vs committed point forecasts, max |Δ| / MASE scale, over every series and method
}

/** Runs bench/quality/r-reference.R now when Rscript and the forecast package are installed, else reads the committed JSON. */
export async function runR(repoRoot: string, names: string[], tmp: string, scaleOf: (name: string) => number): Promise<RRun> {
  const committedFile = resolve(qualityDir(repoRoot), 'r-reference.json')
  const committed = readRReference(committedFile)
  const probe = await exec('Rscript', ['-e', 'suppressMessages(library(forecast))'], repoRoot, 120_000).catch(() => null)
  if (!probe || probe.code !== 0) {
    return { ref: committed, source: 'committed', line: `R: Rscript with the forecast package not found; using the committed bench/quality/r-reference.json (${committed.R}, forecast ${committed.forecast})` }
  }
  const out = join(tmp, 'r-reference.json')
  const r = await exec('Rscript', ['bench/quality/r-reference.R', out, names.join(',')], repoRoot, 1_800_000)
  if (r.code !== 0 || !existsSync(out)) {
    return { ref: committed, source: 'committed', line: `R: the live run failed (${failure('Rscript bench/quality/r-reference.R', r)}); using the committed bench/quality/r-reference.json` }
  }
  const ref = readRReference(out)
  let maxDiff = 0
  for (const [name, s] of Object.entries(ref.series)) {
    for (const [method, m] of Object.entries(s.methods)) {
      const c = committed.series[name]?.methods[method]?.mean
      if (!m.mean || !c) continue
      m.mean.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - c[i]) / scaleOf(name))))
    }
  }
  return {
    ref, source: 'live', seconds: r.seconds, maxDiffToCommitted: maxDiff,
    line: `R: ran live (${ref.R}, forecast ${ref.forecast}) in ${r.seconds.toFixed(1)} s; its point forecasts differ from the committed JSON's by at most ${maxDiff.toExponential(2)} MASE-scale units`
  }
}

// The quality benchmark's contestants that need more than a formula: the workbench's defaults (the
// built CLI, one train and one forecast command per series, exactly as an analyst types them), the
// workbench's own statistical models (core/data/stats) and R's forecast package (live, or the
// committed bench/quality/r-reference.json when R is not installed).
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fitStat, type StatName } from '../core/data'
import { forecastTimeMs } from '../core/data/time-cell'
import { qualityDir, readRReference, split, type RReference, type Series } from './quality-data'
import { splitForecastCsv, type MultiGroup } from './quality-global'

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

/** The train JSON's choice in a few words: what was chosen and its label. */
export function choiceLine(c: unknown): string {
  if (c && typeof c === 'object' && 'chosen' in c) {
    const o = c as { chosen: unknown; label?: unknown }
    return `${String(o.chosen)}${o.label !== undefined && o.label !== o.chosen ? ` (${String(o.label)})` : ''}`
  }
  return JSON.stringify(c).slice(0, 120)
}

/** Whatever the train JSON says about the network-or-statistical-model choice (issue 12, item 4). */
function choiceOf(json: Record<string, unknown>): unknown {
  if ('choice' in json) return json['choice']
  const keys = Object.keys(json).filter((k) => /choice|fallback|chosen/i.test(k))
  return keys.length ? Object.fromEntries(keys.map((k) => [k, json[k]])) : undefined
}

/** A copy of the built CLI (bin/fw.js and out/node) under out/, so that every command of the run
 *  runs the code built at its start: other builds in the same work tree (npm run build, another
 *  bench) empty out/node while they run, and would fail or change the commands in between. Under
 *  out/ (git-ignored) so the copy still resolves the repository's node_modules. */
export function snapshotCli(repoRoot: string): { fw: string; dispose: () => void } {
  const dir = resolve(repoRoot, 'out', `bench-quality-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'bin'), { recursive: true })
  cpSync(resolve(repoRoot, 'bin/fw.js'), join(dir, 'bin/fw.js'))
  cpSync(resolve(repoRoot, 'out/node'), join(dir, 'out/node'), { recursive: true })
  if (!existsSync(join(dir, 'out/node/cli.js'))) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error('quality: out/node/cli.js is missing (another build is emptying out/node?); run the bench again')
  }
  return { fw: join(dir, 'bin/fw.js'), dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `fw train --csv TRAIN --target value --no-db --json --out DIR`, then `fw forecast --steps h`.
 *  FW_QUALITY_TRAIN_ARGS (space-separated) adds options to fw train, to measure a setting before it
 *  becomes a default (the figures are then not the defaults'). */
export async function runDefaults(repoRoot: string, fw: string, s: Series, tmp: string, timeoutMs: number): Promise<Forecast> {
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
  const extra: Record<string, unknown> = { trainSeconds: trained.seconds, forecastSeconds: fc.seconds, epochsRun: json['epochsRun'], bestBaseline: json['bestBaseline'], validationIntervalCoverage: json['intervalCoverage'], testPathCoverage: json['pathCoverage'] }
  const choice = choiceOf(json)
  if (choice !== undefined) extra['choice'] = choice
  if (fc.code !== 0) return { mean: empty, seconds, error: failure('fw forecast', fc), extra }
  const out = readForecastCsv(future)
  if (out.forecast.length !== s.horizon) return { mean: empty, seconds, error: `fw forecast wrote ${out.forecast.length} rows, expected ${s.horizon}`, extra }
  const notes: string[] = []
  const held = s.time.slice(s.value.length - s.horizon)
  // the forecast file's stamps are UTC without a zone (2015-05-26 13:00:00), which Date.parse reads as local time
  const off = out.time.findIndex((t, i) => forecastTimeMs(t) !== Date.parse(held[i]))
  if (off >= 0) notes.push(`forecast step ${off + 1} is stamped ${out.time[off]}, the held-out row is ${held[off]}`)
  if (trained.stderr.trim()) notes.push(`fw train stderr: ${trained.stderr.trim().slice(0, 300)}`)
  return {
    mean: Float64Array.from(out.forecast),
    lower: out.lower.every(Number.isFinite) ? Float64Array.from(out.lower) : undefined,
    upper: out.upper.every(Number.isFinite) ? Float64Array.from(out.upper) : undefined,
    seconds, notes, extra
  }
}

export interface GlobalRun {
  command: string[] // fw train's arguments after the CLI path, with the file names as run
  forecasts: Map<string, Forecast> // by member id; a member without a forecast has one with `error`
  seconds: number // fw train + fw forecast, Node start-up included
  extra: Record<string, unknown>
  notes: string[]
  error?: string // the run as a whole failed: every member gets it
}

/** One global model across a multi-series group, as an analyst runs it: `fw train --global` with the
 *  defaults on the group's file less each series' last h (`--melt` for a wide file; `--series ID
 *  --target value` for a long one), then `fw forecast --steps h` on the same rows written long (fw
 *  forecast reads a global model's series from a long file; it has no --melt). Each member's h-step
 *  path is read back from the forecast CSV by its id. FW_QUALITY_GLOBAL_ARGS (space-separated) adds
 *  options to fw train. */
export async function runGlobal(repoRoot: string, fw: string, g: MultiGroup, cut: { train: string; long: string }, h: number, tmp: string, timeoutMs: number): Promise<GlobalRun> {
  const dir = join(tmp, `global-${g.name}`)
  mkdirSync(dir, { recursive: true })
  const [train, long, future] = [join(dir, 'train.csv'), join(dir, 'train-long.csv'), join(dir, 'future.csv')]
  writeFileSync(train, cut.train)
  writeFileSync(long, cut.long)
  const ids = g.members.map((m) => m.id)
  const extraArgs = (process.env['FW_QUALITY_GLOBAL_ARGS'] ?? '').split(' ').filter(Boolean)
  const layout = g.layout === 'wide' ? ['--melt', ids.join(',')] : ['--target', 'value', '--series', g.idColumn!]
  const args = ['train', '--csv', train, ...layout, '--global', '--no-db', '--json', '--out', join(dir, 'out'), ...extraArgs]
  const command = args.map((a) => a.replace(dir, '.'))
  const failAll = (error: string, seconds: number, extra: Record<string, unknown> = {}): GlobalRun => ({ command, forecasts: new Map(ids.map((id) => [id, { mean: new Float64Array(0), seconds: 0, error }])), seconds, extra, notes: [], error })
  const trained = await exec(process.execPath, [fw, ...args], repoRoot, timeoutMs)
  if (trained.code !== 0) return failAll(failure('fw train --global', trained), trained.seconds)
  let json: { epochsRun?: number; bestEpoch?: number; cuts?: unknown; skipped?: { label: string; rows: number; reason: string }[]; notes?: string[]; series?: { label: string; forecastBy?: unknown }[] }
  try {
    json = JSON.parse(trained.stdout) as typeof json
  } catch {
    return failAll(`fw train --global --json printed no JSON: ${trained.stdout.slice(0, 300)}`, trained.seconds)
  }
  const skipped = json.skipped ?? []
  const extra: Record<string, unknown> = { trainSeconds: trained.seconds, epochsRun: json.epochsRun, bestEpoch: json.bestEpoch, cuts: json.cuts, skipped }
  const idCol = g.layout === 'wide' ? 'series' : g.idColumn!
  const fc = await exec(process.execPath, [fw, 'forecast', '--model', join(dir, 'out', 'model.json'), '--csv', long, '--steps', String(h), '--out', future], repoRoot, timeoutMs)
  const seconds = trained.seconds + fc.seconds
  extra['forecastSeconds'] = fc.seconds
  if (fc.code !== 0) return failAll(failure('fw forecast', fc), seconds, extra)
  const paths = splitForecastCsv(readFileSync(future, 'utf8'), idCol, future)
  const notes = [...(json.notes ?? [])]
  if (trained.stderr.trim()) notes.push(`fw train stderr: ${trained.stderr.trim().slice(0, 300)}`)
  const forecasts = new Map<string, Forecast>()
  for (const id of ids) {
    const p = paths.get(id)
    const skip = skipped.find((s) => s.label === `${idCol} = ${id}`)
    const error = p ? (p.forecast.length !== h ? `fw forecast wrote ${p.forecast.length} rows for ${id}, expected ${h}` : undefined)
      : skip ? `skipped by fw train --global (${skip.rows} rows): ${skip.reason}` : `not in fw forecast's output`
    if (error) forecasts.set(id, { mean: new Float64Array(0), seconds: 0, error })
    else {
      const ok = (xs: number[]) => (xs.every(Number.isFinite) ? Float64Array.from(xs) : undefined)
      // what forecasts this series: the run's per-series choice (network, statistical model or a mix), as for one series
      const by = json.series?.find((x) => x.label === `${idCol} = ${id}`)?.forecastBy
      forecasts.set(id, { mean: Float64Array.from(p!.forecast), lower: ok(p!.lower), upper: ok(p!.upper), seconds: 0, label: by === undefined ? undefined : choiceLine(by), extra: { time: p!.time } })
    }
  }
  return { command, forecasts, seconds, extra, notes }
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

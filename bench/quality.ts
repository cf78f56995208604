// `npm run bench -- --section quality`: forecast quality on public series (issue 12, item 6), M4's
// protocol: hold out the last h points (bench/quality/series.json gives h and the period m), fit on
// the rest, score the h-step path by sMAPE and by MASE (scale: in-sample lag-m naive MAE), and the
// 90 % interval coverage where a contestant gives intervals. Contestants: naive and seasonal naive
// (here), the workbench's statistical models (core/data/stats), the workbench defaults (the built
// CLI, one train and one forecast command per series, no tuning) and R's ets(), auto.arima() and
// thetaf() (live when Rscript has the forecast package, else the committed r-reference.json).
// Each series has a group (bench/quality/series.json): 'tuning', the series the defaults' choice rule
// was tuned on, 'holdout', never used for tuning, and 'fresh', added after the defaults were fixed
// and never used for tuning either; the summary is given per group and for all.
// Then the multi-series part (issue 13): one global model (fw train --global) per file of
// bench/quality/multi.json, each series scored on the same held-out h beside its single-series
// defaults, naive, seasonal naive and R's ets; written under the key `global`.
// --quick: 6 series. FW_QUALITY_SERIES=a,b: only these series (a multi-series file runs only when
// all its series are among them). FW_QUALITY_GLOBAL=a,b: only these files; =none: none.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { forecastTimeMs } from '../core/data/time-cell'
import type { SectionOptions } from './index'
import { choiceLine, runDefaults, runGlobal, runR, runStat, snapshotCli, type Forecast } from './quality-contestants'
import { GROUPS, loadManifest, qualityDir, readSeries, split, type Group, type RReference, type Series } from './quality-data'
import { checkMembers, cutGroup, loadMultiManifest, parseGroupCsv, summariseGlobal, type GlobalRow, type GlobalSummary } from './quality-global'
import { anyBeatsBetterNaive, beatsBetterNaive, coverage, geomean, mase, maseScale, mean, naiveForecast, same, seasonalNaiveForecast, smape, worseThanTwiceBest } from './quality-metrics'

const QUICK = ['Nile', 'UKgas', 'AirPassengers', 'USAccDeaths', 'sample-co2', 'EuStockMarkets-DAX']
const DEFAULTS = 'defaults'
const CONTESTANTS = ['naive', 'snaive', 'fw-drift', 'fw-ets', 'fw-theta', 'fw-arima', 'R-ets', 'R-arima', 'R-theta', DEFAULTS]
const R_METHODS: Record<string, string> = { 'R-ets': 'ets', 'R-arima': 'arima', 'R-theta': 'theta' }
const INTERVALS = ['R-ets', 'R-arima', 'R-theta', DEFAULTS] // the contestants that give 90 % intervals
const STATS = ['drift', 'ets', 'theta', 'arima'] as const // core/data/stats models beside the harness's naive and seasonal naive
const TIMEOUT_MS = 10 * 60_000 // per CLI command

interface Score {
  mase: number
  smape: number
  coverage?: number
  seconds: number
  label?: string
  error?: string
  notes?: string[]
  extra?: Record<string, unknown>
  forecast?: number[]
  lower?: number[]
  upper?: number[]
}

function score(s: Series, f: Forecast, keepPath: boolean): Score {
  if (f.error) return { mase: NaN, smape: NaN, seconds: f.seconds, error: f.error, extra: f.extra }
  const { train, test } = split(s)
  const out: Score = { mase: mase(test, f.mean, train, s.period), smape: smape(test, f.mean), seconds: f.seconds, label: f.label, notes: f.notes?.length ? f.notes : undefined, extra: f.extra }
  if (f.lower && f.upper) out.coverage = coverage(test, f.lower, f.upper)
  if (keepPath) Object.assign(out, { forecast: [...f.mean], lower: f.lower && [...f.lower], upper: f.upper && [...f.upper] })
  return out
}

const timed = (mean: () => Float64Array): Forecast => {
  const t0 = performance.now()
  const m = mean()
  return { mean: m, seconds: (performance.now() - t0) / 1000 }
}

const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3))
const pad = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s)

const TITLES = { mase: 'MASE (* best; - none)', smape: 'sMAPE % (* best; - none)', coverage: '90 % coverage (- none)' }

/** How the report names each group's part. */
const GROUP_LABELS: Record<Group, string> = {
  tuning: ' (the choice rule was tuned on these: optimistic)',
  holdout: ' (never used for tuning)',
  fresh: ' (added after the defaults were fixed; never used for tuning)'
}

/** One row per series; '*' marks the best MASE or sMAPE of the row (coverage: no mark). A line names each group where the rows hold more than one. */
function table(rows: (Pick<Row, 'name' | 'scores'> & { group: string })[], key: 'mase' | 'smape' | 'coverage', digits: number, columns = CONTESTANTS): string[] {
  const w = 10
  const nw = Math.max(26, ...rows.map((r) => r.name.length + 1)) // the name column, wider where a name needs it
  const lines = [TITLES[key].padEnd(nw) + columns.map((c) => pad(c, w)).join('')]
  const mixed = new Set(rows.map((r) => r.group)).size > 1
  rows.forEach((r, i) => {
    if (mixed && (i === 0 || rows[i - 1].group !== r.group)) lines.push(`-- ${r.group} --`)
    const vals = columns.map((c) => r.scores[c]?.[key] ?? NaN)
    const best = key === 'coverage' ? NaN : Math.min(...vals.filter(Number.isFinite))
    lines.push(r.name.padEnd(nw) + vals.map((v) => pad(Number.isFinite(v) ? v.toFixed(digits) + (v === best ? '*' : ' ') : '- ', w)).join(''))
  })
  return lines
}

export async function run(opts: SectionOptions): Promise<Record<string, unknown>> {
  const { log, repoRoot } = opts
  const only = process.env['FW_QUALITY_SERIES']?.split(',').filter(Boolean) ?? (opts.quick ? QUICK : null)
  // tuning series first, then holdout, then fresh, each in the manifest's order
  const specs = GROUPS.flatMap((g) => loadManifest(repoRoot, g)).filter((s) => !only || only.includes(s.name))
  if (!specs.length) throw new Error(`quality: no series selected (${only?.join(',')})`)
  const series = specs.map((s) => readSeries(repoRoot, s))
  const byName = new Map(series.map((s) => [s.name, s]))
  const tmp = mkdtempSync(join(tmpdir(), 'fw-quality-'))
  const cli = snapshotCli(repoRoot) // every command runs the CLI built at the start
  const fw = cli.fw
  try {
    const code = codeState(repoRoot)
    log(`${series.length} series (${GROUPS.map((g) => `${series.filter((s) => s.group === g).length} ${g}`).join(', ')}); code ${code.head.slice(0, 10)}${code.uncommitted.length ? ` with ${code.uncommitted.length} uncommitted files under core/ (built into the CLI this run)` : ''}`)
    log(`M4 protocol: hold out the last h, score sMAPE and MASE (lag-m naive scale), 90 % interval coverage`)
    const r = await runR(repoRoot, series.map((s) => s.name), tmp, (n) => maseScale(split(byName.get(n)!).train, byName.get(n)!.period))
    log(r.line)

    // The harness's metric code re-scores R's own forecasts; it must reproduce R's accuracy() MASE.
    let metricCheck = 0
    for (const s of series) {
      const { train, test } = split(s)
      for (const m of Object.values(r.ref.series[s.name]?.methods ?? {}))
        if (m.mean && m.mase !== undefined) metricCheck = Math.max(metricCheck, Math.abs(mase(test, m.mean, train, s.period) - m.mase))
    }
    log(`metric check: MASE recomputed here from R's forecasts vs R's accuracy(): max |diff| ${metricCheck.toExponential(2)}`)

    // A model core/data/stats does not implement yet is skipped (not counted as failed) and said so.
    const skipped = new Map<string, string>()
    for (const name of STATS) {
      const probe = runStat(name, series[0])
      if (probe.error && /not implemented/i.test(probe.error)) {
        skipped.set(`fw-${name}`, `skipped: ${probe.error}`)
        log(`core/data/stats: ${name} skipped (${probe.error})`)
      }
    }

    const rows: Row[] = []
    for (const s of series) {
      const row = await scoreSeries(s, r.ref, skipped, repoRoot, fw, tmp)
      const d = row.scores[DEFAULTS]
      log(`${s.name.padEnd(24)} defaults ${d.error ? 'FAILED: ' + d.error.split('\n')[0] : `MASE ${f3(d.mase)} sMAPE ${f3(d.smape)} coverage ${f3(d.coverage)} (in the run ${f3(d.extra?.['testPathCoverage'] as number | undefined)})`} (${d.seconds.toFixed(1)} s)` +
        ` | snaive ${f3(row.scores['snaive'].mase)} R-ets ${f3(row.scores['R-ets'].mase)}${d.extra?.['choice'] !== undefined ? ` | choice: ${choiceLine(d.extra['choice'])}` : ''}`)
      rows.push(row)
    }
    const skippedSet = new Set(skipped.keys())
    const summary = summarise(rows, skippedSet)
    const groups = GROUPS.filter((g) => rows.some((r) => r.group === g))
    const groupSummaries = Object.fromEntries(groups.map((g) => [g, summarise(rows.filter((r) => r.group === g), skippedSet)])) as Partial<Record<Group, Summary>>
    report(rows, summary, groupSummaries, log)
    const global = await globalPart(repoRoot, fw, rows, byName, tmp, log)
    return {
      protocol: 'M4: hold out the last h (yearly 6, quarterly 8, monthly 18, daily 14, hourly 48, other 8); sMAPE (%), MASE (scale: in-sample MAE of the lag-m naive forecast); 90 % interval coverage',
      r: { source: r.source, line: r.line, R: r.ref.R, forecast: r.ref.forecast, seconds: r.seconds, maxDiffToCommitted: r.maxDiffToCommitted },
      code,
      metricCheckMaxMaseDiff: metricCheck,
      contestants: CONTESTANTS,
      summary, // all series
      groups: Object.fromEntries(groups.map((g) => [g, { series: rows.filter((r) => r.group === g).map((r) => r.name), summary: groupSummaries[g] }])),
      series: rows,
      global
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
    cli.dispose()
  }
}

const GLOBAL = 'global'
const GLOBAL_COLUMNS = [GLOBAL, DEFAULTS, 'naive', 'snaive', 'R-ets']

/** The multi-series part (issue 13): one global model per file of bench/quality/multi.json, with the
 *  defaults, scored per series on the same held-out h beside that series' single-series defaults,
 *  naive, seasonal naive and R's ets (the rows above). A file is run only when all its series were
 *  run above (FW_QUALITY_SERIES, --quick); FW_QUALITY_GLOBAL=a,b runs only these files, =none none. */
async function globalPart(repoRoot: string, fw: string, rows: Row[], byName: Map<string, Series>, tmp: string, log: (s: string) => void): Promise<Record<string, unknown>> {
  const want = process.env['FW_QUALITY_GLOBAL']
  log('')
  log('== global models across series (bench/quality/multi.json): one fw train --global per file with the defaults, on the file less each series\' last h; each series scored as above ==')
  if (want === 'none') {
    log('skipped (FW_QUALITY_GLOBAL=none)')
    return { skipped: 'FW_QUALITY_GLOBAL=none' }
  }
  const only = want?.split(',').filter(Boolean)
  const manifest = loadMultiManifest(repoRoot)
  const unknown = only?.filter((n) => !manifest.some((g) => g.name === n)) ?? []
  if (unknown.length) throw new Error(`FW_QUALITY_GLOBAL: no group ${unknown.join(', ')} in multi.json (groups: ${manifest.map((g) => g.name).join(', ')})`)
  const rowOf = new Map(rows.map((r) => [r.name, r]))
  const groups: Record<string, unknown>[] = []
  const scored: { layout: string; row: GlobalRow }[] = []
  for (const g of manifest.filter((x) => !only || only.includes(x.name))) {
    const missing = g.members.filter((m) => !rowOf.has(m.series)).map((m) => m.series)
    if (missing.length) {
      log(`${g.name}: not run, ${missing.length} of its ${g.members.length} series were not run above (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`)
      groups.push({ name: g.name, skipped: `series not run: ${missing.join(', ')}` })
      continue
    }
    const d = parseGroupCsv(readFileSync(resolve(qualityDir(repoRoot), g.file), 'utf8'), g)
    checkMembers(d, byName)
    const { horizon: h, period: m } = byName.get(g.members[0]!.series)!
    const run = await runGlobal(repoRoot, fw, g, cutGroup(d, h), h, tmp, TIMEOUT_MS)
    const members = g.members.map((mb) => {
      const s = byName.get(mb.series)!
      const f = run.forecasts.get(mb.id)!
      const times = f.extra?.['time'] as string[] | undefined
      const held = s.time.slice(s.n - h)
      const off = times?.findIndex((t, i) => forecastTimeMs(t) !== Date.parse(held[i]!)) ?? -1 // UTC stamps without a zone (core/data/time-cell)
      const g1 = score(s, { ...f, extra: undefined, notes: off >= 0 ? [`forecast step ${off + 1} is stamped ${times![off]}, the held-out row is ${held[off]}`] : undefined }, true)
      const r = rowOf.get(mb.series)!
      return { id: mb.id, series: mb.series, name: mb.id === mb.series ? mb.id : `${mb.id} = ${mb.series}`, group: g.name, scores: { [GLOBAL]: g1, ...Object.fromEntries(GLOBAL_COLUMNS.slice(1).map((c) => [c, r.scores[c]!])) } as Record<string, Score> }
    })
    const grows: GlobalRow[] = members.map((x) => ({ group: g.name, id: x.id, series: x.series, mase: Object.fromEntries(GLOBAL_COLUMNS.map((c) => [c, x.scores[c]!.mase])) }))
    for (const row of grows) scored.push({ layout: g.layout, row })
    const summary = summariseGlobal(grows, GLOBAL_COLUMNS)
    const skippedByRun = (run.extra['skipped'] as unknown[] | undefined)?.length ?? 0
    log('')
    log(`-- ${g.name} (${g.layout} file ${g.file}, ${g.members.length} series, h ${h}, m ${m}) --`)
    log(`fw ${run.command.join(' ')}: ${run.error ? `FAILED: ${run.error.split('\n')[0]}` : `${run.seconds.toFixed(1)} s (train + forecast), ${String(run.extra['epochsRun'])} epochs${skippedByRun ? `, ${skippedByRun} series skipped by the run` : ''}`}`)
    for (const l of table(members, 'mase', 3, GLOBAL_COLUMNS)) log(l)
    log(`beats the better naive: ${GLOBAL_COLUMNS.filter((c) => c !== 'naive' && c !== 'snaive').map((c) => `${c} ${summary.beatBetterNaive[c]} of ${summary.series}`).join(', ')}`)
    log(`gm MASE: ${GLOBAL_COLUMNS.map((c) => `${c} ${f3(summary.geomeanMase[c])}`).join(', ')}${summary.failed[GLOBAL] ? ` (global over the ${summary.series - summary.failed[GLOBAL]!} series it forecast)` : ''}`)
    const by = members.filter((x) => x.scores[GLOBAL]!.label).map((x) => `${x.id} ${x.scores[GLOBAL]!.label}`)
    if (by.length) log(`global forecast by: ${by.join('; ')}`)
    for (const x of members) {
      const e = x.scores[GLOBAL]!.error
      if (e) log(`  global, no forecast for ${x.name}: ${e.split('\n')[0]}`)
      for (const n of x.scores[GLOBAL]!.notes ?? []) log(`  note, global on ${x.name}: ${n}`)
    }
    groups.push({
      name: g.name, layout: g.layout, file: g.file, h, m, command: run.command, seconds: run.seconds, error: run.error, extra: run.extra, notes: run.notes,
      series: members.map((x) => ({ id: x.id, series: x.series, scores: x.scores })), summary
    })
  }
  const parts: [string, string, GlobalRow[]][] = [
    ['wide', 'wide files (R\'s multi-series datasets)', scored.filter((x) => x.layout === 'wide').map((x) => x.row)],
    ['long', 'long files (every bench series of one frequency)', scored.filter((x) => x.layout === 'long').map((x) => x.row)],
    ['all', 'all files (a series in two files counts twice)', scored.map((x) => x.row)]
  ]
  const summary: Record<string, GlobalSummary> = {}
  log('')
  log('summary'.padEnd(28) + pad('series', 8) + GLOBAL_COLUMNS.map((c) => pad(c, 10)).join(''))
  for (const [key, label, rs] of parts) {
    if (!rs.length) continue
    const sm = (summary[key] = summariseGlobal(rs, GLOBAL_COLUMNS))
    const line = (what: string, n: string, cell: (c: string) => string) => log(`  ${what}`.padEnd(28) + pad(n, 8) + GLOBAL_COLUMNS.map((c) => pad(cell(c), 10)).join(''))
    log(label)
    line('beat the better naive', String(sm.series), (c) => (c === 'naive' || c === 'snaive' ? '' : String(sm.beatBetterNaive[c])))
    line('gm MASE', '', (c) => f3(sm.geomeanMase[c]))
    line('gm MASE/sn', '', (c) => f3(sm.geomeanMaseRelSnaive[c]))
    line('no forecast', '', (c) => String(sm.failed[c]))
  }
  log('gm: geometric mean over the series each contestant forecast; defaults: the single-series defaults above (one fw train per series); a series without a global forecast does not beat naive')
  return { protocol: 'each file less each series\' last h; fw train --global with the defaults (--melt for a wide file), fw forecast --steps h on the same rows written long; MASE and sMAPE as above', contestants: GLOBAL_COLUMNS, groups, summary }
}

/** Every contestant on one series. */
async function scoreSeries(s: Series, ref: RReference, skipped: Map<string, string>, repoRoot: string, fw: string, tmp: string): Promise<Row> {
  const { train } = split(s)
  const none = (error: string, seconds = 0): Forecast => ({ mean: new Float64Array(0), seconds, error })
  const scores: Record<string, Score> = {}
  scores['naive'] = score(s, timed(() => naiveForecast(train, s.horizon)), false)
  scores['snaive'] = score(s, timed(() => seasonalNaiveForecast(train, s.period, s.horizon)), false)
  for (const name of STATS) scores[`fw-${name}`] = score(s, skipped.has(`fw-${name}`) ? none(skipped.get(`fw-${name}`)!) : runStat(name, s), false)
  for (const [c, method] of Object.entries(R_METHODS)) {
    const m = ref.series[s.name]?.methods[method]
    const f: Forecast = !m ? none('not in the R reference')
      : m.error || !m.mean ? none(m.error ?? 'no forecast', m.seconds)
      : { mean: Float64Array.from(m.mean), lower: m.lower && Float64Array.from(m.lower), upper: m.upper && Float64Array.from(m.upper), seconds: m.seconds, label: m.label }
    scores[c] = score(s, f, false)
  }
  scores[DEFAULTS] = score(s, await runDefaults(repoRoot, fw, s, tmp, TIMEOUT_MS), true)
  return { name: s.name, group: s.group, frequency: s.frequency, n: s.n, h: s.horizon, m: s.period, scores }
}

/** The tables, then the summary and the headline lines for the defaults per group and for all series, then gm MASE/sn by group side by side. */
function report(rows: Row[], summary: Summary, groupSummaries: Partial<Record<Group, Summary>>, log: (s: string) => void): void {
  log('')
  for (const l of table(rows, 'mase', 3)) log(l)
  log('')
  for (const l of table(rows, 'smape', 2)) log(l)
  const groups = GROUPS.filter((g) => groupSummaries[g])
  const parts: [string, Row[], Summary][] = groups.map((g) => [`group ${g}${GROUP_LABELS[g]}`, rows.filter((r) => r.group === g), groupSummaries[g]!])
  if (groups.length !== 1) parts.push(['all series', rows, summary])
  for (const [label, rs, sm] of parts) {
    log('')
    log(`== ${label}: ${rs.length} series ==`)
    summaryLines(rs, sm, log)
  }
  if (groups.length > 1) {
    log('')
    log('gm MASE/sn'.padEnd(12) + [...groups, 'all'].map((g) => pad(g, 12)).join(''))
    for (const c of CONTESTANTS) {
      if (summary.perContestant[c].skipped) continue
      log(c.padEnd(12) + [...groups.map((g) => groupSummaries[g]!), summary].map((x) => pad(f3(x.perContestant[c].geomeanMaseRelSnaive), 12)).join(''))
    }
  }
  log('')
  for (const l of table(rows, 'coverage', 3, INTERVALS)) log(l)
  for (const r of rows) for (const n of r.scores[DEFAULTS].notes ?? []) log(`note, defaults on ${r.name}: ${n}`)
  if (summary.defaults.failures.length) log(`defaults failed on: ${summary.defaults.failures.map((f) => `${f.series}: ${f.error}`).join(' | ')}`)
}

/** The per-contestant summary table and the defaults' headline lines over `rows`. */
function summaryLines(rows: Row[], summary: Summary, log: (s: string) => void): void {
  log('contestant'.padEnd(12) + ['mean MASE', 'mean sMAPE', 'gm MASE/sn', 'coverage', 'failed', 'seconds'].map((x) => pad(x, 12)).join(''))
  for (const c of CONTESTANTS) {
    const x = summary.perContestant[c]
    const cells = x.skipped ? ['skipped', '', '', '', '', ''] : [f3(x.meanMase), f3(x.meanSmape), f3(x.geomeanMaseRelSnaive), f3(x.coverage), String(x.failed), x.seconds.toFixed(1)]
    log(c.padEnd(12) + cells.map((v) => pad(v, 12)).join(''))
  }
  log('means over the series each contestant forecast (a failed series is left out and counted under failed); gm MASE/sn: geometric mean of MASE / seasonal naive\'s MASE; coverage pooled over every held-out point; seconds: fit + forecast, for defaults both CLI commands including Node start-up')
  const b = summary.defaults
  log('')
  log(`defaults vs each (wins/ties/losses by MASE, a tie within 1e-6 relative; a failure is a loss): ${Object.entries(b.winsVs).map(([c, w]) => `${c} ${w.wins}/${w.ties}/${w.losses}`).join(', ')}`)
  log(`defaults beat the better of naive and seasonal naive on ${b.beatBestNaive.count} of ${b.beatBestNaive.of} series (${(b.beatBestNaive.share * 100).toFixed(0)} %; target >= 85 %)`)
  log(`  the same count for the others: ${Object.entries(b.beatBestNaiveOthers).map(([c, k]) => `${c} ${k}`).join(', ')}`)
  log(`  series on which any of them beats it (the ceiling of a choice among them made after seeing the held-out values): ${b.beatBestNaiveAny.count} of ${b.beatBestNaive.of}; on no method: ${b.beatBestNaiveAny.none.join(', ') || 'none'}`)
  log(`  forecast by naive because the training rows test as a random walk (said in the run): ${b.randomWalks.length ? b.randomWalks.map((w) => `${w.series} (${w.outcome})`).join(', ') : 'none'}`)
  log(`defaults worse than 2x the best method's MASE: ${b.worseThan2xBest.length ? b.worseThan2xBest.map((w) => `${w.series} (${f3(w.mase)} vs ${w.bestMethod} ${f3(w.best)})`).join(', ') : 'none'}`)
  log(`  the same count for the others (each against the best of all the others): ${Object.entries(b.worseThan2xBestOthers).map(([c, k]) => `${c} ${k}`).join(', ')}`)
  log(`defaults 90 % interval coverage: ${f3(b.coverageOverall)} pooled over the ${rows.length - b.withoutIntervals.length - b.failures.length} series with intervals (target 0.85-0.95)` +
    `${b.withoutIntervals.length ? `; no intervals on ${b.withoutIntervals.join(', ')}` : ''}; per series at the end`)
  const ir = b.inRunCoverage
  if (ir.of) log(`  inside each run (fw train's test period, steps 1..K, each origin calibrated on what it knew): mean ${f3(ir.mean)}, 85-95 % on ${ir.within} of ${ir.of} series, under 80 % on ${ir.under80}`)
  const secs = rows.map((r) => ({ name: r.name, n: r.n, s: r.scores[DEFAULTS].seconds })).sort((a, b) => a.s - b.s)
  const slowest = secs[secs.length - 1]
  log(`defaults seconds per series (fw train + fw forecast, Node start-up included): median ${secs[secs.length >> 1].s.toFixed(1)}, max ${slowest.s.toFixed(1)} (${slowest.name}, ${slowest.n} points)`)
}

interface Row {
  name: string
  group: Group
  frequency: string
  n: number
  h: number
  m: number
  scores: Record<string, Score>
}

type Summary = ReturnType<typeof summarise>

function summarise(rows: Row[], skipped: Set<string>) {
  const perContestant: Record<string, { meanMase: number; meanSmape: number; geomeanMaseRelSnaive: number; coverage?: number; skipped: boolean; failed: number; completed: number; seconds: number }> = {}
  for (const c of CONTESTANTS) {
    const sc = rows.map((r) => r.scores[c])
    const withIntervals = rows.filter((r) => r.scores[c].coverage !== undefined)
    perContestant[c] = {
      meanMase: mean(sc.map((x) => x.mase)),
      meanSmape: mean(sc.map((x) => x.smape)),
      geomeanMaseRelSnaive: geomean(rows.map((r) => r.scores[c].mase / r.scores['snaive'].mase)),
      coverage: withIntervals.length ? pooledCoverage(withIntervals.map((r) => r.scores[c]), withIntervals.map((r) => r.h)) : undefined,
      skipped: skipped.has(c),
      failed: skipped.has(c) ? 0 : sc.filter((x) => x.error !== undefined).length,
      completed: sc.filter((x) => Number.isFinite(x.mase)).length,
      seconds: sc.reduce((t, x) => t + x.seconds, 0)
    }
  }
  const d = (r: { scores: Record<string, Score> }) => r.scores[DEFAULTS].mase
  const winsVs: Record<string, { wins: number; ties: number; losses: number }> = {}
  for (const c of CONTESTANTS.filter((c) => c !== DEFAULTS && !skipped.has(c))) {
    const w = { wins: 0, ties: 0, losses: 0 }
    for (const r of rows) {
      const a = d(r)
      const o = r.scores[c].mase
      if (!Number.isFinite(a)) w.losses++
      else if (!Number.isFinite(o)) w.wins++
      else if (same(a, o)) w.ties++
      else if (a < o) w.wins++
      else w.losses++
    }
    winsVs[c] = w
  }
  const beats = (r: Row, c: string) => beatsBetterNaive(r.scores[c].mase, r.scores['naive'].mase, r.scores['snaive'].mase)
  const beat = rows.filter((r) => beats(r, DEFAULTS)).length
  const beatBestNaiveOthers = Object.fromEntries(CONTESTANTS.filter((c) => c !== DEFAULTS && c !== 'naive' && c !== 'snaive' && !skipped.has(c)).map((c) => [c, rows.filter((r) => beats(r, c)).length]))
  const others = Object.keys(beatBestNaiveOthers)
  const beatable = rows.map((r) => anyBeatsBetterNaive(Object.fromEntries(Object.entries(r.scores).map(([c, x]) => [c, x.mase])), others))
  // the runs that chose naive by the random-walk test (core/train/choice.ts), and how that came out
  const randomWalks = rows.flatMap((r) => {
    const ch = r.scores[DEFAULTS].extra?.['choice'] as { chosen?: string; message?: string } | undefined
    if (ch?.chosen !== 'naive' || !/random walk/.test(ch.message ?? '')) return []
    const best = Math.min(r.scores['naive'].mase, r.scores['snaive'].mase)
    return [{ series: r.name, outcome: same(d(r), best) ? 'level with naive' : d(r) < best ? 'beat' : 'lost to seasonal naive' }]
  })
  // each series' MASE per contestant that ran; a method worse than twice the best of all the others
  const maseOf = rows.map((r) => Object.fromEntries(CONTESTANTS.filter((c) => !skipped.has(c)).map((c) => [c, r.scores[c].mase])))
  const worseThan2xBestOthers = Object.fromEntries(CONTESTANTS.filter((c) => c !== DEFAULTS && c !== 'naive' && c !== 'snaive' && !skipped.has(c)).map((c) => [c, maseOf.filter((m) => worseThanTwiceBest(m, c)).length]))
  const worse = rows.flatMap((r, i) => {
    if (!worseThanTwiceBest(maseOf[i]!, DEFAULTS)) return []
    const others = CONTESTANTS.filter((c) => c !== DEFAULTS && Number.isFinite(r.scores[c].mase))
    const bestMethod = others.reduce((a, c) => (r.scores[c].mase < r.scores[a].mase ? c : a), others[0])
    return [{ series: r.name, mase: d(r), best: r.scores[bestMethod].mase, bestMethod }]
  })
  return {
    perContestant,
    defaults: {
      winsVs,
      beatBestNaive: { count: beat, of: rows.length, share: beat / rows.length },
      beatBestNaiveOthers,
      beatBestNaiveAny: { count: beatable.filter(Boolean).length, none: rows.filter((_, i) => !beatable[i]).map((r) => r.name) },
      randomWalks,
      worseThan2xBest: worse,
      worseThan2xBestOthers,
      coverageOverall: perContestant[DEFAULTS].coverage,
      withoutIntervals: rows.filter((r) => !r.scores[DEFAULTS].error && r.scores[DEFAULTS].coverage === undefined).map((r) => r.name),
      inRunCoverage: inRunCoverage(rows.map((r) => r.scores[DEFAULTS].extra?.['testPathCoverage'])),
      failures: rows.filter((r) => r.scores[DEFAULTS].error).map((r) => ({ series: r.name, error: r.scores[DEFAULTS].error! })),
      choices: Object.fromEntries(rows.filter((r) => r.scores[DEFAULTS].extra?.['choice'] !== undefined).map((r) => [r.name, r.scores[DEFAULTS].extra!['choice']]))
    }
  }
}

/** The defaults' own test-period coverage (fw train's pathCoverage, per series): its mean, and on how
 *  many series it is within 85-95 % and under 80 %. */
function inRunCoverage(values: unknown[]): { mean: number; within: number; under80: number; of: number } {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
  return { mean: v.length ? mean(v) : NaN, within: v.filter((x) => x >= 0.85 && x <= 0.95).length, under80: v.filter((x) => x < 0.8).length, of: v.length }
}

/** Coverage pooled over every held-out point of the series with intervals: Σ coverage_i · h_i / Σ h_i. */
function pooledCoverage(scores: Score[], hs: number[]): number {
  let k = 0
  let n = 0
  scores.forEach((s, i) => {
    k += s.coverage! * hs[i]
    n += hs[i]
  })
  return k / n
}

/** The commit the CLI was built from, and the files under core/ that differ from it (the bench builds the working tree). */
function codeState(repoRoot: string): { head: string; uncommitted: string[] } {
  const git = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' })
  try {
    return { head: git(['rev-parse', 'HEAD']).trim(), uncommitted: git(['status', '--porcelain', '--', 'core']).split('\n').filter(Boolean).map((l) => l.slice(3)) }
  } catch {
    return { head: 'unknown (no git)', uncommitted: [] }
  }
}

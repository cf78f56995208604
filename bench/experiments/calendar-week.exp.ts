// The experiment behind the calendar default on sub-daily rows that take the week (core/train/season.ts,
// docs/forecasting.md section 2): should a run whose rows are under a day apart, and whose season is
// the week, read the calendar (hour of day, day of week) by default, as `--calendar auto` does? Its
// look-back is two days (48 hourly rows), so without the calendar the network cannot tell a Monday
// from a Sunday. Each case is trained twice by the built CLI (`npm run build` first), as an analyst
// runs it, with today's defaults and with `--calendar auto` added; nothing else differs:
//   - taylor-hourly, the quality benchmark's one series that takes the week (none of its daily series
//     does: section 2), by the benchmark's own protocol (bench/quality-contestants.ts runDefaults: M4's,
//     the last 48 rows held out, `fw forecast --steps 48`, MASE scaled by the training rows' seasonal
//     naive at the series' period);
//   - 10 seeded hourly load-like series (generate below: a day cycle with morning and evening peaks, a
//     weekend that differs, a temperature-like feature the load follows, AR(1) noise, a level shift,
//     missing hours and blank values), and the file of the exploratory pass (EXP_LOAD_FILE, one year of
//     hourly electricity load with temperature), each `fw train --horizon 48` (the pass's command), its
//     test MASE of the forecast the run chose (the `model` row of its test metrics).
// Run at 62095934 (in docs/forecasting.md section 2): 14 series, 13 better, taylor the same to 3
// digits, none worse; geometric mean of the ratios 0.718 (EXP_WEEKEND=strong EXP_SEED_FROM=11
// EXP_SEEDS=8 EXP_TAYLOR=0 gave seeds 11-18; the default seeds 1-10, of which 1, 3, 9, 10 take the week).
// The bar, stated before the runs: adopt only if the forecast's test MASE is lower with the calendar on
// at least two thirds of the cases that take the week, the geometric mean of the after/before ratios is
// below 1, and no case is more than 10 % worse.
//   nice npx vitest run --config bench/experiments/vitest.config.ts calendar-week
//   EXP_LOAD_FILE=/path/load_hourly_offset.csv (target load_mw): the pass's file, skipped without it
//   EXP_SEEDS=5: fewer generated series (default 10)
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { it } from 'vitest'
import { generate } from './hourly-load'
import { runDefaults, snapshotCli } from '../quality-contestants'
import { loadManifest, readSeries, split } from '../quality-data'
import { geomean, mase } from '../quality-metrics'

const repoRoot = resolve(__dirname, '../..')
function fw(cli: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: repoRoot, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

interface Trained { mase: number; network: number; snaive: number; chosen: string; season: number | null }

/** `fw train --csv FILE --target T --horizon 48 --no-db --json` (plus `extra`): the test MASE of the
 *  forecast (the model row), the network alone and seasonal naive, the forecaster chosen and the season. */
async function train(cli: string, file: string, target: string, extra: string[], dir: string): Promise<Trained> {
  const r = await fw(cli, ['train', '--csv', file, '--target', target, '--horizon', '48', '--no-db', '--json', '--out', dir, ...extra])
  if (r.code !== 0) throw new Error(`fw train ${extra.join(' ')} on ${file}: ${r.stderr.slice(0, 500)}`)
  const j = JSON.parse(r.stdout) as { metrics: { split: string; model: string; metric: string; value: number }[]; choice?: { chosen?: string; season?: number } }
  const m = (model: string) => j.metrics.find((x) => x.split === 'test' && x.model === model && x.metric === 'mase')?.value ?? NaN
  return { mase: m('model'), network: Number.isNaN(m('network')) ? m('model') : m('network'), snaive: m('seasonal-naive'), chosen: j.choice?.chosen ?? '?', season: j.choice?.season ?? null }
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x))

it('the calendar on sub-daily rows that take the week', async () => {
  const { fw: cli, dispose } = snapshotCli(repoRoot)
  const tmp = mkdtempSync(join(tmpdir(), 'calendar-week-'))
  const lines: string[] = ['case | season | before: forecast (chosen), network | after: forecast (chosen), network | after/before']
  const ratios: number[] = []
  const worse: string[] = []
  try {
    // taylor-hourly by the quality benchmark's protocol
    if (process.env['EXP_TAYLOR'] !== '0') {
    const spec = loadManifest(repoRoot).find((s) => s.name === 'taylor-hourly')!
    const s = readSeries(repoRoot, spec)
    const { train: tr, test } = split(s)
    const before = await runDefaults(repoRoot, cli, s, join(tmp, 'b'), 600_000)
    process.env['FW_QUALITY_TRAIN_ARGS'] = '--calendar auto'
    const after = await runDefaults(repoRoot, cli, s, join(tmp, 'a'), 600_000)
    delete process.env['FW_QUALITY_TRAIN_ARGS']
    if (before.error || after.error) throw new Error(before.error ?? after.error)
    const mb = mase(test, before.mean, tr, s.period)
    const ma = mase(test, after.mean, tr, s.period)
    ratios.push(ma / mb)
    lines.push(`taylor-hourly (M4: 48 held out) | 168 | ${fmt(mb)} (${String((before.extra?.['choice'] as { chosen?: string } | undefined)?.chosen ?? '?')}) | ${fmt(ma)} (${String((after.extra?.['choice'] as { chosen?: string } | undefined)?.chosen ?? '?')}) | ${fmt(ma / mb)}`)
    }
    const cases: { name: string; file: string; target: string }[] = []
    const seeds = Number(process.env['EXP_SEEDS'] ?? 10)
    const from = Number(process.env['EXP_SEED_FROM'] ?? 1)
    // EXP_WEEKEND=strong: a weekend that differs more (its drop 0.3-0.7 of the day's swing, not 0.1-0.45)
    const weekend: [number, number] = process.env['EXP_WEEKEND'] === 'strong' ? [0.3, 0.4] : [0.1, 0.35]
    for (let seed = from; seed < from + seeds; seed++) {
      const file = join(tmp, `hourly-${seed}.csv`)
      writeFileSync(file, generate(seed, 16, weekend))
      cases.push({ name: `generated seed ${seed}${process.env['EXP_WEEKEND'] === 'strong' ? ' (strong weekend)' : ''}`, file, target: 'load_mw' })
    }
    const load = process.env['EXP_LOAD_FILE']
    if (load && existsSync(load)) cases.push({ name: 'the pass\'s load_hourly_offset.csv', file: load, target: 'load_mw' })
    for (const c of cases) {
      const b = await train(cli, c.file, c.target, [], join(tmp, 'out-b'))
      const a = await train(cli, c.file, c.target, ['--calendar', 'auto'], join(tmp, 'out-a'))
      const week = b.season === 168
      const ratio = a.mase / b.mase
      if (week) ratios.push(ratio)
      lines.push(`${c.name} | ${b.season ?? 'none'}${week ? '' : ' (not the week: outside the rule)'} | ${fmt(b.mase)} (${b.chosen}), ${fmt(b.network)} | ${fmt(a.mase)} (${a.chosen}), ${fmt(a.network)} | ${fmt(ratio)}`)
      console.log(lines[lines.length - 1])
    }
    for (const [i, r] of ratios.entries()) if (r > 1.1) worse.push(String(i))
    const better = ratios.filter((r) => r < 1).length
    lines.push(`cases taking the week: ${ratios.length}; better with the calendar: ${better}; more than 10 % worse: ${worse.length}; geometric mean of after/before: ${fmt(geomean(ratios))}`)
    console.log(lines.join('\n'))
    writeFileSync(process.env['EXP_OUT'] ?? join(tmp, '..', 'calendar-week.txt'), lines.join('\n') + '\n')
  } finally {
    dispose()
    rmSync(tmp, { recursive: true, force: true })
  }
})

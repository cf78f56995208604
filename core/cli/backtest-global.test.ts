// fw backtest --series COL --global: a global model's walk-forward backtest (core/train/backtest-global.ts),
// the folds cut at the same dates for every series and scored by the mean MASE over the series.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-backtest-global-'))
const csv = join(dir, 'shops.csv')
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
// a and b over 90 days, c from day 20 only
const rows = ['shop,date,units']
for (const [k, s] of ['a', 'b', 'c'].entries()) for (let i = s === 'c' ? 20 : 0; i < 90; i++) rows.push(`${s},${day(i)},${(20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
writeFileSync(csv, rows.join('\n') + '\n')
const args = ['backtest', '--csv', csv, '--target', 'units', '--series', 'shop', '--global', '--decimal', 'dot', '--epochs', '1', '--seed', '1']

describe('fw backtest --global', () => {
  it('backtests one model across the series: each fold\'s rows of all series, its mean MASE per predictor, the summary', async () => {
    const r = await fw(...args, '--folds', '3')
    expect([r.code, r.stderr]).toEqual([0, ''])
    // 90 days, blocks of floor(27 / 3) = 9 days: test from days 63, 72, 81; 3 series × 9 rows a block
    expect(r.stdout).toContain('test mase per fold (mean over the series each fold scores; rows of those series):')
    const folds = r.stdout.split('\n').filter((l) => /^fold \d \(/.test(l)).map((l) => l.slice(0, l.indexOf(')') + 1))
    expect(folds).toEqual(['fold 1 (169 + 27 rows; all 3 series)', 'fold 2 (196 + 27 rows; all 3 series)', 'fold 3 (223 + 27 rows; all 3 series)'])
    // seasonal naive's mean MASE beside naive's (the daily series have a season), over how many series said, never the yardstick
    expect(r.stdout).toMatch(/^fold +model +network +naive +seasonal-naive$/m)
    expect(r.stdout).toMatch(/^The forecast beat every baseline in \d of 3 folds; over all folds its mean mase is [\d.]+, against [\d.]+ for naive, the baseline with the best mean\. Every fold scores all 3 series\. Seasonal naive is shown beside naive, not judged against: its mase is over the series with a season \(all 3 series in every fold\)\.$/m)
    const out = JSON.parse((await fw(...args, '--folds', '2', '--json')).stdout) as { folds: { fold: number; metrics: { model: string; metric: string }[]; series: unknown }[]; summary: { metric: string; mean: Record<string, number | null>; verdict: string } }
    const json = out.folds
    // the summary the text ends with: the mean row and the verdict (pass 18: --json dropped them)
    expect(out.summary.metric).toBe('mase')
    expect(Object.keys(out.summary.mean)).toEqual(['model', 'network', 'naive', 'seasonal-naive'])
    expect(out.summary.verdict).toMatch(/^The forecast beat every baseline in \d of 2 folds; over all folds its mean mase is [\d.]+, against [\d.]+ for naive/)
    // seasonal naive's mean MASE and GMRAE beside naive's, as the run's metrics keep them
    expect(json.map((f) => f.metrics.map((m) => `${m.model} ${m.metric}`))).toEqual([0, 1].map(() => ['model mase', 'model gmrae', 'model skill', 'network mase', 'network gmrae', 'naive mase', 'naive gmrae', 'seasonal-naive mase', 'seasonal-naive gmrae']))
    expect(json.map((f) => f.series)).toEqual([0, 1].map(() => ({ scored: 3, total: 3, seasonalNaive: 3 })))
  }, 120_000)

  it('refuses folds that do not fit before any fold starts (exit 2), counting distinct dates', async () => {
    const r = await fw(...args, '--folds', '40')
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'fw backtest: folds: 40 folds do not fit: the last 30 % of 90 distinct dates cannot give each of 40 folds a date to score; these 90 distinct dates allow at most 27 folds\n'])
  })

  it('says once per series which folds left it out and why, in the folds\' terms', async () => {
    // d from day 70 only: after every fold's validation date (days 53, 61 and 68)
    const short = join(dir, 'short.csv')
    writeFileSync(short, [...rows, ...Array.from({ length: 20 }, (_, j) => `d,${day(70 + j)},${(40 + 0.1 * j).toFixed(3)}`)].join('\n') + '\n')
    const r = await fw(...args.map((a) => (a === csv ? short : a)), '--folds', '3')
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout.split('\n').filter((l) => l.startsWith('note:') && l.includes('left out'))).toEqual([
      'note: shop = d is left out of folds 1–3: it starts on 2021-03-12, after the validation date (no rows to train on).'
    ])
    // every figure is over the 3 series the folds scored, said on each fold and in the summary
    expect(r.stdout.split('\n').filter((l) => /^fold \d \(/.test(l)).map((l) => l.slice(0, l.indexOf(')') + 1))).toEqual([1, 2, 3].map((f) => `fold ${f} (${169 + 27 * (f - 1)} + 27 rows; 3 of 4 series)`))
    expect(r.stdout).toContain("Each fold scores 3 of 4 series: the others are left out by the folds' shared dates (see the notes), so these figures are not comparable with a test figure over all 4, such as the run's own.")
  }, 120_000)
})

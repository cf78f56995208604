// fw show of a global run with more series than it lists: the worst by MASE first, said so, so that a
// badly forecast series (a level shift in its test period) is not hidden past the first 20 in
// natural order; and --json gives every series' row, with its range facts, as fw train --global --json.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore, type SeriesInput } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { sampleGlobalConfig } from '../../test/fixtures/global-run'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-show-global-'))
const db = join(dir, 'runs.db')
const store = openStore(db, { appVersion: 'test' })
afterAll(() => store.close())

// 30 series S01..S30 with MASE 0.5 + k/100; S27 (past the first 20 in natural order) scored 2.36,
// its test values above its history
const series: SeriesInput[] = Array.from({ length: 30 }, (_, i) => {
  const label = `S${String(i + 1).padStart(2, '0')}`
  const bad = label === 'S27'
  return {
    position: i, key: [label], label, rows: 100, season: 1, n: 24, mae: 10, mase: bad ? 2.36 : 0.5 + i / 100, naiveMae: 12, naiveMase: 1,
    seasonalNaiveMae: null, intervalHalfWidth: null, coverage: null, beatsNaive: !bad, beatsBestNaive: !bad, forecastBy: 'ets', forecastLabel: 'ETS(A,N,N)',
    forecastNote: 'why', networkMae: 11, networkMase: 0.9, rangeJson: bad ? JSON.stringify({ domain: 'non-negative', min: 277.4, max: 498.9, n: 24, above: 10, below: 0 }) : null, forecasts: []
  }
})
const { runId, datasetId } = seedRun(store, JSON.stringify({ ...sampleGlobalConfig, data: { ...sampleGlobalConfig.data, series: { columns: ['store'], values: null, global: { short: 'skip' } } } }))
store.finishRun(runId, { metrics: [{ split: 'test', model: 'model', metric: 'mase', value: 0.7 }], forecasts: [], global: { summary: { version: 1, columns: ['store'], cuts: null, cutMode: 'series', summary: { series: 30, meanMase: 0.7, meanNaiveMase: 1, beatNaive: 29, beatBestNaive: 29 }, skipped: [], notes: [], hasTime: true }, series } })

describe('fw show of a global run', () => {
  it('lists the 20 series with the highest MASE, worst first, and says so; the rest counted', async () => {
    const r = await fw('show', String(runId), '--db', db)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('the 20 series with the highest MASE, worst first:')
    const labels = r.stdout.split('\n').map((l) => /^(S\d\d)\b/.exec(l.trim())?.[1]).filter(Boolean)
    expect(labels).toEqual(['S27', 'S30', 'S29', 'S28', 'S26', 'S25', 'S24', 'S23', 'S22', 'S21', 'S20', 'S19', 'S18', 'S17', 'S16', 'S15', 'S14', 'S13', 'S12', 'S11'])
    expect(r.stdout).toContain(`… and 10 more (fw show ${runId} --json or fw export --run ${runId} --xlsx FILE has them all)`)
  })

  it('--json gives every series, in the run\'s order, with its scores, its choice and its range facts', async () => {
    const r = await fw('show', String(runId), '--db', db, '--json')
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { series: { label: string; mase: number; forecastBy: string; range: { above: number; n: number } | null }[] }
    expect(j.series).toHaveLength(30)
    expect(j.series.map((s) => s.label)).toEqual(series.map((s) => s.label))
    const bad = j.series.find((s) => s.label === 'S27')!
    expect([bad.mase, bad.forecastBy, bad.range]).toEqual([2.36, 'ets', { domain: 'non-negative', min: 277.4, max: 498.9, n: 24, above: 10, below: 0 }])
    expect(j.series[0]!.range).toBeNull()
  })
})

describe("fw show of a global run's seasonal naive", () => {
  it("lists its stored GMRAE beside naive's, says over which series, and each series' seasonal naive MAE; a run stored before without it shows no row", async () => {
    // 4 series: seasonal naive errs 6 against naive's 12 in the first 3, the last has no season
    const rows = series.slice(0, 4).map((s, i) => ({ ...s, seasonalNaiveMae: i < 3 ? 6 : null }))
    const seasonal = { split: 'test' as const, model: 'seasonal-naive', metric: 'gmrae', value: 0.5 }
    const run = (metrics: { split: 'test'; model: string; metric: string; value: number }[], kept: object = {}) => {
      const { runId: id } = seedRun(store, JSON.stringify(sampleGlobalConfig))
      store.finishRun(id, { metrics: [{ split: 'test', model: 'model', metric: 'gmrae', value: 0.8 }, { split: 'test', model: 'naive', metric: 'gmrae', value: 1 }, ...metrics], forecasts: [], global: { summary: { version: 1, columns: ['store'], cuts: null, cutMode: 'series', summary: { series: 4, meanMase: 0.7, meanNaiveMase: 1, beatNaive: 4, beatBestNaive: 4, ...kept }, skipped: [], notes: [], hasTime: true }, series: rows } })
      return id
    }
    const line = (out: string, start: string) => out.split('\n').find((l) => l.startsWith(start))?.trim().split(/\s{2,}/)
    const now = await fw('show', String(run([seasonal])), '--db', db)
    expect(now.code, now.stderr).toBe(0)
    expect(line(now.stdout, 'seasonal-naive')).toEqual(['seasonal-naive', '0.5000'])
    expect(now.stdout).toContain("Seasonal naive's gmrae is over the 3 of 4 series with a season.")
    expect(line(now.stdout, 'series ')).toEqual(['series', 'n', 'forecast by', 'mae', 'mase', 'network mase', 'naive mae', 'snaive mae', 'coverage', 'beats naive', 'beats better naive'])
    expect(line(now.stdout, 'S01')![7]).toBe('6.0000')
    expect(line(now.stdout, 'S04')![7]).toBe('—')
    const before = await fw('show', String(run([])), '--db', db)
    expect(before.code, before.stderr).toBe(0)
    expect(line(before.stdout, 'seasonal-naive')).toBeUndefined()
    expect(before.stdout).not.toContain("Seasonal naive's gmrae")
    // its mean MASE, kept since 2026-12-07 over the 3 series with a season: beside naive's, saying over how many
    const mase = await fw('show', String(run([{ split: 'test', model: 'naive', metric: 'mase', value: 1 }, { split: 'test', model: 'seasonal-naive', metric: 'mase', value: 0.87 }, seasonal], { seasonalNaive: { meanMase: 0.87, series: 3 } })), '--db', db)
    expect(mase.code, mase.stderr).toBe(0)
    expect(line(mase.stdout, 'seasonal-naive')).toEqual(['seasonal-naive', '0.8700', '0.5000'])
    expect(mase.stdout).toContain("Seasonal naive's gmrae and mase are over the 3 of 4 series with a season.")
    expect(mase.stdout).toContain('global run across 4 series of store: mean MASE 0.7000 (naive 1.0000, seasonal naive 0.8700 (3 of 4 series)); 4 of 4 beat naive')
    // stored before it was kept: nothing in its place
    expect(now.stdout).toContain('global run across 4 series of store: mean MASE 0.7000 (naive 1.0000); 4 of 4 beat naive')
  })
})

describe('fw compare of a global run and a single-series run of one of its series', () => {
  it("compares the global run's row for that series, not its means over all series, and says so", async () => {
    const single = store.runs.create({ datasetId, configJson: JSON.stringify({ data: { target: 'sales', series: { columns: ['store'], values: ['S27'] } } }), seed: 1 })
    store.startRun(single)
    store.finishRun(single, { metrics: [{ split: 'test', model: 'model', metric: 'mae', value: 9 }, { split: 'test', model: 'model', metric: 'mase', value: 2.1 }], forecasts: [] })
    const row = (out: string, label: string) => out.split('\n').find((l) => l.trim().startsWith(`${label} `))!.trim().split(/\s{2,}/)
    for (const [x, y] of [[runId, single], [single, runId]]) {
      const r = await fw('compare', String(x), String(y), '--db', db)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toContain(`note: run ${runId} is a global run of 30 series: its row for series S27 is compared with run ${single}, a run of that series alone`)
      // S27's own MASE 2.36 and MAE 10, not the run's mean MASE 0.7; its forecaster, not "per series"
      const g = x === runId ? 1 : 2
      expect(row(r.stdout, 'mase')[g]).toBe('2.3600')
      expect(row(r.stdout, 'mae')[g]).toBe('10.0000')
      expect(row(r.stdout, 'forecast by')[g]).not.toBe('per series')
    }
    // another series' run, or none: the global run's means, nothing said
    const other = store.runs.create({ datasetId, configJson: JSON.stringify({ data: { target: 'sales', series: { columns: ['store'], values: ['S99'] } } }), seed: 1 })
    store.startRun(other)
    store.finishRun(other, { metrics: [{ split: 'test', model: 'model', metric: 'mase', value: 2.1 }], forecasts: [] })
    const r = await fw('compare', String(runId), String(other), '--db', db)
    expect(r.stdout).not.toContain('its row for series')
    expect(row(r.stdout, 'mase')[1]).toBe('0.7000')
  })
})

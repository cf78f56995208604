import { describe, expect, it } from 'vitest'
import { applyFitted, importCsv } from '../data'
import { resolveConfig } from './config'
import { rangeWarning } from '../data/range'
import { beyondHistory, boundsIn, clipValues, domainOf, parseTargetRange, targetRangeOf } from './domain'
import { forecastAhead, loadModelFile, predictWindows } from './forecast'
import { runTraining } from './run'

const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }

/** Daily counts: mostly 0 with bursts, so a forecast near 0 with a ± interval reaches below 0. */
function countsCsv(shift = 0): string {
  let s = 12345
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31)
  const rows = ['date,count']
  for (let i = 0; i < 300; i++) {
    const v = rnd() < 0.7 ? 0 : Math.round(rnd() * 20)
    rows.push(`${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${v + (i === 5 ? shift : 0)}`)
  }
  return rows.join('\n')
}

async function train(csv: string) {
  const dataset = await importCsv(csv, { fileName: 'counts.csv' })
  const config = resolveConfig({
    data: { target: 'count', features: [], lookBack: 14 } as never,
    model: { cell: 'gru', hiddenSize: 4, forecaster: 'naive' },
    training: { epochs: 1, batchSize: 64, earlyStopping: null }
  })
  const r = (await runTraining({ config, dataset, appVersion: '0.1.0' }, hooks))!
  return { r, dataset, m: loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0') }
}

describe('domain rule', () => {
  it('is non-negative only when every observed training value is >= 0 (NaN is missing)', () => {
    expect(domainOf([0, 1, NaN, 3])).toBe('non-negative')
    expect(domainOf([0, -0.1, 3])).toBeNull()
    expect(domainOf([NaN, NaN])).toBeNull()
    expect(domainOf([])).toBeNull()
  })

  it('clips values and both bounds at 0, and leaves them alone without a domain', () => {
    expect(Array.from(clipValues('non-negative', Float64Array.of(-2, 0, 3)))).toEqual([0, 0, 3])
    expect(Array.from(clipValues(null, Float64Array.of(-2, 3)))).toEqual([-2, 3])
    expect(boundsIn('non-negative', 1, 3, false)).toEqual([0, 4])
    expect(boundsIn('non-negative', -5, 3, false)).toEqual([0, 0])
    expect(boundsIn(null, 1, 3, false)).toEqual([-2, 4])
    const [lo, hi] = boundsIn('non-negative', 2, Math.log(2), true) // a log target's ratios stay positive
    expect(lo).toBeCloseTo(1, 12)
    expect(hi).toBeCloseTo(4, 12)
  })
})

describe('interval bounds clipped to the data domain', () => {
  it('a count series: raw intervals reach below 0, every stored, predicted and forecast bound is >= 0', async () => {
    const { r, dataset, m } = await train(countsCsv())
    expect(r.range?.domain).toBe('non-negative')
    expect((r.modelFile as { pipeline: { domain?: string } }).pipeline.domain).toBe('non-negative')
    expect(m.domain).toBe('non-negative')
    const q = r.intervalHalfWidth!
    // the naive forecast of a 0 is 0: its raw interval would be [-q, q]
    expect(q).toBeGreaterThan(0)
    expect(r.forecasts.some((f) => f.value - q < 0)).toBe(true)
    expect(r.forecasts.some((f) => f.lower === 0)).toBe(true)
    for (const f of r.forecasts) {
      expect(f.value).toBeGreaterThanOrEqual(0)
      expect(f.lower!).toBeGreaterThanOrEqual(0)
      expect(f.upper!).toBeGreaterThanOrEqual(f.lower!)
    }
    const a = applyFitted(dataset, m.config, m.fitted)
    for (const p of [...predictWindows(m, a), ...forecastAhead(m, a, 20)]) {
      expect(p.value).toBeGreaterThanOrEqual(0)
      if (p.lower !== null) expect(p.lower).toBeGreaterThanOrEqual(0)
    }
    // fw predict on the run's own data gives back the stored test forecasts, with the model file's
    // half-width (calibrated on validation and test; each stored test row has the one known at its
    // origin), clipped the same way
    const byTime = new Map(predictWindows(m, a).map((p) => [p.time, p]))
    for (const f of r.forecasts) {
      const p = byTime.get(f.ts)!
      expect(p.value).toBeCloseTo(f.value, 9)
      expect(p.lower).toBeCloseTo(Math.max(0, p.value - m.intervalHalfWidth!), 9)
    }
  })

  it('one negative training value: no domain, and the raw bounds go below 0 as before', async () => {
    const { r, m } = await train(countsCsv(-1 - 1e-9))
    expect(r.range?.domain).toBeNull()
    expect(m.domain).toBeNull()
    expect((r.modelFile as { pipeline: { domain?: string } }).pipeline.domain).toBeUndefined()
    expect(r.forecasts.some((f) => f.lower! < 0)).toBe(true)
  })

  it('a model file from before the rule (no pipeline.domain) loads with no domain and is not clipped', async () => {
    const { r } = await train(countsCsv())
    const file = JSON.parse(JSON.stringify(r.modelFile)) as { pipeline: Record<string, unknown> }
    delete file.pipeline['domain']
    expect(loadModelFile(file, '0.1.0').domain).toBeNull()
    file.pipeline['domain'] = 'positive'
    expect(() => loadModelFile(file, '0.1.0')).toThrow(/pipeline\.domain must be 'non-negative' or absent/)
  })

  it("the model file keeps the history before the test period (the range's min and max) for the warning past the end; files from before load without it", async () => {
    const { r, m } = await train(countsCsv())
    expect(m.history).toEqual({ min: r.range!.min, max: r.range!.max })
    const file = JSON.parse(JSON.stringify(r.modelFile)) as { pipeline: Record<string, unknown> }
    delete file.pipeline['history']
    expect(loadModelFile(file, '0.1.0').history).toBeNull()
    file.pipeline['history'] = { min: 2, max: 1 }
    expect(() => loadModelFile(file, '0.1.0')).toThrow(/pipeline\.history must be \{ min, max \}/)
  })
})

describe('target range', () => {
  it('counts test values above and below everything before the test period', () => {
    const y = [5, NaN, 1, 3, 9, 0, 4, NaN]
    expect(targetRangeOf(y, { start: 0, end: 3 }, { start: 4, end: 8 })).toEqual({ domain: 'non-negative', min: 1, max: 5, scale: 3, n: 3, above: 1, below: 1 }) // scale: magnitudeOf 5, 1, 3
    expect(targetRangeOf([NaN, NaN, 1], { start: 0, end: 1 }, { start: 2, end: 3 })).toBeNull()
  })

  it('reads back what it stored, and nothing from a damaged or foreign row', () => {
    const r = { domain: null, min: 300, max: 389, n: 10, above: 10, below: 0 }
    expect(parseTargetRange(JSON.stringify(r))).toEqual(r)
    expect(parseTargetRange(JSON.stringify({ ...r, scale: 350 }))).toEqual({ ...r, scale: 350 })
    for (const bad of [null, '', '{', '[]', '{"min":1}', JSON.stringify({ ...r, domain: 'x' }), JSON.stringify({ ...r, n: -1 })]) expect(parseTargetRange(bad)).toBeNull()
  })

  it('says the warning in words only when some test value lies outside', () => {
    expect(rangeWarning({ domain: null, min: 300, max: 389, n: 10, above: 10, below: 0 })).toBe(
      '10 of 10 test values lie outside everything seen before the test period (300 to 389), 10 above it: the forecast extrapolates past the history there, so judge it with care.'
    )
    expect(rangeWarning({ domain: null, min: 0, max: 1, n: 10, above: 0, below: 0 })).toBeNull()
    expect(rangeWarning({ domain: null, min: 0, max: 1, n: 45, above: 1, below: 0 })).toMatch(/^1 of 45 test values lies outside/)
    expect(rangeWarning(null)).toBeNull()
  })
})

describe('a run stored before units and ranges (test/fixtures/stored-runs)', () => {
  it('opens through migration 005 with no range and no unit, and its old model file predicts unclipped as before', async () => {
    const { copyFileSync, mkdtempSync, readFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { openStore } = await import('../store')
    const { forecastExportOf, rebuildStoredRun, reportInputOf } = await import('../services/run-export')
    const file = join(mkdtempSync(join(tmpdir(), 'fw-old-range-')), 'runs.db')
    copyFileSync(new URL('../../test/fixtures/stored-runs/v0.1-global-co2.db', import.meta.url), file)
    const store = openStore(file)
    try {
      expect(store.runs.get(1).rangeJson).toBeNull()
      const r = rebuildStoredRun(store, 1)
      const fx = forecastExportOf(store, r)
      expect(fx.range).toBeNull()
      expect(fx.unit).toBeNull()
      expect(reportInputOf(store, r).range).toBeNull()
      const old = loadModelFile(JSON.parse(readFileSync(new URL('../../test/fixtures/stored-runs/v0.1-global-co2.model.json', import.meta.url), 'utf8')), '0.1.0')
      expect(old.domain).toBeNull()
      const byTime = new Map(predictWindows(old, applyFitted(r.dataset, old.config, old.fitted)).map((p) => [p.time, p.value]))
      for (const s of store.forecasts.list(1)) expect(byTime.get(s.ts)).toBeCloseTo(s.value, 9)
    } finally {
      store.close()
    }
  })
})

describe('beyondHistory', () => {
  const h = { min: 47.364, max: 52.843 }
  const day = (i: number) => Date.UTC(2020, 0, 1) + i * 864e5
  const lines = Int32Array.from({ length: 8 }, (_, i) => i + 2)
  it('names how many of the last values lie outside the history before the test period, where, and what to do in each front end\'s words', () => {
    // the stretch is counted back from the last value; a missing value neither ends nor extends it
    const y = [50, 53, 50, 51, 80, NaN, 79.5, 80.2]
    const w = beyondHistory(h, 'y', y, Array.from({ length: 8 }, (_, i) => day(i)), lines, (x) => x.toFixed(2))!
    expect(w.message).toMatch(/^the last 3 values of y \(2020-01-05 to 2020-01-08\) lie above everything the run saw before its test period \(47\.36 to 52\.84\): the network and the choice of forecaster were fitted on rows that never reached them/)
    expect(w.message).toMatch(/train again with a later split \(data\.split in the --config file\) so that these rows fall among the training rows$/)
    expect(w.app).toMatch(/train again with the split's boundaries moved later in Setup so that these rows fall among the training rows$/)
    expect(w.app).not.toMatch(/--|config file/)
    // below, one value, no time column: its line
    expect(beyondHistory(h, 'y', [50, 40], null, lines, String)!.message).toMatch(/^the last value of y \(line 3\) lies below everything/)
    expect(beyondHistory(h, 'y', [50, 40, 60], null, lines, String)!.message).toMatch(/^the last 2 values of y \(line 3 to line 4\) lie outside everything/)
  })
  it('says nothing when the last value lies inside the history (the test period\'s rule: the bounds themselves are inside), or the model file keeps none', () => {
    expect(beyondHistory(h, 'y', [80, 80, 52.843], null, lines)).toBeNull()
    expect(beyondHistory(h, 'y', [80, 47.364], null, lines)).toBeNull()
    expect(beyondHistory(null, 'y', [50, 80], null, lines)).toBeNull()
    expect(beyondHistory(h, 'y', null, null, lines)).toBeNull()
  })
})

// Exploratory pass 24's flat.csv (200 identical rows, then a trend with noise; 95 % of the training
// rows unchanged): the network did best on validation and the random-walk rule chose naive, whose
// test RMSE was within the noise of drift's. fw train, fw show, fw runs and the report must say
// that, not "the network lost" nor "use the drift forecast", and say why naive's MASE is large.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { parseStoredChoice } from '../services/stored-choice'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-regression-level-'))
const db = join(dir, 'runs.db')
const csv = join(__dirname, 'test-fixtures', 'flat-then-moving.csv')

describe('a regression run on a mostly still series, naive chosen over a better network, level with drift on test', () => {
  it('says the network was passed over, the verdict level, and why MASE is large, everywhere', async () => {
    const t = await fw('train', '--csv', csv, '--decimal', 'dot', '--target', 'y', '--epochs', '5', '--out', join(dir, 'out'), '--db', db)
    expect(t.code, t.stderr).toBe(0)
    // the choice's sentence is no warning: the network did not lose
    expect(t.stdout).toMatch(/\nforecast: the naive forecast \(the last value\) beats /)
    const store = openStore(db, { appVersion: 'test' })
    const noise = (() => {
      try {
        return parseStoredChoice(store.runs.get(1).choiceJson)?.testNoise
      } finally {
        store.close()
      }
    })()
    expect(noise).toMatchObject({ baseline: 'drift', rows: 45, metric: 'rmse', lag: 0 })
    expect(Math.abs(noise!.mean)).toBeLessThan(2 * noise!.se)

    const show = await fw('show', '1', '--db', db)
    expect(show.code, show.stderr).toBe(0)
    const verdict = /\nverdict: (.*)\n/.exec(show.stdout)![1]!
    expect(verdict).toMatch(/^Level with the best baseline \(drift; naive, part of the forecast, is left out\) on test \(RMSE\): the difference of squared errors, [\d.]+ a row (higher|lower) for the forecast, is within the noise of 45 test rows \(± [\d.]+\)$/)
    expect(show.stdout).not.toMatch(/network lost|[Uu]se the drift forecast/)
    expect(show.stdout).toMatch(/\nnote: The network did better on validation than Naive \(MAE [\d.]+ against [\d.]+\), but the forecast leaves it out by the rule the choice's sentence names\.\n/)
    expect(show.stdout).toMatch(/MASE divides by the training rows' mean one-step change, 95 % of which are 0, so every MASE of this run is about 2\d times what it would be over the steps that move/)

    const runs = await fw('runs', '--db', db)
    expect(runs.stdout).toMatch(/ %, level /)
    expect(runs.stdout).toMatch(/\nnote: run 1: level with the best baseline \(drift\) on test: the difference of squared errors/)

    const report = join(dir, 'report.html')
    const e = await fw('export', '--run', '1', '--report', report, '--db', db)
    expect(e.code, e.stderr).toBe(0)
    const html = readFileSync(report, 'utf8')
    expect(html).toContain('Level with the best baseline (drift; naive, part of the forecast, is left out) on test (RMSE)')
    expect(html).toContain('The network did better on validation than Naive')
    expect(html).not.toMatch(/network lost to the statistical models|[Uu]se the drift forecast/)
  }, 120_000)
})

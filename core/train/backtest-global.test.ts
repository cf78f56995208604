// A global run's walk-forward backtest (backtest-global.ts): folds cut at the same times for every
// series, each fold a global run on the rows before its block, scored as the run's own evaluation
// pools its series; a block's values reach no training of its own fold.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { globalRunResults } from '../services/global-run'
import { backtest, backtestRefusal, maxBacktestFolds, type BacktestFold } from './backtest'
import { resolveConfig } from './config'
import { runGlobalTraining } from './global'
import { runCutsPerSeries } from './backtest-global'
import { foldSkipNotes, groupedNotes } from './backtest-table'
import type { TrainConfig, TrainEvent } from './types'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** x and y over days 0..79, z from day 20 only (a series that starts late). */
function csv(edit: (shop: string, i: number, v: number) => number = (_s, _i, v) => v): string {
  const rows = ['shop,date,units']
  for (const [k, s] of ['x', 'y', 'z'].entries()) for (let i = s === 'z' ? 20 : 0; i < 80; i++) rows.push(`${s},${day(i)},${edit(s, i, 20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
  return rows.join('\n') + '\n'
}
const load = (text: string) => importCsv(text, { fileName: 'shops.csv', series: ['shop'], decimal: 'dot' })
const config = (lookBack = 5): TrainConfig => resolveConfig({
  data: { target: 'units', features: [], lookBack, horizon: 1, season: 1, series: { columns: ['shop'], values: null, global: { short: 'skip' } } },
  model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' },
  training: { epochs: 2, seed: 2, threads: 1, earlyStopping: null }
})

async function folds(text: string, k: number): Promise<{ folds: BacktestFold[]; losses: number[][] }> {
  const losses: number[][] = []
  const out = await backtest(config(), await load(text), {
    words: 'app',
    folds: k,
    onEvent: (f, e: TrainEvent) => void (e.type === 'epoch' && (losses[f - 1] ??= []).push(e.trainLoss, e.valLoss ?? NaN))
  })
  return { folds: out, losses }
}

describe('backtest of a global run', () => {
  it('cuts every series at the same times and scores each fold as the global run pools its series', async () => {
    const { folds: fs } = await folds(csv(), 3)
    // 80 distinct days, blocks of floor(80 × 0.3 / 3) = 8: test from days 56, 64 and 72; every
    // series has 8 rows in each block, and z (from day 20) 20 fewer rows before it
    expect(fs.map((f) => [f.fold, f.trainRows, f.testRows])).toEqual([[1, 56 + 56 + 36, 24], [2, 64 + 64 + 44, 24], [3, 72 + 72 + 52, 24]])
    expect(fs[0]!.metrics.map((m) => `${m.model} ${m.metric}`)).toEqual(['model mase', 'model gmrae', 'model skill', 'network mase', 'network gmrae', 'naive mase', 'naive gmrae'])
    // the last fold is the global run cut at its dates (validation from day floor(0.85 × 72) = 61,
    // test from day 72) on every row: the same pooled metrics as that run's own
    const last = resolveConfig({ ...config(), data: { ...config().data, split: { kind: 'date', valStart: `${day(61)}T00:00:00.000Z`, testStart: `${day(72)}T00:00:00.000Z`, gap: 0 }, series: { columns: ['shop'], values: null, global: { short: 'skip', cuts: 'dates' } } } })
    const own = await runGlobalTraining({ config: last, dataset: await load(csv()) }, { emit: () => {}, shouldStop: () => false, yieldNow: async () => {} })
    expect(fs[2]!.metrics).toEqual(globalRunResults(own!, last, true).metrics)
  }, 60_000)

  it("does not leak: a fold's block changes none of that fold's training, only its scores", async () => {
    const a = await folds(csv(), 3)
    // y's values in fold 2's block (days 64..71) ten times as large
    const b = await folds(csv((s, i, v) => (s === 'y' && i >= 64 && i < 72 ? v * 10 : v)), 3)
    expect(b.folds[0]).toEqual(a.folds[0]) // fold 1 ends before that block
    expect(b.losses[1]).toEqual(a.losses[1]) // fold 2 trains on the same rows
    expect(b.folds[1]!.metrics.find((m) => m.model === 'model' && m.metric === 'mase')!.value).not.toBe(a.folds[1]!.metrics.find((m) => m.model === 'model' && m.metric === 'mase')!.value)
    expect(b.losses[2]).not.toEqual(a.losses[2]) // fold 3 trains on it
  }, 60_000)

  it('knows before training how many folds fit, counting distinct dates, and refuses the rest', async () => {
    const ds = await load(csv())
    expect(maxBacktestFolds(config(), ds)).toEqual({ rows: 80, most: 24, why: 'the last 30 % of 80 distinct dates cannot give each of 25 folds a date to score' })
    // look-back 50: the first of 2 folds trains on 80 − 2 × 12 = 56 dates, 47 of them to train; no
    // series can have more rows than the dates, and 51 are needed: refused without preparing a series
    expect(backtestRefusal(config(50), ds, 2)).toBe('2 folds do not fit: the first fold would train on 56 dates; look-back 50 and horizon 1 need at least 60 (85 % of them to train, 15 % to validate); no backtest fits these 80 distinct dates')
    await expect(backtest(config(50), ds, { words: 'app', folds: 2, onEvent: () => { throw new Error('started') } })).rejects.toThrow(/^folds: 2 folds do not fit/)
    // x on even days, y on odd ones: 80 dates, but 40 rows a series, 24 of them before the first
    // fold's validation date (day 47); look-back 30 fits the dates, not the series
    const rows = ['shop,date,units']
    for (const [k, s] of ['x', 'y'].entries()) for (let i = k; i < 80; i += 2) rows.push(`${s},${day(i)},${(20 + 30 * k + 0.2 * i).toFixed(3)}`)
    const alternate = await load(rows.join('\n') + '\n')
    expect(backtestRefusal(config(30), alternate, 2)).toMatch(/^2 folds do not fit: the first fold \(training before 2021-02-17, validation before 2021-02-26, scored to 2021-03-09\) has none to train: no series of shops\.csv has a window in each of training, validation and test at the cut dates 2021-02-17 and 2021-02-26; no backtest fits these 80 distinct dates$/) // the dates as the other notices write them (was 2021-02-17T00:00:00.000Z)
    expect(maxBacktestFolds(config(30), alternate).most).toBe(0)
    // the same days at 00:00+01:00: the fold's dates as the file wrote them (were 2021-02-16T23:00:00.000Z …)
    const zoned = await load(rows.map((r, i) => (i === 0 ? r : r.replace(/^(\w+,\d{4}-\d\d-\d\d)/, '$1T00:00:00+01:00'))).join('\n') + '\n')
    expect(backtestRefusal(config(30), zoned, 2)).toMatch(/^2 folds do not fit: the first fold \(training before 2021-02-17T00:00:00\+01:00, validation before 2021-02-26T00:00:00\+01:00, scored to 2021-03-09T00:00:00\+01:00\) has none to train/)
  })

  it("says in every fold when the run itself splits each series on its own rows ('auto' resolved so), since its folds cut at shared dates", async () => {
    // y ends on day 35: shared cut dates would leave it without validation or test rows, so the run's
    // 'auto' cuts split each series on its own rows; the plain file keeps shared dates
    const early = await load(csv().split('\n').filter((l) => !(l.startsWith('y,') && Number(l.slice(2, 12).replaceAll('-', '')) > Number(day(35).replaceAll('-', '')))).join('\n'))
    expect(runCutsPerSeries(config(), early)).toBe(true)
    expect(runCutsPerSeries(config(), await load(csv()))).toBe(false)
    const fs = await backtest(config(), early, { words: 'app', folds: 2 })
    for (const f of fs) expect(f.notes[0]).toMatch(/^the run splits each series on its own rows; a backtest cuts every series at the same dates, .* its folds measure that setup, not the run's own split$/)
    expect((await folds(csv(), 2)).folds.every((f) => !f.notes.some((n) => n.startsWith('the run splits')))).toBe(true)
  }, 60_000)

  it('says each series a fold leaves out in the fold\'s terms (which folds, what it has, what the window needs), once per series', async () => {
    // beside x and z (from day 20): y without a value on days 56-63 (fold 1's whole test block),
    // v ending on day 40, w from day 60 only
    const rows = csv((s, i, v) => (s === 'y' && i >= 56 && i < 64 ? NaN : v)).replace(/NaN/g, '').trimEnd().split('\n')
    for (const [s, from, to] of [['v', 0, 41], ['w', 60, 80]] as const) for (let i = from; i < to; i++) rows.push(`${s},${day(i)},${(30 + 0.1 * i).toFixed(3)}`)
    const { folds: fs } = await folds(rows.join('\n') + '\n', 3)
    // validation from days 47, 54, 61; test blocks from days 56, 64, 72
    expect(fs.map((f) => f.skipped?.map((x) => x.series))).toEqual([['shop = y', 'shop = v', 'shop = w'], ['shop = v', 'shop = w'], ['shop = v', 'shop = w']])
    expect(fs[2]!.skipped![1]).toEqual({ series: 'shop = w', rows: 1, why: 'before the validation date, where look-back 5 and horizon 1 need 6 to train on' })
    // one per series, in natural order
    const said = [
      'shop = v is left out of folds 1–3: it ends on 2021-02-10, before the test block (no rows to score).',
      'shop = w is left out of folds 1–3: in folds 1, 2 it starts on 2021-03-02, after the validation date (no rows to train on); in fold 3 it has 1 row before the validation date, where look-back 5 and horizon 1 need 6 to train on.',
      'shop = y is left out of fold 1: it has 8 rows without a target value in its test block, which leave no window of look-back 5 and horizon 1 there with every target known.'
    ]
    expect(foldSkipNotes(fs)).toEqual(said)
    // the app's notes end with them; no fold's own notes repeat them
    expect(groupedNotes(fs, (m) => m).slice(-3)).toEqual(said)
    expect(fs.flatMap((f) => f.notes).filter((n) => n.includes('skipped'))).toEqual([])
  }, 60_000)

  it('says a series whose rows all lack a time is left out, rather than failing on the date it does not have', async () => {
    const rows = csv().trimEnd().split('\n')
    for (let i = 0; i < 10; i++) rows.push(`q,,${(30 + i).toFixed(3)}`)
    const ds = await load(rows.join('\n') + '\n')
    expect(backtestRefusal(config(), ds, 2)).toBeNull()
    const fs = await backtest(config(), ds, { words: 'app', folds: 2 })
    expect(foldSkipNotes(fs)).toEqual(['shop = q is left out of folds 1, 2: it has no row with a time (no rows to train on).'])
    // under 'refuse' too: a run drops rows without a time before it splits series, so q has no row
    // in any fold to refuse (as a series that starts after a fold's end)
    const refuse = resolveConfig({ ...config(), data: { ...config().data, series: { columns: ['shop'], values: null, global: { short: 'refuse' } } } })
    expect(backtestRefusal(refuse, ds, 2)).toBeNull()
  }, 60_000)

  it("under a 'drop' missing-value policy, says a series starts on its first row the policy keeps", async () => {
    // w has rows from day 0, a target value from day 60 only: 'drop' keeps days 60-79
    const rows = csv().trimEnd().split('\n')
    // and e none: 'drop' keeps no row of it
    for (let i = 0; i < 80; i++) rows.push(`w,${day(i)},${i < 60 ? '' : (30 + 0.1 * i).toFixed(3)}`, `e,${day(i)},`)
    const ds = await load(rows.join('\n') + '\n')
    const drop = resolveConfig({ ...config(), data: { ...config().data, missing: { units: 'drop' } } })
    const fs = await backtest(drop, ds, { words: 'app', folds: 3 })
    // validation from days 47, 54, 61
    expect(foldSkipNotes(fs)).toEqual([
      "shop = e is left out of folds 1–3: it has no row with a value in every column whose missing-value policy is 'drop' (units) (no rows to train on).",
      'shop = w is left out of folds 1–3: in folds 1, 2 it starts on 2021-03-02, after the validation date (no rows to train on); in fold 3 it has 1 row before the validation date, where look-back 5 and horizon 1 need 6 to train on.'
    ])
  }, 60_000)

  it("refuses before any fold trains a fold that the short-series policy 'refuse' would fail after the folds before it", async () => {
    // u ends on day 60: inside fold 1's test block (days 56-63), before fold 2's (from day 64)
    const rows = csv().trimEnd().split('\n')
    for (let i = 0; i <= 60; i++) rows.push(`u,${day(i)},${(30 + 0.1 * i).toFixed(3)}`)
    const ds = await load(rows.join('\n') + '\n')
    const refuse = resolveConfig({ ...config(), data: { ...config().data, series: { columns: ['shop'], values: null, global: { short: 'refuse' } } } })
    expect(backtestRefusal(refuse, ds, 3)).toMatch(/^3 folds do not fit: fold 2 \(validation from 2021-02-24, test from 2021-03-06 to 2021-03-13\) would refuse a series, as the short-series policy 'refuse' says: shop = u ends on 2021-03-02, before the test block \(no rows to score\); /)
    await expect(backtest(refuse, ds, { words: 'app', folds: 3, onEvent: () => { throw new Error('a fold started') } })).rejects.toThrow(/^folds: 3 folds do not fit: fold 2 /)
    // skipped rather than refused, it is said of folds 2 and 3
    expect(backtestRefusal(config(), ds, 3)).toBeNull()
  })
  it("keeps each fold's preparation notices, as a run gives them: a level seen only in a fold's test rows, said once with its folds", async () => {
    // promo alternates a and b; c first on day 74, inside fold 3's block (days 72..79) only
    const rows = ['shop,date,promo,units']
    for (const [k, s] of ['x', 'y'].entries()) for (let i = 0; i < 80; i++) rows.push(`${s},${day(i)},${i >= 74 ? 'c' : i % 2 ? 'a' : 'b'},${(20 + 30 * k + 0.2 * i + 4 * Math.sin(i + k)).toFixed(3)}`)
    const c = config()
    const out = await backtest({ ...c, data: { ...c.data, features: ['promo'] } }, await load(rows.join('\n') + '\n'), { words: 'app', folds: 3 })
    const unseen = (f: BacktestFold) => f.notes.filter((n) => n.startsWith('"promo" has a level'))
    expect(unseen(out[0]!)).toEqual([])
    expect(unseen(out[1]!)).toEqual([])
    expect(unseen(out[2]!)).toEqual([`"promo" has a level that no series' training rows hold, only later rows: "c" (12 rows, in shop = x; shop = y); it enters as none of its levels (all zeros), as the network never learned it`])
    expect(groupedNotes(out, (m) => m).filter((n) => n.includes('"promo"'))).toEqual([`Fold 3: ${unseen(out[2]!)[0]}`])
  }, 60_000)
})

// fw train --series COL --global on a committed long file (issue 13, item 3), then fw forecast and
// fw predict with its model file: one block per series, the id in its own column, metrics per
// series with their aggregate, the too-short series named, and bad combinations refused (exit 2).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from './index'
import { commandHelp } from './help'
import { COMMANDS } from './index'
import { resumeRefusal } from './runs'
import { writeWeekly } from './test-fixtures/weekly'
import { interruptedGlobalRun } from './test-fixtures/interrupted'
import { openStore } from '../store'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-global-'))
const file = join(__dirname, 'test-fixtures', 'stores-long.csv') // north, south, west: 80 days each; east: the last 6
const quick = ['--epochs', '3', '--lookback', '7', '--seed', '3']
const db = join(dir, 'runs.db')

async function fw(...argv: string[]) {
  if (['train', 'runs', 'show', 'export', 'resume'].includes(argv[0]!) && !argv.includes('--no-db')) argv = [...argv, '--db', db]
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  return { code, stdout, stderr }
}

const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','))

describe('fw train --global says what the app says as the run starts', () => {
  it("a series' gap is among --json's notes, as the terminal and the app's Train view say it", async () => {
    // two daily series of 120 days; b lacks 21 days in the middle
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    const rows = ['date,store,sales']
    for (const s of ['a', 'b']) for (let i = 0; i < 120; i++) if (!(s === 'b' && i >= 50 && i < 70)) rows.push(`${day(i)},${s},${(100 + 10 * Math.sin(i / 3) + (s === 'b' ? 40 : 0)).toFixed(2)}`)
    const csv = join(dir, 'gap.csv')
    writeFileSync(csv, rows.join('\n') + '\n')
    const gap = /^series store = b: 1 of 99 time steps differ from the usual step of a day \(daily\); largest gap 21 d/
    const j = await fw('train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', ...quick, '--no-db', '--out', join(dir, 'gap-json'), '--json')
    expect(j.code).toBe(0)
    const notes = (JSON.parse(j.stdout) as { notes: string[] }).notes
    expect(notes.filter((n) => gap.test(n))).toHaveLength(1)
    expect(notes.filter((n) => n.startsWith('one global model across 2 series'))).toHaveLength(1)
    const t = await fw('train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', ...quick, '--no-db', '--out', join(dir, 'gap-text'))
    expect(t.stdout.split('\n').filter((l) => gap.test(l.replace(/^note: /, '')))).toHaveLength(1)
  })
})

describe('fw train --global', () => {
  const out = join(dir, 'run')
  let train: Awaited<ReturnType<typeof fw>>
  beforeAll(async () => {
    train = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', ...quick, '--out', out)
  }, 60_000)

  it('trains one model on every series, prints per-series metrics and their aggregate, and says what it does not do', () => {
    expect(train.stderr).toBe('')
    expect(train.code).toBe(0)
    // 80 distinct days: validation from day floor(80 * 0.7) = 56 (2021-03-01), test from day 68 (2021-03-13)
    expect(train.stdout).toContain('one global model across 3 series of "store", cut at the same dates: validation from 2021-03-01, test from 2021-03-13')
    expect(train.stdout).toMatch(/best epoch \d+(, stopped early)?; cut at the same dates: validation from 2021-03-01, test from 2021-03-13\n/)
    // each series' row names what forecasts it (the choice on its validation rows)
    for (const s of ['north', 'south', 'west']) expect(train.stdout).toMatch(new RegExp(`\\nstore = ${s} +12 +(network \\+ stats|stats mean|network|naive|ETS\\S*|Theta|Drift|Seasonal naive \\(\\d+\\)) +\\d`))
    // seasonal naive's mean MASE beside naive's, over how many series (the daily series all have a season)
    expect(train.stdout).toMatch(/mean MASE \d+\.\d+ \(network alone \d+\.\d+, naive \d+\.\d+, seasonal naive \d+\.\d+ \(all 3 series\)\); \d of 3 series beat naive \(network alone \d\)/)
    expect(train.stdout).toMatch(/\nforecast by: [a-zA-Z +]+ \(\d+ series\)/)
    // east starts after the validation cut: the reason says so (auto kept the dates: east is short on its own rows too)
    expect(train.stdout).toContain('skipped: series store = east (6 rows): starts on 2021-03-19, after the validation cut date 2021-03-01: no training rows at the shared cut dates (column "sales" has no values in the training rows)')
    expect(train.stdout).toContain('note: each series\' forecast is chosen on its validation rows')
    expect(train.stdout).not.toContain('not applied')
    expect(train.stdout).toMatch(/run (\d+) saved; see it with: fw show \1, or export it with: fw export --run \1/)
  })

  it('writes the test predictions with the series column first, one block per series', () => {
    const rows = csvRows(join(out, 'predictions.csv'))
    expect(rows[0]).toEqual(['store', 'time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    expect(rows.slice(1).map((r) => r[0])).toEqual([...Array(12).fill('north'), ...Array(12).fill('south'), ...Array(12).fill('west')])
    // the actual is the file's value for that store and day
    const source = csvRows(file)
    const south = rows.find((r) => r[0] === 'south')!
    const day = south[1]!.slice(0, 10)
    expect(Number(south[6])).toBe(Number(source.find((r) => r[0] === 'south' && r[1] === day)![2]))
  })

  it('forecasts past the end of every series with fw forecast: one block per series, dates continuing each', async () => {
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '4', '--out', join(out, 'future.csv'))
    expect(f.stderr).toBe('')
    expect(f.code).toBe(0)
    expect(f.stdout).toContain('12 future rows for 3 series written to')
    expect(f.stdout).toContain('note: 1 series of stores-long.csv the model was not trained on, not forecast: store = east')
    // two such series listed as other lists read, with "and" (was joined by ";")
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    const two = join(out, 'stores-two-new.csv')
    writeFileSync(two, [...lines, ...lines.filter((l) => l.startsWith('east,')).map((l) => l.replace(/^east,/, 'zed,'))].join('\n') + '\n')
    const f2 = await fw('forecast', '--model', join(out, 'model.json'), '--csv', two, '--steps', '4', '--out', join(out, 'future-two.csv'))
    expect(f2.stdout).toContain('note: 2 series of stores-two-new.csv the model was not trained on, not forecast: store = east and store = zed')
    // the run's choice per series, applied: the counts of the forecast add up to the 3 series forecast
    const counts = /forecast by \(chosen per series on validation when the model was trained\): (.*)\n/.exec(f.stdout)![1]!
    expect(counts.split(', ').reduce((a, c) => a + Number(/\((\d+) series\)$/.exec(c)![1]), 0)).toBe(3)
    const rows = csvRows(join(out, 'future.csv'))
    expect(rows[0]).toEqual(['store', 'time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    for (const [j, s] of ['north', 'south', 'west'].entries()) {
      const block = rows.slice(1 + 4 * j, 5 + 4 * j)
      expect(block.map((r) => r[0])).toEqual([s, s, s, s])
      expect(block.map((r) => r[1]!.slice(0, 10))).toEqual(['2021-03-25', '2021-03-26', '2021-03-27', '2021-03-28'])
      expect(block.map((r) => Number(r[2]))).toEqual([1, 2, 3, 4])
      expect(block.every((r) => Number.isFinite(Number(r[3])))).toBe(true)
    }
    // each series in its own units: west (~450) forecasts far above south (~25)
    expect(Number(rows[9]![3])).toBeGreaterThan(5 * Number(rows[5]![3]))
    // --series-value narrows it to one series
    const one = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--series', 'store', '--series-value', 'south', '--steps', '2', '--out', join(out, 'south.csv'))
    expect(one.code).toBe(0)
    expect(csvRows(join(out, 'south.csv')).slice(1).map((r) => r[0])).toEqual(['south', 'south'])
    // the file's other series were left aside, not taken for series the model does not know
    expect(one.stdout).not.toContain('not trained on')
    // --series-value alone: the model names its series column itself
    const bare = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--series-value', 'south', '--steps', '2', '--out', join(out, 'south-bare.csv'))
    expect([bare.code, bare.stderr]).toEqual([0, ''])
    expect(readFileSync(join(out, 'south-bare.csv'), 'utf8')).toBe(readFileSync(join(out, 'south.csv'), 'utf8'))
  })

  it('fw predict gives every window of every series, with the actuals', async () => {
    const p = await fw('predict', '--model', join(out, 'model.json'), '--csv', file, '--out', join(out, 'pred.csv'))
    expect(p.code).toBe(0)
    const rows = csvRows(join(out, 'pred.csv')).slice(1)
    // 80 rows, look-back 7, horizon 1: windows ending at rows 6..79, the last one past the end
    expect(rows.filter((r) => r[0] === 'north')).toHaveLength(74)
    expect(rows.filter((r) => r[6] === '')).toHaveLength(3)
    // the model file's per-series pipelines give back the run's own test forecasts, with each
    // series' half-width kept in the model file (calibrated on validation and test; each stored test
    // row has the one known at its origin)
    const test = csvRows(join(out, 'predictions.csv')).slice(1)
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { pipeline: { global: { series: { key: string[]; intervalHalfWidth: number }[] } } }
    for (const t of test) {
      const same = rows.find((r) => r[0] === t[0] && r[1] === t[1])!
      expect(Number(same[3])).toBeCloseTo(Number(t[3]), 6)
      const hw = model.pipeline.global.series.find((s) => s.key[0] === t[0])!.intervalHalfWidth
      expect(hw).toBeGreaterThan(0)
      expect(Number(same[5]) - Number(same[3])).toBeCloseTo(hw, 6)
    }
  })

  it("fw predict refuses --series naming another column than the model's series id, rather than reading past it", async () => {
    const other = await fw('predict', '--model', join(out, 'model.json'), '--csv', file, '--series', 'date', '--out', join(out, 'pred-other.csv'))
    expect([other.code, other.stderr]).toEqual([2, expect.stringContaining("--series must be store, the model's series id")])
    expect(existsSync(join(out, 'pred-other.csv'))).toBe(false)
    // its own id, alone: every series, as without it
    const own = await fw('predict', '--model', join(out, 'model.json'), '--csv', file, '--series', 'store', '--out', join(out, 'pred-own.csv'))
    expect([own.code, own.stderr]).toEqual([0, ''])
  })

  it('fw predict and fw forecast refuse a file whose rows step by a week, naming it and both steps (exit 2), writing nothing', async () => {
    // the same rows, each series' days re-dated a week apart
    const weekly = join(dir, 'weekly.csv')
    writeWeekly(file, weekly)
    for (const argv of [['predict'], ['forecast', '--steps', '3']]) {
      const target = join(dir, `weekly-${argv[0]}.csv`)
      const r = await fw(...argv, '--model', join(out, 'model.json'), '--csv', weekly, '--out', target)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`series store = north: weekly.csv has rows 7 d apart, but the model was trained on rows 1 d apart: its look-back (7 rows), horizon and season count steps of 1 d`)
      expect(r.stderr).toContain('or train a model on weekly.csv with fw train')
      expect(existsSync(target)).toBe(false)
    }
  })

  it('reports per-series metrics and the aggregate in --json', async () => {
    const j = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', ...quick, '--out', join(dir, 'json'), '--json')
    expect(j.code).toBe(0)
    const r = JSON.parse(j.stdout) as { global: boolean; summary: { series: number; meanMase: number; beatNaive: number }; series: { label: string; test: { mase: number; n: number; naiveMae: number; naiveMase: number } }[]; skipped: { label: string }[]; notes: string[] }
    // south's naive from the file itself: test days 68..79 forecast by the day before; MASE over days 0..55
    const south = csvRows(file).filter((x) => x[0] === 'south').map((x) => Number(x[2]))
    const meanAbsDiff = (from: number, to: number) => south.slice(from, to).reduce((a, v, i) => a + Math.abs(v - south[from + i - 1]!), 0) / (to - from)
    const s = r.series[1]!.test
    expect(s.n).toBe(12)
    expect(s.naiveMae).toBeCloseTo(meanAbsDiff(68, 80), 9)
    expect(s.naiveMase).toBeCloseTo(meanAbsDiff(68, 80) / meanAbsDiff(1, 56), 9)
    expect(r.global).toBe(true)
    expect(r.series.map((s) => s.label)).toEqual(['store = north', 'store = south', 'store = west'])
    expect(r.summary.series).toBe(3)
    expect(r.summary.meanMase).toBeCloseTo(r.series.reduce((a, s) => a + s.test.mase, 0) / 3, 12)
    expect(r.skipped.map((s) => s.label)).toEqual(['store = east'])
    expect(r.notes.join(' ')).toContain('each series\' forecast is chosen on its validation rows')
    // --json carries each series' forecaster and the network's own scores beside the chosen ones
    const full = JSON.parse(j.stdout) as { summary: { forecastBy: Record<string, number>; network: { meanMase: number } }; series: { forecastBy: { chosen: string; label: string; message: string };  network: { mase: number } }[] }
    for (const x of full.series) {
      expect(x.forecastBy.message.length).toBeGreaterThan(10)
      expect(Number.isFinite(x.network.mase)).toBe(true)
    }
    expect(Object.values(full.summary.forecastBy).reduce((a, b) => a + b, 0)).toBe(3)
    expect(full.summary.network.meanMase).toBeCloseTo(full.series.reduce((a, s) => a + s.network.mase, 0) / 3, 12)
  }, 60_000)
})

describe('fw train --global --series-onehot', () => {
  it('takes the series id as an input and still forecasts every series past the end', async () => {
    const out = join(dir, 'onehot')
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--series-onehot', ...quick, '--out', out)
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { spec: { inputSize: number }; pipeline: { global: { series: { fitted: { inputNames: string[] } }[] } } }
    expect(model.pipeline.global.series[0]!.fitted.inputNames).toEqual(['sales', 'store=north', 'store=south', 'store=west'])
    expect(model.spec.inputSize).toBe(4)
    const f = await fw('forecast', '--model', join(out, 'model.json'), '--csv', file, '--steps', '3', '--out', join(out, 'future.csv'))
    expect(f.stderr).toBe('')
    expect(csvRows(join(out, 'future.csv')).slice(1).map((r) => r[0])).toEqual(['north', 'north', 'north', 'south', 'south', 'south', 'west', 'west', 'west'])
  }, 60_000)
})

describe('fw train --global that diverges after good epochs', () => {
  it('says so as fw train says a single run\'s, keeps the best epoch, and fw show gives the sentence with the done run', async () => {
    // plain SGD at a high rate through relu without clipping: two good epochs, then infinite
    const config = join(dir, 'explodes.json')
    writeFileSync(config, JSON.stringify({ model: { cell: 'elman', hiddenActivation: 'relu' }, training: { lr: 0.55, optimizer: 'sgd', clipNorm: 0, epochs: 15 } }))
    const r = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--config', config, '--out', join(dir, 'explodes'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/\nnote: training diverged at epoch 3, step \d+: (the loss or a gradient became NaN or infinite|the loss on the first step's rows grew to [\d.e+]+× what it was \(over 1000×: exploding gradients\)), so training stopped and kept epoch 1's weights; train again with a learning rate lower than 0\.55 \(--lr\), e\.g\. 0\.055, or clip the gradient norm \(training\.clipNorm in the --config file\)\n\n2 epochs, best epoch 1, diverged at epoch 3; cut at the same dates/)
    expect(r.stdout.match(/diverged at epoch 3, step/g)).toHaveLength(1) // not again among the notes
    const id = /run (\d+) saved/.exec(r.stdout)![1]!
    expect((await fw('show', id)).stdout).toMatch(new RegExp(`^run ${id}: done \\(diverged at epoch 3, step \\d+: .*kept epoch 1's weights; train again with a learning rate lower than 0\\.55 \\(--lr\\)`))
  }, 60_000)
})

describe('fw train --global whose training loss barely moved', () => {
  it('says so, as fw train does', async () => {
    const config = join(dir, 'crawls.json')
    writeFileSync(config, JSON.stringify({ training: { lr: 1e-6, epochs: 5 } }))
    const r = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--config', config, '--no-db', '--out', join(dir, 'crawls'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/\nnote: training loss barely moved: [\d.]+ at epoch 1, [\d.]+ at best after 5 epochs \(0\.\d\d % lower; under 1 % counts as barely\); the learning rate 0\.000001 may be too small: train again with a larger one \(--lr\), e\.g\. toward the default 0\.005\n\n5 epochs, best epoch/)
  }, 60_000)
})

describe('fw train --global refuses', () => {
  it('a too-short series with --short-series refuse, naming it (exit 2)', async () => {
    const r = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--short-series', 'refuse', ...quick, '--out', join(dir, 'x'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/series store = east \(6 rows, first on line 242\): starts on 2021-03-19, after the validation cut date 2021-03-01: no training rows at the shared cut dates \(column "sales" has no values in the training rows\)/)
  })

  it('--global without --series, with --series-value, and --short-series alone', async () => {
    const a = await fw('train', '--csv', file, '--target', 'sales', '--global', ...quick)
    expect(a.code).toBe(2)
    expect(a.stderr).toContain('--global needs --series COL[,COL]')
    const b = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--series-value', 'north', '--global', ...quick)
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('--global trains on every series; leave out --series-value')
    const c = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--series-value', 'north', '--short-series', 'skip', ...quick)
    expect(c.code).toBe(2)
    expect(c.stderr).toContain('--short-series applies to --global only')
    const e = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--series-value', 'north', '--series-onehot', ...quick)
    expect(e.code).toBe(2)
    expect(e.stderr).toContain('--series-onehot applies to --global only')
    const d = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--short-series', 'maybe', ...quick)
    expect(d.code).toBe(2)
    expect(d.stderr).toContain('data.series.global.short')
    // --cuts without --global, and a mode that is none of auto, dates, series
    for (const [args, message] of [[['--series-value', 'north', '--cuts', 'series'], '--cuts applies to --global only'], [['--global', '--cuts', 'rows'], 'data.series.global.cuts']] as const) {
      const r = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', ...args, ...quick)
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)])
    }
  })

  it('--cuts series splits each series on its own rows, says so, and --json records it', async () => {
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--cuts', 'series', '--no-db', ...quick, '--out', join(dir, 'own'), '--json')
    expect(t.stderr).toBe('')
    const j = JSON.parse(t.stdout) as { cutMode: string; cuts: unknown; skipped: { label: string; reason: string }[] }
    expect(j.cutMode).toBe('series')
    expect(j.cuts).toBeNull()
    // east's 6 rows hold no window in each split of its own either: too short, not outside any date
    expect(j.skipped.map((s) => s.label)).toEqual(['store = east'])
    expect(j.skipped[0]!.reason).toMatch(/^need at least \d+ rows, have 6/)
    const text = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--cuts', 'series', '--no-db', ...quick, '--out', join(dir, 'own2'))
    expect(text.stdout).toMatch(/best epoch \d+(, stopped early)?; each series split on its own rows \(per-series cuts, as a single-series run splits it\)\n/)
  }, 60_000)

  it('records the run with --name: fw runs lists it as global with its series, fw show lists them, fw export writes the store column first', async () => {
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--name', 'stores', ...quick, '--out', join(dir, 'named'), '--json')
    expect(t.code).toBe(0)
    const id = (JSON.parse(t.stdout) as { runId: number }).runId
    expect(id).toBeGreaterThan(0)
    const runs = await fw('runs')
    expect(runs.stdout).toMatch(new RegExp(`\\n${id} +done +stores +stores-long\\.csv .*global, 3 series: gmrae \\d+\\.\\d+, \\d beat naive`))
    const show = await fw('show', String(id))
    expect(show.stdout).toContain('global run across 3 series of store')
    // the series it skipped are said after training too (exploratory pass 15, finding 3)
    expect(show.stdout).toContain('\n1 of 4 series skipped: store = east (6 rows)\n')
    expect(show.stdout).toContain('\ncut at the same dates: validation from 2021-03-01, test from 2021-03-13\n')
    for (const s of ['north', 'south', 'west']) expect(show.stdout).toMatch(new RegExp(`store = ${s} +12 +(network \\+ stats|stats mean|network|naive|ETS\\S*|Theta|Drift|Seasonal naive \\(\\d+\\)) +\\d`))
    expect(show.stdout).toMatch(/mean MASE \d+\.\d+ \(network alone \d+\.\d+, naive/)
    const why = await fw('explain', '--run', String(id), '--db', db)
    expect([why.code, why.stderr]).toEqual([2, `fw explain: run ${id} is a global run (one model across series): fw explain explains single-series runs; train one series with --series COL --series-value VALUE to explain its forecasts\n`])
    const csv = join(dir, 'export.csv')
    const e = await fw('export', '--run', String(id), '--csv', csv)
    expect(e.stderr).toBe('')
    const rows = csvRows(csv)
    expect(rows[0]!.slice(0, 3)).toEqual(['store', 'time', 'step'])
    expect(rows.slice(1).map((r) => r[0])).toEqual([...Array(12).fill('north'), ...Array(12).fill('south'), ...Array(12).fill('west')])
    // the stored forecast is the one fw train wrote
    const predicted = csvRows(join(dir, 'named', 'predictions.csv'))
    expect(rows.slice(1).map((r) => Number(r[3]))).toEqual(predicted.slice(1).map((r) => Number(r[3])))
    const report = join(dir, 'report.html')
    expect((await fw('export', '--run', String(id), '--report', report)).code).toBe(0)
    expect(readFileSync(report, 'utf8')).toContain('<section id="series">')
    expect(readFileSync(report, 'utf8')).toContain('One model across 3 series (1 of 4 series skipped: store = east (6 rows));')
    // --onnx: export-global-onnx.test.ts
    const written = readFileSync(join(dir, 'named', 'model.json'), 'utf8')
    const store = openStore(db, { appVersion: 't' })
    try {
      expect(store.runs.globalModel(id)).toBe(written) // the stored model file is the one fw train wrote
    } finally {
      store.close()
    }
    const model = await fw('export', '--run', String(id), '--model', join(dir, 'm.json'))
    expect(model.stderr).toBe('')
    expect(model.stdout).toContain(`model file of run ${id} (one network, 3 series' pipelines and forecasters) written to`)
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe(written)
    // past the end from the stored run: what fw forecast --model gives with that file on the same data
    const fromRun = await fw('forecast', '--run', String(id), '--steps', '5', '--out', join(dir, 'run-ahead.csv'), '--db', db)
    expect(fromRun.stderr).toBe('')
    expect(fromRun.stdout).toContain('15 future rows for 3 series written to')
    const fromFile = await fw('forecast', '--model', join(dir, 'named', 'model.json'), '--csv', file, '--steps', '5', '--out', join(dir, 'file-ahead.csv'))
    expect(fromFile.code).toBe(0)
    const ahead = readFileSync(join(dir, 'run-ahead.csv'), 'utf8')
    expect(ahead).toBe(readFileSync(join(dir, 'file-ahead.csv'), 'utf8'))
    expect(csvRows(join(dir, 'run-ahead.csv')).slice(1).map((r) => r[0])).toEqual([...Array(5).fill('north'), ...Array(5).fill('south'), ...Array(5).fill('west')])
    // --series-value: that series alone, the same rows as in all of them; an unknown one refused, naming the known
    const south = await fw('forecast', '--run', String(id), '--series', 'store', '--series-value', 'south', '--steps', '5', '--out', join(dir, 'south-ahead.csv'), '--db', db)
    expect([south.code, south.stderr]).toEqual([0, ''])
    expect(south.stdout).toContain('5 future rows for 1 series written to')
    expect(csvRows(join(dir, 'south-ahead.csv'))).toEqual([csvRows(join(dir, 'run-ahead.csv'))[0], ...csvRows(join(dir, 'run-ahead.csv')).filter((r) => r[0] === 'south')])
    const unknown = await fw('forecast', '--run', String(id), '--series', 'store', '--series-value', '999', '--steps', '5', '--out', join(dir, 'none.csv'), '--db', db)
    expect([unknown.code, unknown.stderr]).toEqual([2, `fw forecast: run ${id} has no series store = 999; its 3 series: store = north, store = south and store = west\n`])
    expect(existsSync(join(dir, 'none.csv'))).toBe(false)
    // --series-value alone: the run knows its series column, so it need not be named again
    const bare = await fw('forecast', '--run', String(id), '--series-value', 'south', '--steps', '5', '--out', join(dir, 'south-bare.csv'), '--db', db)
    expect([bare.code, bare.stderr]).toEqual([0, ''])
    expect(readFileSync(join(dir, 'south-bare.csv'), 'utf8')).toBe(readFileSync(join(dir, 'south-ahead.csv'), 'utf8'))
    // the stored run forecasts its own dataset: other data goes through its model file
    const other = await fw('forecast', '--run', String(id), '--csv', file, '--steps', '5', '--out', join(dir, 'x.csv'), '--db', db)
    expect(other.code).toBe(2)
    expect(other.stderr).toContain(`fw export --run ${id} --model FILE, then fw forecast --model FILE --csv DATA`)
  }, 60_000)

  it('a global run stored before model files were kept: fw export --model and fw forecast --run say to train it again, writing nothing', async () => {
    const t = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', ...quick, '--out', join(dir, 'old'), '--json')
    const id = (JSON.parse(t.stdout) as { runId: number }).runId
    const store = openStore(db, { appVersion: 't' })
    try {
      store.db.prepare('DELETE FROM global_models WHERE run_id = ?').run(id) // as migration 008 leaves runs stored before it
    } finally {
      store.close()
    }
    const e = await fw('export', '--run', String(id), '--model', join(dir, 'old-m.json'), '--csv', join(dir, 'old.csv'))
    expect(e.code).toBe(2)
    expect(e.stderr).toBe(`fw export: run ${id} was stored before global model files were kept; train it again\n`)
    expect(existsSync(join(dir, 'old-m.json')) || existsSync(join(dir, 'old.csv'))).toBe(false)
    const f = await fw('forecast', '--run', String(id), '--steps', '3', '--out', join(dir, 'old-ahead.csv'), '--db', db)
    expect(f.code).toBe(2)
    expect(f.stderr).toBe(`fw forecast: run ${id} was stored before global model files were kept; train it again\n`)
    expect(existsSync(join(dir, 'old-ahead.csv'))).toBe(false)
  }, 60_000)

  it('fw resume continues a stopped global run to the weights, series scores and model file of an uninterrupted one', async () => {
    const args = ['--csv', file, '--target', 'sales', '--series', 'store', '--global', '--epochs', '5', '--lookback', '7', '--seed', '3', '--json']
    const full = JSON.parse((await fw('train', ...args, '--out', join(dir, 'full'))).stdout) as { runId: number }
    // the same run stopped after epoch 2, then left as a killed process leaves it
    const stopped = await interruptedGlobalRun(db, args, 2, join(dir, 'stopped'))
    let store = openStore(db)
    expect(resumeRefusal(store.runs.get(stopped))).toBeNull()
    store.close()

    const r = await fw('resume', String(stopped))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/resuming run \d+ after epoch 2/)
    // it ends as fw train --global ends: the per-series table, the summary, the files in the folder
    // fw train --out named (the uninterrupted run's, byte for byte) and the run's number
    const trained = await fw('train', ...args.filter((a) => a !== '--json'), '--out', join(dir, 'again'))
    const tail = (text: string) => text.slice(text.indexOf('\n5 epochs, best epoch')).replace(/^model: [^]*$/m, '')
    expect(tail(trained.stdout)).toMatch(/^\n5 epochs, best epoch \d; [^]*test metrics per series [^]*\nmean MASE \d+\.\d+ \(network alone[^]*\nforecast by: /)
    expect(tail(r.stdout)).toBe(tail(trained.stdout))
    const kept = join(dir, 'stopped')
    expect(r.stdout).toContain(`model: ${join(kept, 'model.json')}\npredictions: ${join(kept, 'predictions.csv')}\nrun ${stopped} saved; see it with: fw show ${stopped}, or export it with: fw export --run ${stopped}\n`)
    for (const f of ['model.json', 'predictions.csv']) expect(readFileSync(join(kept, f), 'utf8')).toBe(readFileSync(join(dir, 'full', f), 'utf8'))
    store = openStore(db)
    try {
      const a = store.runs.get(full.runId)
      const b = store.runs.get(stopped)
      expect(b.status).toBe('done')
      expect(store.epochs.list(stopped).map((e) => e.trainLoss)).toEqual(store.epochs.list(full.runId).map((e) => e.trainLoss))
      expect(Array.from(store.checkpoints.load(stopped, 'last')!.weights)).toEqual(Array.from(store.checkpoints.load(full.runId, 'last')!.weights))
      // the same series, scores and choices, and the same model file
      expect(JSON.parse(b.globalJson!)).toEqual(JSON.parse(a.globalJson!))
      expect(store.series.list(stopped)).toEqual(store.series.list(full.runId))
      expect(store.series.list(stopped).length).toBe(3)
      for (const k of [0, 1, 2]) expect(store.series.forecasts(stopped, k)).toEqual(store.series.forecasts(full.runId, k))
      expect(store.runs.globalModel(stopped)).not.toBeNull()
      expect(store.runs.globalModel(stopped)).toBe(store.runs.globalModel(full.runId))
    } finally {
      store.close()
    }
  }, 120_000)

  it('fw backtest refuses --cuts with the reason: its folds cut every series at the same dates', async () => {
    const r = await fw('backtest', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--cuts', 'series')
    expect(r).toEqual({ code: 2, stdout: '', stderr: "fw backtest: --cuts does not apply here: a global backtest's folds cut every series at the same dates\n" })
    expect(commandHelp(COMMANDS['backtest']!)).toContain("\nnot taken:\n  --cuts: a global backtest's folds cut every series at the same dates\n")
  })

  it('lists --global and --short-series in fw train --help', () => {
    const help = commandHelp(COMMANDS['train']!)
    expect(help).toMatch(/--global\s+with --series COL: one model across every series/)
    expect(help).toMatch(/--short-series skip\|refuse\s+with --global/)
    expect(help).toMatch(/--series-onehot\s+with --global: the series id is an input too/)
  })
})

describe('fw forecast --future with a global model', () => {
  // three stores, 60 days each; sales jump by 30 on promo days, which are known in advance
  const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)
  const stores = ['north', 'south', 'west']
  const promo = (k: number, i: number) => ((i + k) % 4 === 0 ? 1 : 0)
  const data = join(dir, 'promo.csv')
  const model = join(dir, 'promo', 'model.json')
  /** Rows past the end (days 60..65) of every store but `skip`, with promo given by `p`. */
  const futureFile = (name: string, p: (k: number, i: number) => number, skip?: string) => {
    const path = join(dir, name)
    writeFileSync(path, ['store,date,promo', ...stores.flatMap((s, k) => (s === skip ? [] : [60, 61, 62, 63, 64, 65].map((i) => `${s},${day(i)},${p(k, i)}`)))].join('\n') + '\n')
    return path
  }
  beforeAll(async () => {
    writeFileSync(data, ['store,date,sales,promo', ...stores.flatMap((s, k) => Array.from({ length: 60 }, (_, i) => `${s},${day(i)},${(100 + 20 * k + 5 * Math.sin(i / 3) + 30 * promo(k, i)).toFixed(2)},${promo(k, i)}`))].join('\n') + '\n')
    const t = await fw('train', '--csv', data, '--target', 'sales', '--features', 'promo', '--known-future', 'promo', '--series', 'store', '--global', '--forecaster', 'network', '--epochs', '30', '--lookback', '7', '--seed', '3', '--no-db', '--out', join(dir, 'promo'))
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
  }, 60_000)

  const forecastWith = async (future: string, out: string) => fw('forecast', '--model', model, '--csv', data, '--future', future, '--steps', '6', '--out', join(dir, out))

  it('each series takes its own future rows: the same forecast as those rows in the data file, and other promo values change it', async () => {
    const given = await forecastWith(futureFile('future-given.csv', promo), 'f-given.csv')
    expect(given.stderr).toBe('')
    expect(given.code).toBe(0)
    expect(given.stdout).toContain('18 future rows for 3 series written to')
    // the same rows inside the data file, target empty, give the same forecast
    const inline = join(dir, 'promo-inline.csv')
    writeFileSync(inline, readFileSync(data, 'utf8') + stores.flatMap((s, k) => [60, 61, 62, 63, 64, 65].map((i) => `${s},${day(i)},,${promo(k, i)}`)).join('\n') + '\n')
    const i = await fw('forecast', '--model', model, '--csv', inline, '--steps', '6', '--out', join(dir, 'f-inline.csv'))
    expect(i.code).toBe(0)
    expect(readFileSync(join(dir, 'f-given.csv'), 'utf8')).toBe(readFileSync(join(dir, 'f-inline.csv'), 'utf8'))
    // promo every day instead: step 1 reads the promotion of its own day (day 60; the inputs are led
    // by the horizon), so it moves exactly where that day had none; every series moves at a later step
    const all = await forecastWith(futureFile('future-all.csv', () => 1), 'f-all.csv')
    expect(all.code).toBe(0)
    const a = csvRows(join(dir, 'f-given.csv')).slice(1)
    const b = csvRows(join(dir, 'f-all.csv')).slice(1)
    stores.forEach((s, k) => {
      const [fa, fb] = [a, b].map((rows) => rows.filter((r) => r[0] === s).map((r) => Number(r[3])))
      if (promo(k, 60) === 1) expect(fa![0]).toBe(fb![0])
      else expect(Math.abs(fa![0]! - fb![0]!), s).toBeGreaterThan(1e-6)
      expect(fa!.slice(1).some((v, j) => Math.abs(v - fb![j + 1]!) > 1e-6), s).toBe(true)
    })
    expect(stores.filter((_, k) => promo(k, 60) === 1)).toHaveLength(1) // both cases are checked
  })

  it('a series without its future rows is refused, naming the series, the column and the first missing time (exit 2)', async () => {
    const r = await forecastWith(futureFile('future-no-south.csv', promo, 'south'), 'f-x.csv')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^fw forecast: series store = south: "promo" has no future value at 2021-03-02: /)
    expect(existsSync(join(dir, 'f-x.csv'))).toBe(false)
  })

  it('fw predict says, per series, which windows it leaves out for want of their known values', async () => {
    const r = await fw('predict', '--model', model, '--csv', data, '--out', join(dir, 'p-promo.csv'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('note: series store = north: the last window is left out: promo is known in the future and read 1 row ahead')
    expect(r.stdout.match(/note: series store = \w+: the last window is left out/g)).toHaveLength(3)
    // with the future rows in the file, none is left out
    const inline = join(dir, 'promo-inline-predict.csv')
    writeFileSync(inline, readFileSync(data, 'utf8') + stores.flatMap((s, k) => [60, 61].map((i) => `${s},${day(i)},,${promo(k, i)}`)).join('\n') + '\n')
    const withRows = await fw('predict', '--model', model, '--csv', inline, '--out', join(dir, 'p-promo-inline.csv'))
    expect(withRows.code, withRows.stderr).toBe(0)
    expect(withRows.stdout).not.toContain('left out')
  })

  it('fw forecast --run of a stored global run takes --future too: the forecast of its model file', async () => {
    const t = await fw('train', '--csv', data, '--target', 'sales', '--features', 'promo', '--known-future', 'promo', '--series', 'store', '--global', '--forecaster', 'network', '--epochs', '30', '--lookback', '7', '--seed', '3', '--out', join(dir, 'promo-run'), '--json')
    expect(t.code, t.stderr).toBe(0)
    const id = String((JSON.parse(t.stdout) as { runId: number }).runId)
    const fut = futureFile('future-run.csv', promo)
    const byRun = await fw('forecast', '--run', id, '--db', db, '--future', fut, '--steps', '6', '--out', join(dir, 'f-run.csv'))
    expect(byRun.stderr).toBe('')
    expect(byRun.code).toBe(0)
    const byModel = await fw('forecast', '--model', join(dir, 'promo-run', 'model.json'), '--csv', data, '--future', fut, '--steps', '6', '--out', join(dir, 'f-model.csv'))
    expect(byModel.code).toBe(0)
    expect(readFileSync(join(dir, 'f-run.csv'), 'utf8')).toBe(readFileSync(join(dir, 'f-model.csv'), 'utf8'))
    // without it, the run's known input has no future value: refused naming the series and the date
    const none = await fw('forecast', '--run', id, '--db', db, '--steps', '2', '--out', join(dir, 'f-none.csv'))
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('"promo" has no future value at 2021-03-02')
  }, 60_000)
})

describe('fw train --global with a class target (global classification)', () => {
  it('a class target (--rule): trains one classifier across the series (global classification)', async () => {
    const r = await fw('train', '--csv', file, '--target', 'sales', '--series', 'store', '--global', '--rule', 'sales > 120', ...quick, '--out', join(dir, 'class'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(existsSync(join(dir, 'class', 'model.json'))).toBe(true)
    expect((await fw('train', '--help')).stdout).toMatch(/--global\s+with --series COL: one model across every series of the long file, of values or of classes \(/)
  }, 60_000)

  it('a text class target: fw train --global prints each series\' class scores and the means; fw show and fw runs give them back', async () => {
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const rows = ['city,date,sky']
    for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${(i + k) % 3 === 0 ? 'rain' : 'sun'}`)
    const csv = join(dir, 'sky.csv')
    writeFileSync(csv, rows.join('\n') + '\n')
    const r = await fw('train', '--csv', csv, '--target', 'sky', '--series', 'city', '--global', '--task', 'classification', ...quick, '--name', 'sky', '--out', join(dir, 'sky'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toContain('test scores per series (the class 1 step ahead, of "rain", "sun"; baselines from each series\' own training rows):')
    expect(r.stdout).toMatch(/\n\s*series\s+n\s+accuracy\s+brier\s+log loss\s+rate brier\s+persistence brier\s+majority accuracy\s+beats rate\n/)
    expect(r.stdout).toMatch(/\n\s*city = a\s+\d+\s+[\d.]+\s+[\d.]+/)
    expect(r.stdout).toMatch(/\nmean over 3 series: accuracy [\d.]+ \(majority [\d.]+\), Brier [\d.]+ \(training rate [\d.]+, persistence [\d.]+\), log loss [\d.]+\n/)
    expect(r.stdout).toMatch(/\nskill [+-]?(< )?[\d.]+ % on the mean Brier against (majority|persistence|training-rate) \(best on validation\); \d of 3 series beat their training rate \(a lower Brier\), \d beyond the noise of their test rows, \d level with it within that noise\n/)
    expect(r.stdout).toMatch(/\nthreshold: [^\n]+, chosen on every series' validation windows pooled\n/)
    expect(r.stdout).toContain("note: every series' classes are forecast by the network: no statistical model forecasts a class")
    expect(r.stdout).not.toContain('MASE')
    const id = Number(/run (\d+) saved/.exec(r.stdout)![1])
    const show = await fw('show', String(id))
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('global run across 3 series of city\ntest scores per series (the class 1 step ahead, of "rain", "sun"')
    // the same table and lines as fw train printed, from the store
    const lines = (f: string) => readFileSync(f, 'utf8').replace(/\r\n/g, '\n')
    // past the end: at most the horizon (nothing fed back), its column named as a single run's; fw predict and the run's CSV alike
    const far = await fw('forecast', '--model', join(dir, 'sky', 'model.json'), '--csv', csv, '--steps', '2', '--out', join(dir, 'sky-ahead.csv'))
    expect([far.code, far.stderr]).toEqual([2, 'fw forecast: series city = a: a classification model cannot feed its forecasts back as inputs; it forecasts at most 1 step past the end (asked for 2)\n'])
    const ahead = await fw('forecast', '--model', join(dir, 'sky', 'model.json'), '--csv', csv, '--steps', '1', '--out', join(dir, 'sky-ahead.csv'))
    expect([ahead.code, ahead.stderr]).toEqual([0, ''])
    expect(lines(join(dir, 'sky-ahead.csv'))).toMatch(/^city,time,step,P\(sky = sun\),actual\na,2021-03-22,1,0\.\d+,\nb,2021-03-22,1,0\.\d+,\nc,2021-03-22,1,0\.\d+,\n$/)
    expect(await fw('predict', '--model', join(dir, 'sky', 'model.json'), '--csv', csv, '--out', join(dir, 'sky-pred.csv'))).toMatchObject({ code: 0, stderr: '' })
    expect(lines(join(dir, 'sky-pred.csv'))).toMatch(/^city,time,step,P\(sky = sun\),actual\n/)
    expect(lines(join(dir, 'sky', 'predictions.csv'))).toMatch(/^city,time,step,P\(sky = sun\),actual\n/)
    expect(await fw('export', '--run', String(id), '--csv', join(dir, 'sky-export.csv'))).toMatchObject({ code: 0, stderr: '' })
    expect(lines(join(dir, 'sky-export.csv'))).toMatch(/^city,time,step,P\(sky = sun\),actual\n/)
    // its ONNX graph: one for every series, each class's probability; fw predict and fw forecast
    // --model read it as the model file, its column named alike (docs/export.md)
    const x = await fw('export', '--run', String(id), '--onnx', join(dir, 'sky.onnx'))
    expect([x.code, x.stderr]).toEqual([0, ''])
    const from = await fw('export', '--from', join(dir, 'sky', 'model.json'), '--onnx', join(dir, 'sky-from.onnx'))
    expect([from.code, from.stderr]).toEqual([0, ''])
    expect(readFileSync(join(dir, 'sky-from.onnx'))).toEqual(readFileSync(join(dir, 'sky.onnx'))) // the same bytes from the run and its model file
    expect(await fw('predict', '--model', join(dir, 'sky.onnx'), '--csv', csv, '--out', join(dir, 'sky-pred-onnx.csv'))).toMatchObject({ code: 0, stderr: '' })
    const cells = (f: string) => lines(f).trim().split('\n').map((l) => l.split(','))
    const viaJson = cells(join(dir, 'sky-pred.csv'))
    const viaOnnx = cells(join(dir, 'sky-pred-onnx.csv'))
    expect(viaOnnx.map((r) => [r[0], r[1], r[2], r[4]])).toEqual(viaJson.map((r) => [r[0], r[1], r[2], r[4]]))
    viaOnnx.slice(1).forEach((r, i) => expect(Math.abs(Number(r[3]) - Number(viaJson[i + 1]![3]))).toBeLessThan(1e-4))
    expect(await fw('forecast', '--model', join(dir, 'sky.onnx'), '--csv', csv, '--steps', '1', '--out', join(dir, 'sky-ahead-onnx.csv'))).toMatchObject({ code: 0, stderr: '' })
    expect(lines(join(dir, 'sky-ahead-onnx.csv'))).toMatch(/^city,time,step,P\(sky = sun\),actual\na,2021-03-22,1,0\.\d+,\nb,2021-03-22,1,0\.\d+,\nc,2021-03-22,1,0\.\d+,\n$/)
    const farOnnx = await fw('forecast', '--model', join(dir, 'sky.onnx'), '--csv', csv, '--steps', '2', '--out', join(dir, 'sky-ahead-onnx.csv'))
    expect([farOnnx.code, farOnnx.stderr]).toEqual([2, `fw forecast: series city = a: ${join(dir, 'sky.onnx')} is a classification graph: a class cannot be fed back as an input, so it forecasts at most 1 step past the end (asked for 2)\n`])
    const tableOf = (t: string) => t.slice(t.indexOf('series  '), t.indexOf('threshold: '))
    expect(tableOf(show.stdout)).toBe(tableOf(r.stdout))
    // fw backtest --global scores each fold by the same means over its series: Brier, the headline
    const bt = await fw('backtest', '--csv', csv, '--target', 'sky', '--series', 'city', '--global', '--task', 'classification', ...quick, '--folds', '2')
    expect([bt.code, bt.stderr]).toEqual([0, ''])
    expect(bt.stdout).toContain('test brier per fold (mean over the series each fold scores; rows of those series):')
    expect(bt.stdout).toMatch(/\nfold\s+model\s+majority\s+persistence\s+training-rate\n/)
    expect(bt.stdout).toMatch(/\nfold 2 \(\d+ \+ \d+ rows; all 3 series\)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\n/)
    const runs = await fw('runs')
    expect(runs.stdout).toMatch(new RegExp(`\\n${id}\\s+done\\s+sky\\s+.*global, 3 series: brier [\\d.]+, \\d beat their training rate`))
  }, 60_000)
})

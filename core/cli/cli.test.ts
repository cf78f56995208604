import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openStore } from '../store'
import { main } from './index'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

function capture() {
  let text = ''
  return { out: { write: (s: string) => void (text += s), isTTY: false }, text: () => text }
}

const db = join(mkdtempSync(join(tmpdir(), 'fw-cli-db-')), 'runs.db')

async function fw(...argv: string[]) {
  if (['train', 'runs', 'show', 'compare', 'rm', 'resume', 'export'].includes(argv[0]!) && !argv.includes('--no-db')) argv = [...argv, '--db', db]
  const o = capture()
  const e = capture()
  const code = await main(argv, o.out, e.out)
  return { code, stdout: o.text(), stderr: e.text() }
}

/** A run recorded as fw train records it (its --out folder `outDir`), stopped after epoch `after`
 *  and left as a killed process leaves it: interrupted. */
async function killedRun(args: string[], after: number, outDir: string | null): Promise<number> {
  const { readCsvFile } = await import('./io')
  const { buildConfig, TRAIN_FLAGS } = await import('./train')
  const { recordNewRun } = await import('./runs')
  const { parseArgs } = await import('./args')
  const { runTraining } = await import('../train/run')
  const ds = await readCsvFile(sample)
  const config = buildConfig(parseArgs(args, TRAIN_FLAGS), ds)
  const store = openStore(db)
  try {
    const { runId, record } = recordNewRun(store, ds, sample, config, null, {}, outDir)
    let epochs = 0
    const out = await runTraining({ config, dataset: ds }, {
      emit: (e) => {
        record(e)
        if (e.type === 'epoch') epochs = e.epoch
      },
      shouldStop: () => epochs >= after,
      yieldNow: () => Promise.resolve()
    })
    expect(out).toBeNull()
    expect(store.recoverInterrupted('the process was killed')).toContain(runId)
    return runId
  } finally {
    store.close()
  }
}

type JsonResult = { metrics: { split: string; model: string; metric: string; value: number | null }[]; files: { model: string; predictions: string }; runId: number }
const metric = (r: JsonResult, model: string, name: string) => r.metrics.find((m) => m.split === 'test' && m.model === model && m.metric === name)!.value!

describe('fw train on the sample data (defaults untouched)', () => {
  it('next-day maximum temperature beats the naive forecast on test RMSE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const r = await fw('train', '--csv', sample, '--target', 'temp_max', '--out', dir, '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as JsonResult
    expect(metric(res, 'model', 'rmse')).toBeLessThan(metric(res, 'naive', 'rmse'))
    const rows = Papa.parse<Record<string, string>>(readFileSync(res.files.predictions, 'utf8').trim(), { header: true }).data
    expect(rows.length).toBeGreaterThan(100)
    expect(Object.keys(rows[0]!)).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    for (const row of rows) expect(Number(row['lower'])).toBeLessThanOrEqual(Number(row['forecast']))
    expect(JSON.parse(readFileSync(res.files.model, 'utf8')).format).toBe('forecast-workbench-model')
  })

  it('rain tomorrow (precipitation > 0) beats the majority class on test accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const r = await fw('train', '--csv', sample, '--target', 'precipitation', '--rule', 'precipitation > 0', '--out', dir, '--json')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as JsonResult
    expect(metric(res, 'model', 'accuracy')).toBeGreaterThan(metric(res, 'majority', 'accuracy'))
    // fw runs: the Brier score beside the skill, which is measured on it (not accuracy's)
    const line = (await fw('runs')).stdout.split('\n').find((l) => l.startsWith(`${res.runId} `))!
    const skill = `${(metric(res, 'model', 'skill') * 100).toFixed(1)} %`
    expect(line).toContain(`brier ${metric(res, 'model', 'brier').toFixed(4)}  +${skill}`)
    expect(line).not.toContain('accuracy')
    // the predictions name the probability they hold, as the export does
    expect(readFileSync(res.files.predictions, 'utf8').split('\r\n')[0]).toBe('time,step,P(precipitation > 0),actual')
  })
})

describe('fw exit status and messages', () => {
  it('exits 2 naming the file, row and column for a bad value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'bad.csv')
    const lines = ['date,y']
    for (let i = 1; i <= 40; i++) lines.push(`2020-01-${String((i % 28) + 1).padStart(2, '0')},${i === 17 ? 'oops' : i}`)
    writeFileSync(file, lines.join('\n'))
    const r = await fw('train', '--csv', file, '--target', 'y', '--out', dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.csv/)
    expect(r.stderr).toMatch(/line 18|row 17/)
    expect(r.stderr).toMatch(/"?y"?/)
  })

  it('exits 2 for a missing file, an unknown option, an unknown column and a bad setting', async () => {
    expect((await fw('train', '--csv', '/nonexistent.csv', '--target', 'y')).code).toBe(2)
    expect((await fw('train', '--bogus')).stderr).toMatch(/unknown option --bogus/)
    const col = await fw('train', '--csv', sample, '--target', 'nope')
    expect(col.code).toBe(2)
    expect(col.stderr).toMatch(/nope/)
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model: { hiddenSize: 0 } }))
    const cfg = await fw('train', '--csv', sample, '--target', 'temp_max', '--config', join(dir, 'cfg.json'))
    expect(cfg.code).toBe(2)
    expect(cfg.stderr).toMatch(/model\.hiddenSize/)
    // a file where --out names a folder, or --db a folder where it names the database: said before
    // anything is read or trained
    writeFileSync(join(dir, 'afile'), '')
    const out = await fw('train', '--csv', '/nonexistent.csv', '--target', 'y', '--out', join(dir, 'afile'))
    expect([out.code, out.stderr]).toEqual([2, `fw train: --out ${join(dir, 'afile')}: is a file; name a folder for model.json and predictions.csv\n`])
    const below = await fw('train', '--csv', sample, '--target', 'temp_max', '--out', join(dir, 'afile', 'x'))
    expect(below.stderr).toContain(`${join(dir, 'afile')} is a file`)
    const err = capture()
    expect(await main(['runs', '--db', dir], capture().out, err.out)).toBe(2)
    expect(err.text()).toContain(`--db ${dir}: is a folder; name the database file`)
    // a run refused before training starts is no run: its number is not printed, nothing is listed
    const short = join(dir, 'short.csv')
    writeFileSync(short, 'date,y\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n')
    const tiny = join(dir, 'tiny.db')
    const said = capture()
    expect(await main(['train', '--csv', short, '--target', 'y', '--db', tiny, '--out', join(dir, 'o')], said.out, capture().out)).toBe(2)
    expect(said.text()).not.toMatch(/^run \d+ /m)
    const listed = capture()
    await main(['runs', '--db', tiny], listed.out, capture().out)
    expect(listed.text()).toContain('no runs yet')
    // a --db that names no file is a typo for every command that reads runs: no empty database made
    const typo = join(dir, 'typo.db')
    const err2 = capture()
    expect(await main(['runs', '--db', typo], capture().out, err2.out)).toBe(2)
    expect(err2.text()).toBe(`fw runs: --db ${typo}: no such database (fw train makes one there)\n`)
    expect(existsSync(typo)).toBe(false)
  })

  it('exits 2 with a usage message for an unknown command', async () => {
    const r = await fw('frobnicate')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown command 'frobnicate'\n/) // nothing near: no guess
    // a typo names the nearest command
    const t = await fw('forcast', '--csv', 'x.csv')
    expect(t.code).toBe(2)
    expect(t.stderr).toMatch(/^fw forcast: unknown command 'forcast' \(did you mean 'fw forecast'\?\)\n/)
  })
})

describe('fw with the run store', () => {
  it('records a run and reads it back with runs, show, compare, export and rm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const a = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '3', '--out', dir, '--json')
    const b = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min,wind', '--epochs', '3', '--seed', '5', '--out', dir, '--json')
    const idA = (JSON.parse(a.stdout) as { runId: number }).runId
    const idB = (JSON.parse(b.stdout) as { runId: number }).runId
    expect(idB).toBeGreaterThan(idA)

    const runs = JSON.parse((await fw('runs', '--json')).stdout) as { id: number; status: string; epochCount: number; testMetrics: Record<string, number> }[]
    const ra = runs.find((r) => r.id === idA)!
    expect(ra.status).toBe('done')
    expect(ra.epochCount).toBe(3)
    expect(ra.testMetrics['rmse']).toBeGreaterThan(0)
    // the table gives what made each forecast and its test skill, as the app's Runs list does
    const listed = (await fw('runs')).stdout.split('\n')
    expect(listed[0]).toMatch(/^run +status +name +dataset +cell +forecast +epochs +best val +test +skill +created$/)
    const skill = ra.testMetrics['skill']!
    const rowA = listed.find((l) => l.startsWith(`${idA} `))!
    expect(rowA).toContain(`${skill > 0 ? '+' : ''}${(skill * 100).toFixed(1)} %`)
    expect(rowA).toMatch(/ (network|ETS|Theta|ARIMA|naive|drift)[^%]* +3 +/) // the forecaster, then the epochs

    const show = await fw('show', String(idA))
    expect(show.code).toBe(0)
    expect(show.stdout).toMatch(new RegExp(`run ${idA}: done`))
    expect(show.stdout).toMatch(/naive/)
    // The verdict and the forecaster stored with the run (issue 12: the choice in the CLI too).
    expect(show.stdout).toMatch(/\nverdict: (Better than the best baseline|Worse than) .+\nforecast made by .+\./)
    const shown = JSON.parse((await fw('show', String(idA), '--json')).stdout) as { choice: { chosen: string; message: string } | null }
    expect(shown.choice?.message).toEqual(expect.any(String))

    const { config: cmp, notComparable } = JSON.parse((await fw('compare', String(idA), String(idB), '--json')).stdout) as { config: { path: string; onlyBefore?: string[]; onlyAfter?: string[] }[]; notComparable: string[] }
    expect(notComparable).toEqual([]) // one file, target, horizon and test period
    expect(cmp.map((c) => c.path).sort()).toEqual(['data.features', 'training.seed'])
    // the features as a set: B has wind besides A's temp_min
    expect(cmp.find((c) => c.path === 'data.features')).toMatchObject({ onlyBefore: [], onlyAfter: ['wind'] })
    // beside the diff, what each run forecast and its forecast's (not its network's) test metrics
    const text = (await fw('compare', String(idA), String(idB))).stdout
    expect(text).toMatch(/\nwhat each run forecast, and its forecast's test metrics:\n/)
    expect(text).toMatch(/\nforecast by +\S/)
    const modelMae = (JSON.parse((await fw('show', String(idA), '--json')).stdout) as { metrics: { split: string; model: string; metric: string; value: number }[] })
      .metrics.find((m) => m.split === 'test' && m.model === 'model' && m.metric === 'mae')!.value
    expect(text).toMatch(new RegExp(`\\nmae +${modelMae.toFixed(4).replace('.', '\\.')} `))

    // The exported model file is the one the run wrote: same weights, same fitted pipeline.
    const exported = join(dir, 'exported.json')
    expect((await fw('export', '--run', String(idB), '--model', exported)).code).toBe(0)
    const mine = JSON.parse(readFileSync(exported, 'utf8'))
    const orig = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'))
    expect(mine.weights).toEqual(orig.weights)
    expect(mine.pipeline).toEqual(orig.pipeline)

    // fw forecast --run: a target-only run forecast 10 days past the end of its own dataset.
    const solo = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', '', '--epochs', '2', '--out', dir, '--json')
    const soloId = String((JSON.parse(solo.stdout) as { runId: number }).runId)
    const future = join(dir, 'future.csv')
    const fc = await fw('forecast', '--run', soloId, '--steps', '10', '--out', future, '--db', db)
    expect(fc.stderr).toBe('')
    const rows = Papa.parse<Record<string, string>>(readFileSync(future, 'utf8').trim(), { header: true }).data
    expect(rows.map((r) => r['time'])).toEqual( // daily rows: the date alone, as a spreadsheet reads it
      Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2016, 0, 1 + i)).toISOString().slice(0, 10)))
    expect(rows.every((r) => Number.isFinite(Number(r['forecast'])))).toBe(true)
    // A run with covariates is refused, naming them.
    const refused = await fw('forecast', '--run', String(idB), '--steps', '3', '--out', future, '--db', db)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/wind/)

    expect((await fw('rm', String(idA))).code).toBe(0)
    expect((await fw('show', String(idA))).code).toBe(2)
    expect((await fw('show', 'abc')).stderr).toMatch(/expected a run id/)
  })

  it('resumes an interrupted run from its last checkpoint to the weights of an uninterrupted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const args = ['--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '4', '--out', dir, '--json']
    const full = JSON.parse((await fw('train', ...args)).stdout) as JsonResult

    // A second, identical run that dies after epoch 2: its events up to then are in the store,
    // then the process is gone (the run is left 'running', as a crash leaves it).
    const crashedDir = join(dir, 'crashed') // fw train --out's folder, kept with the run
    const crashed = await killedRun(args, 2, crashedDir)

    const r = await fw('resume', String(crashed))
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/after epoch 2/)
    const store = openStore(db)
    expect(store.runs.get(full.runId).outDir).toBe(dir) // fw train keeps its --out folder with the run
    const a = store.checkpoints.load(full.runId, 'last')!
    const b = store.checkpoints.load(crashed, 'last')!
    expect(store.runs.get(crashed).status).toBe('done')
    expect(store.epochs.list(crashed).map((e) => e.trainLoss)).toEqual(store.epochs.list(full.runId).map((e) => e.trainLoss))
    store.close()
    expect(b.epoch).toBe(4)
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights))

    // it ends as fw train ends: the metrics, the interval, the forecaster, the files in the folder
    // fw train --out named (the uninterrupted run's files, byte for byte), and the run's number
    const ending = (await fw('train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '4', '--out', join(dir, 'again'))).stdout
    expect(ending).toContain('\ntest metrics (4 epochs')
    const tail = (text: string) => text.slice(text.indexOf('\ntest metrics (')).replace(/^model: .*\npredictions: .*\n/m, '').replace(/run \d+ saved; see it with: fw show \d+\n$/, '')
    expect(r.stdout).toMatch(/^\d+% prediction interval: ±/m)
    expect(r.stdout).toMatch(/^(forecast|warning): /m)
    expect(tail(r.stdout)).toBe(tail(ending))
    expect(r.stdout).toContain(`model: ${join(crashedDir, 'model.json')}\npredictions: ${join(crashedDir, 'predictions.csv')}\nrun ${crashed} saved; see it with: fw show ${crashed}\n`)
    expect(readFileSync(join(crashedDir, 'predictions.csv'), 'utf8')).toBe(readFileSync(full.files.predictions, 'utf8'))
    expect(JSON.parse(readFileSync(join(crashedDir, 'model.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(full.files.model, 'utf8')))
  })

  it('fw resume --out writes the files to that folder and keeps it with the run; a run that kept no folder says where its files go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const args = ['--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '3']
    // a run that kept no output folder (the app's, or one stored before schema 15), killed after epoch 1
    const id = await killedRun(args, 1, null)
    const store = openStore(db)
    expect(store.runs.get(id).outDir).toBeNull()
    store.close()

    // a folder that cannot be written is refused before any training
    writeFileSync(join(dir, 'a-file'), 'x')
    const refused = await fw('resume', String(id), '--out', join(dir, 'a-file'))
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--out .*a-file: is a file; name a folder for model\.json and predictions\.csv/)

    const out = join(dir, 'resumed')
    const r = await fw('resume', String(id), '--out', out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/kept no output folder/)
    expect(r.stdout).toContain(`model: ${join(out, 'model.json')}\npredictions: ${join(out, 'predictions.csv')}\nrun ${id} saved`)
    expect(existsSync(join(out, 'model.json')) && existsSync(join(out, 'predictions.csv'))).toBe(true)
    const after = openStore(db)
    expect(after.runs.get(id).outDir).toBe(out)
    const old = { ...after.runs.get(id), outDir: null }
    after.close()

    // without --out, a run that kept no folder: fw-out (as fw train's default), said before training
    const { resumeDir } = await import('./runs')
    const { parseArgs: parse } = await import('./args')
    const said = capture()
    expect(resumeDir(parse([String(id)], { db: 'string', out: 'string' }), old, said.out)).toBe('fw-out')
    expect(said.text()).toBe(`note: run ${id} kept no output folder (a run of the app or of fw sweep, or one stored by an older fw): its model.json and predictions.csv go to fw-out; --out DIR names another\n`)
    // with one kept, there, saying nothing
    const kept = capture()
    expect(resumeDir(parse([String(id)], { db: 'string', out: 'string' }), { ...old, outDir: out }, kept.out)).toBe(out)
    expect(kept.text()).toBe('')
  })
})

describe('fw export of a stored run', () => {
  it('writes ONNX, CSV, XLSX and the HTML report, each readable and consistent with the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const t = await fw('train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '3', '--out', dir, '--json')
    const id = String((JSON.parse(t.stdout) as { runId: number }).runId)
    const f = (n: string) => join(dir, n)
    const r = await fw('export', '--run', id, '--onnx', f('m.onnx'), '--csv', f('f.csv'), '--xlsx', f('f.xlsx'), '--report', f('r.html'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)

    const predictions = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'predictions.csv'), 'utf8').trim(), { header: true }).data
    const csvRows = Papa.parse<Record<string, string>>(readFileSync(f('f.csv'), 'utf8').trim(), { header: true }).data
    expect(csvRows).toHaveLength(predictions.length)
    expect(Object.keys(csvRows[0]!)).toEqual(expect.arrayContaining(['forecast', 'lower', 'upper', 'actual']))
    expect(Object.keys(csvRows[0]!).some((k) => /naive/.test(k))).toBe(true)
    // The exported forecast is the run's own test forecast.
    csvRows.forEach((row, i) => expect(Number(row['forecast'])).toBeCloseTo(Number(predictions[i]!['forecast']), 4))

    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(f('f.xlsx'))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Forecast', 'Metrics', 'Config', 'Data', 'About'])

    const html = readFileSync(f('r.html'), 'utf8')
    expect(html).toMatch(/<svg/)
    expect(html).not.toMatch(/(src|href)=["']https?:/)

    const ort = await import('onnxruntime-node')
    const session = await ort.InferenceSession.create(f('m.onnx'))
    // the default look-back: two seasons, at least 12 rows (Seattle's daily temperatures have no weekly cycle, so no season)
    const L = (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { pipeline: { config: { window: { lookback: number } } } }).pipeline.config.window.lookback
    expect(L).toBe(12)
    const x = new ort.Tensor('float32', new Float32Array(2 * L * 2).fill(10), [2, L, 2])
    const y = await session.run({ [session.inputNames[0]!]: x })
    const out = y[session.outputNames[0]!]!.data as Float32Array
    expect(out).toHaveLength(2)
    expect(Number.isFinite(out[0]!)).toBe(true)
  })
})

describe('fw reading awkward CSVs', () => {
  it('asks about an ambiguous decimal comma ("2,479": 2.479 or 2479?), and reads it once told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'semi.csv')
    const lines = ['date;y']
    for (let i = 0; i < 120; i++) lines.push(`2020-01-01T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')};${(Math.sin(i / 5) + 2).toFixed(3).replace('.', ',')}`)
    writeFileSync(file, lines.join('\n'))
    const plain = await fw('train', '--csv', file, '--target', 'y', '--epochs', '2', '--out', dir, '--no-db', '--delimiter', ';')
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/decimal/)
    // the question names the CLI's flags, which the shared message does not
    expect(plain.stderr).toMatch(/\n  rerun with --decimal dot or --decimal comma\n$/)
    const told = await fw('train', '--csv', file, '--target', 'y', '--epochs', '2', '--out', dir, '--no-db', '--delimiter', ';', '--decimal', 'comma', '--json')
    expect(told.stderr).toBe('')
    expect(told.code).toBe(0)
    expect((await fw('train', '--csv', file, '--target', 'y', '--no-db', '--delimiter', '|')).stderr).toMatch(/--delimiter must be/)
  })

  it('names the command once in a usage error that already names it', async () => {
    const r = await fw('forecast', '--steps', '3')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('fw forecast: --model is required\n')
    const steps = await fw('forecast', '--model', 'm.json', '--steps', '0', '--out', 'x.csv')
    expect(steps.stderr).toBe('fw forecast: --steps must be a whole number >= 1 (got 0)\n')
    expect((await fw('forecast', '--model', 'm.json', '--out', 'x.csv')).stderr).toBe('fw forecast: --steps N is required (the steps to forecast past the end)\n')
    // and once in one that does not
    expect((await fw('train', '--csv', 'nowhere.csv', '--target', 'y', '--no-db')).stderr).toMatch(/^fw train: (?!fw )/)
  })

  it('asks whether 01-05 is yy-mm or mm-yy, naming --month-order, and reads the answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'months.csv')
    writeFileSync(file, ['month,y', ...Array.from({ length: 9 }, (_, i) => `0${i + 1}-05,${i}`)].join('\n'))
    const plain = await fw('inspect', '--csv', file)
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/"01-05" could be yy-mm \(2001-05\) or mm-yy \(2005-01\)/)
    expect(plain.stderr).toMatch(/\n  rerun with --month-order ym or --month-order my\n$/)
    const my = await fw('inspect', '--csv', file, '--month-order', 'my', '--json')
    expect(my.code).toBe(0)
    expect(my.stdout).toContain('2005-09')
    expect((await fw('inspect', '--csv', file, '--month-order', 'dmy')).stderr).toBe("fw inspect: --month-order must be ym or my (got 'dmy')\n")
  })

  it('reads a yy-mm file written newest first as months, sorted by time, as it reads one oldest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'newest.csv')
    // December 2024 back to January 2023
    writeFileSync(file, ['month,y', ...Array.from({ length: 24 }, (_, i) => `${24 - Math.floor(i / 12)}-${String(12 - (i % 12)).padStart(2, '0')},${(i * 7) % 11}`)].join('\n'))
    const r = await fw('inspect', '--csv', file)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toContain('time column: month, 2023-01 to 2024-12\n')
    expect(r.stdout).toMatch(/\nmonth +date +0 +2023-01 +2024-12/)
    expect(r.stdout).toContain('column "month" is read year first (yy-mm), as "24-12" (line 2, row 1) has a first part above 12')
    expect(r.stdout).toContain('rows were not in time order (first at line 3); sorted by "month"')
    expect(r.stdout).not.toContain('--type month=date')
  })

  it('asks about an ambiguous day/month order, naming --date-order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'dates.csv')
    writeFileSync(file, ['date,y', ...Array.from({ length: 12 }, (_, i) => `01/${String(i + 1).padStart(2, '0')}/2020,${i}`)].join('\n'))
    const plain = await fw('train', '--csv', file, '--target', 'y', '--no-db')
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/could be dd\/mm\/yyyy or mm\/dd\/yyyy/)
    expect(plain.stderr).toMatch(/\n  rerun with --date-order dmy or --date-order mdy\n$/)
    // a question that is not about a choice gets no hint
    writeFileSync(file, 'date,y\n2020-01-01,1\n2020-01-02,x2\n2020-01-03,3\n')
    const other = await fw('train', '--csv', file, '--target', 'y', '--no-db')
    expect(other.code).toBe(2)
    expect(other.stderr).not.toMatch(/rerun with/)
  })

  it('a column refused for its values names --type, which reads it as text or leaves it out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'stray.csv')
    const rows = Array.from({ length: 60 }, (_, i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00,${(Math.sin(i / 4) * 5 + 20).toFixed(2)},${i === 40 ? 'n.a.' : i % 7}`)
    writeFileSync(file, ['time,y,note', ...rows].join('\n') + '\n')
    const plain = await fw('train', '--csv', file, '--target', 'y', '--epochs', '1', '--out', dir, '--no-db')
    expect(plain.code).toBe(2)
    expect(plain.stderr).toContain('"n.a." is not a number')
    expect(plain.stderr).toMatch(/\n  rerun with --na n\.a\. to read that value as missing, or\n  with --type note=categorical to read the column as text, or --type note=ignore to leave it out\n$/)
    // read as missing, the column is numbers with one gap
    const na = await fw('inspect', '--csv', file, '--na', 'n.a.', '--json')
    expect(na.code).toBe(0)
    const note = (JSON.parse(na.stdout) as { columns: { name: string; kind: string; missing: number }[] }).columns.find((c) => c.name === 'note')!
    expect([note.kind, note.missing]).toEqual(['numeric', 1])
    expect((await fw('inspect', '--csv', file, '--na', ' , ')).stderr).toContain("--na takes the values to read as missing, separated by commas (got ' , ')")
    const without = await fw('train', '--csv', file, '--target', 'y', '--epochs', '1', '--out', dir, '--no-db', '--type', 'note=ignore', '--json')
    expect(without.stderr).toBe('')
    expect(without.code).toBe(0)
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).not.toContain('"note"')
    // read as text, it is a category the network can take as an input
    const asText = await fw('train', '--csv', file, '--target', 'y', '--features', 'note', '--epochs', '1', '--out', dir, '--no-db', '--type', 'note=categorical')
    expect(asText.stderr).toBe('')
    expect(asText.code).toBe(0)
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toContain('"note"')
    // a column of more values than a category holds, read as text, is refused again: only leaving it out is offered
    const many = join(dir, 'many.csv')
    writeFileSync(many, ['time,y,code', ...Array.from({ length: 1100 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * 36e5).toISOString()},${(i % 24) + Math.sin(i)},${i === 7 ? 'x' : i}`)].join('\n') + '\n')
    const text = await fw('train', '--csv', many, '--target', 'y', '--no-db', '--type', 'code=categorical')
    expect(text.code).toBe(2)
    expect(text.stderr).toContain('more than 1000 distinct values in a column set to categorical')
    expect(text.stderr).toMatch(/\n  rerun with --type code=ignore to leave it out\n$/)
    for (const [spec, message] of [['note=text', '--type note=text: the type must be numeric, categorical, boolean, date, ignore'], ['note', "--type takes COLUMN=TYPE, separated by commas (got 'note')"], ['memo=ignore', 'column "memo", given a type, is not in the header']]) {
      const r = await fw('train', '--csv', file, '--target', 'y', '--no-db', '--type', spec!)
      expect(r.code, spec).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })
})

describe('fw train when the store will not take its run', () => {
  it('fails at the start of training with the store\'s reason, and stores neither the run nor its dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-unstored-'))
    const file = join(dir, 'runs.db')
    openStore(file).close()
    // the store's run insert fails, as on a full disk
    const sql = new Database(file)
    sql.exec("CREATE TRIGGER full BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    sql.close()
    const rows = Array.from({ length: 120 }, (_, i) => `${i},${Math.sin(i / 5).toFixed(4)}`)
    writeFileSync(join(dir, 's.csv'), `t,y\n${rows.join('\n')}\n`)
    const o = capture()
    const e = capture()
    const code = await main(['train', '--csv', join(dir, 's.csv'), '--target', 'y', '--epochs', '200', '--out', join(dir, 'out'), '--db', file], o.out, e.out)
    expect(code).not.toBe(0)
    expect(e.text()).toMatch(/^fw train: .*database or disk is full\n$/)
    expect(existsSync(join(dir, 'out', 'model.json'))).toBe(false)
    const s = openStore(file)
    try {
      expect([s.runs.list(), s.datasets.list()]).toEqual([[], []])
    } finally {
      s.close()
    }
  })
})

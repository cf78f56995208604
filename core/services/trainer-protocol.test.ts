import { describe, expect, it } from 'vitest'
import { fakeWeights, testPayload } from '../../test/fixtures/trainer/payload'
import { parseBacktestMessage, parseHostMessage, parseTrainerMessage, type GlobalDoneMessage, type Parsed } from './trainer-protocol'

const start = (): Record<string, unknown> => ({ type: 'start', runId: 'r1', ...testPayload() })

function problem<T>(p: Parsed<T>): string {
  if (p.ok) throw new Error('expected the message to be rejected')
  return p.error.message
}

const epoch = { runId: 'r1', type: 'epoch', epoch: 1, trainLoss: 0.5, valLoss: null, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 0.1, gradFlow: [1] }
/** A done run's result, its required fields alone. */
const doneResult = { epochsRun: 3, bestEpoch: 2, stoppedEarly: false, metrics: [], forecasts: [], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, modelFile: {} }
const checkpoint = {
  runId: 'r1',
  type: 'checkpoint',
  checkpoint: {
    epoch: 1, kind: 'best', valLoss: 0.4, weights: fakeWeights(1, 4), layout: [{ name: 'w', shape: [4], offset: 0, size: 4 }],
    optimizer: { step: 1, m: new Float64Array(4), v: new Float64Array(4) }, rngState: [1, 2, 3, 4]
  }
}

describe('host -> trainer messages', () => {
  it('accepts a start (also after a structured clone, as with serialization "advanced") and a cancel', () => {
    const msg = start()
    expect(parseHostMessage(msg)).toEqual({ ok: true, message: msg })
    expect(parseHostMessage(structuredClone(msg)).ok).toBe(true)
    expect(parseHostMessage({ type: 'cancel', runId: 'r1' }).ok).toBe(true)
    const resume = { ...msg, resume: { checkpoint: checkpoint.checkpoint, best: null, epochsDone: 1 } }
    expect(parseHostMessage(resume)).toEqual({ ok: true, message: resume })
    // the dataset's name (its file's), which the trainer's refusals name
    const named = { ...msg, file: 'sales.csv' }
    expect(parseHostMessage(named)).toEqual({ ok: true, message: named })
    const bad = parseHostMessage({ ...msg, file: 3 })
    expect(bad.ok ? null : bad.error.message).toMatch(/^start\.file: /)
  })

  it('a run with inputs known in the future trains led as resolveConfig sets it; one stored before the lead, unled', async () => {
    const { resolveConfig } = await import('../train/config')
    const msg = start() as { config: { data: Record<string, unknown> } }
    const fresh = resolveConfig({ ...msg.config, data: { ...msg.config.data, known: undefined, calendar: ['dow'] } })
    expect(fresh.data.knownLead).toBe(true)
    const led = parseHostMessage({ ...msg, config: JSON.parse(JSON.stringify(fresh)) })
    expect(led.ok && led.message.type === 'start' ? led.message.config.data.knownLead : null).toBe(true)
    const stored = JSON.parse(JSON.stringify(fresh)) as { data: Record<string, unknown> }
    delete stored.data['knownLead']
    const old = parseHostMessage({ ...msg, config: stored })
    expect(old.ok && old.message.type === 'start' ? old.message.config.data.knownLead : null).toBe(false)
  })

  it('takes a stored config from before training.threads as one thread, and names a bad count', () => {
    const old = start() as { config: { training: Record<string, unknown> } }
    delete old.config.training['threads']
    const p = parseHostMessage(old)
    expect(p.ok && p.message.type === 'start' ? p.message.config.training.threads : null).toBe(1)
    const bad = start() as { config: { training: Record<string, unknown> } }
    bad.config.training['threads'] = 0
    expect(problem(parseHostMessage(bad))).toBe("start.config.training.threads: must be 'auto' or an integer in [1, 16] (got 0)")
  })

  it("takes the threads a sweep's trial trains on beside its config, and names a bad count", () => {
    const trial = { ...start(), threads: 2 }
    expect(parseHostMessage(trial)).toEqual({ ok: true, message: trial })
    for (const bad of [0, 17, 1.5, 'auto']) expect(problem(parseHostMessage({ ...start(), threads: bad }))).toBe(`start.threads: expected an integer from 1 to 16, got ${JSON.stringify(bad)}`)
  })

  it('rejects typed arrays flattened by JSON serialization, naming the column', () => {
    expect(problem(parseHostMessage(JSON.parse(JSON.stringify(start()))))).toBe(
      'start.columns[0].data: expected Float64Array or Int32Array, got object'
    )
  })

  it.each([
    ['a wrong type', (m: any) => (m.config.training.lr = '0.01'), 'start.config.training.lr: must be a number in (0, 10] (got "0.01")'],
    ['a missing field', (m: any) => delete m.config.model.cell, 'start.config.model.cell: missing'],
    ['a bad enum', (m: any) => (m.config.model.cell = 'transformer'), 'start.config.model.cell: must be one of elman, lstm, gru (got "transformer")'],
    ['a bad union tag', (m: any) => (m.config.training.lrSchedule = { kind: 'step', stepSize: 2 }), 'start.config.training.lrSchedule.gamma: must be a number in (0, 1] (got undefined)'],
    ['an out-of-range value', (m: any) => (m.config.training.lr = -1), 'start.config.training.lr: must be a number in (0, 10] (got -1)'],
    ['an unknown column', (m: any) => (m.config.data.features = ['z']), 'start.config.data.features[0]: column "z" is not among the columns sent'],
    ['ragged columns', (m: any) => (m.columns[1].data = new Float64Array(3)), 'start.columns[1].data: has 3 rows, columns[0] has 64'],
    ['duplicate columns', (m: any) => (m.columns[1].name = 'y'), 'start.columns[1].name: duplicate column "y"'],
    ['a categorical without levels', (m: any) => (m.columns[1] = { name: 'x', kind: 'categorical', data: new Int32Array(64) }), 'start.columns[1].levels: missing (required for a categorical column)'],
    ['an empty runId', (m: any) => (m.runId = ''), 'start.runId: expected non-empty string, got ""'],
    ['a resume with float64 weights', (m: any) => (m.resume = { epochsDone: 1, checkpoint: { ...checkpoint.checkpoint, weights: new Float64Array(4) } }), 'start.resume.checkpoint.weights: expected Float32Array, got Float64Array']
  ])('rejects a start with %s', (_what, mutate, expected) => {
    const m = start()
    mutate(m)
    expect(problem(parseHostMessage(m))).toBe(expected)
  })

  it('rejects what is not a known message', () => {
    expect(problem(parseHostMessage('start'))).toBe('message: expected object, got "start"')
    expect(problem(parseHostMessage({ type: 'train', runId: 'r1' }))).toBe('message.type: unknown message type "train" (expected start|cancel|backtest)')
    expect(problem(parseHostMessage({ type: 'cancel' }))).toBe('cancel.runId: missing')
  })
})

describe('trainer -> host messages', () => {
  it('accepts each well-formed event', () => {
    const events = [
      { runId: 'r1', type: 'started', epochs: 3, windows: { train: 10, val: 2, test: 2 }, paramCount: 4, notices: [] },
      // a global model's note of one series carries it, for fw train to group (groupedNotes)
      { runId: 'r1', type: 'started', epochs: 3, windows: { train: 10, val: 2, test: 2 }, paramCount: 4, notices: [{ message: 'series store = a: x', series: { label: 'store = a', kind: 'sorted', note: 'x' } }], series: 2 },
      epoch,
      { ...epoch, trainLoss: NaN }, // a diverged loss is reported, not rejected
      checkpoint,
      { runId: 'r1', type: 'log', level: 'warn', message: 'x' },
      { runId: 'r1', type: 'progress', phase: 'batches', epoch: 1, done: 40, total: 6563 },
      { runId: 'r1', type: 'progress', phase: 'choice', done: 30, total: 30 },
      { runId: 'r1', type: 'progress', phase: 'prepare', done: 120, total: 400 }, // a global run's series prepared
      { runId: 'r1', type: 'progress', phase: 'preparing', done: 3, total: 11 }, // a single series' preparation, in steps
      { runId: 'r1', type: 'progress', phase: 'prepare-check', done: 3, total: 10 }, // the series the shared dates skip checked on their own rows ('auto' cuts)
      { runId: 'r1', type: 'progress', phase: 'prepare-again', done: 7, total: 390 }, // and the others prepared again on their own rows
      { runId: 'r1', type: 'failed', error: { name: 'DivergedError', message: 'diverged at epoch 2, step 3' } },
      {
        runId: 'r1', type: 'done',
        result: { epochsRun: 3, bestEpoch: 2, stoppedEarly: false, metrics: [{ split: 'test', model: 'naive', metric: 'mae', value: null }],
          forecasts: [{ ts: 9, step: 1, value: 1, lower: null, upper: null, actual: 1 }], intervalCoverage: null, intervalHalfWidth: null, bestBaseline: null, modelFile: {} }
      },
      { runId: 'r1', type: 'done', result: { ...doneResult, classes: { names: ['false', 'true'], words: ['no', 'yes'] } } },
      { runId: 'r1', type: 'done', result: { ...doneResult, classes: { names: ['sun', 'rain', 'snow'] } } }
    ]
    for (const e of events) expect(parseTrainerMessage(e)).toEqual({ ok: true, message: e })
  })

  it.each([
    [{ ...epoch, trainLoss: 'oops' }, 'epoch.trainLoss: expected number, got "oops"'],
    [{ ...epoch, epoch: 1.5 }, 'epoch.epoch: expected non-negative integer, got 1.5'],
    [{ ...epoch, gradFlow: [1, '2'] }, 'epoch.gradFlow[1]: expected number, got "2"'],
    [{ ...epoch, runId: 7 }, 'epoch.runId: expected non-empty string, got 7'],
    [{ ...checkpoint, checkpoint: { ...checkpoint.checkpoint, weights: [1, 2] } }, 'checkpoint.checkpoint.weights: expected Float32Array, got array'],
    [{ runId: 'r1', type: 'done', result: { epochsRun: 1 } }, 'done.result.bestEpoch: missing'],
    // the class names the store keeps with the run: refused here, not when the store refuses them at the run's end
    [{ runId: 'r1', type: 'done', result: { ...doneResult, classes: { names: ['sun'] } } }, 'done.result.classes.names: expected at least two class names, got array'],
    [{ runId: 'r1', type: 'done', result: { ...doneResult, classes: { names: ['false', 3] } } }, 'done.result.classes.names[1]: expected string, got 3'],
    [{ runId: 'r1', type: 'done', result: { ...doneResult, classes: { names: ['false', 'true'], words: ['no'] } } }, 'done.result.classes.words: expected two words (no, yes), got array'],
    [{ runId: 'r1', type: 'failed', error: 'boom' }, 'failed.error: expected object, got "boom"'],
    [{ runId: 'r1', type: 'log', level: 'debug', message: 'x' }, 'log.level: expected one of info|warn, got "debug"'],
    [{ runId: 'r1', type: 'progress', phase: 'fitting', done: 1, total: 2 }, 'progress.phase: expected one of prepare|preparing|prepare-check|prepare-again|batches|seasons|models|choice|choosing, got "fitting"'],
    [{ runId: 'r1', type: 'progress', phase: 'prepare-again', done: 391, total: 390 }, 'progress.done: 391 is more than total 390'],
    [{ runId: 'r1', type: 'progress', phase: 'choice', done: 31, total: 30 }, 'progress.done: 31 is more than total 30'],
    [{ runId: 'r1', type: 'progress', phase: 'choice', done: 0, total: 0 }, 'progress.total: expected at least 1, got 0'],
    [{ runId: 'r1', type: 'progress', phase: 'prepare', done: 401, total: 400 }, 'progress.done: 401 is more than total 400'],
    [{ runId: 'r1', type: 'progress', phase: 'batches', done: 1, total: 2 }, 'progress.epoch: missing (required for batches)'],
    [{ runId: 'r1', type: 'started', epochs: 3, windows: { train: 10, val: 2, test: 2 }, paramCount: 4, notices: [{ message: 'x', series: { label: 'a', note: 'x' } }] }, 'started.notices[0].series.kind: missing'],
    [{ runId: 'r1', type: 'bogus' }, 'message.type: unknown message type "bogus" (expected started|epoch|checkpoint|done|global-done|failed|log|progress)'],
    [null, 'message: expected object, got null']
  ])('rejects %j', (raw, expected) => {
    expect(problem(parseTrainerMessage(raw))).toBe(expected)
  })
})

// A global run's end (one network across every series, issue 13): its series, their scores and
// forecasts, as main records them with globalRunResults.
describe('global-done', () => {
  const score = { n: 2, mae: 2, mase: Number.NaN, naiveMae: 3, naiveMase: 1.5, seasonalNaiveMae: null, seasonalNaiveMase: null, beatsNaive: true, beatsBestNaive: true }
  const summary = { series: 1, meanMase: 1, meanNaiveMase: 1.5, beatNaive: 1, beatBestNaive: 1 }
  const done = (): GlobalDoneMessage => ({
    runId: 'r1', type: 'global-done', hasTime: true,
    result: {
      epochsRun: 3, bestEpoch: 2, stoppedEarly: false, cuts: { valStart: '2020-07-01T00:00:00.000Z', testStart: '2020-10-01T00:00:00.000Z' }, cutMode: 'dates',
      series: [{
        key: ['s1'], label: 's1', rows: 40, season: 12, test: score, network: score,
        forecastBy: { chosen: 'ets', label: 'ETS(A,N,N)', message: 'ETS did best on validation' },
        intervalHalfWidth: 4, intervalCoverage: 1, forecasts: [{ ts: Date.UTC(2020, 10, 1), step: 1, value: 10, lower: 6, upper: 14, actual: 11 }]
      }],
      summary: { ...summary, network: summary, forecastBy: { ets: 1 } },
      skipped: [{ key: ['s2'], label: 's2', rows: 4, reason: 'too short' }], notes: [{ message: 'split per series (--cuts dates keeps the dates)', app: 'split per series (Cuts in Setup keeps the dates)' }],
      modelFile: { format: 'fw-model', pipeline: { global: { version: 1 } } }
    }
  })

  it('is accepted whole, NaN scores included (they are stored as null), also after a structured clone', () => {
    expect(parseTrainerMessage(done())).toEqual({ ok: true, message: done() })
    expect(parseTrainerMessage(structuredClone(done())).ok).toBe(true)
  })

  it("is accepted with cut dates read on each series' own clock (series in different zones)", () => {
    const m = done()
    m.result.cuts = { valStart: '2020-07-01', testStart: '2020-10-01', ownClocks: true }
    expect(parseTrainerMessage(m)).toEqual({ ok: true, message: m })
  })

  it('is accepted with where it diverged after good epochs, as a single run\'s done is', () => {
    const m = done()
    m.result.diverged = { epoch: 4, step: 2, words: { message: 'diverged at epoch 4 (training.lr in the --config file)', app: 'diverged at epoch 4 (Learning rate in Setup)' } }
    expect(parseTrainerMessage(m)).toEqual({ ok: true, message: m })
    ;(m.result.diverged as { step: unknown }).step = -1
    expect(problem(parseTrainerMessage(m))).toBe('global-done.result.diverged.step: expected non-negative integer, got -1')
  })

  it.each([
    ['a series without its scores', (m: any) => delete m.result.series[0].test, 'global-done.result.series[0].test: missing'],
    ['a forecast time that is not finite', (m: any) => (m.result.series[0].forecasts[0].ts = Number.NaN), 'global-done.result.series[0].forecasts[0].ts: expected finite number, got NaN'],
    ['an unknown forecaster', (m: any) => (m.result.series[0].forecastBy.chosen = 'prophet'), 'global-done.result.series[0].forecastBy.chosen: expected one of network|ensemble|combination|naive|seasonal-naive|drift|ets|theta|arima, got "prophet"'],
    ['a win count that is not a count', (m: any) => (m.result.summary.forecastBy = { ets: -1 }), 'global-done.result.summary.forecastBy.ets: expected non-negative integer, got -1'],
    ['a series key of numbers', (m: any) => (m.result.series[0].key = [1]), 'global-done.result.series[0].key[0]: expected string, got 1'],
    ['a note without its message', (m: any) => (m.result.notes[0] = { app: 'x' }), 'global-done.result.notes[0].message: missing'],
    ['no hasTime', (m: any) => delete m.hasTime, 'global-done.hasTime: missing'],
    ['cut dates on each series\' clock marked other than true', (m: any) => (m.result.cuts = { valStart: '2020-07-01', testStart: '2020-10-01', ownClocks: 'yes' }), 'global-done.result.cuts.ownClocks: expected true, got "yes"'],
    ['no model file', (m: any) => delete m.result.modelFile, 'global-done.result.modelFile: missing'],
    ['a single-series model file', (m: any) => (m.result.modelFile = { format: 'fw-model', pipeline: { fitted: {} } }), 'global-done.result.modelFile: expected a global model file (pipeline.global), got object']
  ])('rejects a global-done with %s, naming the field', (_what, mutate, expected) => {
    const m = done()
    mutate(m)
    expect(problem(parseTrainerMessage(m))).toBe(expected)
  })

  it('a start for a global run needs its series id among the columns sent', () => {
    const m = start() as any
    m.config = { ...m.config, data: { ...m.config.data, series: { columns: ['store'], values: null, global: { short: 'skip' } } } }
    expect(problem(parseHostMessage(m))).toBe('start.config.data.series.columns[0]: column "store" is not among the columns sent')
    m.columns.push({ name: 'store', kind: 'categorical', data: new Int32Array(64), levels: ['s1'] })
    expect(parseHostMessage(m).ok).toBe(true)
  })
})

describe('backtest messages', () => {
  const backtest = (o: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'backtest', runId: 'backtest-1', ...testPayload(), folds: 5, ...o })
  const fold = { fold: 1, trainRows: 40, testRows: 8, metrics: [{ split: 'test', model: 'model', metric: 'rmse', value: 0.4 }], notes: [] }

  it('accepts a backtest of 2 to 20 folds, and its events', () => {
    for (const folds of [2, 20]) expect(parseHostMessage(backtest({ folds })).ok).toBe(true)
    expect(parseBacktestMessage({ type: 'fold-started', runId: 'backtest-1', fold: 1, folds: 5, epochs: 3 }).ok).toBe(true)
    expect(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: fold }).ok).toBe(true)
    expect(parseBacktestMessage({ type: 'backtest-done', runId: 'backtest-1', folds: [fold] }).ok).toBe(true)
    // a global run's fold names the series it left out
    const skipped = [{ series: 'store = b', rows: 3, why: 'before the validation date, where look-back 5 and horizon 1 need 6 to train on' }, { series: 'store = c', why: 'ends on 2021-02-10, before the test block (no rows to score)' }]
    expect(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: { ...fold, skipped } })).toEqual({ ok: true, message: { type: 'fold-done', runId: 'backtest-1', result: { ...fold, skipped } } })

    // the baselines the fold's forecast is made of, which its verdict leaves out (backtest-table.ts)
    const members = ['ets', 'theta']
    expect(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: { ...fold, members } })).toEqual({ ok: true, message: { type: 'fold-done', runId: 'backtest-1', result: { ...fold, members } } })
    expect(problem(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: { ...fold, members: ['ets', 3] } }))).toMatch(/^fold-done\.result\.members\[1\]: /)
  })

  it('refuses a bad backtest, naming the field', () => {
    for (const folds of [1, 21, 2.5, '5', undefined]) expect(problem(parseHostMessage(backtest({ folds })))).toMatch(/^backtest\.folds: /)
    const { config } = testPayload()
    expect(problem(parseHostMessage(backtest({ config: { ...config, training: { ...config.training, lr: 'fast' } } })))).toMatch(/^backtest\.config\.training\.lr: /)
    expect(problem(parseHostMessage(backtest({ columns: testPayload().columns.slice(1) })))).toBe('backtest.config.data.target: column "y" is not among the columns sent')
  })

  it("refuses a malformed backtest event, naming the field, and the run's own events", () => {
    expect(problem(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: { ...fold, trainRows: -1 } }))).toMatch(/^fold-done\.result\.trainRows: /)
    expect(problem(parseBacktestMessage({ type: 'backtest-done', runId: 'backtest-1', folds: [{ ...fold, notes: [3] }] }))).toMatch(/^backtest-done\.folds\[0\]\.notes\[0\]: /)
    expect(problem(parseBacktestMessage({ type: 'fold-done', runId: 'backtest-1', result: { ...fold, skipped: [{ series: 'store = b', rows: -1, why: 'x' }] } }))).toMatch(/^fold-done\.result\.skipped\[0\]\.rows: /)
    expect(problem(parseBacktestMessage(epoch))).toMatch(/^message\.type: unknown message type "epoch"/)
  })
})

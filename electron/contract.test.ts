import { describe, expect, it } from 'vitest'
import { CHANNELS, ContractError, LIMITS, VERBS, validateRequest } from './contract'
import { createDispatcher } from './main/handlers'
import { COLUMN_NAME_MAX } from '../core/data/limits'

const column = (n = 3) => ({ kind: 'numeric', name: 'y', values: new Float64Array(n) })

function rejects(verb: Parameters<typeof validateRequest>[0], payload: unknown, code: string, field?: string): void {
  try {
    validateRequest(verb, payload)
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError)
    expect((e as ContractError).code).toBe(code)
    if (field !== undefined) expect((e as ContractError).field).toBe(field)
    return
  }
  throw new Error(`accepted ${JSON.stringify(payload)}`)
}

describe('the IPC contract', () => {
  it('has one distinct channel per verb', () => {
    expect(new Set(Object.values(CHANNELS)).size).toBe(VERBS.length)
  })

  it('accepts well-formed payloads and returns them typed', () => {
    expect(validateRequest('getRun', { runId: 3 })).toEqual({ runId: 3 })
    const ds = validateRequest('saveDataset', { name: 'a.csv', sourceFile: null, columns: [column()] })
    expect(ds.columns[0]!.kind).toBe('numeric')
    expect(validateRequest('appInfo', undefined)).toBeUndefined()
  })

  it('takes column names as long as the import reads them (COLUMN_NAME_MAX), and no longer (explore24 finding 2)', () => {
    // a 307-character header: read by the import and the config, refused by saveDataset at 200
    for (const n of [307, COLUMN_NAME_MAX]) {
      const name = 'r'.repeat(n)
      const ds = validateRequest('saveDataset', { name: 'a.csv', sourceFile: null, columns: [{ ...column(), name }], units: { [name]: 'EUR' } })
      expect(ds.columns[0]!.name).toBe(name)
    }
    rejects('saveDataset', { name: 'a.csv', sourceFile: null, columns: [{ ...column(), name: 'r'.repeat(COLUMN_NAME_MAX + 1) }] }, 'invalid-payload', 'columns[0].name')
    // a dataset's and a run's own names keep their limit
    rejects('saveDataset', { name: 'a'.repeat(LIMITS.name + 1), sourceFile: null, columns: [column()] }, 'invalid-payload', 'name')
  })

  it('rejects wrong types, naming the field', () => {
    rejects('getRun', { runId: '3' }, 'invalid-payload', 'runId')
    rejects('getRun', { runId: 1.5 }, 'invalid-payload', 'runId')
    rejects('getRun', { runId: -1 }, 'invalid-payload', 'runId')
    rejects('getRun', null, 'invalid-payload')
    rejects('saveDataset', { name: 'a', sourceFile: null, columns: [{ kind: 'numeric', name: 'y', values: [1, 2] }] }, 'invalid-payload', 'columns[0].values')
    rejects('forecastAhead', { runId: 1, steps: LIMITS.forecastSteps + 1 }, 'invalid-payload', 'steps')
  })

  // One model across every series (issue 13): config.data.series is typed at the boundary.
  const series = (s: unknown) => ({ datasetId: 1, config: { data: { target: 'sales', series: s } } })
  const global = { columns: ['store'], values: null, global: { short: 'skip', oneHot: true } }
  it.each([
    ['a short-series choice that is neither skip nor refuse', { ...global, global: { short: 'sometimes' } }, 'config.data.series.global.short'],
    ['a one-hot flag that is a string', { ...global, global: { short: 'refuse', oneHot: 'yes' } }, 'config.data.series.global.oneHot'],
    ['cuts that are neither auto, dates nor series', { ...global, global: { short: 'skip', cuts: 'rows' } }, 'config.data.series.global.cuts'],
    ['global as a boolean', { ...global, global: true }, 'config.data.series.global'],
    ['an id column that is not a list', { ...global, columns: 'store' }, 'config.data.series.columns'],
    ['an id column that is a number', { ...global, columns: [3] }, 'config.data.series.columns[0]'],
    ['a series value that is a number', { columns: ['store'], values: [1] }, 'config.data.series.values[0]'],
    ['an unknown key', { ...global, perSeries: true }, 'config.data.series']
  ])('startRun refuses data.series with %s, naming the field', (_what, s, field) => {
    rejects('startRun', series(s), 'invalid-payload', field)
  })
  it('startRun takes a global series config as the Setup view sends it', () => {
    expect(validateRequest('startRun', series(global)).config).toEqual({ data: { target: 'sales', series: global } })
    const perSeries = { ...global, global: { short: 'skip', cuts: 'series' } }
    expect(validateRequest('startRun', series(perSeries)).config).toEqual({ data: { target: 'sales', series: perSeries } })
    expect(validateRequest('startRun', series({ columns: ['store'], values: ['s1'] })).config).toMatchObject({ data: { series: { values: ['s1'] } } })
  })

  it('updateRun takes null or an empty text to clear a name or notes', () => {
    expect(validateRequest('updateRun', { runId: 1, name: '', notes: null })).toEqual({ runId: 1, name: '', notes: null })
    expect(validateRequest('updateRun', { runId: 1, name: null, notes: '' })).toEqual({ runId: 1, name: null, notes: '' })
  })

  it('rejects unknown keys instead of ignoring them', () => {
    rejects('getRun', { runId: 1, extra: true }, 'invalid-payload')
  })

  it('rejects oversized strings', () => {
    rejects('updateRun', { runId: 1, name: 'x'.repeat(LIMITS.name + 1) }, 'invalid-payload', 'name')
    rejects('updateRun', { runId: 1, notes: 'x'.repeat(LIMITS.notes + 1) }, 'invalid-payload', 'notes')
  })

  it('rejects ../ paths anywhere and path-like names', () => {
    rejects('readSample', { name: '../../etc/passwd' }, 'hostile-payload', 'name')
    rejects('readSample', { name: '..\\secrets.csv' }, 'hostile-payload', 'name')
    rejects('readSample', { name: 'sub/x.csv' }, 'invalid-payload', 'name')
    rejects('readSample', { name: '.hidden.csv' }, 'invalid-payload', 'name')
    rejects('saveDataset', { name: 'a', sourceFile: '/data/../../etc/passwd', columns: [column()] }, 'hostile-payload', 'sourceFile')
    rejects('saveFile', { suggestedName: '../evil.sh', text: 'x' }, 'hostile-payload', 'suggestedName')
  })

  it('rejects __proto__, constructor and prototype keys, even nested and JSON-made', () => {
    rejects('getRun', JSON.parse('{"runId":1,"__proto__":{"polluted":true}}'), 'hostile-payload', '__proto__')
    rejects('startRun', JSON.parse('{"datasetId":1,"config":{"model":{"constructor":{"prototype":{}}}}}'), 'hostile-payload', 'config.model.constructor')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('rejects absurd nesting and non-plain objects', () => {
    let deep: unknown = 1
    for (let i = 0; i < LIMITS.depth + 5; i++) deep = { a: deep }
    rejects('startRun', { datasetId: 1, config: deep }, 'hostile-payload')
    rejects('getRun', new (class X { runId = 1 })(), 'hostile-payload')
    rejects('getRun', { runId: 1, when: new Date() }, 'hostile-payload', 'when')
  })

  it('bounds backtests: 2 to 20 folds, a config object, nothing else; cancel by job id', () => {
    const base = { datasetId: 1, config: {}, folds: 5 }
    for (const folds of [2, 20]) expect(validateRequest('startBacktest', { ...base, folds }).folds).toBe(folds)
    for (const folds of [1, 21, 4.5, '5', null]) rejects('startBacktest', { ...base, folds }, 'invalid-payload', 'folds')
    rejects('startBacktest', { datasetId: 1, config: {} }, 'invalid-payload', 'folds')
    rejects('startBacktest', { ...base, config: [] }, 'invalid-payload', 'config')
    rejects('startBacktest', { ...base, config: { data: { series: { columns: 'store', values: null } } } }, 'invalid-payload', 'config.data.series.columns')
    rejects('startBacktest', { ...base, runId: 3 }, 'invalid-payload')
    rejects('cancelBacktest', { jobId: 0 }, 'invalid-payload', 'jobId')
    expect(validateRequest('cancelBacktest', { jobId: 7 })).toEqual({ jobId: 7 })
    expect(validateRequest('backtestLimit', { datasetId: 1, config: {} })).toEqual({ datasetId: 1, config: {} })
    rejects('backtestLimit', { datasetId: 1, config: {}, folds: 3 }, 'invalid-payload')
    rejects('backtestLimit', { datasetId: 1 }, 'invalid-payload', 'config')
  })

  it('bounds sweeps: dotted paths only, few settings, few trials', () => {
    const base = { datasetId: 1, config: {}, name: 's' }
    expect(validateRequest('startSweep', { ...base, grid: { 'model.hiddenSize': [8, 16] } }).grid).toEqual({ 'model.hiddenSize': [8, 16] })
    rejects('startSweep', { ...base, grid: { '../x': [1] } }, 'hostile-payload')
    rejects('startSweep', { ...base, grid: { 'a b': [1] } }, 'invalid-payload')
    rejects('startSweep', JSON.parse('{"datasetId":1,"config":{},"name":"s","grid":{"__proto__":[1]}}'), 'hostile-payload')
    rejects('startSweep', { ...base, grid: { a: [1, 2, 3, 4, 5, 6, 7, 8], b: [1, 2, 3, 4, 5, 6, 7, 8], c: [1, 2] } }, 'invalid-payload', 'grid')
    rejects('startSweep', { ...base, grid: {} }, 'invalid-payload', 'grid')
  })

  it('deleteDataset takes one dataset id and nothing else: never a run, a name or every dataset', () => {
    expect(validateRequest('deleteDataset', { datasetId: 4 })).toEqual({ datasetId: 4 })
    rejects('deleteDataset', undefined, 'invalid-payload', '(payload)')
    rejects('deleteDataset', {}, 'invalid-payload', 'datasetId')
    rejects('deleteDataset', { datasetId: '*' }, 'invalid-payload', 'datasetId')
    rejects('deleteDataset', { datasetId: [4, 5] }, 'invalid-payload', 'datasetId')
    rejects('deleteDataset', { runId: 4 }, 'invalid-payload')
    rejects('deleteDataset', { datasetId: 4, name: 'co2.csv' }, 'invalid-payload')
    rejects('deleteDataset', JSON.parse('{"datasetId":4,"__proto__":{"admin":true}}'), 'hostile-payload', '__proto__')
    expect(CHANNELS.deleteDataset).toBe('dataset:delete')
  })

  it('checks that columns line up and have distinct names', () => {
    rejects('saveDataset', { name: 'a', sourceFile: null, columns: [column(3), { ...column(4), name: 'z' }] }, 'invalid-payload', 'columns')
    rejects('saveDataset', { name: 'a', sourceFile: null, columns: [column(3), column(3)] }, 'invalid-payload', 'columns')
  })
})

describe('the dispatcher', () => {
  const calls: unknown[] = []
  const d = createDispatcher({ getRun: (r) => (calls.push(r), { fake: true }) as never, listRuns: () => { throw Object.assign(new Error('disk on fire'), { name: 'StoreError', code: 'io' }) } })

  it('answers a typed error for every hostile payload and never throws', async () => {
    const hostile = [JSON.parse('{"__proto__":{"x":1},"runId":1}'), { runId: 'x'.repeat(1e6) }, { runId: 1, path: '../../x' }, 42, 'str', [1, 2]]
    for (const p of hostile) {
      const r = await d.dispatch('getRun', p)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(['invalid-payload', 'hostile-payload']).toContain(r.error.code)
    }
    expect(calls).toEqual([])
  })

  it('refuses unknown verbs, including prototype names', async () => {
    for (const v of ['nope', '__proto__', 'constructor', 'toString', 42]) {
      const r = await d.dispatch(v, {})
      expect(r.ok ? null : r.error.code).toBe('unknown-channel')
    }
  })

  it('says not-available for a verb without a handler, and passes handler errors through typed', async () => {
    const na = await d.dispatch('stopRun', { runId: 1 })
    expect(na.ok ? null : na.error.code).toBe('not-available')
    const io = await d.dispatch('listRuns', undefined)
    expect(io.ok ? null : io.error).toMatchObject({ name: 'StoreError', code: 'io', message: 'disk on fire' })
    const ok = await d.dispatch('getRun', { runId: 7 })
    expect(ok).toEqual({ ok: true, value: { fake: true } })
    expect(calls).toEqual([{ runId: 7 }])
  })
})

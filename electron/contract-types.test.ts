// Every IPC verb with an id or a number field, fed wrong types one field at a time. A coercing
// schema (z.coerce.number()) would turn { runId: true } into run 1 and delete it.
import { describe, expect, it } from 'vitest'
import { CHOICE_LIMITS } from '../core/services/stored-choice'
import { ContractError, LIMITS, REQUEST_SCHEMAS, VERBS, validateRequest, type Verb } from './contract'

/** A valid payload per verb that has numeric fields, and those fields. */
/** zero: fields where 0 (and -0) is a value, not a wrong id (refineBudget: none refined). */
const TABLE: { [V in Verb]?: { ok: Record<string, unknown>; numeric: string[]; optional?: string[]; zero?: string[] } } = {
  getDataset: { ok: { datasetId: 2 }, numeric: ['datasetId'] },
  deleteDataset: { ok: { datasetId: 2 }, numeric: ['datasetId'] },
  setColumnUnits: { ok: { datasetId: 2, units: { CO2: 'ppm' } }, numeric: ['datasetId'] },
  startRun: { ok: { datasetId: 2, config: {} }, numeric: ['datasetId'] },
  stopRun: { ok: { runId: 3 }, numeric: ['runId'] },
  cancelStart: { ok: { startId: 3 }, numeric: ['startId'] },
  resumeRun: { ok: { runId: 3 }, numeric: ['runId'] },
  rerun: { ok: { runId: 3 }, numeric: ['runId'] },
  startBacktest: { ok: { datasetId: 2, config: {}, folds: 5 }, numeric: ['datasetId', 'folds'] },
  cancelBacktest: { ok: { jobId: 3 }, numeric: ['jobId'] },
  backtestLimit: { ok: { datasetId: 2, config: {} }, numeric: ['datasetId'] },
  startSweep: { ok: { datasetId: 2, config: {}, name: 's', grid: { 'model.hiddenSize': [8, 16] } }, numeric: ['datasetId'] },
  stopSweep: { ok: { sweepId: 4 }, numeric: ['sweepId'] },
  getRun: { ok: { runId: 3 }, numeric: ['runId'] },
  listRunSeries: { ok: { runId: 3 }, numeric: ['runId'] },
  getSeriesForecast: { ok: { runId: 3, series: 1 }, numeric: ['runId', 'series'] },
  updateRun: { ok: { runId: 3, name: 'n' }, numeric: ['runId'] },
  deleteRun: { ok: { runId: 3 }, numeric: ['runId'] },
  forecastAhead: { ok: { runId: 3, steps: 12 }, numeric: ['runId', 'steps'] },
  explainForecast: { ok: { runId: 3, ts: 1_338_681_600_000, refineBudget: 32_000 }, numeric: ['refineBudget', 'runId', 'ts'], optional: ['refineBudget'], zero: ['refineBudget'] },
  exportForecastCsv: { ok: { runId: 3, aheadSteps: 4 }, numeric: ['aheadSteps', 'runId'], optional: ['aheadSteps'] },
  exportModel: { ok: { runId: 3 }, numeric: ['runId'] },
  exportOnnx: { ok: { runId: 3 }, numeric: ['runId'] },
  exportXlsx: { ok: { runId: 3, aheadSteps: 4 }, numeric: ['aheadSteps', 'runId'], optional: ['aheadSteps'] },
  exportReport: { ok: { runId: 3 }, numeric: ['runId'] },
  predictWithModel: { ok: { datasetId: 2, fileName: 'm.json', bytes: new Uint8Array([123, 125]) }, numeric: ['datasetId'] }
}

// Values that are not a valid positive integer id (or step count), each of which a coercing or
// truncating schema would turn into a number.
const WRONG: [string, unknown][] = [
  ['true', true], ['false', false], ['"3"', '3'], ['""', ''], ['" 3 "', ' 3 '], ['"0x3"', '0x3'], ['"1e1"', '1e1'],
  ['null', null], ['[3]', [3]], ['{}', {}], ['new Date(3)', new Date(3)], ['3n', 3n], ['new Number(3)', new Number(3)],
  ['1.5', 1.5], ['0', 0], ['-1', -1], ['-0', -0], ['NaN', NaN], ['Infinity', Infinity], ['2^53', 2 ** 53]
]

/** Field names whose schema is a number (through optional/nullable), read from zod's definitions. */
function numericFields(verb: Verb): string[] {
  const def = (REQUEST_SCHEMAS[verb] as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def
  if (def.type !== 'object' || !def.shape) return []
  const unwrap = (s: unknown): string => {
    const d = (s as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def
    return d.innerType !== undefined && (d.type === 'optional' || d.type === 'nullable') ? unwrap(d.innerType) : d.type
  }
  return Object.keys(def.shape).filter((k) => unwrap(def.shape![k]) === 'number').sort()
}

describe('IPC verbs with an id or a number field, against wrong types', () => {
  it('the table lists exactly the verbs and fields whose schema has a number', () => {
    for (const verb of VERBS) expect(numericFields(verb), verb).toEqual([...(TABLE[verb]?.numeric ?? [])].sort())
    expect(Object.keys(TABLE).length).toBeGreaterThanOrEqual(16)
  })

  for (const verb of Object.keys(TABLE) as Verb[]) {
    const { ok, numeric, optional = [], zero = [] } = TABLE[verb]!
    it(`${verb}: accepts the valid payload and refuses every wrong ${numeric.join(' and ')}`, () => {
      expect(() => validateRequest(verb, ok)).not.toThrow()
      for (const field of numeric) {
        for (const [label, bad] of WRONG) {
          if (zero.includes(field) && bad === 0) continue
          let err: unknown = null
          try {
            validateRequest(verb, { ...ok, [field]: bad })
          } catch (e) {
            err = e
          }
          expect(err, `${verb} accepted ${field}: ${label}`).toBeInstanceOf(ContractError)
          // a non-plain object (a Date, a boxed Number) is refused before the schema, as hostile
          expect(['invalid-payload', 'hostile-payload'], `${verb} ${field}: ${label}`).toContain((err as ContractError).code)
          expect((err as ContractError).field, `${verb} ${field}: ${label}`).toBe(field)
        }
        // a missing field is refused too, unless it is optional
        const { [field]: _gone, ...without } = ok
        if (optional.includes(field)) expect(validateRequest(verb, without), `${verb} without ${field}`).toEqual(without)
        else expect(() => validateRequest(verb, without), `${verb} without ${field}`).toThrow(ContractError)
      }
    })
  }

  it("a stored choice's names and texts are bounded as the contract bounds every name and text", () => {
    expect([CHOICE_LIMITS.name, CHOICE_LIMITS.text]).toEqual([LIMITS.name, LIMITS.text])
  })

  it('forecastAhead bounds steps to 1..LIMITS.forecastSteps', () => {
    expect(validateRequest('forecastAhead', { runId: 1, steps: 1 }).steps).toBe(1)
    expect(validateRequest('forecastAhead', { runId: 1, steps: LIMITS.forecastSteps }).steps).toBe(LIMITS.forecastSteps)
    expect(() => validateRequest('forecastAhead', { runId: 1, steps: LIMITS.forecastSteps + 1 })).toThrow(ContractError)
  })

  it('exportForecastCsv and exportXlsx bound aheadSteps as forecastAhead bounds steps, and take no other field', () => {
    for (const verb of ['exportForecastCsv', 'exportXlsx'] as const) {
      expect(validateRequest(verb, { runId: 1, aheadSteps: LIMITS.forecastSteps })).toEqual({ runId: 1, aheadSteps: LIMITS.forecastSteps })
      expect(validateRequest(verb, { runId: 1 })).toEqual({ runId: 1 })
      expect(() => validateRequest(verb, { runId: 1, aheadSteps: LIMITS.forecastSteps + 1 })).toThrow(ContractError)
      expect(() => validateRequest(verb, { runId: 1, steps: 4 })).toThrow(ContractError)
    }
  })

  it('explainForecast takes a refinement budget of 0 (none refined) or more gradient evaluations, named where wrong', () => {
    const ask = { runId: 1, ts: 5, global: true }
    expect(validateRequest('explainForecast', { ...ask, refineBudget: 0 }).refineBudget).toBe(0)
    expect(validateRequest('explainForecast', { ...ask, refineBudget: 250_000 }).refineBudget).toBe(250_000)
    for (const bad of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1]) {
      let err: unknown = null
      try {
        validateRequest('explainForecast', { ...ask, refineBudget: bad })
      } catch (e) {
        err = e
      }
      expect(err, String(bad)).toBeInstanceOf(ContractError)
      expect((err as ContractError).field).toBe('refineBudget')
    }
  })

  it('returns the id exactly as given (no coercion on the way through)', () => {
    const r = validateRequest('deleteRun', { runId: Number.MAX_SAFE_INTEGER })
    expect(r.runId).toBe(Number.MAX_SAFE_INTEGER)
  })
})

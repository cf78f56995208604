// Every reply the renderer takes from main (or browser mode's server) is checked against its verb's
// validator (electron/replies.ts) in the api wrapper, before a view reads it: a malformed one (a row
// from an older build with a null where a number is expected) is an ApiError 'invalid-reply' naming
// the verb and the field, on both transports; a well-formed one comes through as it was sent.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, VERBS } from '../../electron/contract'
import type { Result, TransportApi } from '../../electron/contract'
import { RESPONSE_SCHEMAS, validateReply } from '../../electron/replies'
import { startWebServer } from '../../electron/web/server'
import { fromTransport } from './api'
import { createWebTransport } from './transports/web'

const run = {
  id: 3, sweepId: null, name: null, notes: null, status: 'done', createdAt: 1_700_000_000_000, error: null, cell: 'lstm', epochs: 12,
  bestValLoss: 0.25, testMetric: { metric: 'mase', value: 0.8, skill: 0.2 }, datasetName: 'co2.csv', target: 'co2'
}
const dataset = { id: 1, name: 'co2.csv', sourceFile: null, rowCount: 700, importedAt: 1_700_000_000_000, columns: [{ name: 'co2', kind: 'numeric', unit: null }], runIds: [3], bytes: 5600, inUse: 'run 3', sameRows: [] }
const point = (value: number | null) => ({ ts: 1_700_000_000_000, step: 1, value, lower: null, upper: null, actual: 3 })
const seriesRow = { number: 1, key: ['a'], label: 'site = a', rangeNote: null, n: 20, mae: 1, mase: 0.9, naiveMae: 1.1, seasonalNaiveMae: null, coverage: null, beatsNaive: true }
const detail = {
  summary: { ...run, datasetId: 1, finishedAt: null }, config: { data: { target: 'co2' } }, epochs: [], metrics: [{ split: 'test', model: 'model', metric: 'mae', value: null }],
  forecasts: [point(1), point(2), point(NaN)], hasTime: true, gradFlow: null, canResume: false
}

/** An Electron-like transport whose every verb answers `value`. */
function answering(value: unknown): TransportApi {
  const verbs = Object.fromEntries(VERBS.map((v) => [v, async () => ({ ok: true, value }) as Result<unknown>]))
  return { ...verbs, mode: 'electron', onRunEvent: () => () => {}, onBacktestEvent: () => () => {}, onMenu: () => () => {}, pathForFile: () => null } as unknown as TransportApi
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(() => null, (x: unknown) => x)
  expect(e).toBeInstanceOf(ApiError)
  return e as ApiError
}

describe('replies checked in the api wrapper', () => {
  it('has a validator for every verb', () => {
    expect(Object.keys(RESPONSE_SCHEMAS).sort()).toEqual([...VERBS].sort())
  })

  it('passes well-formed replies through as they came (the same object, NaN kept)', async () => {
    const rows = [run, { ...run, id: 4, bestValLoss: null, global: null }]
    expect(await fromTransport(answering(rows)).listRuns()).toBe(rows)
    expect(await fromTransport(answering([dataset])).listDatasets()).toEqual([dataset])
    const got = await fromTransport(answering(detail)).getRun({ runId: 3 })
    expect(got.forecasts[2]!.value).toBeNaN()
  })

  it('refuses a run row with a null where a number is expected, naming the verb and the field', async () => {
    const e = await refusal(fromTransport(answering([run, { ...run, id: 4, epochs: null }])).listRuns())
    expect(e.code).toBe('invalid-reply')
    expect(e.field).toBe('[1].epochs')
    expect(e.message).toBe("The app's reply to listRuns is malformed at [1].epochs: Invalid input: expected number, received null")
  })

  it('refuses malformed dataset lists, run details, forecasts and files, each naming its field', async () => {
    const cases: [Promise<unknown>, string, RegExp][] = [
      [fromTransport(answering([{ ...dataset, rowCount: null }])).listDatasets(), '[0].rowCount', /listDatasets .*expected number, received null/],
      [fromTransport(answering([{ ...dataset, columns: [{ name: 'co2', kind: 'text' }] }])).listDatasets(), '[0].columns[0].kind', /listDatasets/],
      [fromTransport(answering({ ...detail, summary: { ...detail.summary, createdAt: '2024' } })).getRun({ runId: 3 }), 'summary.createdAt', /getRun .*received string/],
      [fromTransport(answering({ ...detail, forecasts: [point(1), point(null)] })).getRun({ runId: 3 }), 'forecasts[1].value', /getRun .*expected number, received null/],
      [fromTransport(answering({ rows: [point(1)], hasTime: true, zone: 'Mars' })).forecastAhead({ runId: 3, steps: 2 }), 'zone', /forecastAhead .*UTC offset/],
      [fromTransport(answering([{ ...seriesRow, zone: { rule: 'EU', std: 6000 } }])).listRunSeries({ runId: 3 }), '[0].zone', /listRunSeries .*UTC offset/],
      [fromTransport(answering({ fileName: 'f.xlsx', bytes: [1, 2] })).exportXlsx({ runId: 3 }), 'bytes', /exportXlsx .*expected Uint8Array, received array/],
      [fromTransport(answering([{ ...run, testMetric: { metric: 'mase', value: 0.8 } }])).listRuns(), '[0].testMetric.skill', /listRuns/],
      [fromTransport(answering(undefined)).appInfo(), '(reply)', /appInfo .*expected object, received undefined/]
    ]
    for (const [p, field, message] of cases) {
      const e = await refusal(p)
      expect([e.code, e.field]).toEqual(['invalid-reply', field])
      expect(e.message).toMatch(message)
    }
  })

  it('a reply may carry fields a validator does not name (a newer main)', () => {
    expect(() => validateReply('listRuns', [{ ...run, later: { any: 'thing' } }])).not.toThrow()
  })
})

describe("browser mode's replies, through its server and wire", () => {
  const dirs: string[] = []
  afterEach(() => {
    vi.unstubAllGlobals()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it("are checked as Electron's are: a malformed run list is refused naming the verb and the field", async () => {
    const root = mkdtempSync(join(tmpdir(), 'fw-replies-'))
    dirs.push(root)
    mkdirSync(join(root, 'app'))
    writeFileSync(join(root, 'app', 'index.html'), '<!doctype html><title>fw</title>')
    let rows: unknown = [run]
    const server = await startWebServer({ dispatcher: { dispatch: async () => ({ ok: true, value: rows }) }, root: join(root, 'app') })
    try {
      // the page's fetch, sent to the server as the page would (its token, origin and host)
      vi.stubGlobal('WebSocket', class { onopen = null; onclose = null; onmessage = null })
      vi.stubGlobal('fetch', (url: string, init: { body: Uint8Array | string; headers: Record<string, string> }) =>
        new Promise((resolve, reject) => {
          const headers = { ...init.headers, host: `127.0.0.1:${server.port}`, origin: server.origin }
          const req = request({ host: '127.0.0.1', port: server.port, path: url, method: 'POST', headers }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type']) } })))
          })
          req.on('error', reject)
          req.end(init.body)
        })
      )
      const api = fromTransport(createWebTransport({ host: `127.0.0.1:${server.port}`, search: `?token=${server.token}` } as Location))
      expect(await api.listRuns()).toEqual([run])
      rows = [{ ...run, bestValLoss: 'n/a' }]
      const e = await refusal(api.listRuns())
      expect([e.code, e.field]).toEqual(['invalid-reply', '[0].bestValLoss'])
      expect(e.message).toMatch(/^The app's reply to listRuns is malformed at \[0\]\.bestValLoss: /)
    } finally {
      await server.close()
    }
  })
})

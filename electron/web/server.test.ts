import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createDispatcher } from '../main/handlers'
import { startWebServer } from './server'
import type { WebServer } from './server'
import { BINARY_TYPE, decodeWire, decodeWireBinary, encodeWire, encodeWireBinary } from './wire'

let server: WebServer
const seen: unknown[] = []
const uploads: Uint8Array[] = []

beforeAll(async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'fw-web-')), 'app')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>fw</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, '..', 'secret.txt'), 'TOP-SECRET')
  const dispatcher = createDispatcher({
    getRun: (r) => (seen.push(r), { echo: r }) as never,
    saveDataset: (r) => ({ datasetId: r.columns[0]!.kind === 'numeric' ? r.columns[0]!.values.length : -1, reused: false }),
    // as protobufjs and exceljs answer under Node: a Buffer, whose toJSON would lose the bytes
    exportOnnx: () => ({ fileName: 'm.onnx', bytes: Buffer.from([0, 1, 2, 255]) }),
    predictWithModel: (r) => (uploads.push(r.bytes), { echo: r.bytes.length }) as never
  })
  server = await startWebServer({ dispatcher, root })
})
afterAll(() => server.close())

/** Raw HTTP so that Host and Origin can be set freely (fetch forbids both). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}
/** A binary-wire POST, as the page sends it; the answer's bytes and content type. */
function binaryApi(verb: string, body: Buffer): Promise<{ type: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${server.port}`, origin: server.origin, 'x-fw-token': server.token, 'content-type': BINARY_TYPE, accept: BINARY_TYPE }
    const req = request({ host: '127.0.0.1', port: server.port, path: `/api/${verb}`, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ type: String(res.headers['content-type']), bytes: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
const api = (verb: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/${verb}`, { method: 'POST', body: encodeWire(body), headers: { origin: server.origin, 'x-fw-token': server.token, ...headers } })

describe('browser mode', () => {
  it('binds to 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[\\w-]{20,}$`))
  })

  it('serves the page only with the token, and its assets only with the cookie the page set', async () => {
    expect((await raw('/')).status).toBe(403)
    expect((await raw('/?token=wrong')).status).toBe(403)
    const page = await raw(`/?token=${server.token}`)
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const cookie = String(page.headers['set-cookie']).split(';')[0]!
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    expect((await raw('/assets/app.js')).status).toBe(403)
    expect((await raw('/assets/app.js', { headers: { cookie } })).status).toBe(200)
    for (const path of ['/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt']) {
      const r = await raw(path, { headers: { cookie } })
      expect(r.status).toBeGreaterThanOrEqual(400)
      expect(r.body).not.toContain('TOP-SECRET')
    }
  })

  it('refuses API calls without the token, from a foreign Origin, or with no Origin', async () => {
    expect((await api('getRun', { runId: 1 }, { 'x-fw-token': '' })).status).toBe(403)
    expect((await api('getRun', { runId: 1 }, { 'x-fw-token': server.token.slice(1) + 'x' })).status).toBe(403)
    expect((await api('getRun', { runId: 1 }, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await api('getRun', { runId: 1 }, { origin: `http://localhost:${server.port}` })).status).toBe(403)
    expect((await raw('/api/getRun', { method: 'POST', body: '{"runId":1}', headers: { 'x-fw-token': server.token } })).status).toBe(403)
    expect(seen).toEqual([])
  })

  it('refuses every request for another Host (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example', `localhost:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      expect((await raw(`/?token=${server.token}`, { headers: { host } })).status).toBe(421)
      expect((await api('getRun', { runId: 1 }, { host })).status).toBe(421)
    }
  })

  it('says what to do when it refuses, the token never in the answer (explore24 finding 11)', async () => {
    const printed = `http://127.0.0.1:${server.port}/?token=…`
    for (const r of [await raw('/'), await raw('/?token=wrong'), await raw('/assets/app.js')]) {
      expect(r.status).toBe(403)
      expect(r.body).toMatch(/^missing or wrong token: open the address browser mode printed when it started/)
      expect(r.body).toContain(printed)
      expect(r.body).toContain('npm run web')
      expect(r.body).not.toContain(server.token)
    }
    const local = await raw(`/?token=${server.token}`, { headers: { host: `localhost:${server.port}` } })
    expect(local.status).toBe(421)
    expect(local.body).toContain(`answers only at 127.0.0.1:${server.port}, not at localhost`)
    expect(local.body).toContain(printed)
    expect(local.body).not.toContain(server.token)
  })

  it('answers hostile payloads with typed errors and keeps serving', async () => {
    for (const body of ['{"runId":1,"__proto__":{"admin":true}}', '{"runId":"1"}', '{"runId":1,"p":"../../etc"}', 'not json', '{"runId":' + '['.repeat(5000)]) {
      const r = await raw('/api/getRun', { method: 'POST', body, headers: { origin: server.origin, 'x-fw-token': server.token } })
      expect(r.status).toBe(200)
      const res = decodeWire(r.body) as { ok: boolean; error: { code: string } }
      expect(res.ok).toBe(false)
      expect(['invalid-payload', 'hostile-payload']).toContain(res.error.code)
    }
    expect(((await api('nope', {})).body)).toContain('unknown-channel')
    expect(seen).toEqual([])
    expect(decodeWire((await api('getRun', { runId: 5 })).body)).toEqual({ ok: true, value: { echo: { runId: 5 } } })
  })

  it('moves typed arrays as typed arrays', async () => {
    const r = decodeWire((await api('saveDataset', { name: 'a', sourceFile: null, columns: [{ kind: 'numeric', name: 'y', values: new Float64Array([1, NaN, 3]) }] })).body)
    expect(r).toEqual({ ok: true, value: { datasetId: 3, reused: false } })
  })

  it('moves model bytes both ways as Uint8Arrays, and refuses bytes sent as anything else', async () => {
    const down = decodeWire((await api('exportOnnx', { runId: 1 })).body) as { ok: true; value: { bytes: Uint8Array } }
    expect(down.value.bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(down.value.bytes)).toEqual([0, 1, 2, 255])
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff)
    expect(decodeWire((await api('predictWithModel', { datasetId: 1, fileName: 'm.onnx', bytes })).body)).toEqual({ ok: true, value: { echo: 70_000 } })
    expect(uploads.at(-1)).toBeInstanceOf(Uint8Array)
    expect(uploads.at(-1)).toEqual(bytes)
    // bytes as a JSON array or a Buffer's toJSON shape are not bytes
    for (const b of [[1, 2, 3], { type: 'Buffer', data: [1, 2, 3] }]) {
      const r = decodeWire((await api('predictWithModel', { datasetId: 1, fileName: 'm.onnx', bytes: b })).body) as { ok: boolean; error: { code: string; field: string } }
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-payload', field: 'bytes' } })
    }
    expect(uploads).toHaveLength(1)
  })

  it('speaks the binary wire both ways: typed arrays as raw bytes, NaN kept, answers binary when asked', async () => {
    const values = new Float64Array([1, NaN, 3, -Infinity, 5])
    const body = Buffer.concat(encodeWireBinary({ name: 'a', sourceFile: null, columns: [{ kind: 'numeric', name: 'y', values }] }))
    const r = await binaryApi('saveDataset', body)
    expect(r.type).toBe(BINARY_TYPE)
    expect(decodeWireBinary(r.bytes)).toEqual({ ok: true, value: { datasetId: 5, reused: false } })
    const down = await binaryApi('exportOnnx', Buffer.concat(encodeWireBinary({ runId: 1 })))
    const v = decodeWireBinary(down.bytes) as { ok: true; value: { bytes: Uint8Array } }
    expect(v.value.bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(v.value.bytes)).toEqual([0, 1, 2, 255])
  })

  it('refuses malformed binary bodies with invalid-payload, and keeps serving', async () => {
    const good = Buffer.concat(encodeWireBinary({ name: 'a', sourceFile: null, columns: [{ kind: 'numeric', name: 'y', values: new Float64Array(4) }] }))
    const headLen = good.readUInt32LE(4)
    const forged = (tag: string) => {
      const head = Buffer.from(`{"name":"a","sourceFile":null,"columns":[{"kind":"numeric","name":"y","values":${tag}}]}`)
      const pre = Buffer.alloc(8)
      pre.writeUInt32LE(good.readUInt32LE(0), 0)
      pre.writeUInt32LE(head.length, 4)
      return Buffer.concat([pre, head, Buffer.alloc((8 - ((8 + head.length) % 8)) % 8), Buffer.alloc(32)])
    }
    const bad = [
      good.subarray(0, good.length - 8), // the array's bytes cut short
      good.subarray(0, 8 + headLen - 3), // the head cut short
      forged('{"$typed":"f64","off":4,"bytes":8}'), // misaligned
      forged('{"$typed":"f64","off":0,"bytes":12}'), // ragged length
      forged('{"$typed":"f64","off":0,"bytes":4096}'), // past the body
      forged('{"$typed":"f16","off":0,"bytes":8}'), // unknown type
      forged('{"$typed":"f64","off":0,"bytes":8,"x":1}') // extra key
    ]
    for (const b of bad) {
      const r = decodeWireBinary((await binaryApi('saveDataset', b)).bytes) as { ok: boolean; error: { code: string } }
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    }
    expect(decodeWireBinary((await binaryApi('saveDataset', good)).bytes)).toEqual({ ok: true, value: { datasetId: 4, reused: false } })
  })

  it('opens the event socket only with the token and our Origin', async () => {
    const attempt = (token: string, origin: string) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`, { origin })
        ws.on('open', () => (ws.close(), resolve('open')))
        ws.on('error', () => resolve('refused'))
      })
    expect(await attempt('', server.origin)).toBe('refused')
    expect(await attempt(server.token, 'http://evil.example')).toBe('refused')
    expect(await attempt(server.token, server.origin)).toBe('open')
  })

  it('broadcasts run events to connected pages', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r) => ws.on('open', r))
    const got = new Promise<unknown>((r) => ws.on('message', (d) => r(decodeWire(String(d)))))
    server.broadcast({ runId: 4, event: { type: 'status', status: 'interrupted', error: 'killed' } })
    expect(await got).toEqual({ channel: 'run:event', msg: { runId: 4, event: { type: 'status', status: 'interrupted', error: 'killed' } } })
    ws.close()
  })

  it('broadcasts backtest events on their own channel', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r) => ws.on('open', r))
    const got = new Promise<unknown>((r) => ws.on('message', (d) => r(decodeWire(String(d)))))
    server.broadcastBacktest({ jobId: 2, event: { type: 'fold-started', fold: 1, folds: 5, epochs: 3 } })
    expect(await got).toEqual({ channel: 'backtest:event', msg: { jobId: 2, event: { type: 'fold-started', fold: 1, folds: 5, epochs: 3 } } })
    ws.close()
  })
})

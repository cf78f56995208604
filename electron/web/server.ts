// Browser mode's transport: the built renderer and the contract's handlers over HTTP + WebSocket on
// 127.0.0.1 only. A random per-launch token guards everything:
//   GET /?token=T      the page; sets an HttpOnly SameSite=Strict cookie so its assets and worker load
//   GET /assets/...    needs that cookie
//   POST /api/<verb>   needs the X-FW-Token header and an Origin equal to the served page
//   WS /ws?token=T     run events; same Origin rule
// Every request must carry Host: 127.0.0.1:<port> exactly (DNS rebinding gets a 421).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { ContractError, EVENT_CHANNELS, toWireError } from '../contract'
import type { BacktestEventMessage, RunEventMessage } from '../contract'
import type { Dispatcher } from '../main/handlers'
import { CONTENT_SECURITY_POLICY } from '../main/security'
import { BINARY_TYPE, decodeWire, decodeWireBinary, encodeWire, encodeWireBinary, isWireBinary } from './wire'

const MAX_BODY = 512 * 1024 * 1024 // a few million rows of typed columns
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8'
}

export interface WebServer {
  url: string // the page with its token, to open in a browser
  origin: string
  token: string
  port: number
  broadcast(msg: RunEventMessage): void
  broadcastBacktest(msg: BacktestEventMessage): void
  close(): Promise<void>
}

export interface WebServerOptions {
  dispatcher: Dispatcher
  root: string // the built renderer (out/renderer)
  port?: number // 0 = any free port
  token?: string
}

function sameSecret(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
  res.end(message)
}

const SECURITY_HEADERS = {
  // The Electron CSP, plus the WebSocket back to this server.
  'content-security-policy': CONTENT_SECURITY_POLICY.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*"),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer', // the token is in the URL
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store'
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const root = normalize(opts.root)
  const sockets = new Set<WebSocket>()
  let port = 0
  const origin = () => `http://127.0.0.1:${port}`
  // What a refused browser is told to do: the address index.ts printed, its token left out (a
  // refusal may answer a page that must not learn it). "wrong token" stays first: the page reads a
  // 403 saying so as a server restarted with another token (renderer/src/transports/web.ts).
  const printed = () => `${origin()}/?token=…`
  const noToken = () => `missing or wrong token: open the address browser mode printed when it started (npm run web or npm start: "${printed()}"), token included; each start makes a new token, so an address from an earlier start no longer opens`
  const wrongHost = () => `wrong host: browser mode answers only at 127.0.0.1:${port}, not at localhost or another name for this computer; open the address it printed when it started, ${printed()}, token included`

  async function serveStatic(res: ServerResponse, pathname: string, setCookie: boolean): Promise<void> {
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      return deny(res, 400, 'bad path')
    }
    if (rel.includes('\0')) return deny(res, 400, 'bad path')
    const file = normalize(join(root, rel === '/' ? 'index.html' : rel))
    if (!file.startsWith(root + sep)) return deny(res, 403, 'outside the app')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return deny(res, 404, 'not found')
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }
    if (setCookie) headers['set-cookie'] = `fw_token=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(body)
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, verb: string): Promise<void> {
    if (req.headers.origin !== origin()) return deny(res, 403, 'foreign origin')
    if (!sameSecret(req.headers['x-fw-token'] as string | undefined, token)) return deny(res, 403, noToken())
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) return deny(res, 413, 'payload too large')
      chunks.push(chunk as Buffer)
    }
    let payload: unknown
    let result
    try {
      const raw = Buffer.concat(chunks)
      payload = raw.length === 0 ? undefined : isWireBinary(raw) ? decodeWireBinary(raw, { copy: true }) : decodeWire(raw.toString('utf8'))
      result = await opts.dispatcher.dispatch(verb, payload)
    } catch (e) {
      result = { ok: false as const, error: toWireError(new ContractError('invalid-payload', e instanceof Error ? e.message : 'unreadable body')) }
    }
    // The page asks for the binary form (typed arrays as raw bytes); JSON for anyone else.
    if (req.headers.accept === BINARY_TYPE) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': BINARY_TYPE })
      res.end(Buffer.concat(encodeWireBinary(result)))
      return
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json' })
    res.end(encodeWire(result))
  }

  const server = createServer((req, res) => {
    if (req.headers.host !== `127.0.0.1:${port}`) return deny(res, 421, wrongHost())
    const url = new URL(req.url ?? '/', origin())
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      serveApi(req, res, url.pathname.slice(5)).catch(() => deny(res, 500, 'error'))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method not allowed')
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameSecret(url.searchParams.get('token'), token)) return deny(res, 403, noToken())
      void serveStatic(res, '/index.html', true)
      return
    }
    if (!sameSecret(cookie(req, 'fw_token'), token)) return deny(res, 403, noToken())
    void serveStatic(res, url.pathname, false)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin())
    const ok =
      req.headers.host === `127.0.0.1:${port}` && req.headers.origin === origin() && url.pathname === '/ws' && sameSecret(url.searchParams.get('token'), token)
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', () => ws.close(1008, 'events flow one way'))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  /** Events flow one way, tagged with their channel as Electron's IPC tags them. */
  function toSockets(channel: string, msg: unknown): void {
    const data = encodeWire({ channel, msg })
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(data)
  }

  return {
    url: `${origin()}/?token=${token}`,
    origin: origin(),
    token,
    port,
    broadcast: (msg) => toSockets(EVENT_CHANNELS.runEvent, msg),
    broadcastBacktest: (msg) => toSockets(EVENT_CHANNELS.backtestEvent, msg),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

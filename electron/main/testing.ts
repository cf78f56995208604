// For tests: the workbench handlers over a real store in a temporary folder, called as the
// transports call them (dispatch: validate, then handle), and browser mode's HTTP in front of them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openStore, type Store } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import type { Result, RunEventMessage, WireError } from '../contract'
import { createDispatcher, createWorkbench, type Dispatcher } from './handlers'
import { startWebServer } from '../web/server'
import { decodeWire, encodeWire } from '../web/wire'

/** The answer of `verb` as `via` (a dispatcher, or a test's stand-in for one) gives it; throws,
 *  naming the verb and why, when it was refused. */
export async function answered<T>(via: Dispatcher, verb: string, req?: unknown): Promise<T> {
  const r = await via.dispatch(verb, req)
  if (!r.ok) throw new Error(`${verb}: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

/** The handlers over `store`, a database the test filled beforehand (fw train, fw sweep), as the
 *  transports call them; `samplesDir` is the app's folder of samples. */
export function dispatcherOver(store: Store, samplesDir: string): Dispatcher {
  return createDispatcher(createWorkbench({ store, samplesDir, version: 'test', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) }).impl)
}

/** The store is closed after the file's tests. */
export function testWorkbench(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
  afterAll(() => store.close())
  /** What the workbench told every window and tab, in order (its broadcasts). */
  const events: RunEventMessage[] = []
  const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: (m) => void events.push(m), storeSink: createStoreSink(store) })
  const d = createDispatcher(wb.impl)
  /** The verb's answer; throws when it was refused. */
  const ok = <T>(verb: string, req?: unknown): Promise<T> => answered<T>(d, verb, req)
  /** Why the verb was refused; throws when it was accepted. */
  async function refused(verb: string, req: unknown): Promise<WireError> {
    const r = await d.dispatch(verb, req)
    if (r.ok) throw new Error(`${verb} was accepted`)
    return r.error
  }
  /** Runs `fn` with browser mode's server in front of the same handlers: post(verb, body) is the
   *  page's POST /api/<verb> with its token and origin. */
  async function overHttp(fn: (post: <T>(verb: string, body: unknown) => Promise<Result<T>>) => Promise<void>): Promise<void> {
    const root = join(dir, 'app')
    mkdirSync(root, { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>fw</title>')
    const server = await startWebServer({ dispatcher: d, root })
    const post = <T>(verb: string, body: unknown) =>
      new Promise<Result<T>>((resolve, reject) => {
        const headers = { host: `127.0.0.1:${server.port}`, origin: server.origin, 'x-fw-token': server.token }
        const req = request({ host: '127.0.0.1', port: server.port, path: `/api/${verb}`, method: 'POST', headers }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (c: string) => (text += c))
          res.on('end', () => resolve(decodeWire(text) as Result<T>))
        })
        req.on('error', reject)
        req.end(encodeWire(body))
      })
    try {
      await fn(post)
    } finally {
      await server.close()
    }
  }
  return { dir, store, wb, d, ok, refused, overHttp, events }
}

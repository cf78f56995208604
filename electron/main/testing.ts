// For tests: the workbench handlers over a real store in a temporary folder, called as the
// transports call them (dispatch: validate, then handle), and browser mode's HTTP in front of them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { openStore, type Store } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import type { RunSink } from '../../core/services/trainer-host'
import type { FitHooks } from '../../core/train/fit'
import type { Result, RunEventMessage, WireError } from '../contract'
import { createDispatcher, createWorkbench, type Dispatcher } from './handlers'
import { startWebServer } from '../web/server'
import { decodeWire, encodeWire } from '../web/wire'
import type { bundleWorker } from '../../core/parallel/test-bundle'

/** The answer of `verb` as `via` (a dispatcher, or a test's stand-in for one) gives it; throws,
 *  naming the verb and why, when it was refused. */
export async function answered<T>(via: Dispatcher, verb: string, req?: unknown): Promise<T> {
  const r = await via.dispatch(verb, req)
  if (!r.ok) throw new Error(`${verb}: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

/** Hooks that train a run here straight into `sink` under `key`, as the trainer host forwards its
 *  events (started, epoch, checkpoint; the test hands the result to onDone), never stopping. */
export function sinkHooks(sink: RunSink, key: string): FitHooks {
  return {
    emit: (e) => {
      if (e.type === 'started') sink.onStarted(key, e)
      else if (e.type === 'epoch') sink.onEpoch(key, e)
      else if (e.type === 'checkpoint') sink.onCheckpoint(key, e.checkpoint)
    },
    shouldStop: () => false,
    yieldNow: () => Promise.resolve()
  }
}

/** The handlers over `store`, a database the test filled beforehand (fw train, fw sweep), as the
 *  transports call them; `samplesDir` is the app's folder of samples. */
export function dispatcherOver(store: Store, samplesDir: string): Dispatcher {
  return createDispatcher(createWorkbench({ store, samplesDir, version: 'test', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) }).impl)
}

/** Main's export worker (core/services/export-worker.ts), which does main's slow work on a thread
 *  apart, bundled before the tests of the file (or of the describe block it is called in) and
 *  removed after them: `file` is the bundle's path, to be read inside a test or a later beforeAll. */
export function exportWorkerBundle(tag: string): { file: string } {
  const worker = { file: '' }
  let bundle: Awaited<ReturnType<typeof bundleWorker>> | undefined
  beforeAll(async () => {
    // imported here: vite, which bundles it, is for the few files that call this
    const { bundleWorker } = await import('../../core/parallel/test-bundle')
    bundle = await bundleWorker(tag, 'core/services/export-worker.ts', 'export-worker.mjs')
    worker.file = bundle.file
  }, 120_000)
  afterAll(() => bundle?.remove())
  return worker
}

/** The workbench over `store`, a database the test filled (its sink writing to it), with its
 *  dispatcher: its slow work on the export worker `exportWorker` (exportWorkerBundle's file), or on
 *  the calling thread without one; what it tells the windows goes to `broadcast`. Close `wb`. */
export function startApartWorkbench(store: Store, samplesDir: string, exportWorker?: string, broadcast: (m: RunEventMessage) => void = () => {}): { wb: ReturnType<typeof createWorkbench>; d: Dispatcher } {
  const wb = createWorkbench({ store, samplesDir, version: 't', mode: 'web', broadcast, storeSink: createStoreSink(store), ...(exportWorker ? { exportWorker } : {}) })
  return { wb, d: createDispatcher(wb.impl) }
}

/** The store is closed after the file's tests. */
export function testWorkbench(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
  afterAll(() => store.close())
  /** What the workbench told every window and tab, in order (its broadcasts). */
  const events: RunEventMessage[] = []
  const { wb, d } = startApartWorkbench(store, dir, undefined, (m) => void events.push(m))
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

import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { CHANNELS, EVENT_CHANNELS, VERBS } from '../contract'

const exposed = new Map<string, unknown>()
const invoke = vi.fn(async (channel: string, req: unknown) => ({ ok: true, value: { channel, req } }))
const on = vi.fn()
const removeListener = vi.fn()
const getPathForFile = vi.fn(() => '/home/ana/sales.csv')

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke, on, removeListener, send: vi.fn(), sendSync: vi.fn() },
  webUtils: { getPathForFile }
}))

describe('the preload', () => {
  beforeEach(async () => {
    exposed.clear()
    vi.resetModules()
    await import('./index')
  })

  it('exposes one object, window.api, with exactly the contract verbs and the event hooks', () => {
    expect([...exposed.keys()]).toEqual(['api'])
    const api = exposed.get('api') as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual([...VERBS, 'mode', 'onBacktestEvent', 'onMenu', 'onOpenFile', 'onRunEvent', 'pathForFile'].sort())
    for (const k of ['ipcRenderer', 'invoke', 'send', 'on']) expect(api).not.toHaveProperty(k)
  })

  it('maps every verb to its own channel and passes the payload through untouched', async () => {
    const api = exposed.get('api') as Record<string, (req: unknown) => Promise<unknown>>
    for (const v of VERBS) {
      invoke.mockClear()
      const req = { probe: v }
      const r = await api[v]!(req)
      expect(invoke).toHaveBeenCalledExactlyOnceWith(CHANNELS[v], req)
      expect(r).toEqual({ ok: true, value: { channel: CHANNELS[v], req } })
    }
  })

  it('exposes the export and model-import verbs by name, bytes passed through as bytes', async () => {
    const api = exposed.get('api') as Record<string, (req: unknown) => Promise<unknown>>
    const expected = { exportOnnx: 'export:onnx', exportXlsx: 'export:xlsx', exportReport: 'export:report', predictWithModel: 'model:predict', exportForecastCsv: 'export:forecast-csv' }
    for (const [verb, channel] of Object.entries(expected)) {
      expect(CHANNELS[verb as keyof typeof CHANNELS]).toBe(channel)
      expect(typeof api[verb]).toBe('function')
    }
    invoke.mockClear()
    const bytes = new Uint8Array([0x08, 0x07, 0x12])
    await api['predictWithModel']!({ datasetId: 1, fileName: 'm.onnx', bytes })
    const [channel, req] = invoke.mock.calls[0]! as [string, { bytes: Uint8Array }]
    expect(channel).toBe('model:predict')
    expect(req.bytes).toBe(bytes)
    await api['exportForecastCsv']!({ runId: 2, locale: 'de-DE' })
    expect(invoke).toHaveBeenLastCalledWith('export:forecast-csv', { runId: 2, locale: 'de-DE' })
  })

  it('subscribes run events and menu commands on their channels, without leaking the event object', () => {
    const api = exposed.get('api') as { onRunEvent(l: (m: unknown) => void): () => void; onMenu(l: (m: unknown) => void): () => void }
    const seen: unknown[] = []
    const off = api.onRunEvent((m) => seen.push(m))
    const [channel, handler] = on.mock.calls.at(-1)! as [string, (e: unknown, m: unknown) => void]
    expect(channel).toBe(EVENT_CHANNELS.runEvent)
    const msg = { runId: 1, event: { type: 'status', status: 'cancelled', error: null } }
    handler({ sender: 'secret' }, msg)
    expect(seen).toEqual([msg])
    off()
    expect(removeListener).toHaveBeenCalledWith(EVENT_CHANNELS.runEvent, handler)
    api.onMenu(() => {})
    expect(on.mock.calls.at(-1)![0]).toBe(EVENT_CHANNELS.menu)
  })

  it('subscribes backtest events on their own channel, without leaking the event object', () => {
    const api = exposed.get('api') as { onBacktestEvent(l: (m: unknown) => void): () => void }
    const seen: unknown[] = []
    const off = api.onBacktestEvent((m) => seen.push(m))
    const [channel, handler] = on.mock.calls.at(-1)! as [string, (e: unknown, m: unknown) => void]
    expect(channel).toBe('backtest:event')
    handler({ sender: 'secret' }, { jobId: 2, event: { type: 'cancelled' } })
    expect(seen).toEqual([{ jobId: 2, event: { type: 'cancelled' } }])
    off()
    expect(removeListener).toHaveBeenCalledWith('backtest:event', handler)
  })

  it('hands a file main opened from the menu to the renderer, bytes and all, without the event object', () => {
    const api = exposed.get('api') as { onOpenFile(l: (f: unknown) => void): () => void }
    const seen: unknown[] = []
    const off = api.onOpenFile((f) => seen.push(f))
    const [channel, handler] = on.mock.calls.at(-1)! as [string, (e: unknown, f: unknown) => void]
    expect(channel).toBe('menu:open-file')
    const file = { name: 'sales.csv', path: '/home/ana/sales.csv', bytes: new Uint8Array([97, 10]) }
    handler({ sender: 'secret' }, file)
    expect(seen).toEqual([file])
    off()
    expect(removeListener).toHaveBeenCalledWith('menu:open-file', handler)
  })

  describe('checks every event main pushes before the renderer sees it', () => {
    type Hook = (l: (m: unknown) => void) => () => void
    /** Subscribes `hook`; returns what reached the listener and main's side of the channel. */
    function subscribed(hook: keyof typeof EVENT_CHANNELS) {
      const api = exposed.get('api') as Record<string, Hook>
      const name = { runEvent: 'onRunEvent', backtestEvent: 'onBacktestEvent', menu: 'onMenu', openFile: 'onOpenFile' }[hook]
      const seen: unknown[] = []
      api[name]!((m) => seen.push(m))
      const [channel, handler] = on.mock.calls.at(-1)! as [string, (e: unknown, m: unknown) => void]
      expect(channel).toBe(EVENT_CHANNELS[hook])
      return { seen, send: (m: unknown) => handler({ sender: 'main' }, m) }
    }
    let errors: MockInstance<typeof console.error>
    beforeEach(() => {
      errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    })
    afterEach(() => errors.mockRestore())

    const epoch = { type: 'epoch', epoch: 3, trainLoss: 0.5, valLoss: null, gradNorm: NaN, clipRate: 0, lr: 0.01, seconds: 0.2, gradFlow: [0.1] }
    it('passes a good run event on, and drops a malformed one with a console error naming the event and the field', () => {
      const { seen, send } = subscribed('runEvent')
      send({ runId: 4, event: epoch })
      send({ runId: null, startId: 2, event: { type: 'queue', change: 'queued' } })
      expect(seen).toEqual([{ runId: 4, event: epoch }, { runId: null, startId: 2, event: { type: 'queue', change: 'queued' } }])
      expect(errors).not.toHaveBeenCalled()
      send({ runId: 4, event: { ...epoch, trainLoss: '0.5' } })
      send({ runId: 'x', event: epoch })
      send({ runId: 4, event: { type: 'exploded' } })
      send(null)
      expect(seen).toHaveLength(2)
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^The app's event runEvent is malformed at event\.trainLoss: /),
        expect.stringMatching(/^The app's event runEvent is malformed at runId: /),
        expect.stringMatching(/^The app's event runEvent is malformed at event\.type: /),
        expect.stringMatching(/^The app's event runEvent is malformed at \(event\): /)
      ])
    })

    it('passes a good backtest event on, and drops a malformed one', () => {
      const { seen, send } = subscribed('backtestEvent')
      const fold = { fold: 1, trainRows: 80, testRows: 20, metrics: [{ split: 'test', model: 'network', metric: 'mae', value: 1.5 }], notes: [] }
      send({ jobId: 2, event: { type: 'fold-done', folds: 3, result: fold } })
      send({ jobId: 2, event: { type: 'cancelled' } })
      expect(seen).toHaveLength(2)
      send({ jobId: 2, event: { type: 'fold-done', folds: 3, result: { ...fold, metrics: [{ split: 'test', model: 'network', metric: 'mae', value: 'big' }] } } })
      send({ jobId: 0, event: { type: 'cancelled' } })
      expect(seen).toHaveLength(2)
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^The app's event backtestEvent is malformed at event\.result\.metrics\[0\]\.value: /),
        expect.stringMatching(/^The app's event backtestEvent is malformed at jobId: /)
      ])
    })

    it('passes a menu command it knows on, and drops any other', () => {
      const { seen, send } = subscribed('menu')
      send('export')
      send('format-disk')
      send({ command: 'export' })
      expect(seen).toEqual(['export'])
      expect(errors).toHaveBeenCalledTimes(2)
      expect(String(errors.mock.calls[0]![0])).toMatch(/^The app's event menu is malformed at \(event\): /)
    })

    it('passes an opened file with its bytes on, and drops one without them', () => {
      const { seen, send } = subscribed('openFile')
      const file = { name: 'sales.csv', path: '/home/ana/sales.csv', bytes: new Uint8Array([97, 10]) }
      send(file)
      send({ ...file, bytes: [97, 10] })
      expect(seen).toEqual([file])
      expect((seen[0] as typeof file).bytes).toBe(file.bytes)
      expect(String(errors.mock.calls[0]![0])).toMatch(/^The app's event openFile is malformed at bytes: /)
    })
  })

  it('resolves dropped files to paths with webUtils.getPathForFile', () => {
    const api = exposed.get('api') as { pathForFile(f: unknown): string | null }
    const file = { name: 'sales.csv' }
    expect(api.pathForFile(file)).toBe('/home/ana/sales.csv')
    expect(getPathForFile).toHaveBeenCalledWith(file)
  })
})

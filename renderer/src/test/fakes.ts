// Test doubles for the component tests: an Api whose verbs are vi.fn()s, a fake import worker, a
// small dataset (and its import into the dataset store), and the wait for a view that mounts in stages.
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import { setApi } from '../api'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { importCsv } from '../../../core/data/import'
import type { Dataset, ImportOptions } from '../../../core/data/types'
import { VERBS } from '../../../electron/contract'
import type { Api, BacktestEventMessage, RunEventMessage } from '../../../electron/contract'
import { summarise } from '../lib/summary'
import { importFile } from '../workers/import-file'
import { errorReply, type ImportReply } from '../workers/protocol'

export type FakeApi = Api & { emit(msg: RunEventMessage): void; emitBacktest(msg: BacktestEventMessage): void }

export function fakeApi(overrides: Partial<Record<keyof Api, unknown>> = {}): FakeApi {
  const listeners = new Set<(m: RunEventMessage) => void>()
  const backtestListeners = new Set<(m: BacktestEventMessage) => void>()
  const verbs = Object.fromEntries(VERBS.map((v) => [v, vi.fn(async () => { throw new Error(`${v} not stubbed`) })]))
  return {
    ...(verbs as unknown as Api),
    appInfo: vi.fn(async () => ({ version: 't', mode: 'web' as const, samples: ['seattle-weather.csv'], available: { store: true, trainer: true, config: true }, readOnly: null, upgraded: null, requeue: { started: 0, queued: 0, refused: [], sweeps: [] }, interrupted: [], stoppedAtQuit: [], appStartId: 'start-1' })),
    listRuns: vi.fn(async () => []),
    listTraining: vi.fn(async () => []),
    listDatasets: vi.fn(async () => []),
    findStoredDataset: vi.fn(async () => ({ datasetId: null })),
    mode: 'web',
    onRunEvent: (l) => (listeners.add(l), () => void listeners.delete(l)),
    onBacktestEvent: (l) => (backtestListeners.add(l), () => void backtestListeners.delete(l)),
    onMenu: () => () => {},
    pathForFile: () => null,
    emit: (m) => listeners.forEach((l) => l(m)),
    emitBacktest: (m) => backtestListeners.forEach((l) => l(m)),
    ...(overrides as Partial<Api>)
  }
}

/** What every view test's beforeEach does: a fresh active pinia and a fake Api installed. Mount
 *  with `mountOptions` so the component sees that pinia. */
export function setUpView(overrides: Partial<Record<keyof Api, unknown>> = {}): { api: FakeApi; pinia: Pinia; mountOptions: { global: { plugins: Pinia[] } } } {
  const pinia = createPinia()
  setActivePinia(pinia)
  const api = fakeApi(overrides)
  setApi(api)
  return { api, pinia, mountOptions: { global: { plugins: [pinia] } } }
}

/** After mounting a view that shows its parts in stages (lib/stages.ts, one part a task, as Setup
 *  does): the tasks of every stage (more than any view has) and their renders, so that it is whole. */
export async function afterStages(): Promise<void> {
  for (let k = 0; k < 8; k++) {
    await new Promise((r) => setTimeout(r))
    await flushPromises()
  }
}

export function smallDataset(n = 60): Dataset {
  const date = new Float64Array(n) // (n)
  const y = new Float64Array(n) // (n)
  for (let i = 0; i < n; i++) {
    date[i] = Date.UTC(2020, 0, 1) + i * 86_400_000
    y[i] = 10 + 5 * Math.sin(i / 5)
  }
  y[7] = NaN
  return {
    file: 'small.csv',
    rowCount: n,
    columns: [
      { kind: 'date', name: 'date', values: date, format: 'iso', hasTime: false },
      { kind: 'numeric', name: 'temp', values: y },
      { kind: 'categorical', name: 'sky', codes: Int32Array.from({ length: n }, (_, i) => i % 2), levels: ['sun', 'rain'] }
    ],
    lines: Int32Array.from({ length: n }, (_, i) => i + 2),
    format: { delimiter: ',', decimal: 'dot', newline: '\n', bom: false },
    timeColumn: 'date',
    notices: []
  }
}

/** A worker that answers one import with `reply` on the next tick. */
export function fakeWorker(reply: ImportReply): () => Worker {
  return () => {
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      terminated: false,
      postMessage() {
        setTimeout(() => {
          if (!w.terminated) w.onmessage?.({ data: reply } as MessageEvent)
        }, 0)
      },
      terminate() {
        w.terminated = true
      }
    }
    return w as unknown as Worker
  }
}

/** A worker that imports what it is sent as the real one does: text with core/data, a file's bytes
 *  with importFile (decoded as the options say), and answers with its dataset or its error reply
 *  (errorReply, every field the real worker sends). `seen`: each import's options, as the store
 *  sent them; `extra`: options laid over those (a smaller bound standing in for the default). */
export function importingWorker(seen: ImportOptions[] = [], extra: Partial<ImportOptions> = {}): () => Worker {
  return () => {
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      postMessage(msg: { type: string; source: string | Blob; options: ImportOptions }) {
        if (msg.type !== 'import') return // (the Data view's search for values far from the rest: no answer)
        seen.push(msg.options)
        const options = { ...msg.options, ...extra }
        const read = typeof msg.source === 'string' ? importCsv(msg.source, options) : importFile(msg.source, options, () => {}, () => null, () => {})
        read.then(
          (ds) => w.onmessage?.({ data: doneReply(ds) } as MessageEvent),
          (e: unknown) => w.onmessage?.({ data: errorReply(e) } as MessageEvent)
        )
      },
      terminate() {}
    }
    return w as unknown as Worker
  }
}

/** The worker's answer to a finished import of `ds`. */
export function doneReply(ds: Dataset = smallDataset()): ImportReply {
  return { type: 'done', dataset: ds, summary: summarise(ds), seconds: 0.01 }
}

/** The small dataset imported into the dataset store through a fake worker, as a dropped
 *  small.csv would be: the store, with it open. */
export async function importedSmall(): Promise<ReturnType<typeof useDatasetStore>> {
  setImportWorkerFactory(fakeWorker(doneReply()))
  const ds = useDatasetStore()
  await ds.importFrom('csv text', 'small.csv')
  return ds
}

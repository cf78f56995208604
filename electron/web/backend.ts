// The back end both transports share: the run store, the trainer host, and the workbench handlers
// over them. Electron's main and browser mode differ only in how they fork a trainer and how they
// reach the renderer. Imports nothing from 'electron'.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { openStore } from '../../core/store'
import type { Store } from '../../core/store'
import type { BacktestEventMessage, RunEventMessage } from '../contract'
import { createDispatcher, createWorkbench } from '../main/handlers'
import type { Dispatcher, HandlerImpl } from '../main/handlers'
import { TrainerHost } from '../../core/services/trainer-host'
import { BacktestHost } from '../../core/services/backtest-host'
import { createStoreSink } from '../../core/services/store-sink'
import { DELETION_CHECK_MS } from '../../core/services/deletion-watch'
import { APP_VERSION } from '../../core/services/app-version'
import type { ForkFn } from '../../core/services/trainer-child'
import { keepStoppedAtQuit, stoppedSince, takeStoppedAtQuit } from './stopped-at-quit'

export interface BackendOptions {
  dbPath: string
  samplesDir: string
  trainerPath: string
  /** The built export worker (out/main/export-worker.js, beside the trainer); the workbench's option. */
  exportWorker?: string
  fork: ForkFn
  /** Recorded with every run stored (default APP_VERSION, package.json's: fw's too). Tests name their own. */
  version?: string
  mode: 'electron' | 'web'
  broadcast: (msg: RunEventMessage) => void
  broadcastBacktest: (msg: BacktestEventMessage) => void
  saveFile?: HandlerImpl['saveFile']
  concurrency?: number
  /** better-sqlite3 built for Electron (main passes it; Node uses the default). */
  nativeBinding?: string
  /** PRAGMA quick_check (core/store/db.ts OpenOptions.verify). Default 'before-write', browser
   *  mode's: before the first change, as fw does, so a page that only reads never waits for it.
   *  Main passes true after an unclean shutdown (damage then gets its startup dialog), else false. */
  verify?: boolean | 'before-write'
  /** How often deletions by another process are looked for (ms; default DELETION_CHECK_MS). */
  deletionCheckMs?: number
}

export interface Backend {
  dispatcher: Dispatcher
  store: Store
  host: TrainerHost
  backtests: BacktestHost
  /** Looks now for runs and datasets another process (`fw rm`) deleted, and tells every window and
   *  tab (as the workbench's own deletions are); a timer does so every DELETION_CHECK_MS. */
  checkDeletions(): void
  close(): Promise<void>
}

export function createBackend(o: BackendOptions): Backend {
  mkdirSync(dirname(o.dbPath), { recursive: true })
  // Opening marks runs whose training process is gone interrupted (resumable); runs that a
  // live `fw` process is training are left to it (core/store/owner.ts).
  const version = o.version ?? APP_VERSION
  const store = openStore(o.dbPath, { appVersion: version, ownerKind: 'app', ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}), verify: o.verify ?? 'before-write' })
  // the runs the app stopped as it last closed, said at this start only (stopped-at-quit.ts)
  const stoppedAtQuit = takeStoppedAtQuit(o.dbPath, (line) => console.error(line))
  const wb = createWorkbench({
    store,
    stoppedAtQuit,
    samplesDir: o.samplesDir,
    version,
    mode: o.mode,
    broadcast: o.broadcast,
    storeSink: createStoreSink(store),
    deletionCheckMs: o.deletionCheckMs ?? DELETION_CHECK_MS,
    ...(o.saveFile ? { saveFile: o.saveFile } : {}),
    ...(o.exportWorker ? { exportWorker: o.exportWorker } : {})
  })
  const host = new TrainerHost({ fork: o.fork, modulePath: o.trainerPath, sink: wb.sink, concurrency: o.concurrency ?? 1 })
  wb.attachHost(host)
  // backtests fork the same trainer entry, beside the runs (they share no queue: nothing is stored)
  const backtests = new BacktestHost({ fork: o.fork, modulePath: o.trainerPath, onEvent: (jobId, event) => o.broadcastBacktest({ jobId, event }) })
  wb.attachBacktests(backtests)
  return {
    dispatcher: createDispatcher(wb.impl),
    store,
    host,
    backtests,
    checkDeletions: () => wb.checkDeletions(),
    async close() {
      wb.close()
      const since = Date.now()
      await Promise.all([host.shutdown(), backtests.shutdown()])
      // the trainings this close stopped stay interrupted, resumable: named at the next start
      if (!store.readonly) keepStoppedAtQuit(o.dbPath, stoppedSince(store, since), (line) => console.error(line))
      store.close()
    }
  }
}

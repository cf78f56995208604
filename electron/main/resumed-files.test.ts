// A run that fw train --out started, stopped, then resumed in the app gets its model.json and
// predictions.csv in that folder, byte for byte as fw resume writes them for the same stopped run,
// and the app says so with the run; a folder that cannot be written takes nothing from the resume,
// and the app says which folder and why. The real store and the real trainer, forked as the app forks it.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../core/store'
import { createStoreSink } from '../../core/services/store-sink'
import { TrainerHost } from '../../core/services/trainer-host'
import { nodeFork } from '../../core/services/node-fork'
import { runTraining } from '../../core/train/run'
import { runGlobalTraining } from '../../core/train/global'
import type { TrainEvent } from '../../core/train/types'
import { readTrainingCsv } from '../../core/cli/wide'
import { APP_VERSION, buildConfig, TRAIN_FLAGS } from '../../core/cli/train'
import { recordNewRun } from '../../core/cli/runs'
import { parseArgs } from '../../core/cli/args'
import { main } from '../../core/cli'
import { enableRelaxedSimd } from '../../core/services/wasm-features'
import { bundleTrainer } from '../../test/fixtures/trainer/bundle'
import type { RunDetail } from '../contract'
import { createDispatcher, createWorkbench } from './handlers'
import { answered } from './testing'

// the kernels fw runs (runProcess) and the forked trainer runs, switched on before the first kernel
// call: the same settings train the same run to the last bit in both
enableRelaxedSimd()

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-resumed-files-'))
const db = join(dir, 'runs.db')
const single = ['--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '4', '--threads', '1']
const long = new URL('../../core/cli/test-fixtures/stores-long.csv', import.meta.url).pathname
const global = ['--csv', long, '--target', 'sales', '--series', 'store', '--global', '--epochs', '4', '--lookback', '7', '--seed', '3', '--threads', '1']

/** A run recorded as fw train `args` --out `outDir` records it (a global one as fw train --global
 *  does), stopped after epoch 2 and left as a killed process leaves it: interrupted. */
async function killedRun(outDir: string, args = single): Promise<number> {
  const parsed = parseArgs(args, TRAIN_FLAGS)
  const ds = await readTrainingCsv(parsed, 'train')
  const config = buildConfig(parsed, ds)
  const store = openStore(db, { appVersion: APP_VERSION })
  try {
    const { runId, record } = recordNewRun(store, ds, parsed.flags['csv'] as string, config, null, {}, outDir)
    let epochs = 0
    const hooks = {
      emit: (e: TrainEvent) => {
        record(e)
        if (e.type === 'epoch') epochs = e.epoch
      },
      shouldStop: () => epochs >= 2,
      yieldNow: () => Promise.resolve()
    }
    const input = { config, dataset: ds, appVersion: APP_VERSION }
    expect(config.data.series?.global !== undefined ? await runGlobalTraining(input, hooks) : await runTraining(input, hooks)).toBeNull()
    expect(store.recoverInterrupted('the process was killed')).toContain(runId)
    return runId
  } finally {
    store.close()
  }
}

let store: Store
let host: TrainerHost
let remove = (): void => {}
let ok: <T>(verb: string, req?: unknown) => Promise<T>

beforeAll(async () => {
  const bundle = await bundleTrainer('resumed-files')
  remove = bundle.remove
  store = openStore(db, { appVersion: 't' })
  const wb = createWorkbench({ store, samplesDir: dir, version: 't', mode: 'web', broadcast: () => {}, storeSink: createStoreSink(store) })
  // one thread: the test needs no worker file
  host = new TrainerHost({ modulePath: bundle.trainer, sink: wb.sink, concurrency: 1, log: () => {}, fork: (path) => nodeFork(path, { env: { ...process.env, FW_PARALLEL_WORKER: '/nonexistent' } }) })
  wb.attachHost(host)
  const d = createDispatcher(wb.impl)
  ok = <T>(verb: string, req?: unknown) => answered<T>(d, verb, req)
}, 120_000)

afterAll(async () => {
  await host?.shutdown()
  store?.close()
  remove()
})

/** Resumes run `id` in the app and waits until it is no longer training. */
async function resumedInApp(id: number): Promise<RunDetail> {
  await ok('resumeRun', { runId: id })
  for (let i = 0; i < 1200 && (host.active().length || host.queued().length); i++) await new Promise((r) => setTimeout(r, 100))
  return ok<RunDetail>('getRun', { runId: id })
}

describe('a run of fw train --out resumed in the app', () => {
  it.each([['single-series', single], ['global', global]])("%s: writes its files to the run's folder, byte for byte as fw resume writes them, and says so with the run", async (kind, args) => {
    const byCli = join(dir, kind, 'by-cli')
    const byApp = join(dir, kind, 'by-app')
    const [a, b] = [await killedRun(byCli, args), await killedRun(byApp, args)]
    const o = { write: () => {}, isTTY: false }
    expect(await main(['resume', String(a), '--db', db], o, o)).toBe(0)
    const detail = await resumedInApp(b)
    expect(detail.summary.status).toBe('done')
    for (const f of ['model.json', 'predictions.csv']) expect(readFileSync(join(byApp, f), 'utf8')).toBe(readFileSync(join(byCli, f), 'utf8'))
    expect(detail.notices).toContain(`the model and predictions were written to ${byApp}, the folder this run was started with from the command line`)
  }, 300_000)

  it('where its folder cannot be written, the resume is done all the same, and the app says which folder and why', async () => {
    writeFileSync(join(dir, 'a-file'), 'x')
    const out = join(dir, 'a-file', 'out')
    const id = await killedRun(out)
    const detail = await resumedInApp(id)
    expect(detail.summary.status).toBe('done')
    expect(existsSync(out)).toBe(false)
    expect(detail.notices).toContain(`the model and predictions were not written to ${out}, the folder this run was started with from the command line (cannot write ${join(out, 'model.json')}: a folder above it is a file); Export saves them elsewhere`)
    // fw show says it too, in the CLI's words
    let shown = ''
    const o = { write: (t: string) => void (shown += t), isTTY: false }
    expect(await main(['show', String(id), '--db', db], o, o)).toBe(0)
    expect(shown).toContain(`note: model.json and predictions.csv were not written to ${out} (the folder fw train --out named) when the app resumed this run: cannot write ${join(out, 'model.json')}: a folder above it is a file; fw export writes them elsewhere\n`)
  }, 300_000)
})

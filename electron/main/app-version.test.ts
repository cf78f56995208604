// One version on every model file, whichever front door wrote it: package.json's, recorded with each
// run by the app's back end (Electron's main and browser mode open it: createBackend) and by fw, so
// that the Export view's model file and fw's (train --out, export --model) name the same version,
// and each one's "saved by a newer version" check compares like with like. fw's had been a literal
// '0.1.0' whatever package.json said (core/services/app-version.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fromStoredDataset } from '../../core/services/datasets'
import { createStoreSink } from '../../core/services/store-sink'
import { resolveConfig } from '../../core/train/config'
import { runTraining } from '../../core/train/run'
import { main as fwMain } from '../../core/cli/index'
import type { FileText } from '../contract'
import { createBackend, type Backend } from '../web/backend'
import { sinkHooks } from './testing'

const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version

let backend: Backend | null = null
afterEach(async () => {
  await backend?.close()
  backend = null
})

async function fw(...argv: string[]): Promise<string> {
  let out = ''
  let err = ''
  const code = await fwMain(argv, { write: (s) => void (out += s), isTTY: false }, { write: (s) => void (err += s), isTTY: false })
  expect(code, err).toBe(0)
  return out
}
const modelVersion = (text: string): unknown => (JSON.parse(text) as { meta: { appVersion?: unknown } }).meta.appVersion

describe('the workbench version', () => {
  it("is package.json's for fw --version", async () => {
    expect(await fw('--version')).toBe(`fw ${packageVersion}\n`)
  })

  it("an app-trained run's model file (Export view) and fw's name the same version", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-app-version-'))
    const file = join(dir, 'runs.db')
    const csv = join(dir, 'temps.csv')
    writeFileSync(csv, ['day,temp', ...Array.from({ length: 40 }, (_, i) => `2021-01-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00,${(10 + i + 3 * Math.sin(i)).toFixed(2)}`)].join('\n') + '\n')
    // the back end as main and browser mode open it: no version given, it takes the workbench's
    backend = createBackend({ dbPath: file, samplesDir: dir, trainerPath: join(dir, 'no-trainer.js'), fork: () => { throw new Error('no trainer in this test') }, mode: 'web', broadcast: () => {}, broadcastBacktest: () => {} })
    const b = backend
    expect(((await b.dispatcher.dispatch('appInfo', undefined)) as { value: { version: string } }).value.version).toBe(packageVersion)

    // fw's run, in the same database: its model.json, and the one fw export writes
    await fw('train', '--csv', csv, '--target', 'temp', '--lookback', '3', '--epochs', '2', '--forecaster', 'network', '--out', join(dir, 'cli'), '--db', file)
    const cliRun = Math.max(...b.store.runs.list().map((r) => r.id))
    await fw('export', '--run', String(cliRun), '--model', join(dir, 'exported.json'), '--db', file)

    // the app's run: stored by the back end's store, trained as its trainer trains (events into the store sink)
    const config = resolveConfig({ data: { target: 'temp', time: 'day', lookBack: 3 }, model: { forecaster: 'network' }, training: { epochs: 2 } })
    const loaded = b.store.datasets.load(b.store.runs.get(cliRun).datasetId)
    const appRun = b.store.runs.create({ datasetId: loaded.id, configJson: JSON.stringify(config), seed: config.training.seed })
    const sink = createStoreSink(b.store)
    const key = String(appRun)
    const trained = (await runTraining({ config, dataset: fromStoredDataset(loaded) }, sinkHooks(sink, key)))!
    sink.onDone(key, trained)
    const exported = await b.dispatcher.dispatch('exportModel', { runId: appRun })
    if (!exported.ok) throw new Error(exported.error.message)

    expect({
      app: modelVersion((exported.value as FileText).text),
      fwTrain: modelVersion(readFileSync(join(dir, 'cli', 'model.json'), 'utf8')),
      fwExport: modelVersion(readFileSync(join(dir, 'exported.json'), 'utf8'))
    }).toEqual({ app: packageVersion, fwTrain: packageVersion, fwExport: packageVersion })
  }, 60_000)
})

// A run that failed (a diverged one keeps weights of 1e26 scale) or stopped before its first
// checkpoint has no model: export, forecast and explain refuse it as bad input (exit 2), saying why
// and what to do, where they wrote forecasts of 1e26 with exit 0, or an "internal error".
// A run's stored cause and ending read in the CLI's words, whichever front end trained it (the app
// and fw share one database), and a done run that diverged after good epochs shown as done with an
// ending: fw show says it, fw show --json gives it as `ending`, not `error`, fw runs marks its
// epochs, and the report says it in the app's words.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { withTrainedRun } from './test-fixtures/trained-run'

const dir = mkdtempSync(join(tmpdir(), 'fw-failed-run-'))
const db = join(dir, 'runs.db')


const CLI = "diverged at epoch 4, step 9: the loss or a gradient became NaN or infinite, so training stopped and kept epoch 1's weights; a lower learning rate (training.lr in the --config file) would let it train on"
const APP = "diverged at epoch 4, step 9: the loss or a gradient became NaN or infinite, so training stopped and kept epoch 1's weights; a lower learning rate (Learning rate in Setup) would let it train on"

let failed = 0
let bare = 0
let appFailed = 0
let diverged = 0
beforeAll(async () => {
  // the trainer's sequence for a run that diverges after its first checkpoint, and one killed before it
  await withTrainedRun(db, dir, (store, run, cp) => {
    const done = run.id
    failed = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(failed)
    store.saveCheckpoint(failed, ['best', 'last'], { epoch: 1, valLoss: 0.5, weights: cp.weights.map((w) => w * 1e6), layout: cp.layout, optimizer: cp.optimizer })
    store.failRun(failed, 'DivergedError: diverged at epoch 2, step 3')
    bare = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(bare)
    store.interruptRun(bare, 'the trainer exited')
    // as the app records them: the same store calls its sink makes (core/services/store-sink.ts)
    appFailed = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(appFailed)
    store.failRun(appFailed, { message: 'no rows left: lower data.lookBack in the --config file', app: 'no rows left: lower Look-back in Setup' })
    diverged = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(diverged)
    store.appendEpoch(diverged, { epoch: 1, trainLoss: 0.5, valLoss: 0.4, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1 })
    store.saveCheckpoint(diverged, ['best', 'last'], { epoch: 1, valLoss: 0.4, weights: cp.weights, layout: cp.layout, optimizer: cp.optimizer })
    store.finishRun(diverged, { metrics: store.metrics.list(done), forecasts: store.forecasts.list(done), choice: run.choiceJson ? JSON.parse(run.choiceJson) : null, ending: { kind: 'diverged', kept: 1, message: CLI, app: APP } })
  })
}, 120_000)

describe('a run without a model', () => {
  it('failed: export, forecast and explain refuse it with exit 2, write nothing, and say to train again', async () => {
    for (const [cmd, out] of [['export', '--csv'], ['forecast', '--out']] as const) {
      const file = join(dir, `${cmd}.csv`)
      const r = await fw(cmd, '--run', String(failed), out, file, ...(cmd === 'forecast' ? ['--steps', '3'] : []), '--db', db)
      expect([r.code, r.stderr]).toEqual([2, `fw ${cmd}: run ${failed} failed (DivergedError: diverged at epoch 2, step 3): it has no model to export, forecast or explain with; train it again, with a lower learning rate or gradient clipping\n`])
      expect(existsSync(file)).toBe(false)
    }
    const e = await fw('explain', '--run', String(failed), '--db', db)
    expect(e.code).toBe(2)
    expect(e.stderr).toContain(`run ${failed} failed (DivergedError`)
  })

  it('stopped before its first checkpoint: exit 2, not an internal error', async () => {
    const r = await fw('export', '--run', String(bare), '--csv', join(dir, 'bare.csv'), '--db', db)
    expect([r.code, r.stderr]).toEqual([2, `fw export: run ${bare} has no saved weights yet (status interrupted): it stopped before its first checkpoint; train it again\n`])
  })
})

describe("a run the app recorded, read by fw", () => {
  it("fw show gives a failure's cause and a divergence's ending in the CLI's words", async () => {
    expect((await fw('show', String(appFailed), '--db', db)).stdout).toMatch(new RegExp(`^run ${appFailed}: failed \\(no rows left: lower data\\.lookBack in the --config file\\)\\n`))
    const x = await fw('export', '--run', String(appFailed), '--csv', join(dir, 'app-failed.csv'), '--db', db)
    expect([x.code, x.stderr]).toEqual([2, `fw export: run ${appFailed} failed (no rows left: lower data.lookBack in the --config file): it has no model to export, forecast or explain with; train it again\n`])
    expect((await fw('show', String(diverged), '--db', db)).stdout).toMatch(new RegExp(`^run ${diverged}: done \\(${CLI.replace(/[().]/g, '\\$&')}\\)\\n`))
  })

  it('fw show --json and fw runs --json give a done run\'s ending as `ending`, not `error`, in the CLI\'s words', async () => {
    const shown = JSON.parse((await fw('show', String(diverged), '--db', db, '--json')).stdout) as { run: Record<string, unknown> }
    expect(shown.run).toMatchObject({ status: 'done', error: null, ending: { kind: 'diverged', kept: 1, message: CLI } })
    expect(Object.keys(shown.run)).not.toContain('errorApp')
    const listed = JSON.parse((await fw('runs', '--db', db, '--json')).stdout) as Record<string, unknown>[]
    expect(listed.find((r) => r['id'] === appFailed)).toMatchObject({ error: 'no rows left: lower data.lookBack in the --config file', ending: null })
    expect(listed.find((r) => r['id'] === diverged)).toMatchObject({ error: null, ending: { kind: 'diverged', kept: 1, message: CLI } })
  })

  it('fw runs marks a diverged run\'s epochs with the epoch it kept', async () => {
    const line = (await fw('runs', '--db', db)).stdout.split('\n').find((l) => l.startsWith(`${diverged} `))
    expect(line).toContain('1, diverged, kept epoch 1')
  })

  it("the report says training diverged and which epoch it kept, in the app's words", async () => {
    const file = join(dir, 'report.html')
    const r = await fw('export', '--run', String(diverged), '--report', file, '--db', db)
    expect([r.code, r.stderr]).toEqual([0, ''])
    const html = readFileSync(file, 'utf8')
    expect(html).toContain('<span class="neg" id="ending-mark">diverged, kept epoch 1</span>')
    expect(html).toContain(`<p class="lost" id="ending">Training ${APP.replace(/'/g, '&#39;')}.</p>`)
  }, 60_000)
})

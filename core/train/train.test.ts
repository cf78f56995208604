import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importCsv, type Dataset } from '../data'
import { ConfigError } from '../engine'
import { resolveConfig, withStoredDefaults } from './config'
import { runTraining } from './run'
import { EVALUATE_STEPS } from './evaluate'
import { progressWords } from './progress'
import { PREPARE_STEPS } from './prepare'
import { runStatJob, type StatFitter } from './choice'
import { recorder } from './testing'
import type { Checkpoint, TrainConfig, TrainEvent } from './types'

const csv = readFileSync(new URL('../../resources/samples/seattle-weather.csv', import.meta.url), 'utf8')
const load = () => importCsv(csv, { fileName: 'seattle-weather.csv' })

function quick(over: Record<string, unknown> = {}): TrainConfig {
  return resolveConfig({
    data: { target: 'temp_max', features: ['temp_min', 'wind'], lookBack: 7 },
    model: { cell: 'gru', hiddenSize: 8 },
    training: { epochs: 4, batchSize: 64, earlyStopping: null, ...over }
  })
}

const lossHistory = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'epoch' ? [[e.trainLoss, e.valLoss]] : []))

describe('config', () => {
  it('fills defaults and names the bad field', () => {
    const c = resolveConfig({ data: { target: 'y' } })
    expect(c.model.cell).toBe('lstm')
    expect(c.training.epochs).toBeGreaterThan(0)
    const bad: [unknown, string][] = [
      [{ data: { target: 'y' }, model: { hiddenSize: 0 } }, 'model.hiddenSize'],
      [{ data: { target: 'y' }, training: { lr: -1 } }, 'training.lr'],
      [{ data: { target: 'y' }, model: { cell: 'transformer' } }, 'model.cell'],
      [{ data: { target: 'y', lookBack: 0 } }, 'data.lookBack'],
      [{ data: { target: 'y' }, training: { learningRate: 0.1 } }, 'training.learningRate'],
      [{ data: { target: 'y', split: { kind: 'fraction', train: 0.8, val: 0.3 } } }, 'data.split'],
      [{ data: { target: 'y', features: ['y'] } }, 'data.features'],
      [{ version: 2, data: { target: 'y' } }, 'version'],
      [{ data: { target: 'y', task: 'regression', rule: 'y > 0' } }, 'data.rule']
    ]
    for (const [input, field] of bad) {
      let err: unknown
      try {
        resolveConfig(input)
      } catch (e) {
        err = e
      }
      expect(err, field).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).field).toBe(field)
    }
  })
})

describe('data.rule', () => {
  it('implies classification, as --rule and the app\'s Setup do; a config never trains regression past it', () => {
    expect(resolveConfig({ data: { target: 'precipitation', rule: 'precipitation > 0' } }).data).toMatchObject({ task: 'classification', rule: 'precipitation > 0' })
    expect(() => resolveConfig({ data: { target: 'y', task: 'regression', rule: 'y > 0' } })).toThrow("data.rule makes the target two classes, so it needs data.task 'classification' (got 'regression')")
  })

  it('with one model across series (data.series.global), a class target resolves: --task classification or a rule (global classification, core/train/global-classes.ts)', () => {
    const global = { columns: ['store'], values: null, global: { short: 'skip' } }
    expect(resolveConfig({ data: { target: 'y', series: global, task: 'classification' } }).data).toMatchObject({ task: 'classification', series: { global: { short: 'skip', cuts: 'auto' } } })
    expect(resolveConfig({ data: { target: 'y', series: global, rule: 'y > 0' } }).data).toMatchObject({ task: 'classification', rule: 'y > 0' })
    // regression across series, and a rule on one series, still resolve
    expect(resolveConfig({ data: { target: 'y', series: global } }).data.series?.global).toEqual({ short: 'skip', cuts: 'auto' })
    expect(resolveConfig({ data: { target: 'y', series: { columns: ['store'], values: ['north'] }, rule: 'y > 0' } }).data.task).toBe('classification')
  })

  it('a rule the data refuses is named data.rule, the field its writer wrote (the pipeline calls it task.rule)', async () => {
    const ds = await load()
    const { prepareRun } = await import('./prepare')
    const err = (() => {
      try {
        prepareRun(resolveConfig({ data: { target: 'temp_max', rule: 'nosuch > 15' } }), ds)
      } catch (e) {
        return e as Error & { field?: string }
      }
    })()
    expect(err?.field).toBe('data.rule')
    expect(err?.message).toBe('data.rule: the rule is about "nosuch" but the target is "temp_max"')
  })

  it('is dropped from a run stored as regression with it: that run ignored it, and reads back as it trained', () => {
    const stored = resolveConfig({ data: { target: 'y' } }) as unknown as { data: Record<string, unknown> }
    const c = resolveConfig(withStoredDefaults({ ...stored, data: { ...stored.data, rule: 'y > 0' } }))
    expect(c.data.task).toBe('regression')
    expect(c.data.rule).toBeUndefined()
  })
})

// The lecture's exploding gradients: plain SGD at a high rate through relu without clipping
// trains three good epochs on Seattle's temp_max, then its loss becomes infinite in the fourth.
const EXPLODES = { data: { target: 'temp_max', level: 'global' }, model: { cell: 'elman', hiddenActivation: 'relu' }, training: { lr: 0.55, optimizer: 'sgd', clipNorm: 0, epochs: 15 } }

describe('a run that diverges', () => {
  it('after good epochs stops, and keeps and evaluates the best one, saying where it diverged and what to change', async () => {
    const ds = await load()
    const { events, hooks } = recorder()
    const r = await runTraining({ config: resolveConfig(EXPLODES), dataset: ds }, hooks)
    expect(r).not.toBeNull()
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e] : []))
    const best = epochs.reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a))
    expect([r!.diverged?.epoch, r!.epochsRun, r!.bestEpoch]).toEqual([epochs.length + 1, epochs.length, best.epoch])
    expect(epochs.length).toBeGreaterThanOrEqual(1)
    for (const m of r!.metrics) expect(m.value === null || Number.isFinite(m.value), m.metric).toBe(true)
    for (const f of r!.forecasts) expect(Number.isFinite(f.value)).toBe(true)
    expect(r!.diverged!.words.message).toContain(`diverged at epoch ${epochs.length + 1}, step ${r!.diverged!.step}`)
    expect(r!.diverged!.words.message).toContain(`kept epoch ${best.epoch}'s weights; train again with a learning rate lower than 0.55 (--lr), e.g. 0.055, or clip the gradient norm (training.clipNorm in the --config file)`)
    expect(r!.diverged!.words.app).toContain('train again with a learning rate lower than 0.55 (Learning rate in Setup), e.g. 0.055, or clip the gradient norm (Clip gradient norm in Setup)')
  })

  it('before any good epoch fails, as before, in words for each front end', async () => {
    const ds = await load()
    const { hooks } = recorder()
    const config = resolveConfig({ ...EXPLODES, training: { ...EXPLODES.training, lr: 10 } })
    const err = await runTraining({ config, dataset: ds }, hooks).then(() => null, (e: unknown) => e as Error & { app?: string })
    expect(err?.message).toMatch(/^diverged at epoch 1, step \d+, before any epoch finished: .* train again with a learning rate lower than 10 \(--lr\), e\.g\. 1, or clip the gradient norm/)
    expect(err?.app).toContain('(Learning rate in Setup), e.g. 1, or clip the gradient norm (Clip gradient norm in Setup)')
  })

  it('with Adam and the default clip norm 1 (exploratory pass 22: clip norms 1, 0.1 and 0.01 diverged alike at step 2), blames the rate, not the gradient, and offers no clipping', async () => {
    const ds = await load()
    const config = resolveConfig({ data: { target: 'temp_max' }, model: { cell: 'elman', hiddenActivation: 'relu', hiddenSize: 64 }, training: { lr: 1, epochs: 2, earlyStopping: null } })
    expect([config.training.optimizer, config.training.clipNorm]).toEqual(['adam', 1])
    const err = await runTraining({ config, dataset: ds }, recorder().hooks).then(() => null, (e: unknown) => e as Error & { app?: string })
    expect(err?.message).toMatch(/^diverged at epoch 1, step \d+, before any epoch finished: .*; Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm \(on already, at 1\) cannot help: train again with a learning rate lower than 1 \(--lr\), e\.g\. 0\.1$/)
    expect(err?.message).not.toContain('exploding gradients')
    expect(err?.app).not.toContain('Clip gradient norm in Setup')
  })

  it('whose loss explodes is stopped while the loss is still finite, at the step it grew over 1000× the first one (Elman, look-back 200, SGD at 0.5, no clip: on 2 threads its train loss reached 1.75e10 in epoch 1 and NaN only in epoch 3)', async () => {
    const ds = await load()
    const { events, hooks } = recorder()
    const config = resolveConfig({ data: { target: 'temp_max', lookBack: 200 }, model: { cell: 'elman' }, training: { epochs: 6, clipNorm: 0, lr: 0.5, optimizer: 'sgd' } })
    const err = await runTraining({ config, dataset: ds }, hooks).then(() => null, (e: unknown) => e as Error & { app?: string })
    expect(err?.message).toMatch(/^diverged at epoch 1, step \d+, before any epoch finished: the loss on the first step's rows grew to [\d.e+]+× what it was \(over 1000×: exploding gradients\); train again with a learning rate lower than 0\.5 \(--lr\), e\.g\. 0\.05, or clip/)
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(0)
  })
})

describe('runTraining', () => {
  it('emits started, one epoch event per epoch, checkpoints, and a finite result', async () => {
    const ds = await load()
    const { events, hooks } = recorder()
    const r = await runTraining({ config: quick(), dataset: ds }, hooks)
    expect(r).not.toBeNull()
    expect(events.filter((e) => e.type !== 'progress')[0]!.type).toBe('started') // after the preparation's progress
    expect(lossHistory(events)).toHaveLength(4)
    expect(events.filter((e) => e.type === 'checkpoint' && e.checkpoint.kind === 'last')).toHaveLength(4)
    const flow = events.find((e) => e.type === 'epoch')
    expect(flow?.type === 'epoch' && flow.gradFlow.length).toBe(7) // one norm per time step
    for (const m of r!.metrics) expect(m.value === null || Number.isFinite(m.value)).toBe(true)
    expect(r!.forecasts.length).toBeGreaterThan(100)
  })

  it('is deterministic for a seed and different across seeds', async () => {
    const ds = await load()
    const a = recorder()
    const b = recorder()
    const c = recorder()
    await runTraining({ config: quick(), dataset: ds }, a.hooks)
    await runTraining({ config: quick(), dataset: ds }, b.hooks)
    await runTraining({ config: quick({ seed: 7 }), dataset: ds }, c.hooks)
    expect(lossHistory(a.events)).toEqual(lossHistory(b.events))
    expect(lossHistory(a.events)).not.toEqual(lossHistory(c.events))
  })

  it('a run stopped after epoch 2 and resumed from its last checkpoint ends with the same weights', async () => {
    const ds = await load()
    const cfg = quick({ earlyStopping: { patience: 50 }, optimizer: 'adam' })
    const full = recorder()
    await runTraining({ config: cfg, dataset: ds }, full.hooks)

    const first = recorder(2)
    expect(await runTraining({ config: cfg, dataset: ds }, first.hooks)).toBeNull()
    const cps = first.events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []))
    const last = cps.filter((c) => c.kind === 'last').at(-1) as Checkpoint
    const best = cps.filter((c) => c.kind === 'best').at(-1) ?? null
    expect(last.epoch).toBe(2)
    const second = recorder()
    await runTraining({ config: cfg, dataset: ds, resume: { last, best } }, second.hooks)

    const finalOf = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'checkpoint' && e.checkpoint.kind === 'last' ? [e.checkpoint] : [])).at(-1)!
    expect(Array.from(finalOf(second.events).weights)).toEqual(Array.from(finalOf(full.events).weights))
    expect(lossHistory([...first.events, ...second.events])).toEqual(lossHistory(full.events))
  })

  it('leak-free: changing validation and test values leaves every training loss unchanged', async () => {
    const ds = await load()
    const poisoned: Dataset = {
      ...ds,
      columns: ds.columns.map((c) => {
        if (c.kind !== 'numeric') return c
        const v = Float64Array.from(c.values)
        for (let i = Math.floor(ds.rowCount * 0.72); i < v.length; i++) v[i] = v[i]! * 10 + 1000 // val + test rows only
        return { ...c, values: v }
      })
    }
    const a = recorder()
    const b = recorder()
    await runTraining({ config: quick(), dataset: ds }, a.hooks)
    await runTraining({ config: quick(), dataset: poisoned }, b.hooks)
    const trainLosses = (ev: TrainEvent[]) => lossHistory(ev).map(([t]) => t)
    expect(trainLosses(b.events)).toEqual(trainLosses(a.events))
    expect(lossHistory(b.events).map(([, v]) => v)).not.toEqual(lossHistory(a.events).map(([, v]) => v))
  })
})

describe('before the first epoch', () => {
  it("says that it prepares the data before it starts, then counts the preparation's steps as each ends", async () => {
    const rec = recorder()
    expect(await runTraining({ config: quick({ epochs: 1 }), dataset: await load() }, rec.hooks)).not.toBeNull()
    const before = rec.events.slice(0, rec.events.findIndex((e) => e.type === 'started'))
    // every step told, in order, from none to all (a 200,000-row file takes seconds here)
    expect(before).toEqual(Array.from({ length: PREPARE_STEPS + 1 }, (_, done) => ({ type: 'progress', phase: 'preparing', done, total: PREPARE_STEPS })))
    expect(progressWords({ phase: 'preparing', done: 3, total: PREPARE_STEPS })).toBe(`preparing the data (splitting, scaling, cutting it into windows): 3 of ${PREPARE_STEPS} steps done`)
  })
})

describe('after the last epoch', () => {
  it("counts the choice's steps, the statistical models' fits among them, each as it ends, wherever they are fitted", async () => {
    const ds = await load()
    const phases = (ev: TrainEvent[]) => ev.slice(ev.findLastIndex((e) => e.type === 'epoch') + 1).flatMap((e) => (e.type === 'progress' ? [`${e.phase} ${e.done}/${e.total}`] : []))
    const here = recorder()
    expect(await runTraining({ config: quick({ epochs: 1 }), dataset: ds }, here.hooks)).not.toBeNull()
    // the choice counted in evaluate's steps (a rebuild's), every one told: not one silence from
    // its start to its end (it was 0 then 1 of 1)
    const n = EVALUATE_STEPS.regression
    const choosing = Array.from({ length: n + 1 }, (_, i) => `choosing ${i}/${n}`)
    expect(n).toBeGreaterThan(50)
    expect(phases(here.events)).toEqual(choosing)
    // in a single series' words, not a global run's ("each series' forecast … series done")
    expect(progressWords({ phase: 'choosing', done: 12, total: 40 })).toBe('choosing the forecast on the validation rows: 12 of 40 steps done')
    // fitted elsewhere (the trainer's worker thread): counted in the same steps, by the fitter's
    // ticks of the work done (StatJob.ticks)
    const elsewhere = recorder()
    const statFits: StatFitter = async (jobs, done, _stop, tick) => jobs.map((j, i) => (done(i + 1), runStatJob(j, j.ticks ? tick : undefined)))
    expect(await runTraining({ config: quick({ epochs: 1 }), dataset: ds, statFits }, elsewhere.hooks)).not.toBeNull()
    expect(phases(elsewhere.events)).toEqual(choosing)
  })
})

describe('walk-forward backtest', () => {
  it('scores k consecutive test blocks, each after all of its training rows', async () => {
    const { backtest } = await import('./backtest')
    const ds = await load()
    const folds = await backtest(quick({ epochs: 2 }), ds, { words: 'app', folds: 3 })
    expect(folds.map((f) => f.fold)).toEqual([1, 2, 3])
    const block = folds[0]!.testRows
    expect(folds.map((f) => f.trainRows)).toEqual([ds.rowCount - 3 * block, ds.rowCount - 2 * block, ds.rowCount - block])
    for (const f of folds) {
      const rmse = f.metrics.find((m) => m.model === 'model' && m.metric === 'rmse')?.value
      expect(Number.isFinite(rmse)).toBe(true)
      expect(f.metrics.some((m) => m.model === 'naive')).toBe(true)
    }
    // Later folds see more history: their test blocks differ, so their naive scores differ too.
    const naive = folds.map((f) => f.metrics.find((m) => m.model === 'naive' && m.metric === 'rmse')!.value)
    expect(new Set(naive).size).toBe(3)
  })
})

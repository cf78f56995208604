// A listed run's stored choice and range, read once for its row (parsedRun), and the skill the run
// lists give from them (listedSkill): the choice it is handed is the one its rule reads.
import { describe, expect, it } from 'vitest'
import { fewEventsWords } from '../export/verdict'
import { listedClasses, listedSkill, parsedRun } from './listed-skill'

const choiceJson = (chosen: string, network: number) => JSON.stringify({
  chosen, label: chosen, network, members: [], season: 7, steps: 1, message: 'm',
  validation: [{ name: 'ets', label: 'ETS', mae: 2.5 }, { name: 'network', label: 'network', mae: 3.5 }]
})
const rangeJson = JSON.stringify({ domain: null, min: 0, max: 10, n: 20, above: 2, below: 0 })

describe('parsedRun', () => {
  it('reads the stored choice and range once, as their own readers do', () => {
    const p = parsedRun({ choiceJson: choiceJson('ets', 0), rangeJson })
    expect(p.choice).toMatchObject({ chosen: 'ets', label: 'ets', network: 0 })
    expect(p.range).toEqual({ domain: null, min: 0, max: 10, n: 20, above: 2, below: 0 })
  })
  it('gives null for an absent or damaged choice or range, never throwing', () => {
    expect(parsedRun({ choiceJson: null, rangeJson: null })).toEqual({ choice: null, range: null })
    expect(parsedRun({ choiceJson: '{not json', rangeJson: '{"min":"x"}' })).toEqual({ choice: null, range: null })
  })
})

describe('listedSkill with a parsed run', () => {
  // a positive stored skill is judged against the verdict's baseline (the best on validation)
  const rows = [
    { split: 'val' as const, model: 'model', metric: 'rmse', value: 1 },
    { split: 'val' as const, model: 'naive', metric: 'rmse', value: 2 },
    { split: 'test' as const, model: 'model', metric: 'rmse', value: 1 },
    { split: 'test' as const, model: 'naive', metric: 'rmse', value: 4 }
  ]
  const run = { status: 'done' as const, testMetrics: { rmse: 1, skill: 0.75 } }
  it('reads the metric rows only where the rule needs them, with the choice it is given', () => {
    let reads = 0
    const s = listedSkill(run, parsedRun({ choiceJson: choiceJson('network', 1), rangeJson }), 'regression', 'rmse', () => (reads++, rows))
    expect(s).toEqual({ skill: 0.75 })
    expect(reads).toBe(1)
  })
  it('reads them once for a run whose stored test noise is level, and not for that where it is not', () => {
    const choice = (mean: number) => ({ ...parsedRun({ choiceJson: choiceJson('network', 1), rangeJson }).choice!, testNoise: { baseline: 'naive', mean, se: 1, rows: 45, metric: 'rmse' as const, lag: 0 } })
    let reads = 0
    const level = listedSkill(run, { choice: choice(0.5), range: null }, 'regression', 'rmse', () => (reads++, rows))
    expect(level.level).toMatchObject({ baseline: 'naive', mean: 0.5 })
    expect(reads).toBe(1)
    reads = 0
    expect(listedSkill(run, { choice: choice(-3), range: null }, 'regression', 'rmse', () => (reads++, rows))).toEqual({ skill: 0.75 })
    expect(reads).toBe(1)
  })
  it('keeps the stored skill of a run not done, reading no rows', () => {
    const s = listedSkill({ ...run, status: 'failed' as const }, { choice: null, range: null }, 'regression', 'rmse', () => { throw new Error('read') })
    expect(s).toEqual({ skill: null })
  })
})

describe('a classification run listed without its classes (stored before schema 19, no rule)', () => {
  const config = (rule?: string) => JSON.stringify({ data: { task: 'classification', target: 'weather', ...(rule ? { rule } : {}) } })
  const run = { status: 'done' as const, testMetrics: { skill: 0.2 } }
  const tally = () => [[0, 30], [2, 5]] as const // class 1 has no test row
  it('names the target whose class the test period lacks, not "one of the classes" alone', () => {
    const c = () => listedClasses({ classesJson: null, configJson: config() })
    expect(c()).toEqual({ target: 'weather', classes: null })
    const s = listedSkill(run, { choice: null, range: null }, 'classification', null, () => [], tally, c)
    expect(s.fewEvents).toEqual({ fewest: 0, absent: [1], target: 'weather' })
    expect(fewEventsWords(s.fewEvents!)).toBe('the test period holds no row of one of the classes of "weather"')
  })
  it('names the classes themselves where they are known: kept with the run, or a rule\'s', () => {
    const kept = () => listedClasses({ classesJson: JSON.stringify({ names: ['fog', 'rain', 'sun'] }), configJson: config() })
    expect(fewEventsWords(listedSkill(run, { choice: null, range: null }, 'classification', null, () => [], tally, kept).fewEvents!)).toBe('the test period holds no row of rain')
    const ruled = () => listedClasses({ classesJson: null, configJson: config('weather = rain') })
    expect(listedSkill(run, { choice: null, range: null }, 'classification', null, () => [], () => [[0, 30]], ruled).fewEvents).not.toHaveProperty('target')
    expect(listedClasses({ classesJson: null, configJson: JSON.stringify({ data: { task: 'regression', target: 'y' } }) })).toBeNull()
  })
})

describe("a classification run's baselines that classified its test rows better (accuracy, F1)", () => {
  const run = { status: 'done' as const, testMetrics: { brier: 0.3788, skill: 1 - 0.3788 / 0.5091 } }
  const rows = (persistence: number) => [
    { split: 'val' as const, model: 'persistence', metric: 'brier', value: 0.5 },
    ...([['model', 0.3788, 0.7091], ['persistence', 0.5091, persistence]] as const).flatMap(([model, brier, accuracy]) => [{ split: 'test' as const, model, metric: 'brier', value: brier }, { split: 'test' as const, model, metric: 'accuracy', value: accuracy }])
  ]
  it('are listed where the verdict names them, with their scores, and not where none did better', () => {
    expect(listedSkill(run, { choice: null, range: null }, 'classification', 'brier', () => rows(0.7455)).scoresBetter).toEqual([{ metric: 'accuracy', model: 'persistence', value: 0.7455, mine: 0.7091 }])
    expect(listedSkill(run, { choice: null, range: null }, 'classification', 'brier', () => rows(0.7))).not.toHaveProperty('scoresBetter')
  })
  it('are not listed beside no skill or a negative one, where the verdict says none', () => {
    expect(listedSkill({ ...run, testMetrics: { brier: 0.3788, skill: -0.1 } }, { choice: null, range: null }, 'classification', 'brier', () => rows(0.7455))).toEqual({ skill: -0.1 })
  })
})

describe("a classification run's Brier difference within noise (the verdict's level)", () => {
  // training rate best on validation: the skill's baseline, as the verdict's (runSkill)
  const rows = (model: number) => [
    { split: 'val' as const, model: 'training-rate', metric: 'brier', value: 0.21 },
    { split: 'val' as const, model: 'majority', metric: 'brier', value: 0.3 },
    { split: 'test' as const, model: 'model', metric: 'brier', value: model },
    { split: 'test' as const, model: 'training-rate', metric: 'brier', value: 0.2176 },
    { split: 'test' as const, model: 'majority', metric: 'brier', value: 0.25 }
  ]
  const run = (model: number) => ({ status: 'done' as const, testMetrics: { brier: model, skill: 1 - model / 0.2176 } })
  const noise = (mean: number) => ({ baseline: 'training-rate', mean, se: 0.0018, rows: 90 })
  const listed = (model: number, n: ReturnType<typeof noise> | null) => listedSkill(run(model), { choice: null, range: null }, 'classification', 'brier', () => rows(model), undefined, undefined, n)
  it('is level where the mean difference lies within 2 SE of 0, a gain or a loss alike', () => {
    expect(listed(0.2157, noise(-0.0019)).level).toEqual(noise(-0.0019))
    expect(listed(0.2180, noise(0.0004)).level).toEqual(noise(0.0004)) // a small loss: not red
  })
  it('is not level beyond 2 SE, or without noise (runs stored before)', () => {
    expect(listed(0.2, noise(-0.02))).not.toHaveProperty('level')
    expect(listed(0.2157, null)).toEqual(listedSkill(run(0.2157), { choice: null, range: null }, 'classification', 'brier', () => rows(0.2157)))
    expect(listed(0.2157, null)).not.toHaveProperty('level')
  })
  // the noise names the baseline it was measured against (the verdict's, when the run finished):
  // the list reads no metric row to find it
  const unread = (model: number, n: ReturnType<typeof noise> | null) => {
    let reads = 0
    const s = listedSkill(run(model), { choice: null, range: null }, 'classification', 'brier', () => (reads++, rows(model)), undefined, undefined, n)
    return { s, reads }
  }
  it('takes the baseline the stored noise names, reading no metric row for it', () => {
    expect(unread(0.2157, noise(-0.0019))).toEqual({ s: { skill: 1 - 0.2157 / 0.2176, level: noise(-0.0019) }, reads: 0 })
    expect(unread(0.2180, noise(0.0004))).toEqual({ s: { skill: 1 - 0.2180 / 0.2176, level: noise(0.0004) }, reads: 0 })
    // its words name that baseline (levelWords): a noise measured against majority says majority
    expect(unread(0.2157, { ...noise(-0.0019), baseline: 'majority' }).s.level?.baseline).toBe('majority')
    // a loss beyond the noise: nothing more to read, as before
    expect(unread(0.25, noise(0.03))).toEqual({ s: { skill: 1 - 0.25 / 0.2176 }, reads: 0 })
  })
  it('reads the rows of a run stored before the noise only where its skill is positive (the baselines that scored better)', () => {
    expect(unread(0.25, null)).toEqual({ s: { skill: 1 - 0.25 / 0.2176 }, reads: 0 })
    expect(unread(0.2157, null).reads).toBe(1)
    expect(unread(0.2157, null).s).not.toHaveProperty('level')
  })
})

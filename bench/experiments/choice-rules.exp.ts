// The experiment behind the choice rule (core/train/choice.ts, docs/forecasting.md): on every
// quality-benchmark series, train the network once with the defaults (forecaster 'network'), then
// score candidate rules on the same validation paths and held-out forecasts (M4 protocol), so the
// rules differ only in what they pick. Prints, per rule, the geometric-mean MASE relative to
// seasonal naive, the series that beat the better of naive and seasonal naive, and the series
// worse than twice the best method (the workbench's models and R's, from r-reference.json).
//   npx vitest run --config bench/experiments/vitest.config.ts            (all series, minutes)
//   EXP_GROUP=holdout (or all: tuning and holdout), EXP_ONLY=Nile,lynx: other series; the fresh
//   group is never run here (it is for measuring the fixed defaults, not for choosing rules)
//   EXP_ONLY=Nile,lynx npx vitest run --config bench/experiments/vitest.config.ts
//   EXP_SEEDS=3: the network is the mean of 3 trainings (seeds 42, 43, 44), an ensemble of seeds
//   EXP_DESEASON=1 (or always): a second network on the seasonally adjusted series, and the rule with it
//   EXP_CLEAN=values,logs,both: ETS, Theta and ARIMA also fitted on rows cleaned by tsoutliers (on
//   the values; on the logs of a positive series; where both find one, as the runs do), and the rule
//   with each
import { readFileSync } from 'node:fs'
import { it } from 'vitest'
import { applyFitted, fitStat, importCsv, naiveScale, type StatName } from '../../core/data'
import { blend, pathMae, statPeriod, TRIM_RATIO } from '../../core/train/choice'
import { resolveConfig } from '../../core/train/config'
import { forecastAhead, loadModelFile } from '../../core/train/forecast'
import { networkPaths } from '../../core/train/paths'
import { prepareRun } from '../../core/train/prepare'
import { runTraining } from '../../core/train/run'
import { defaultLookBack } from '../../core/train/season'
import { randomWalkTest, type RandomWalkTest } from '../../core/data/stats/random-walk'
import { decomposeFigure } from '../../core/data/stats/linalg'
import { thetaSeasonal } from '../../core/data/stats/theta'
import { cleanOutliers, statOutliers, tsoutliers, withReplaced } from '../../core/data/stats/outliers'
import { loadManifest, readSeries } from '../quality-data'

const root = new URL('../..', import.meta.url).pathname
const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
const STATS: StatName[] = ['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima']

interface Case {
  name: string
  val: Record<string, Float64Array> // (W, K) validation paths per candidate
  fc: Record<string, Float64Array> // (h) held-out forecasts per candidate (stats refitted on every row)
  y: Float64Array; test: Float64Array; origins: Int32Array; K: number; valRange: { start: number; end: number }
  scale: number; best: number // in-sample seasonal-naive MAE; the best MASE of any method (R's too)
  rw: RandomWalkTest; nTrain: number // the random-walk test on the training rows; their count
}

const mean = (xs: Float64Array[]) => Float64Array.from(xs[0]!, (_, i) => xs.reduce((s, x) => s + x[i]!, 0) / xs.length)

async function cases(): Promise<Case[]> {
  const only = process.env.EXP_ONLY?.split(',')
  const R = JSON.parse(readFileSync(`${root}/bench/quality/r-reference.json`, 'utf8')).series as Record<string, { methods: Record<string, { mase: number }> }>
  const out: Case[] = []
  // the series the rule was tuned on by default; EXP_GROUP=holdout (or all) for the others, never fresh
  const group = process.env.EXP_GROUP ?? 'tuning'
  if (group !== 'tuning' && group !== 'holdout' && group !== 'all') throw new Error(`EXP_GROUP=${group}: expected tuning, holdout or all (the fresh group is not for experiments)`)
  for (const spec of loadManifest(root, group === 'all' ? undefined : group).filter((s) => s.group !== 'fresh')) {
    if (only && !only.includes(spec.name)) continue
    const s = readSeries(root, spec)
    const cut = s.value.length - s.horizon
    const ds = await importCsv('time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${s.value[i]}`).join('\n'), { fileName: `${spec.name}.csv` })
    const config = resolveConfig({ data: { target: 'value', features: [], lookBack: defaultLookBack(ds, 'value', 'auto', 1) }, model: { forecaster: 'network' } })
    const splits = prepareRun(config, ds).prep.splits
    const nv = splits.val.end - splits.val.start
    const origins = Int32Array.from({ length: nv }, (_, i) => splits.val.end - 1 - nv + i)
    // EXP_SEEDS=n: the network is the mean of n trainings with seeds 42 (the default), 43, ...; the
    // season and steps the choice read are the same for every seed
    const seeds = Number(process.env.EXP_SEEDS ?? 1)
    let season = 1, K = 1, epochs = 0
    const netVal: Float64Array[] = []
    const netFc: Float64Array[] = []
    for (let k = 0; k < seeds; k++) {
      const r = (await runTraining({ config: { ...config, training: { ...config.training, seed: config.training.seed + k } }, dataset: ds, appVersion: '0.1.0' }, hooks))!
      const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
      const a = applyFitted(ds, m.config, m.fitted)
      ;({ season, steps: K } = r.choice!)
      epochs += r.epochsRun
      netVal.push(networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, a.inputs, a.D, origins, K))
      netFc.push(Float64Array.from(forecastAhead(m, a, s.horizon), (p) => p.value))
    }
    const y = Float64Array.from(s.value.slice(0, cut))
    const test = Float64Array.from(s.value.slice(cut))
    const val: Record<string, Float64Array> = { network: mean(netVal) }
    const fc: Record<string, Float64Array> = { network: mean(netFc) }
    // EXP_DESEASON=1: 'network-ds', the network trained on the series divided by (or less) the
    // classical seasonal figure of its training rows, as thetaf adjusts (when the lag-m
    // autocorrelation is significant at 90 %; multiplicative for a positive series, else additive),
    // its forecasts reseasonalised; the same network where the test finds no season
    if (process.env.EXP_DESEASON) {
      const trainY = y.slice(splits.train.start, splits.train.end)
      if (splits.train.start !== 0) throw new Error(`${spec.name}: training rows start at ${splits.train.start}`)
      const mult = trainY.every((v) => v > 0)
      // EXP_DESEASON=always: whenever the run has a season and two of them in its training rows
      const seasonal = process.env.EXP_DESEASON === 'always' ? trainY.length >= 2 * season : thetaSeasonal(trainY, season)
      const fig = season > 1 && seasonal ? decomposeFigure(trainY, season, mult) : null
      if (!fig) (val['network-ds'] = val['network']!), (fc['network-ds'] = fc['network']!)
      else {
        const adj = (v: number, t: number) => (mult ? v / fig[t % season]! : v - fig[t % season]!)
        const back = (v: number, t: number) => (mult ? v * fig[t % season]! : v + fig[t % season]!)
        const ds2 = await importCsv('time,value\n' + s.time.slice(0, cut).map((t, i) => `${t},${adj(s.value[i]!, i)}`).join('\n'), { fileName: `${spec.name}-ds.csv` })
        const r = (await runTraining({ config, dataset: ds2, appVersion: '0.1.0' }, hooks))!
        const m = loadModelFile(JSON.parse(JSON.stringify(r.modelFile)), '0.1.0')
        const a = applyFitted(ds2, m.config, m.fitted)
        const paths = networkPaths({ model: m.model, fitted: m.fitted, window: m.config.window }, a.inputs, a.D, origins, K)
        origins.forEach((o, w) => { for (let k = 0; k < K; k++) paths[w * K + k] = back(paths[w * K + k]!, o + 1 + k) })
        val['network-ds'] = paths
        fc['network-ds'] = Float64Array.from(forecastAhead(m, a, s.horizon), (p, k) => back(p.value, cut + k))
        console.log(`${spec.name}: deseasonalised (${mult ? 'multiplicative' : 'additive'}, m ${season})`)
      }
    }
    for (const n of STATS) {
      try {
        val[n] = fitStat(n, y.slice(splits.train.start, splits.train.end), statPeriod(n, season)).forecastAt(y, origins, K)
        fc[n] = fitStat(n, y, statPeriod(n, season)).forecast(s.horizon)
      } catch { /* too short for it: not a candidate */ }
    }
    // EXP_CLEAN=values,logs,both: 'ets-values' etc. fitted on the training rows cleaned by tsoutliers
    // (on the values; on the logs of a positive series; what both find, as statOutliers does) and
    // replayed over them and the raw rows after; the forecast from every row cleaned alike
    for (const how of (process.env.EXP_CLEAN ?? '').split(',').filter(Boolean) as ('values' | 'logs' | 'both')[]) {
      const trainY = y.slice(splits.train.start, splits.train.end)
      const m = season > 1 ? season : null
      const clean = (x: Float64Array) => {
        if (how === 'both') return withReplaced(x, statOutliers(x, m).replaced)
        if (how === 'values' || !x.every((v) => v > 0)) return cleanOutliers(x, tsoutliers(x, m))
        const f = tsoutliers(x.map(Math.log), m)
        return cleanOutliers(x, { index: f.index, replacements: f.replacements.map(Math.exp) })
      }
      const ct = clean(trainY)
      const replay = Float64Array.from(y)
      replay.set(ct, splits.train.start)
      const call = clean(y)
      const nTrainOut = ct.reduce((k, v, i) => k + (v !== trainY[i] ? 1 : 0), 0)
      if (nTrainOut) console.log(`${spec.name}: ${nTrainOut} training values cleaned (${how})`)
      for (const n of ['ets', 'theta', 'arima'] as const) {
        try {
          val[`${n}-${how}`] = fitStat(n, ct, statPeriod(n, season)).forecastAt(replay, origins, K)
          fc[`${n}-${how}`] = fitStat(n, call, statPeriod(n, season)).forecast(s.horizon)
        } catch { /* as above */ }
      }
    }
    const scale = naiveScale(y, spec.period)
    const mase = (f: Float64Array) => f.reduce((t, v, i) => t + Math.abs(test[i]! - v), 0) / f.length / scale
    const best = Math.min(...['naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'].filter((n) => fc[n]).map((n) => mase(fc[n]!)), ...Object.values(R[spec.name]?.methods ?? {}).map((x) => x.mase))
    const rw = randomWalkTest(y.subarray(splits.train.start, splits.train.end), season)
    out.push({ name: spec.name, val, fc, y, test, origins, K, valRange: splits.val, scale, best, rw, nTrain: splits.train.end - splits.train.start })
    console.log(`${spec.name}: trained (${epochs} epochs over ${seeds} seed${seeds > 1 ? 's' : ''})`)
  }
  return out
}

/** A rule: the forecast for the held-out points, and what it picked. */
type Rule = (c: Case, v: (names: string[]) => number) => { f: Float64Array; picked: string }

interface RuleOptions { rwTest?: boolean; minValForTrim?: number; minTrainForNet?: number; seasonalFallback?: boolean }
function trimmedRule(members: string[], trim: number, rw = 0.1, o: RuleOptions = {}, net = 'network'): Rule {
  return (c, v) => {
    if (o.rwTest && c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const ok = members.filter((n) => c.val[n] && Number.isFinite(v([n])))
    const best = Math.min(...ok.map((n) => v([n])))
    const nv = c.valRange.end - c.valRange.start
    const kept = o.minValForTrim && nv < o.minValForTrim ? ok : ok.filter((n) => v([n]) <= trim * best)
    let names = kept
    if (!(o.minTrainForNet && c.nTrain < o.minTrainForNet) && v([net]) <= v(kept)) names = [...kept, net]
    // seasonalFallback: seasonal naive may take over as naive does, when it is the better of the two
    const fallback = o.seasonalFallback && c.val['seasonal-naive'] && v(['seasonal-naive']) < v(['naive']) ? 'seasonal-naive' : 'naive'
    if (v([fallback]) < (1 - rw) * v(names)) names = [fallback]
    return { f: mean(names.map((n) => c.fc[n]!)), picked: names.join('+') }
  }
}
/** The yardstick members weighted by validation MAE^-power (power 0: equal weights, as the rule
 *  does), the network joining, weighted alike, when it does at least as well as their weighted mean;
 *  equal weights under minVal validation rows; the random-walk test and naive check as the rule's. */
function weightedRule(power: number, minVal = 0, trim = Infinity): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const score = (p: Float64Array) => pathMae(c.y, p, c.origins, c.K, c.valRange)
    // choice.ts's blend, with the weights normalised to sum to 1
    const blendOf = (names: string[], w: number[], src: Record<string, Float64Array>) => {
      const tot = w.reduce((a, b) => a + b, 0)
      return blend(null, 0, names.map((n) => src[n]!), w.map((x) => x / tot))
    }
    const nv = c.valRange.end - c.valRange.start
    const p = nv < minVal ? 0 : power
    const ok = ['ets', 'theta', 'arima'].filter((n) => c.val[n] && Number.isFinite(v([n])))
    const best = Math.min(...ok.map((n) => v([n])))
    const kept = nv < minVal ? ok : ok.filter((n) => v([n]) <= trim * best)
    const w = kept.map((n) => Math.pow(v([n]), -p))
    let names = kept
    let ws = w
    if (v(['network']) <= score(blendOf(kept, w, c.val))) (names = [...kept, 'network']), (ws = [...w, Math.pow(v(['network']), -p)])
    if (v(['naive']) < 0.9 * score(blendOf(names, ws, c.val))) return { f: c.fc['naive']!, picked: 'naive' }
    return { f: blendOf(names, ws, c.fc), picked: names.map((n, j) => `${n}:${(ws[j]! / ws.reduce((a, b) => a + b, 0)).toFixed(2)}`).join('+') }
  }
}
/** The element-wise median of the members' forecasts (the mean of the middle two for an even count). */
const median = (xs: Float64Array[]) => Float64Array.from(xs[0]!, (_, i) => {
  const v = xs.map((x) => x[i]!).sort((a, b) => a - b)
  const k = v.length >> 1
  return v.length % 2 ? v[k]! : (v[k - 1]! + v[k]!) / 2
})
/** The median of ETS, Theta and ARIMA instead of their trimmed mean (SCUM, Petropoulos & Svetunkov
 *  2020, took the median of ETS, CES, ARIMA and DOTM): robust to one member that goes astray without
 *  asking validation which one. The network joins the median when it does as well as the median on
 *  validation (withNet), or always ('always'); the random-walk test and naive check as the rule's. */
function medianRule(withNet: 'never' | 'val' | 'always'): Rule {
  return (c, v) => {
    if (c.rw.randomWalk) return { f: c.fc['naive']!, picked: 'naive (random walk)' }
    const score = (p: Float64Array) => pathMae(c.y, p, c.origins, c.K, c.valRange)
    const ok = ['ets', 'theta', 'arima'].filter((n) => c.val[n] && Number.isFinite(v([n])))
    let names = ok
    if (withNet === 'always' || (withNet === 'val' && v(['network']) <= score(median(ok.map((n) => c.val[n]!))))) names = [...ok, 'network']
    if (v(['naive']) < 0.9 * score(median(names.map((n) => c.val[n]!)))) return { f: c.fc['naive']!, picked: 'naive' }
    return { f: median(names.map((n) => c.fc[n]!)), picked: `median(${names.join(',')})` }
  }
}
const bestSingle: Rule = (c, v) => {
  const n = ['ets', 'theta', 'arima'].filter((x) => c.val[x]).sort((a, b) => v([a]) - v([b]))[0]!
  return { f: c.fc[n]!, picked: n }
}

it('choice rules on the quality benchmark', async () => {
  const all = await cases()
  const rules: [string, Rule][] = [
    ['the rule', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })],
    ...(process.env.EXP_CLEAN ?? '').split(',').filter(Boolean).map((how) =>
      [`the rule, statistical models on rows cleaned (${how})`, trimmedRule([`ets-${how}`, `theta-${how}`, `arima-${how}`], 1.5, 0.1, { rwTest: true, minValForTrim: 10 })] as [string, Rule]),
    ['the rule, seasonal naive falling back as naive does', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, seasonalFallback: true })],
    ...(process.env.EXP_DESEASON ? [
      ['the rule, its network deseasonalised', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10 }, 'network-ds')],
      ['the network alone, deseasonalised', (c) => ({ f: c.fc['network-ds']!, picked: 'network-ds' })]
    ] as [string, Rule][] : []),
    ['best single (ETS, Theta, ARIMA) on validation', bestSingle],
    ['ETS+Theta, network joins (before ARIMA)', trimmedRule(['ets', 'theta'], Infinity)],
    ['ETS+Theta+ARIMA, untrimmed', trimmedRule(['ets', 'theta', 'arima'], Infinity)],
    ...[1.3, 1.5, 1.75, 2, 3].map((t) => [`ETS+Theta+ARIMA trimmed at ${t}${t === TRIM_RATIO ? ' (the rule)' : ''}`, trimmedRule(['ets', 'theta', 'arima'], t)] as [string, Rule]),
    ['trimmed at 1.5, random-walk test', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true })],
    ...[6, 10, 15].map((x) => [`trimmed at 1.5, rw test, no trim under ${x} val rows`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: x })] as [string, Rule]),
    ...[20, 30, 50].map((x) => [`trimmed at 1.5, rw test, no network under ${x} train rows`, trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minTrainForNet: x })] as [string, Rule]),
    ['trimmed 1.5, rw, no trim <10 val, no net <30 train', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, minTrainForNet: 30 })],
    ['the rule without the network (the statistical yardstick alone)', trimmedRule(['ets', 'theta', 'arima'], 1.5, 0.1, { rwTest: true, minValForTrim: 10, minTrainForNet: Infinity })],
    ['the network alone', (c) => ({ f: c.fc['network']!, picked: 'network' })],
    ...[0, 1, 2, 4].map((p) => [`weighted MAE^-${p}, equal under 10 val rows`, weightedRule(p, 10)] as [string, Rule]),
    ...[1, 2].map((p) => [`weighted MAE^-${p}, trimmed 1.5, equal under 10`, weightedRule(p, 10, 1.5)] as [string, Rule]),
    ...[1, 2].map((p) => [`weighted MAE^-${p} always`, weightedRule(p, 0)] as [string, Rule]),
    ['median of ETS, Theta, ARIMA (no network)', medianRule('never')],
    ['median, the network joining when it does as well', medianRule('val')],
    ['median of the four, the network always in', medianRule('always')]
  ]
  for (const c of all) console.log(`${c.name.padEnd(24)} train ${c.nTrain} val ${c.valRange.end - c.valRange.start} rw ${c.rw.randomWalk} p ${c.rw.p.toFixed(3)} lag ${c.rw.lag} t ${c.rw.driftT.toFixed(2)}`)
  for (const [label, rule] of rules) {
    const rel: number[] = []
    const bad: string[] = []
    let beat = 0
    let tie = 0
    for (const c of all) {
      const cache = new Map<string, number>()
      const v = (names: string[]) => {
        const key = names.join('+')
        if (!cache.has(key)) cache.set(key, pathMae(c.y, mean(names.map((n) => c.val[n]!)), c.origins, c.K, c.valRange))
        return cache.get(key)!
      }
      const { f, picked } = rule(c, v)
      if (process.env.EXP_VERBOSE) console.log(`  ${c.name}: ${picked}`)
      const mase = f.reduce((t, x, i) => t + Math.abs(c.test[i]! - x), 0) / f.length / c.scale
      const m = (n: string) => c.fc[n]!.reduce((t, x, i) => t + Math.abs(c.test[i]! - x), 0) / c.fc[n]!.length / c.scale
      const sn = c.fc['seasonal-naive'] ? m('seasonal-naive') : m('naive')
      rel.push(mase / sn)
      if (mase < Math.min(m('naive'), sn)) beat++
      else if (mase === Math.min(m('naive'), sn)) tie++
      if (mase > 2 * c.best) bad.push(`${c.name} ${(mase / c.best).toFixed(1)}x`)
    }
    const gm = Math.exp(rel.reduce((s, x) => s + Math.log(x), 0) / rel.length)
    console.log(`${label.padEnd(48)} gm MASE/snaive ${gm.toFixed(3)}  beat naive/snaive ${beat}/${all.length} (+${tie} level)  worse than 2x best: ${bad.join(', ') || 'none'}`)
  }
})

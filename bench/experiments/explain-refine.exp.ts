// The cost of refining integrated gradients on the validation windows of global importance
// (core/train/explain.ts refineWindows, docs/explain.md): on an hourly LSTM run most validation
// windows' cells miss more of their move than the tolerance by the plain 32-node rule. This times,
// on the same windows of one run: the plain rule; every window over the tolerance refined one at a
// time (integratedGradients, a window per call, as a window was refined before the windows were
// batched); the same windows refined together (integratedGradientsMany, no total budget); and the
// validation windows as explainRun refines them (GLOBAL_REFINE_BUDGET in all). It says how many
// windows are over the tolerance after each, the seconds (wall-clock) and the gradient evaluations,
// and for each total budget the most windows it could bring within the tolerance in any order.
// The run: the seeded hourly load-like series of hourly-load.ts (seed 1, 52 weeks), trained by the
// built CLI (`npm run build` first) as `fw train --csv load.csv --target load_mw --horizon 48`.
//   nice npx vitest run --config bench/experiments/vitest.config.ts explain-refine
//   EXP_DB=runs.db EXP_RUN=1: a run already trained, instead
//   EXP_WINDOWS=500 (validation windows, as fw explain's default), EXP_ONE_BY_ONE=100 (of them refined one at a time),
//   EXP_BUDGETS=10000,20000 (total budgets to refine all windows with; default GLOBAL_REFINE_BUDGET)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { it } from 'vitest'
import { openStore } from '../../core/store'
import { rebuildStoredRun } from '../../core/services/run-export'
import { defaultBaseline, GLOBAL_REFINE_BUDGET, integratedGradients, integratedGradientsMany, windowAt, type Attribution, type ExplainSubject } from '../../core/train/explain'
import { generate } from './hourly-load'

const repoRoot = resolve(__dirname, '../..')

it('refining the validation windows: one at a time against together', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'explain-refine-'))
  try {
    let db = process.env['EXP_DB']
    if (!db) {
      const csv = join(tmp, 'load.csv')
      writeFileSync(csv, generate(1, 52))
      db = join(tmp, 'runs.db')
      execFileSync(process.execPath, [join(repoRoot, 'bin/fw.js'), 'train', '--csv', csv, '--target', 'load_mw', '--horizon', '48', '--db', db, '--out', join(tmp, 'out')], { stdio: 'ignore' })
    }
    const store = openStore(db, { appVersion: 'exp' })
    const r = rebuildStoredRun(store, Number(process.env['EXP_RUN'] ?? 1))
    store.close()
    const prep = r.rebuilt.run.prep
    const L = r.config.data.lookBack
    const h = r.config.data.horizon
    const D = prep.fitted.D
    const s: ExplainSubject = { model: r.rebuilt.model, fitted: prep.fitted, lookback: L, horizon: h, output: r.config.data.direct ? h - 1 : 0, baseline: defaultBaseline(prep.fitted, prep.inputs) }
    // the validation windows as explainRun picks them
    const starts = prep.windows.val.starts
    const cap = Number(process.env['EXP_WINDOWS'] ?? 500)
    const pick = starts.length <= cap ? Array.from(starts) : Array.from({ length: cap }, (_, i) => starts[Math.floor((i * starts.length) / cap)]!)
    const ends = pick.map((st) => st + L - 1).filter((e) => e + h < prep.N)
    const W = ends.length
    const xs = new Float64Array(W * L * D) // (W, L, D)
    const anchors = new Float64Array(W) // (W)
    ends.forEach((e, i) => {
      const a = windowAt(s, prep.inputs, e)
      xs.set(a.x, i * L * D)
      anchors[i] = a.anchor
    })
    const over = (as: Attribution[]) => as.filter((a) => Math.abs(a.gap) > a.tolerance).length
    const spent = (as: Attribution[]) => as.reduce((t, a) => t + a.evaluations - 32, 0)
    const timed = <T>(f: () => T): [T, number] => {
      const t0 = performance.now()
      const v = f()
      return [v, (performance.now() - t0) / 1000]
    }
    const lines: string[] = [`run: ${W} validation windows, look-back ${L}, horizon ${h}, ${r.config.model.cell}`]
    const [plain, tp] = timed(() => integratedGradientsMany(s, xs, anchors, { refine: 0 }))
    const overIdx = plain.map((a, i) => (Math.abs(a.gap) > a.tolerance ? i : -1)).filter((i) => i >= 0)
    lines.push(`plain 32-node rule: ${over(plain)} of ${W} over the tolerance, ${tp.toFixed(1)} s`)
    // the first K windows over the tolerance, one at a time, then together
    const K = Math.min(overIdx.length, Number(process.env['EXP_ONE_BY_ONE'] ?? 100))
    const sub = overIdx.slice(0, K)
    const subXs = new Float64Array(K * L * D) // (K, L, D)
    sub.forEach((w, i) => subXs.set(xs.subarray(w * L * D, (w + 1) * L * D), i * L * D))
    const subAnchors = Float64Array.from(sub, (w) => anchors[w]!)
    const [one, t1] = timed(() => sub.map((_w, i) => integratedGradients(s, subXs.subarray(i * L * D, (i + 1) * L * D), subAnchors[i]!)))
    lines.push(`${K} windows over the tolerance refined one at a time: ${over(one)} still over, ${spent(one)} evaluations, ${t1.toFixed(1)} s`)
    const [many, tm] = timed(() => integratedGradientsMany(s, subXs, subAnchors))
    lines.push(`the same ${K} refined together: ${over(many)} still over, ${spent(many)} evaluations, ${tm.toFixed(1)} s`)
    let worst = 0
    many.forEach((a, i) => (worst = Math.max(worst, Math.abs(a.gap - one[i]!.gap) / Math.max(1e-12, Math.abs(a.Fx - a.Fb)))))
    lines.push(`  largest difference of a window's gap, together against one at a time: ${worst.toExponential(1)} of its move`)
    // what each window over the tolerance costs refined to the end (no total budget), and so the most
    // windows a budget could bring within the tolerance in any order: the cheapest first
    const costs = integratedGradientsMany(s, xs, anchors).filter((a) => a.plainOver && Math.abs(a.gap) <= a.tolerance).map((a) => a.evaluations - 32).sort((a, b) => a - b)
    const most = (budget: number) => {
      let n = 0
      for (let left = budget; n < costs.length && costs[n]! <= left; n++) left -= costs[n]!
      return n
    }
    for (const budget of (process.env['EXP_BUDGETS'] ?? String(GLOBAL_REFINE_BUDGET)).split(',').map(Number)) {
      const [all, ta] = timed(() => integratedGradientsMany(s, xs, anchors, { refineTotal: budget }))
      lines.push(`all ${W} as explainRun refines them, budget ${budget}${budget === GLOBAL_REFINE_BUDGET ? ' (the default)' : ''}: ${over(all)} still over, ${spent(all)} evaluations, ${ta.toFixed(1)} s; of the ${overIdx.length} over by the plain rule ${overIdx.length - over(all)} brought within the tolerance (at most ${most(budget)} in any order)`)
      let same = 0
      plain.forEach((a, i) => (same += Math.abs(a.gap) <= a.tolerance && a.target.every((v, j) => Object.is(v, all[i]!.target[j])) ? 1 : 0))
      lines.push(`  windows within the tolerance by the plain rule, their attributions bit for bit the same: ${same} of ${W - overIdx.length}`)
    }
    console.log(lines.join('\n'))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
})

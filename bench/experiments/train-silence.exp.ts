// The longest silence of a single-series training (no progress event told) on the CO2 sample, as fw
// train runs it (--no-db, its default config): each gap between events over EXP_GAPS seconds (0.25
// unless set), the longest overall and the longest after the last epoch, with the events on either
// side. EXP_RUNS: how many runs (1 unless set).
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/train-silence.exp.ts
// Measured on 6 December on a loaded 2-core machine (EXP_RUNS=3, runs of 4.6-6.6 s): the choice told
// as one step (0 then 1 of 1), the longest silence was that step, 3.40-3.97 s; counted in evaluate's
// 93 steps, 1.44-2.22 s, the two left being the statistical models' fits (step 8 -> 9, an ARIMA
// search, one step) and the test paths' statistical forecasts (82 -> 83, after the network's).
// The fits and the chosen models' refits counted in 40 parts each by their work (inTicks: ETS's
// candidates, ARIMA's search, each iteration of its maximum-likelihood fits), before and after back
// to back at a load average of 20-23 (runs of 17-22 s): longest silence 5.63 and 6.78 s (8 -> 9 of
// 93, the fits) -> 2.15 and 1.68 s (45 -> 46 of 172: the last of the fits' parts, 16 iterations of
// ARIMA's last ML fit apart).
// The data's preparation, before 'started' (printed apart since then): told as one word (prepare, 0
// of 1) it was one silence, 0.05-0.12 s here (EXP_RUNS=3, load average 13); counted in prepareRun's
// PREPARE_STEPS (11), its longest 0.06-0.14 s (1 -> 2 of 11: the first outlier pass). On a
// 200,000-row hourly file, stopped at 'started' (two runs each): 3.58 and 4.88 s of silence -> the
// longest 1.14 and 1.31 s (the same step), 13 events.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { parseArgs } from '../../core/cli/args'
import { TRAIN_FLAGS, train } from '../../core/cli/train'
import { progressWords } from '../../core/train/progress'
import type { TrainEvent } from '../../core/train/types'

const said = (e: TrainEvent) => (e.type === 'progress' ? progressWords(e) : e.type === 'epoch' ? `epoch ${e.epoch}` : e.type)

it('the longest silence of a CO2 training', async () => {
  const runs = Number(process.env['EXP_RUNS'] ?? 1)
  const over = Number(process.env['EXP_GAPS'] ?? 0.25)
  for (let r = 0; r < runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'fw-silence-'))
    const p = parseArgs(['--csv', 'resources/samples/co2-concentration.csv', '--target', 'CO2', '--no-db', '--json', '--out', dir], TRAIN_FLAGS, 'train')
    const seen: { t: number; what: string }[] = []
    const t0 = performance.now()
    let lastEpoch = 0
    let started = 0
    await train(p, { write: () => true, isTTY: false } as never, (e) => {
      seen.push({ t: performance.now(), what: said(e) })
      if (e.type === 'epoch') lastEpoch = seen.length - 1
      if (e.type === 'started') started = seen.length - 1
    })
    const end = performance.now()
    seen.push({ t: end, what: 'end' })
    let longest = { gap: 0, at: 0 }
    let after = { gap: 0, at: 0 }
    let before = { gap: 0, at: 0 } // up to 'started': the data's preparation
    for (let i = 1; i < seen.length; i++) {
      const gap = (seen[i]!.t - seen[i - 1]!.t) / 1000
      if (gap > longest.gap) longest = { gap, at: i }
      if (i > lastEpoch && gap > after.gap) after = { gap, at: i }
      if (i <= started && gap > before.gap) before = { gap, at: i }
      if (gap > over) console.log(`  ${gap.toFixed(2)} s: ${seen[i - 1]!.what} -> ${seen[i]!.what}`)
    }
    const after0 = seen[lastEpoch]!.t
    console.log(`run ${r + 1}: ${((end - t0) / 1000).toFixed(1)} s, ${seen.length - 1} events, the first after ${((seen[0]!.t - t0) / 1000).toFixed(2)} s; before 'started' ${((seen[started]!.t - seen[0]!.t) / 1000).toFixed(2)} s in ${started + 1} events, longest ${before.gap.toFixed(2)} s (${seen[before.at - 1]!.what} -> ${seen[before.at]!.what}); longest silence ${longest.gap.toFixed(2)} s (${seen[longest.at - 1]!.what} -> ${seen[longest.at]!.what}); after the last epoch ${((end - after0) / 1000).toFixed(2)} s in ${seen.length - 1 - lastEpoch} events, longest ${after.gap.toFixed(2)} s (${seen[after.at - 1]!.what} -> ${seen[after.at]!.what})`)
  }
})

// fw sweep stopped part way (Ctrl-C): it prints the ranking of the trials stored so far and says
// what finishes the sweep; the same command run again continues that sweep, training only the
// trials that never started; fw sweeps SWEEP and fw show RUN rank its trials again. Trials are
// named "sweep N · trial M · setting=value", apart from every other sweep's. The trials run in the
// real trainer, bundled from this checkout's source.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from './args'
import { Stopped, type StopTrap } from './stop'
import { SWEEP_FLAGS, continuedWords, finishWords, sweep } from './sweep'
import { openStore } from '../store'
import { trialName } from '../services/sweep-trials'
import { fw } from './test-fixtures/fw'
import { fmt } from './format'
import { bundleTrainer } from './test-fixtures/bundle-trainer'

const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-stop-'))
const csv = join(dir, 'daily.csv')
const grid = join(dir, 'grid.json')
const db = join(dir, 'runs.db')
let trainer: { restore: () => void } | null = null

beforeAll(async () => {
  trainer = await bundleTrainer('fw-sweep-stop')
  const day = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const rows = ['date,sales']
  for (let i = 0; i < 120; i++) rows.push(`${day(i)},${(50 + 0.3 * i + 8 * Math.sin((2 * Math.PI * i) / 7) + 3 * Math.cos(i * 1.3)).toFixed(2)}`)
  writeFileSync(csv, rows.join('\n') + '\n')
  writeFileSync(grid, JSON.stringify({ 'model.hiddenSize': [2, 3, 4] }))
}, 120_000)

afterAll(() => {
  trainer?.restore()
  rmSync(dir, { recursive: true, force: true })
})

const args = ['--csv', csv, '--target', 'sales', '--grid', grid, '--epochs', '1', '--seed', '3', '--concurrency', '1', '--db', db]

/** A Ctrl-C heard once `when` is written to the sweep's output. */
function stopWhen(when: RegExp): { trap: StopTrap; out: { write: (s: string) => void; isTTY: boolean }; text: () => string } {
  let signal: NodeJS.Signals | null = null
  let text = ''
  const listeners: (() => void)[] = []
  const trap: StopTrap = {
    get signal() {
      return signal
    },
    setQuitHint() {},
    onStop: (fn) => void listeners.push(fn),
    training() {},
    release() {}
  }
  const out = {
    isTTY: false,
    write(s: string) {
      text += s
      if (signal === null && when.test(text)) {
        signal = 'SIGINT'
        for (const fn of listeners) fn()
      }
    }
  }
  return { trap, out, text: () => text }
}

function sweepRuns() {
  const store = openStore(db)
  try {
    return { sweeps: store.sweeps.list().map((s) => s.id), runs: store.runs.list().map((r) => ({ id: r.id, sweepId: r.sweepId, name: r.name, status: r.status, hidden: (JSON.parse(r.configJson) as { model: { hiddenSize: number } }).model.hiddenSize })) }
  } finally {
    store.close()
  }
}

describe('fw sweep stopped part way, and continued', () => {
  it('ranks the trials stored at the stop, says how to finish, and the same command again trains only the trials that never started', async () => {
    const stop = stopWhen(/trial 1 \(run \d+\): done\n/)
    const stopped = await sweep(parseArgs(['sweep', ...args].slice(1), SWEEP_FLAGS, 'sweep'), stop.out, stop.trap).then(() => null, (e: unknown) => e)
    expect(stopped).toBeInstanceOf(Stopped)
    const message = (stopped as Error).message
    // trial 3 waits for trial 2 (one at a time): it never starts, and the same command trains it
    expect(message).toMatch(/^stopped by SIGINT: sweep 1 cancelled; to finish it: /)
    expect(message).toMatch(/the same fw sweep command again trains the (trial|2 trials) that never started \((trials 2 and 3|trial 3)\), skipping those stored$/)
    const first = sweepRuns()
    expect(first.sweeps).toEqual([1])
    // each stored trial is named apart from every other sweep's trial of its number
    for (const r of first.runs) expect(r.name).toBe(trialName(1, r.hidden - 2, { 'model.hiddenSize': r.hidden }))
    // a trial 2 stopped while training is continued by fw resume, named in the message
    const two = first.runs.find((r) => r.hidden === 3)
    if (two) expect(message).toContain(`fw resume ${two.id} --db ${db} continues the trial stopped while training (trial 2)`)
    // the ranking of the trials stored so far, as a finished sweep prints it
    const lines = stop.text().split('\n')
    const head = lines.findIndex((l) => /^rank +trial +run +model\.hiddenSize +forecast val mae +network used +best val loss +status$/.test(l))
    expect(head).toBeGreaterThan(0)
    expect(lines[head + 2]).toMatch(new RegExp(`^1 +1 +${first.runs.find((r) => r.hidden === 2)!.id} +2 +`))

    // continued, the sweep keeps its name: another --name is refused, nothing trained or stored
    const renamed = await fw('sweep', ...args, '--name', 'wider')
    expect(renamed.code).not.toBe(0)
    expect(renamed.stderr).toContain('fw sweep: --name "wider": these data, grid and settings continue sweep 1 "sweep of daily.csv", which keeps its name; leave out --name (or give --name "sweep of daily.csv") to continue it')
    expect(sweepRuns()).toEqual(first)

    // the same command again: the sweep is continued, its stored trials not trained again
    const again = await fw('sweep', ...args)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`sweep 1: 3 trials, 1 at a time\ncontinuing sweep 1, which lacks `)
    const after = sweepRuns()
    expect(after.sweeps).toEqual([1])
    expect(after.runs.map((r) => r.hidden).sort()).toEqual([2, 3, 4])
    expect(after.runs.every((r) => r.sweepId === 1)).toBe(true)
    // every trial in the ranking again
    expect(again.stdout.split('\n').filter((l) => /^[\d—] +[123] +\d+ +[234] +/.test(l))).toHaveLength(3)

    // fw sweeps 1 ranks the sweep again from the store; fw show says the trial's sweep and rank
    const listed = await fw('sweeps', '1', '--db', db)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('sweep 1 "sweep of daily.csv": 3 trials, 3 stored\n')
    expect(listed.stdout.split('\n').filter((l) => /^[\d—] +[123] +\d+ +[234] +/.test(l))).toHaveLength(3)
    const done = after.runs.find((r) => r.hidden === 4)!
    const shown = await fw('show', String(done.id), '--db', db)
    expect(shown.stdout).toMatch(new RegExp(`\\nsweep 1 "sweep of daily\\.csv": trial 3 of 3, rank \\d of the \\d ranked by forecast val mae [\\d.]+; fw sweeps 1 ranks its trials\\n`))
    // --json gives the same standing, as its sweep field
    const json = await fw('show', String(done.id), '--db', db, '--json')
    expect(json.code).toBe(0)
    const standing = (JSON.parse(json.stdout) as { sweep: { id: number; name: string; trial: number; trials: number; rank: number; ranked: number; score: { metric: string; value: number }; unranked: null } }).sweep
    const line = /rank (\d) of the (\d) ranked by forecast val mae ([\d.]+);/.exec(shown.stdout)!
    expect(standing).toMatchObject({ id: 1, name: 'sweep of daily.csv', trial: 3, trials: 3, rank: Number(line[1]), ranked: Number(line[2]), unranked: null, score: { metric: 'mae' } })
    expect(fmt(standing.score.value)).toBe(line[3])
  }, 300_000)
})

describe('the words of a sweep stopped and continued', () => {
  it('names the trials to resume and those the same command trains', () => {
    expect(finishWords([{ trial: 1, runId: 4, status: 'done' }, { trial: 2, runId: 5, status: 'cancelled' }, { trial: 3, runId: null, status: 'cancelled' }]))
      .toBe('to finish it: fw resume 5 continues the trial stopped while training (trial 2); the same fw sweep command again trains the trial that never started (trial 3), skipping those stored')
    expect(finishWords([{ trial: 1, runId: 4, status: 'done' }])).toBe('every trial had ended')
    expect(finishWords([{ trial: 2, runId: null, status: 'cancelled' }, { trial: 3, runId: null, status: 'cancelled' }, { trial: 4, runId: null, status: 'refused' }]))
      .toBe('to finish it: the same fw sweep command again trains the 2 trials that never started (trials 2 and 3), skipping those stored')
    expect(continuedWords(2, [{ trial: 2, runId: 8, status: 'cancelled' }, { trial: 1, runId: 7, status: 'done' }], 2))
      .toBe('continuing sweep 2, which lacks 2 of its trials: trials 1 and 2 are stored already as runs 7 and 8 and not trained again (run 8 stopped while training: fw resume RUN continues it)')
  })

  it('names a trial with its sweep, its number and its settings', () => {
    expect(trialName(2, 2, { 'model.hiddenSize': 4, 'model.cell': 'gru' })).toBe('sweep 2 · trial 3 · hiddenSize=4 cell=gru')
  })
})

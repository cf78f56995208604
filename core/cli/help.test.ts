import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { seedRun } from '../store/test-fixtures/sample'
import { FLAG_HELP } from './help'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'
import { resumeRefusal } from './runs'

describe('fw COMMAND --help', () => {
  it.each(Object.keys(COMMANDS))('fw %s --help prints its usage and every option it accepts, and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await fw(name, flag)
      expect(r).toMatchObject({ code: 0, stderr: '' })
      expect(r.stdout).toMatch(new RegExp(`^usage: fw ${name}\\b`))
      for (const f of Object.keys(COMMANDS[name]!.flags)) expect(r.stdout).toMatch(new RegExp(`\\n  --${f}\\b`))
    }
  })

  // explore25 finding 14: the train summary of fw --help left out --na, --type, --unit, --outliers and --resample
  it("fw --help's train summary names every option fw train takes", async () => {
    const r = await fw('--help')
    const train = r.stdout.slice(r.stdout.indexOf('  fw train '), r.stdout.indexOf('  fw sweep '))
    const missing = Object.keys(COMMANDS['train']!.flags).filter((f) => !['help'].includes(f) && !new RegExp(`--${f}\\b`).test(train))
    expect(missing).toEqual([])
  })

  it('describes every option of every command', () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const f of Object.keys(c.flags)) expect(c.overrides?.[f] ?? FLAG_HELP[f], `fw ${name} --${f}`).toBeDefined()
    }
  })

  it('--help wins over missing or unknown options, and fw help COMMAND says the same', async () => {
    const r = await fw('export', '--bogus', '--help')
    expect(r.code).toBe(0)
    expect((await fw('help', 'export')).stdout).toBe(r.stdout)
  })

  it('an unknown option names the command and its help, exit 2', async () => {
    for (const name of ['export', 'sweep', 'train']) {
      const r = await fw(name, '--bogus')
      expect(r).toEqual({ code: 2, stdout: '', stderr: `fw ${name}: unknown option --bogus; see the options with: fw ${name} --help\n` })
    }
  })

  it("fw sweep refuses fw train's --no-db and --out with the reason, which its help and usage say too", async () => {
    const noDb = await fw('sweep', '--csv', 'x.csv', '--target', 'y', '--grid', 'g.json', '--no-db')
    expect(noDb).toEqual({ code: 2, stdout: '', stderr: 'fw sweep: --no-db does not apply here: each trial is a run kept in the database, which ranks the trials and keeps them for fw show, fw export --run and fw resume; --db FILE puts the sweep in a database of its own, which you may delete after\n' })
    const out = await fw('sweep', '--out', 'dir', '--json')
    expect(out).toEqual({ code: 2, stdout: '', stderr: '{"error":"fw sweep: --out does not apply here: a sweep writes no model files; write a trial\'s with fw export --run N --model FILE","exit":2}\n' })
    const help = (await fw('sweep', '--help')).stdout
    expect(help).toMatch(/^usage: fw sweep .* \[train options but --no-db, --out\]\n/)
    expect(help).toContain('\nnot taken:\n  --no-db: each trial is a run kept in the database')
    expect(help).toContain('\n  --out: a sweep writes no model files')
    expect((await fw('--help')).stdout).toContain('[train options but --no-db, --out]\n')
  })

  it('fw --version prints the version', async () => {
    const r = await fw('--version')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^fw \d+\.\d+\.\d+\n$/)
  })
})

describe('fw resume refuses plainly', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-cli-resume-')), 'runs.db')

  it('names why for done, failed and queued runs, and one that another live process trains', async () => {
    const store = openStore(db)
    const { datasetId, runId: done } = seedRun(store)
    store.finishRun(done, { metrics: [], forecasts: [] })
    const failed = store.runs.create({ datasetId, configJson: '{}', seed: 1 })
    store.startRun(failed)
    store.failRun(failed, 'EngineError: loss became NaN')
    const queued = store.runs.create({ datasetId, configJson: '{}', seed: 2 })
    const running = store.runs.create({ datasetId, configJson: '{}', seed: 3 })
    store.startRun(running) // owned by this very process, which is alive
    store.db.prepare(`UPDATE runs SET owner_kind = 'cli' WHERE id = ?`).run(running)
    store.close()

    const refusals = await Promise.all([done, failed, queued, running].map((id) => fw('resume', String(id), '--db', db)))
    expect(refusals.map((r) => r.code)).toEqual([2, 2, 2, 2])
    expect(refusals.map((r) => r.stderr)).toEqual([
      `fw resume: run ${done} is done; there is nothing to resume (train again with fw train, or see it with fw show ${done})\n`,
      `fw resume: run ${failed} failed (EngineError: loss became NaN); a failed run cannot be resumed, since its last state led to the failure. Train it again with fw train\n`,
      `fw resume: run ${queued} has not started yet (queued); there is nothing to resume\n`,
      `fw resume: run ${running} is still training in another process (CLI, pid ${process.pid}); stop it there (Ctrl-C), or wait for it to finish\n`
    ])
  })

  it('accepts interrupted and cancelled runs', () => {
    const store = openStore(db)
    const { runId } = seedRun(store)
    store.interruptRun(runId, 'killed')
    expect(resumeRefusal(store.runs.get(runId))).toBeNull()
    store.restartRun(runId)
    store.cancelRun(runId)
    expect(resumeRefusal(store.runs.get(runId))).toBeNull()
    store.close()
  })
})

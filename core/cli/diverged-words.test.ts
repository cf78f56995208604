// A run fw train stored as failed keeps its cause in both wordings (explore25 finding 12): the
// CLI's, naming its flag (--lr), and the app's, naming Setup's field, as the app's own runs keep it.
// Before, fw stored the CLI's words alone, and the app's Train view showed a failed CLI run's
// "(--lr)". And a cause stored that way before is shown in the app's words where it can be mapped.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appWords } from '../data/words'
import { runError } from '../services/run-words'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-diverged-words-'))

describe('a run fw train stored as diverged before any epoch finished', () => {
  it("keeps the cause in the CLI's words and the app's", async () => {
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
    const rows = Array.from({ length: 300 }, (_, i) => `${day(i)},${(10 + 5 * Math.sin((i / 7) * 2 * Math.PI) + ((i * 7919) % 13) / 13).toFixed(3)}`)
    const csv = join(dir, 'sine.csv')
    writeFileSync(csv, `date,y\n${rows.join('\n')}\n`)
    // plain SGD, unclipped, at the highest learning rate the config takes: the loss explodes in epoch 1
    const cfg = join(dir, 'explode.json')
    writeFileSync(cfg, JSON.stringify({ training: { optimizer: 'sgd', clipNorm: 0, lr: 10 } }))
    const db = join(dir, 'runs.db')
    const r = await fw('train', '--csv', csv, '--decimal', 'dot', '--target', 'y', '--config', cfg, '--epochs', '1', '--hidden', '8', '--db', db, '--out', join(dir, 'out'))
    expect(r.stderr).toContain('before any epoch finished')
    expect(r.stderr).toContain('(--lr)')
    const store = openStore(db)
    try {
      const run = store.runs.get(1)
      expect(run.status).toBe('failed')
      expect(run.error).toContain('a learning rate lower than 10 (--lr)')
      expect(run.errorApp).toContain('a learning rate lower than 10 (Learning rate in Setup)')
      expect(run.errorApp).toContain('clip the gradient norm (Clip gradient norm in Setup)')
      expect(run.errorApp).not.toMatch(/--/)
    } finally {
      store.close()
    }
  }, 60_000)
})

describe('a cause stored in the CLI\'s words alone (fw train before it kept both)', () => {
  const cli = "diverged at epoch 1, step 7, before any epoch finished: the loss on the first step's rows grew to 1194× what it was (over 1000×); Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm cannot help: train again with a learning rate lower than 5 (--lr), e.g. 0.5"
  it("is shown in the app with Setup's field, and in the CLI as stored", () => {
    const w = runError({ error: cli, errorApp: null })!
    expect(w.message).toBe(cli)
    expect(appWords(w)).toBe(cli.replace('(--lr)', '(Learning rate in Setup)'))
    const sgd = 'diverged at epoch 1, step 5, before any epoch finished: the loss or a gradient became NaN or infinite; train again with a learning rate lower than 2 (--lr), e.g. 0.2, or clip the gradient norm (training.clipNorm in the --config file)'
    expect(appWords(runError({ error: sgd, errorApp: null })!)).toBe('diverged at epoch 1, step 5, before any epoch finished: the loss or a gradient became NaN or infinite; train again with a learning rate lower than 2 (Learning rate in Setup), e.g. 0.2, or clip the gradient norm (Clip gradient norm in Setup)')
  })
  it('is left as stored where it is not a divergence, or names no flag', () => {
    expect(runError({ error: 'no rows left: lower data.lookBack in the --config file', errorApp: null })).toEqual({ message: 'no rows left: lower data.lookBack in the --config file' })
    expect(runError({ error: 'the trainer exited', errorApp: null })).toEqual({ message: 'the trainer exited' })
  })
})

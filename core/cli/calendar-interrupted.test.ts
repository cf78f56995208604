// fw train interrupted before its end (Ctrl-C, or killed) kept no calendar-default note: the CLI
// stored the run's notices at its end only, so fw resume, which keeps the note its run kept, ended
// without it, while the same run uninterrupted said it. Now the note is kept with the run from its
// start (as the app's runs keep it), and a resumed run says what an uninterrupted one says.
// Real processes: this checkout's CLI (bundleCli) stopped by a real signal after its first epoch.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleCli } from './test-fixtures/bundle-cli'
import { openStore } from '../store'
import { runNotices } from '../services/run-words'
import { weekCalendarNote } from '../train/season'

let cli: { cli: string; remove: () => void }
let dir: string
let csv: string

/** Four weeks of hourly rows with a lower weekend: the calendar is turned on by default. */
function hourly(): string {
  const lines = ['time,load']
  for (let i = 0; i < 28 * 24; i++) {
    const t = Date.UTC(2025, 0, 6) + i * 3_600_000
    const d = new Date(t).getUTCDay()
    lines.push(`${new Date(t).toISOString().slice(0, 19)}Z,${(100 + 20 * Math.sin((2 * Math.PI * i) / 24) + (d === 0 || d === 6 ? -40 : 0) + (i % 5)).toFixed(2)}`)
  }
  return lines.join('\n') + '\n'
}

beforeAll(async () => {
  cli = await bundleCli()
  dir = mkdtempSync(join(tmpdir(), 'fw-calendar-interrupted-'))
  csv = join(dir, 'week.csv')
  writeFileSync(csv, hourly())
  // long enough that the signal lands while it trains: no early stop
  writeFileSync(join(dir, 'long.json'), JSON.stringify({ model: { hiddenSize: 4 }, training: { epochs: 80, earlyStopping: null } }))
}, 120_000)
afterAll(() => {
  cli?.remove()
  rmSync(dir, { recursive: true, force: true })
})

/** fw with `args` in its own process group; `stopAt`: the signal sent to it once it printed epoch 1. */
function fw(args: string[], stopAt?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli.cli, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let sent = false
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    stdout += s
    if (stopAt && !sent && /epoch 1\/\d+/.test(stdout)) {
      sent = true
      process.kill(-child.pid!, stopAt)
    }
  })
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

const note = `note: ${weekCalendarNote().message}\n`
const train = (db: string) => ['train', '--csv', csv, '--target', 'load', '--config', join(dir, 'long.json'), '--forecaster', 'network', '--threads', '1', '--db', db, '--out', join(dir, 'out')]

describe('fw train interrupted after its first epoch, then resumed', () => {
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`by ${signal}: the run keeps the calendar note from its start, and fw resume and fw show say it`, async () => {
      const db = join(dir, `${signal}.db`)
      const t = await fw(train(db), signal)
      expect(t.stderr).toMatch(signal === 'SIGINT' ? /stopped by SIGINT: run \d+ cancelled after epoch/ : /^$/)
      expect(t.stdout).toContain(note) // said as it started
      expect(t.stdout).not.toMatch(/run \d+ saved/) // stopped before its end
      const id = Number(/^run (\d+) \(/m.exec(t.stdout)![1])
      const store = openStore(db) // a killed run is marked interrupted by the next process to open the database
      try {
        expect(store.runs.get(id).status).toBe(signal === 'SIGINT' ? 'cancelled' : 'interrupted')
        expect(runNotices(store.runs.get(id), 'cli')).toEqual([weekCalendarNote().message])
      } finally {
        store.close()
      }
      const r = await fw(['resume', String(id), '--db', db])
      expect([r.code, r.stderr]).toEqual([0, ''])
      expect(r.stdout).toContain(note) // at its end, as an uninterrupted fw train's results keep it
      const s = await fw(['show', String(id), '--db', db])
      expect([s.code, s.stderr]).toEqual([0, ''])
      expect(s.stdout).toContain(note)
    }, 180_000)
  }
})

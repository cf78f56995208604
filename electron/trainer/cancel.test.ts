// The real trainer answers every cancel (issue 17): one process trains one run, so a cancel that
// arrives with no run started ends the process at once, and one during the run ends it after the
// next batch. The host counts either exit as `cancelled`; before, a cancel before the start was
// kept silently and the run waited in `cancelling`.
import { fork, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload } from '../../test/fixtures/trainer/payload'

const root = resolve(__dirname, '../..')
const outDir = join(root, 'node_modules', '.cache', `fw-trainer-cancel-${process.pid}-${Date.now()}`)
const children: ChildProcess[] = []

beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(root, 'electron/trainer/index.ts'), outDir, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'trainer.mjs' } } }
  })
}, 120_000)

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  rmSync(outDir, { recursive: true, force: true })
})

function trainer(): { child: ChildProcess; messages: { type: string }[]; exit: Promise<number | null> } {
  const child = fork(join(outDir, 'trainer.mjs'), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, FW_PARALLEL_WORKER: '/nonexistent' } })
  children.push(child)
  const messages: { type: string }[] = []
  child.on('message', (m) => messages.push(m as { type: string }))
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return { child, messages, exit }
}

describe('the trainer answers cancel', () => {
  it('with no run started: it exits at once', async () => {
    const t = trainer()
    t.child.send({ type: 'cancel', runId: 'r1' })
    await expect(t.exit).resolves.toBe(0)
    expect(t.messages).toEqual([])
  })

  it('right after start: it stops before finishing and exits', async () => {
    const t = trainer()
    t.child.send({ type: 'start', runId: 'r1', ...testPayload({ epochs: 500 }) })
    t.child.send({ type: 'cancel', runId: 'r1' })
    await expect(t.exit).resolves.toBe(0)
    expect(t.messages.map((m) => m.type)).not.toContain('done')
  }, 60_000)
})

import { describe, expect, it, vi } from 'vitest'
import { CHANNELS, VERBS } from '../contract'
import { createDispatcher } from './handlers'

const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (e: unknown, p: unknown) => Promise<unknown>) => handlers.set(channel, fn) },
  BrowserWindow: { getAllWindows: () => [], getFocusedWindow: () => null }
}))

const { registerIpc, isTrustedFrame } = await import('./ipc')
const ours = { senderFrame: { url: 'file:///opt/app/out/renderer/index.html', parent: null } }

describe("Electron's IPC transport", () => {
  const seen: unknown[] = []
  registerIpc(createDispatcher({ getRun: (r) => (seen.push(r), { ok: 1 }) as never }))

  it('registers one handler per contract channel', () => {
    expect([...handlers.keys()].sort()).toEqual(VERBS.map((v) => CHANNELS[v]).sort())
  })

  it('rejects hostile payloads with a typed error and keeps serving', async () => {
    const getRun = handlers.get(CHANNELS.getRun)!
    const bad = [JSON.parse('{"runId":1,"__proto__":{"admin":true}}'), { runId: '1' }, { runId: 1, name: '../../etc/passwd' }, { runId: 1, x: 'y'.repeat(10_000) }]
    for (const p of bad) {
      const r = (await getRun(ours, p)) as { ok: boolean; error: { code: string } }
      expect(r.ok).toBe(false)
      expect(['invalid-payload', 'hostile-payload']).toContain(r.error.code)
    }
    expect(seen).toEqual([])
    expect(await getRun(ours, { runId: 2 })).toEqual({ ok: true, value: { ok: 1 } })
  })

  it('answers forbidden to frames that are not our top-level page', async () => {
    const getRun = handlers.get(CHANNELS.getRun)!
    const frames = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///opt/app/out/renderer/index.html', parent: {} } },
      { senderFrame: null }
    ]
    for (const f of frames) expect(((await getRun(f, { runId: 1 })) as { error: { code: string } }).error.code).toBe('forbidden')
  })

  it('trusts the dev server origin only in dev', () => {
    const f = { url: 'http://localhost:5173/', parent: null } as never
    expect(isTrustedFrame(f, undefined)).toBe(false)
    expect(isTrustedFrame(f, 'http://localhost:5173')).toBe(true)
  })
})

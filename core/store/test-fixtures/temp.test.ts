import fs from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { tempDir, tempStore, type TempStore } from './temp'

// The fixture's promise: what a test (or its beforeEach) makes is gone once the test finishes,
// stores closed first. The tests run in order; each later one checks what the one before left.
describe('tempStore and tempDir', () => {
  let t: TempStore
  beforeEach(() => {
    t = tempStore('fw-temp-fixture-')
  })
  let before: { dir: string; reopened: TempStore['store']; extra: string } | undefined

  it('opens a store on runs.db in a folder of its own, and opens it again on request', () => {
    expect(fs.existsSync(t.file)).toBe(true)
    expect(t.file.startsWith(t.dir)).toBe(true)
    t.store.close()
    const reopened = t.open({ appVersion: 'test' })
    expect(reopened.db.open).toBe(true)
    before = { dir: t.dir, reopened, extra: tempDir('fw-temp-fixture-', 'other.db').dir }
  })

  it('closed every store and removed every folder of the test before', () => {
    expect(before).toBeDefined()
    expect(before!.reopened.db.open).toBe(false)
    expect(fs.existsSync(before!.dir)).toBe(false)
    expect(fs.existsSync(before!.extra)).toBe(false)
    expect(t.dir).not.toBe(before!.dir)
  })
})

// What a commit promises, checked in-process and deterministically: FULL commits really run with
// synchronous = FULL, and an epoch batch is all-or-nothing (the kill test in concurrency.test.ts
// checks the same under SIGKILL, where timing decides what it sees).
import { beforeEach, describe, expect, it } from 'vitest'
import { inTransaction } from './db'
import { StoreError, type Store } from './index'
import { checkpoint, epoch, seedRun } from './test-fixtures/sample'
import { tempStore } from './test-fixtures/temp'

let store: Store
beforeEach(() => {
  store = tempStore('fw-store-durability-').store
})

const SYNC = { OFF: 0, NORMAL: 1, FULL: 2, EXTRA: 3 } as const
const level = () => store.db.pragma('synchronous', { simple: true })

describe('synchronous level per commit', () => {
  it('is FULL inside a FULL transaction, NORMAL inside a NORMAL one, and NORMAL again afterwards', () => {
    expect(level()).toBe(SYNC.NORMAL)
    expect(inTransaction(store.db, 'FULL', level)).toBe(SYNC.FULL)
    expect(level()).toBe(SYNC.NORMAL)
    expect(inTransaction(store.db, 'NORMAL', level)).toBe(SYNC.NORMAL)
    // a FULL transaction that throws still restores NORMAL
    expect(() => inTransaction(store.db, 'FULL', () => { throw new Error('boom') })).toThrow('boom')
    expect(level()).toBe(SYNC.NORMAL)
  })

  it('a nested FULL request keeps the outer transaction (and its level)', () => {
    const seen = inTransaction(store.db, 'FULL', () => inTransaction(store.db, 'NORMAL', level))
    expect(seen).toBe(SYNC.FULL)
  })

  it('Store.transaction(fn, "FULL") commits at FULL', () => {
    expect(store.transaction(level, 'FULL')).toBe(SYNC.FULL)
    expect(level()).toBe(SYNC.NORMAL)
  })
})

describe('an epoch batch is all-or-nothing', () => {
  it('a batch whose third row fails at insert leaves none of its rows', () => {
    const { runId } = seedRun(store)
    store.epochs.append(runId, [1, 2, 3].map((n) => epoch(n)))
    // rows 4 and 5 insert fine, row 6 repeats epoch 4: the primary key refuses it mid-batch
    const bad = [epoch(4), epoch(5), epoch(4)]
    expect(() => store.epochs.append(runId, bad)).toThrow(StoreError)
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([1, 2, 3])
    // and the run can go on with the same epochs
    store.epochs.append(runId, [4, 5, 6].map((n) => epoch(n)))
    expect(store.epochs.list(runId).map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('inside Store.transaction, a failing checkpoint takes the epochs of the same transaction with it', () => {
    const { runId } = seedRun(store)
    expect(() =>
      store.transaction(() => {
        store.epochs.append(runId, [1, 2].map((n) => epoch(n)))
        store.saveCheckpoint(runId, ['last'], checkpoint(2))
        throw new Error('crash after the writes, before the commit')
      }, 'FULL')
    ).toThrow('crash after')
    expect(store.epochs.list(runId)).toEqual([])
    expect(store.checkpoints.load(runId, 'last')).toBeNull()
  })
})

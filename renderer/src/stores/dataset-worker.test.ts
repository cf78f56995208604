// The import worker kept between imports and warmed at start (stores/dataset.ts): each import
// reuses the worker the last one left (warm code), a worker from another factory is never reused,
// a warm-up's reply is not taken for the import's, and cancel throws the worker at work away.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportReply, ImportRequest } from '../workers/protocol'
import { doneReply } from '../test/fakes'
import { setImportWorkerFactory, useDatasetStore } from './dataset'

interface Fake { w: Worker; got: ImportRequest['type'][]; terminated: boolean }

/** A factory of fake workers that answer 'warm' with a warm reply first, and anything else with `reply`. */
function factory(reply: ImportReply = doneReply()) {
  const made: Fake[] = []
  const make = () => {
    const f: Fake = { got: [], terminated: false, w: null as unknown as Worker }
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      postMessage(m: ImportRequest) {
        f.got.push(m.type)
        setTimeout(() => {
          if (!f.terminated) w.onmessage?.({ data: m.type === 'warm' ? { type: 'warm', seconds: 0.1 } : reply } as MessageEvent)
        }, 0)
      },
      terminate() {
        f.terminated = true
      }
    }
    f.w = w as unknown as Worker
    made.push(f)
    return f.w
  }
  return { made, make }
}

beforeEach(() => setActivePinia(createPinia()))

describe('the import worker kept between imports', () => {
  it('warms one worker ahead, and the first import uses it, ignoring the warm-up\'s reply', async () => {
    const f = factory()
    setImportWorkerFactory(f.make)
    const ds = useDatasetStore()
    ds.warm()
    ds.warm() // once only
    expect(f.made).toHaveLength(1)
    expect(f.made[0]!.got).toEqual(['warm'])
    // asked before the warm-up answered: that answer reaches the import's handler first
    expect(await ds.importFrom('a,b\n1,2\n', 'one.csv')).toBe(true)
    expect(f.made).toHaveLength(1)
    expect(f.made[0]!.got).toEqual(['warm', 'import'])
    expect(ds.fileName).toBe('one.csv')
    expect(ds.error).toBeNull()
  })

  it('reuses the worker for the next import instead of starting a cold one', async () => {
    const f = factory()
    setImportWorkerFactory(f.make)
    const ds = useDatasetStore()
    expect(await ds.importFrom('x', 'one.csv')).toBe(true)
    expect(await ds.importFrom('y', 'two.csv')).toBe(true)
    expect(f.made).toHaveLength(1)
    expect(f.made[0]!.terminated).toBe(false)
    expect(f.made[0]!.got).toEqual(['import', 'import'])
  })

  it('never reuses a worker made by another factory', async () => {
    const first = factory()
    setImportWorkerFactory(first.make)
    const ds = useDatasetStore()
    expect(await ds.importFrom('x', 'one.csv')).toBe(true)
    const refused = factory({ type: 'error', error: { name: 'ImportError', code: 'ragged-row', message: 'bad' } })
    setImportWorkerFactory(refused.make)
    expect(await ds.importFrom('y', 'bad.csv')).toBe(false)
    expect(first.made[0]!.terminated).toBe(true)
    expect(refused.made).toHaveLength(1)
    expect(ds.error?.message).toBe('bad')
    expect(ds.fileName).toBe('one.csv')
  })

  it('cancel terminates the worker at work; the next import starts another', async () => {
    const silent: Fake[] = []
    setImportWorkerFactory(() => {
      const f: Fake = { got: [], terminated: false, w: null as unknown as Worker }
      f.w = { onmessage: null, onerror: null, postMessage: (m: ImportRequest) => void f.got.push(m.type), terminate: () => void (f.terminated = true) } as unknown as Worker
      silent.push(f)
      return f.w
    })
    const ds = useDatasetStore()
    void ds.importFrom('x', 'slow.csv')
    ds.cancel()
    expect(silent[0]!.terminated).toBe(true)
    void ds.importFrom('y', 'again.csv')
    expect(silent).toHaveLength(2)
    expect(silent[1]!.got).toEqual(['import'])
  })

  it('after a cancel, warms another worker once the page is idle, which the next import takes', async () => {
    vi.useFakeTimers()
    try {
      const f = factory()
      setImportWorkerFactory(f.make)
      const ds = useDatasetStore()
      const first = ds.importFrom('x', 'big.csv')
      ds.cancel()
      expect(f.made).toHaveLength(1)
      expect(f.made[0]!.terminated).toBe(true)
      await vi.advanceTimersByTimeAsync(1000)
      expect(f.made).toHaveLength(2)
      expect(f.made[1]!.got).toEqual(['warm'])
      const next = ds.importFrom('y', 'next.csv')
      await vi.advanceTimersByTimeAsync(10)
      expect(await next).toBe(true)
      expect(f.made).toHaveLength(2)
      expect(f.made[1]!.got).toEqual(['warm', 'import'])
      void first
    } finally {
      vi.useRealTimers()
    }
  })
})

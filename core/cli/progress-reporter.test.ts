// fw train's progress on a terminal: a phase's line is rewritten in place, and cleared before the
// lines that stay ('windows: …', a log line), as the epoch bar is, so they never run on from it.
import { describe, expect, it } from 'vitest'
import { progressReporter } from './train'
import type { Out } from './format'

function sink(isTTY: boolean): Out & { text: () => string } {
  let s = ''
  return { isTTY, write: (x: string) => void (s += x), text: () => s }
}

describe('fw train progress', () => {
  it("clears a phase's in-place line on a terminal before 'windows: …' and a log line", () => {
    const out = sink(true)
    const report = progressReporter(out, false)
    report({ type: 'progress', phase: 'prepare', done: 0, total: 1 })
    report({ type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] })
    expect(out.text()).toMatch(/^\r[^\n]+\x1b\[K\r\x1b\[Kwindows: 10 train/)
    report({ type: 'progress', phase: 'choice', done: 1, total: 3 })
    report({ type: 'log', level: 'info', message: 'done' })
    expect(out.text()).toMatch(/\x1b\[K\r\x1b\[Kinfo: done\n$/)
  })

  it("erases the epoch bar on a terminal before a log line, which does not run on from it", () => {
    const out = sink(true)
    const report = progressReporter(out, false)
    report({ type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] })
    report({ type: 'epoch', epoch: 1, trainLoss: 0.5, valLoss: 0.6, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 1, gradFlow: [] })
    report({ type: 'log', level: 'warn', message: 'slow' })
    expect(out.text()).toMatch(/\r\[#+\.+\] epoch 1\/2 [^\n]*\x1b\[K\r\x1b\[Kwarn: slow\n$/)
  })

  it('writes each phase once a line where the output is not a terminal, and clears nothing', () => {
    const out = sink(false)
    const report = progressReporter(out, false)
    report({ type: 'progress', phase: 'prepare', done: 0, total: 1 })
    report({ type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [] })
    expect(out.text()).not.toContain('\r')
    expect(out.text().split('\n')[1]).toMatch(/^windows: 10 train/)
  })

  it("writes a one-step phase's line once off a terminal, though it is told at its start and its end", () => {
    const out = sink(false)
    const report = progressReporter(out, false)
    report({ type: 'progress', phase: 'choice', done: 0, total: 1 })
    report({ type: 'progress', phase: 'choice', done: 1, total: 1 })
    expect(out.text()).toBe('choosing the forecast on the validation rows\n')
    // a phase of several series still writes a line at each tenth of them
    for (const done of [0, 1, 2, 3]) report({ type: 'progress', phase: 'models', done, total: 3 })
    expect(out.text().split('\n').filter((l) => l.startsWith('fitting each'))).toHaveLength(4)
  })
})

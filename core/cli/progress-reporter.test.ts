// fw train's progress on a terminal: a phase's line is rewritten in place, and cleared before the
// lines that stay ('windows: …', a log line), as the epoch bar is, so they never run on from it.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { progressReporter } from './train'
import { fitLine, progressLine, type Out } from './format'
import { timeLeft } from '../train/progress'

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

  afterEach(() => void vi.useRealTimers())

  it("counts a global run's series after its last epoch in the time left, estimated from the series done so far", () => {
    // a 320-series run said "ETA 0 s" at its last epoch, then took 4 minutes fitting and choosing
    vi.useFakeTimers({ now: 0 })
    const out = sink(false)
    const report = progressReporter(out, false)
    report({ type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [], series: 320 })
    vi.advanceTimersByTime(5000)
    report({ type: 'epoch', epoch: 1, trainLoss: 0.5, valLoss: 0.6, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 5, gradFlow: [] })
    expect(out.text().split('\n').at(-2)).toMatch(/ETA 5 s of training, then 320 series to fit and choose$/)
    report({ type: 'progress', phase: 'models', done: 0, total: 320 })
    expect(out.text().split('\n').at(-2)).toBe("fitting each series' statistical models: 0 of 320 series; ETA estimating…")
    vi.advanceTimersByTime(20_000)
    report({ type: 'progress', phase: 'models', done: 40, total: 320 })
    // 40 series in 20 s: 280 left at that rate
    expect(out.text().split('\n').at(-2)).toBe("fitting each series' statistical models: 40 of 320 series; ETA 2 min 20 s, then 320 series to choose")
    report({ type: 'progress', phase: 'choice', done: 0, total: 320 })
    vi.advanceTimersByTime(10_000)
    report({ type: 'progress', phase: 'choice', done: 160, total: 320 })
    expect(out.text().split('\n').at(-2)).toBe("choosing each series' forecast on its validation rows: 160 of 320 series done; ETA 10 s")
  })
})

describe('fw train progress on an 80-column terminal', () => {
  afterEach(() => void vi.useRealTimers())

  it("fits each in-place line in the terminal's width, its counts and ETA kept, its wording cut with an ellipsis", () => {
    // a global run's lines ran to 95-125 characters: on 80 columns they wrapped, and each '\r'
    // rewrote only the last of the wrapped rows, leaving a trail of broken lines
    vi.useFakeTimers({ now: 0 })
    let s = ''
    const out: Out = { isTTY: true, columns: 80, write: (x: string) => void (s += x) }
    const report = progressReporter(out, false)
    report({ type: 'started', epochs: 2, windows: { train: 10, val: 2, test: 2 }, paramCount: 100, notices: [], series: 320 })
    vi.advanceTimersByTime(5000)
    report({ type: 'epoch', epoch: 1, trainLoss: 0.5, valLoss: 0.6, gradNorm: 1, clipRate: 0, lr: 0.01, seconds: 5, gradFlow: [] })
    report({ type: 'progress', phase: 'seasons', done: 0, total: 320 })
    vi.advanceTimersByTime(20_000)
    report({ type: 'progress', phase: 'seasons', done: 120, total: 320 })
    report({ type: 'progress', phase: 'choice', done: 160, total: 320 })
    const shown = s.split('\r').map((l) => l.replace(/\x1b\[K$/, '')).filter((l) => l && !l.includes('\n'))
    expect(shown).toEqual([
      '[####....] epoch 1/2  train 0.5000  val 0.6000  ETA 5 s + 320 series',
      "reading each series' season and outliers on…: 0 of 320 series; ETA estimating…",
      "reading each series' season and…: 120 of 320 series; ETA 34 s + 320 series",
      "choosing each series' forecast on its…: 160 of 320 series done; ETA estimating…"
    ])
    for (const l of shown) expect(l.length).toBeLessThan(80)
  })

  it('says the whole ETA in fewer words where it does not fit (it kept "then 60…" and dropped the rest)', () => {
    const line = progressLine(10, 20, 0.1234, 0.2345, timeLeft({ training: 231, series: 60 })!)
    expect(line).toMatch(/ETA 3 min 51 s of training, then 60 series to fit and choose$/) // a pipe's line, unchanged
    expect(fitLine(line, 79)).toBe('[####....] epoch 10/20  train 0.1234  val 0.2345  ETA 3 min 51 s + 60 series')
    expect(fitLine("fitting each series' statistical models: 40 of 320 series; ETA 2 min 20 s, then 320 series to choose", 79))
      .toBe("fitting each series' statistica…: 40 of 320 series; ETA 2 min 20 s + 320 series")
    // where it fits, the words stay whole
    expect(fitLine(line, 200)).toBe(line)
  })

  it('leaves a line that fits, and a pipe, as they are', () => {
    let s = ''
    const out: Out = { isTTY: true, columns: 80, write: (x: string) => void (s += x) }
    progressReporter(out, false)({ type: 'progress', phase: 'models', done: 1, total: 3 })
    expect(s).toBe("\rfitting each series' statistical models: 1 of 3 series; ETA estimating…\x1b[K")
    let p = ''
    const pipe: Out = { isTTY: false, columns: 80, write: (x: string) => void (p += x) }
    const report = progressReporter(pipe, false)
    report({ type: 'progress', phase: 'seasons', done: 0, total: 320 })
    expect(p).toBe("reading each series' season and outliers on its training rows: 0 of 320 series; ETA estimating…\n")
  })
})

// Closing the window and quitting while models train, on each platform branch (issue 17).
import { describe, expect, it, vi } from 'vitest'
import { closeQuestion, createLifecycle, quitQuestion } from './lifecycle'
import type { CloseAnswer, LifecycleShell, QuitAnswer, WindowLike } from './lifecycle'

function fakeWindow(): WindowLike & { calls: string[] } {
  const calls: string[] = []
  let minimized = false
  return {
    calls,
    isDestroyed: () => false,
    isMinimized: () => minimized,
    minimize: () => (calls.push('minimize'), (minimized = true)),
    restore: () => (calls.push('restore'), (minimized = false)),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus')
  }
}

function setup(platform: NodeJS.Platform, answers: { close?: CloseAnswer; quit?: QuitAnswer } = {}) {
  let busy = { running: 1, queued: 0 }
  let backtest = false
  const win = fakeWindow()
  const log: string[] = []
  const tray = { open: () => {}, quit: () => {} }
  const shell: LifecycleShell = {
    platform,
    busy: () => busy,
    backtesting: () => backtest,
    askClose: vi.fn(async (w: WindowLike) => (log.push(`askClose parent=${w === win}`), answers.close ?? 'keep')),
    askQuit: vi.fn(async (w: WindowLike | null) => (log.push(`askQuit parent=${w === win}`), answers.quit ?? 'keep')),
    shutdown: vi.fn(async () => void log.push('shutdown')),
    quit: vi.fn(() => void log.push('quit')),
    showTray: vi.fn((a) => (Object.assign(tray, a), log.push('tray'), () => void log.push('tray removed'))),
    mainWindow: () => win
  }
  const lc = createLifecycle(shell)
  const close = () => {
    const ev = { preventDefault: vi.fn() }
    lc.onClose(win, ev)
    return ev
  }
  return { lc, shell, win, log, tray, close, setBusy: (running: number, queued = 0) => (busy = { running, queued }), setBacktest: (b: boolean) => (backtest = b) }
}
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('closing the window while training (Windows and Linux)', () => {
  for (const platform of ['win32', 'linux'] as const) {
    it(`${platform}: asks from the close event, parented to the window; Keep training keeps it open`, async () => {
      const { close, log, win } = setup(platform, { close: 'keep' })
      const ev = close()
      expect(ev.preventDefault).toHaveBeenCalled()
      await settle()
      expect(log).toEqual(['askClose parent=true'])
      expect(win.calls).toEqual([])
    })

    it(`${platform}: Quit when training ends minimises to a tray entry, then quits after the last run`, async () => {
      const { close, log, win, lc, setBusy } = setup(platform, { close: 'background' })
      close()
      await settle()
      expect(win.calls).toEqual(['minimize'])
      expect(log).toEqual(['askClose parent=true', 'tray'])
      expect(lc.state.quitWhenIdle).toBe(true)
      lc.onRunEnded() // one run ended, another still trains
      expect(log).not.toContain('quit')
      setBusy(0)
      lc.onRunEnded()
      await settle()
      expect(log.slice(2)).toEqual(['tray removed', 'shutdown', 'quit'])
    })

    it(`${platform}: the tray entry reopens the window and cancels the pending quit`, async () => {
      const { close, win, lc, tray, setBusy, log } = setup(platform, { close: 'background' })
      close()
      await settle()
      tray.open()
      expect(win.calls).toEqual(['minimize', 'restore', 'show', 'focus'])
      expect(lc.state.quitWhenIdle).toBe(false)
      setBusy(0)
      lc.onRunEnded()
      await settle()
      expect(log).not.toContain('quit')
    })

    it(`${platform}: Stop and quit shuts the trainers down (runs interrupted), then quits; the close then goes through`, async () => {
      const { close, log, lc } = setup(platform, { close: 'quit' })
      close()
      await settle()
      expect(log).toEqual(['askClose parent=true', 'shutdown', 'quit'])
      expect(lc.state.quitting).toBe(true)
      expect(close().preventDefault).not.toHaveBeenCalled()
    })

    it(`${platform}: closing with nothing training closes, and the last window closed quits`, () => {
      const { close, setBusy, lc, log } = setup(platform)
      setBusy(0)
      expect(close().preventDefault).not.toHaveBeenCalled()
      lc.onWindowAllClosed()
      expect(log).toEqual(['quit'])
    })
  }

  it('asks once while its dialog is open, however often close is pressed', async () => {
    const { close, shell } = setup('win32', { close: 'keep' })
    close()
    close()
    await settle()
    expect(shell.askClose).toHaveBeenCalledTimes(1)
  })
})

describe('macOS: closing the window leaves the app (and training) running', () => {
  it('does not ask on close, does not quit when the last window closes; Cmd+Q asks', async () => {
    const { close, lc, log } = setup('darwin', { quit: 'quit' })
    expect(close().preventDefault).not.toHaveBeenCalled()
    lc.onWindowAllClosed()
    expect(log).toEqual([])
    const ev = { preventDefault: vi.fn() }
    lc.onBeforeQuit(ev)
    expect(ev.preventDefault).toHaveBeenCalled()
    await settle()
    expect(log).toEqual(['askQuit parent=true', 'shutdown', 'quit'])
  })
})

describe('quit from the menu, the keyboard or the tray', () => {
  it('Keep training cancels the quit; with nothing training it shuts down and quits without asking', async () => {
    const a = setup('linux', { quit: 'keep' })
    a.lc.onBeforeQuit({ preventDefault: () => {} })
    await settle()
    expect(a.log).toEqual(['askQuit parent=true'])
    const b = setup('linux')
    b.setBusy(0)
    b.lc.onBeforeQuit({ preventDefault: () => {} })
    await settle()
    expect(b.log).toEqual(['shutdown', 'quit'])
    // The second before-quit (from the shell's own app.quit) passes.
    const ev = { preventDefault: vi.fn() }
    b.lc.onBeforeQuit(ev)
    expect(ev.preventDefault).not.toHaveBeenCalled()
  })

  it('a minimised window is restored before the question is parented to it', async () => {
    const { close, lc, win } = setup('win32', { close: 'background', quit: 'keep' })
    close()
    await settle()
    lc.onBeforeQuit({ preventDefault: () => {} })
    expect(win.calls).toEqual(['minimize', 'restore'])
  })

  it('the question names the runs and both ways out', () => {
    expect(closeQuestion({ running: 2, queued: 0, backtest: false }).message).toBe('2 trainings are running.')
    expect(closeQuestion({ running: 1, queued: 0, backtest: false }).buttons).toEqual(['Keep training', 'Quit when training ends', 'Stop and quit'])
  })

  it('counts the running trainings and the queued ones apart, each in the singular or the plural, and says what stopping does to each', () => {
    const q = (running: number, queued: number, backtest = false) => closeQuestion({ running, queued, backtest })
    expect(q(1, 2).message).toBe('1 training is running and 2 are queued.')
    expect(q(2, 1).message).toBe('2 trainings are running and 1 is queued.')
    expect(q(1, 1, true).message).toBe('1 training is running, 1 is queued and a backtest is running.')
    expect(q(0, 3).message).toBe('3 trainings are queued.')
    expect(q(0, 1).message).toBe('1 training is queued.')
    expect(q(1, 2).detail).toBe(
      'Quit when training ends: the window is minimised (and listed in the tray) and the app quits after the last run, the 2 queued ones included. ' +
        'Stop and quit: training stops now. The running training is kept as interrupted and can be resumed from its last checkpoint. ' +
        'The 2 queued trainings are queued again when the app next starts.'
    )
    // nothing queued: the queue is not mentioned
    expect(q(1, 0).detail).toBe(
      'Quit when training ends: the window is minimised (and listed in the tray) and the app quits after the last run. ' +
        'Stop and quit: training stops now. The running training is kept as interrupted and can be resumed from its last checkpoint.'
    )
    // only queued: nothing is interrupted
    expect(q(0, 1).detail).toBe(
      'Quit when training ends: the window is minimised (and listed in the tray) and the app quits after the last run, the queued one included. ' +
        'Stop and quit: the app quits now. The queued training is queued again when the app next starts.'
    )
    expect(quitQuestion({ running: 1, queued: 2, backtest: false })).toEqual({
      message: '1 training is running and 2 are queued.',
      detail: 'Quitting stops training. The running training is kept as interrupted and can be resumed from its last checkpoint. The 2 queued trainings are queued again when the app next starts.',
      buttons: ['Keep training', 'Stop and quit']
    })
    expect(quitQuestion({ running: 0, queued: 2, backtest: false }).detail).toBe('The 2 queued trainings are queued again when the app next starts.')
  })

  it('asks with the running and queued trainings apart, and quits when training ends only once the queue is empty too', async () => {
    const { close, shell, win, lc, log, setBusy } = setup('linux', { close: 'background' })
    setBusy(1, 2)
    close()
    await settle()
    expect(shell.askClose).toHaveBeenCalledWith(win, { running: 1, queued: 2, backtest: false })
    setBusy(1, 1) // the first ended, a queued one started
    lc.onRunEnded()
    setBusy(0, 1) // between one ending and the next starting
    lc.onRunEnded()
    await settle()
    expect(log).not.toContain('quit')
    setBusy(0, 0)
    lc.onRunEnded()
    await settle()
    expect(log).toContain('quit')
  })
})

describe('a running backtest (nothing of it is stored)', () => {
  it('is asked about on close and on quit, not stopped silently; quitting stays allowed', async () => {
    const a = setup('linux', { close: 'quit' })
    a.setBusy(0)
    a.setBacktest(true)
    expect(a.close().preventDefault).toHaveBeenCalled()
    await settle()
    expect(a.shell.askClose).toHaveBeenCalledWith(a.win, { running: 0, queued: 0, backtest: true })
    expect(a.log).toEqual(['askClose parent=true', 'shutdown', 'quit'])
    const b = setup('darwin', { quit: 'keep' })
    b.setBusy(0)
    b.setBacktest(true)
    const ev = { preventDefault: vi.fn() }
    b.lc.onBeforeQuit(ev)
    expect(ev.preventDefault).toHaveBeenCalled()
    await settle()
    expect(b.shell.askQuit).toHaveBeenCalledWith(b.win, { running: 0, queued: 0, backtest: true })
    expect(b.log).toEqual(['askQuit parent=true']) // kept running
    // beside training runs: the same question, counting both
    const c = setup('win32', { quit: 'quit' })
    c.setBacktest(true)
    c.lc.onBeforeQuit({ preventDefault: () => {} })
    await settle()
    expect(c.shell.askQuit).toHaveBeenCalledWith(c.win, { running: 1, queued: 0, backtest: true })
    expect(c.log).toEqual(['askQuit parent=true', 'shutdown', 'quit'])
  })

  it('the questions say that the backtest is not kept and that quitting stops it; alone, there is no waiting for it', () => {
    const alone = { running: 0, queued: 0, backtest: true }
    expect(closeQuestion(alone)).toEqual({
      message: 'A backtest is running.',
      detail: 'The running backtest is not kept: quitting stops it, and it can be run again.',
      buttons: ['Keep the backtest running', 'Stop it and quit'],
      answers: ['keep', 'quit']
    })
    expect(quitQuestion(alone)).toEqual({ message: 'A backtest is running.', detail: 'The running backtest is not kept: quitting stops it, and it can be run again.', buttons: ['Keep the backtest running', 'Stop it and quit'] })
    const both = { running: 2, queued: 0, backtest: true }
    expect(closeQuestion(both).message).toBe('2 trainings are running and a backtest is running.')
    expect(closeQuestion(both).detail).toMatch(/resumed from their last checkpoints\. The running backtest is not kept: quitting stops it, and it can be run again\.$/)
    expect(closeQuestion(both).answers).toEqual(['keep', 'background', 'quit'])
    expect(quitQuestion(both)).toEqual({
      message: '2 trainings are running and a backtest is running.',
      detail: 'Quitting stops training. The 2 running trainings are kept as interrupted and can be resumed from their last checkpoints. The running backtest is not kept: quitting stops it, and it can be run again.',
      buttons: ['Keep training', 'Stop and quit']
    })
    expect(quitQuestion({ running: 1, queued: 0, backtest: false }).message).toBe('1 training is running.')
  })
})

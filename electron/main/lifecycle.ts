// Closing and quitting while models train (issue 17). On Windows and Linux closing the last window
// quits, so the question is asked from the window's own 'close' event, parented to it, before
// anything is gone: keep training (the window stays), quit when training ends (the window is
// minimised, with a tray entry to bring it back; the app quits after the last run), or stop and
// quit (runs become interrupted, resumable). On macOS closing the window leaves the app running,
// as Mac apps do; Cmd+Q asks. A running backtest is asked about too: it stores nothing, so quitting
// stays allowed, but it is stopped, and the question says so rather than ending it silently.
// Electron is reached only through LifecycleShell, so this runs in tests.

export type CloseAnswer = 'keep' | 'background' | 'quit'
export type QuitAnswer = 'keep' | 'quit'

/** What is running when the window closes or the app quits: the runs training now, those queued
 *  behind them (they start as others end), and whether a backtest (never stored) is running. */
export interface Busy {
  running: number
  queued: number
  backtest: boolean
}

export interface WindowLike {
  isDestroyed(): boolean
  isMinimized(): boolean
  minimize(): void
  restore(): void
  show(): void
  focus(): void
}

export interface LifecycleShell {
  platform: NodeJS.Platform
  /** Runs training now, and runs queued to start. */
  busy(): { running: number; queued: number }
  /** Whether a backtest is running (its trainer process has not exited). */
  backtesting(): boolean
  /** The window's close was asked for while something runs; a dialog parented to `win`. */
  askClose(win: WindowLike, busy: Busy): Promise<CloseAnswer>
  /** Quit (menu, Cmd+Q, tray) was asked for while something runs; parented to `win` when there is one. */
  askQuit(win: WindowLike | null, busy: Busy): Promise<QuitAnswer>
  /** Stops trainers (runs become interrupted) and closes the database. */
  shutdown(): Promise<void>
  quit(): void
  /** A tray entry with Open and Quit; returns a function that removes it. */
  showTray(actions: { open(): void; quit(): void }): () => void
  mainWindow(): WindowLike | null
}

export interface Lifecycle {
  /** BrowserWindow 'close' */
  onClose(win: WindowLike, event: { preventDefault(): void }): void
  /** app 'before-quit' */
  onBeforeQuit(event: { preventDefault(): void }): void
  /** app 'window-all-closed' */
  onWindowAllClosed(): void
  /** After every run that ends (TrainerHost 'finished'). */
  onRunEnded(): void
  readonly state: { quitting: boolean; quitWhenIdle: boolean }
}

export function createLifecycle(shell: LifecycleShell): Lifecycle {
  const state = { quitting: false, quitWhenIdle: false }
  let asking = false
  let removeTray: (() => void) | null = null
  const runs = (): number => {
    const b = shell.busy()
    return b.running + b.queued
  }

  const dropTray = (): void => {
    removeTray?.()
    removeTray = null
  }
  const quitNow = async (): Promise<void> => {
    if (state.quitting) return
    state.quitting = true
    dropTray()
    try {
      await shell.shutdown()
    } finally {
      shell.quit()
    }
  }
  const reopen = (): void => {
    state.quitWhenIdle = false
    dropTray()
    const win = shell.mainWindow()
    if (!win || win.isDestroyed()) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  const ask = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    if (asking) return null
    asking = true
    try {
      return await fn()
    } finally {
      asking = false
    }
  }

  return {
    state,
    onClose(win, event) {
      if (state.quitting || shell.platform === 'darwin') return
      const busy = { ...shell.busy(), backtest: shell.backtesting() }
      if (busy.running + busy.queued === 0 && !busy.backtest) return
      event.preventDefault()
      void ask(() => shell.askClose(win, busy)).then((answer) => {
        if (answer === null || answer === 'keep') return
        if (answer === 'quit' || runs() === 0) return void quitNow()
        state.quitWhenIdle = true
        removeTray ??= shell.showTray({ open: reopen, quit: () => void quitNow() })
        win.minimize()
      })
    },
    onBeforeQuit(event) {
      if (state.quitting) return
      event.preventDefault()
      const busy = { ...shell.busy(), backtest: shell.backtesting() }
      if (busy.running + busy.queued === 0 && !busy.backtest) return void quitNow()
      const win = shell.mainWindow()
      const parent = win && !win.isDestroyed() ? win : null
      if (parent?.isMinimized()) parent.restore()
      void ask(() => shell.askQuit(parent, busy)).then((answer) => {
        if (answer === 'quit') void quitNow()
      })
    },
    onWindowAllClosed() {
      if (shell.platform !== 'darwin') shell.quit()
    },
    onRunEnded() {
      if (state.quitWhenIdle && runs() === 0) void quitNow()
    }
  }
}

/** What a question says of a running backtest: nothing of it is stored, so quitting only stops it. */
const BACKTEST_NOT_KEPT = 'The running backtest is not kept: quitting stops it, and it can be run again.'

/** "1 training is running, 2 are queued and a backtest is running": the runs training now and those
 *  waiting in the queue, counted apart (a queued one has no checkpoint to resume from; it is queued
 *  again at the next start), then the backtest. */
export function busyWords(busy: Busy): string {
  const { running, queued } = busy
  const trainings = (n: number) => `${n} ${n === 1 ? 'training' : 'trainings'}`
  const is = (n: number) => (n === 1 ? 'is' : 'are')
  const parts =
    running && queued
      ? [`${trainings(running)} ${is(running)} running`, `${queued} ${is(queued)} queued`]
      : running
        ? [`${trainings(running)} ${is(running)} running`]
        : queued
          ? [`${trainings(queued)} ${is(queued)} queued`]
          : []
  if (busy.backtest) parts.push(parts.length ? 'a backtest is running' : 'A backtest is running')
  return `${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]}.`
}

/** What stopping does to the runs training now: each is kept as interrupted, resumable. */
function stoppedWords(running: number): string {
  if (running === 0) return ''
  return running === 1
    ? 'The running training is kept as interrupted and can be resumed from its last checkpoint.'
    : `The ${running} running trainings are kept as interrupted and can be resumed from their last checkpoints.`
}

/** What stopping does to the queue: it is kept in the database (queued_starts) and queued again at the next start. */
function queueKeptWords(queued: number): string {
  if (queued === 0) return ''
  return queued === 1 ? 'The queued training is queued again when the app next starts.' : `The ${queued} queued trainings are queued again when the app next starts.`
}

/** The consequences of stopping now, in the order the question names them. */
function stopDetail(busy: Busy): string {
  return [stoppedWords(busy.running), queueKeptWords(busy.queued), busy.backtest ? BACKTEST_NOT_KEPT : ''].filter(Boolean).join(' ')
}

/** The words of both questions, shared by index.ts's dialogs and the tests; `answers[i]` is what
 *  button i means. With only a backtest running there is nothing to wait for (it would be lost at
 *  the quit anyway), so the close question has no "when training ends". */
export function closeQuestion(busy: Busy): { message: string; detail: string; buttons: string[]; answers: CloseAnswer[] } {
  if (busy.running + busy.queued === 0) return { message: busyWords(busy), detail: BACKTEST_NOT_KEPT, buttons: ['Keep the backtest running', 'Stop it and quit'], answers: ['keep', 'quit'] }
  const last = busy.queued ? (busy.queued === 1 ? 'after the last run, the queued one included' : `after the last run, the ${busy.queued} queued ones included`) : 'after the last run'
  return {
    message: busyWords(busy),
    detail: `Quit when training ends: the window is minimised (and listed in the tray) and the app quits ${last}. Stop and quit: ${busy.running ? 'training stops now' : 'the app quits now'}. ${stopDetail(busy)}`,
    buttons: ['Keep training', 'Quit when training ends', 'Stop and quit'],
    answers: ['keep', 'background', 'quit']
  }
}

export function quitQuestion(busy: Busy): { message: string; detail: string; buttons: string[] } {
  if (busy.running + busy.queued === 0) return { message: busyWords(busy), detail: BACKTEST_NOT_KEPT, buttons: ['Keep the backtest running', 'Stop it and quit'] }
  return {
    message: busyWords(busy),
    detail: `${busy.running ? 'Quitting stops training. ' : ''}${stopDetail(busy)}`,
    buttons: ['Keep training', 'Stop and quit']
  }
}

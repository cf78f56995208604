// Closing and quitting while models train (issue 17). On Windows and Linux closing the last window
// quits, so the question is asked from the window's own 'close' event, parented to it, before
// anything is gone: keep training (the window stays), quit when training ends (the window is
// minimised, with a tray entry to bring it back; the app quits after the last run), or stop and
// quit (runs become interrupted, resumable). On macOS closing the window leaves the app running,
// as Mac apps do; Cmd+Q asks. Electron is reached only through LifecycleShell, so this runs in tests.

export type CloseAnswer = 'keep' | 'background' | 'quit'
export type QuitAnswer = 'keep' | 'quit'

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
  /** Runs training or queued. */
  busy(): number
  /** The window's close was asked for while `runs` train; a dialog parented to `win`. */
  askClose(win: WindowLike, runs: number): Promise<CloseAnswer>
  /** Quit (menu, Cmd+Q, tray) was asked for while `runs` train; parented to `win` when there is one. */
  askQuit(win: WindowLike | null, runs: number): Promise<QuitAnswer>
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
      const runs = shell.busy()
      if (runs === 0) return
      event.preventDefault()
      void ask(() => shell.askClose(win, runs)).then((answer) => {
        if (answer === null || answer === 'keep') return
        if (answer === 'quit' || shell.busy() === 0) return void quitNow()
        state.quitWhenIdle = true
        removeTray ??= shell.showTray({ open: reopen, quit: () => void quitNow() })
        win.minimize()
      })
    },
    onBeforeQuit(event) {
      if (state.quitting) return
      event.preventDefault()
      const runs = shell.busy()
      if (runs === 0) return void quitNow()
      const win = shell.mainWindow()
      const parent = win && !win.isDestroyed() ? win : null
      if (parent?.isMinimized()) parent.restore()
      void ask(() => shell.askQuit(parent, runs)).then((answer) => {
        if (answer === 'quit') void quitNow()
      })
    },
    onWindowAllClosed() {
      if (shell.platform !== 'darwin') shell.quit()
    },
    onRunEnded() {
      if (state.quitWhenIdle && shell.busy() === 0) void quitNow()
    }
  }
}

/** The words of both questions, shared by index.ts's dialogs and the tests. */
export function closeQuestion(runs: number): { message: string; detail: string; buttons: string[] } {
  return {
    message: `${runs === 1 ? 'A model is' : `${runs} models are`} still training.`,
    detail:
      'Quit when training ends: the window is minimised (and listed in the tray) and the app quits after the last run. ' +
      'Stop and quit: training stops now; the run is kept as interrupted and can be resumed from its last checkpoint.',
    buttons: ['Keep training', 'Quit when training ends', 'Stop and quit']
  }
}

export function quitQuestion(runs: number): { message: string; detail: string; buttons: string[] } {
  return {
    message: `${runs === 1 ? 'A model is' : `${runs} models are`} still training.`,
    detail: 'Quitting stops training. The run is kept as interrupted and can be resumed from its last checkpoint.',
    buttons: ['Keep training', 'Stop and quit']
  }
}

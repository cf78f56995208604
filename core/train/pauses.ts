// Long synchronous work that can pause: written as a generator that yields where it may stop (after
// a network call of the paths, a test origin replayed, a phase of the choice), run to its end at once
// (finish) where nothing can interrupt it (a rebuild, an export), or with the event loop let in at its
// pauses (untilStopped) where a cancel must be heard: a training's paths and calibration after its
// last epoch took seconds on a long series, and Ctrl-C (a signal, told on the event loop) was heard
// only after them. Pure: core/train.
import type { FitHooks } from './fit'
import type { Pausable } from '../data/pausable'

export { finish, type Pausable } from '../data/pausable'

/** The event loop let in at most this often (ms) by untilStopped: a pause costs a turn of the loop
 *  (setImmediate), so one per network call of the paths would be thousands; a cancel is still
 *  heard within a pause's work of this. */
export const PAUSE_MS = 50

/** `work` run to its end, the event loop let in (hooks.yieldNow) at its first pause after every
 *  PAUSE_MS and hooks.shouldStop asked then: null, the work left unfinished, when it says stop. */
export async function untilStopped<T>(work: Pausable<T>, hooks: Pick<FitHooks, 'shouldStop' | 'yieldNow'>, every = PAUSE_MS): Promise<T | null> {
  let since = performance.now()
  for (;;) {
    const r = work.next()
    if (r.done) return r.value
    if (performance.now() - since < every) continue
    await hooks.yieldNow()
    if (hooks.shouldStop()) {
      work.return(undefined as never)
      return null
    }
    since = performance.now()
  }
}

// Long synchronous work that can pause, as a generator that yields (nothing) where it may stop, and
// run to its end at once by finish. Here, beside the work of core/data that pauses (the outlier
// search's passes, a global run's series prepared one by one); core/train/pauses.ts lets the event
// loop in at the pauses (untilStopped). Pure.

/** Work that yields (nothing) where it may pause and returns T. */
export type Pausable<T> = Generator<void, T, void>

/** `work` run to its end without pausing. */
export function finish<T>(work: Pausable<T>): T {
  for (;;) {
    const r = work.next()
    if (r.done) return r.value
  }
}

// A start button that disables itself (or a Cancel that goes away) drops the keyboard focus to the
// page: Enter on "Run backtest" left it on <body>, so the next Enter, meant for Cancel, was lost.
// handOffFocus moves it on the same tick the view changes: to Cancel when the work starts, back to
// the start button when it ends, however it ends. Where several buttons share one busy state (Export's),
// `start` is the one pressed. Only focus lost so (on the page, or on a disabled
// button inside `within`) is moved, never focus the user has taken elsewhere meanwhile.
import { nextTick, watch, type Ref } from 'vue'

export interface FocusHandoff {
  /** The panel the buttons live in. */
  within: Ref<HTMLElement | null>
  start: Ref<HTMLElement | null>
  /** Where focus goes while the work runs: its Cancel, or the busy status (tabindex -1, shown while
   *  busy) where there is nothing to cancel; none: it stays lost until the end. */
  cancel?: Ref<HTMLElement | null>
}

/** Whether the keyboard focus is lost: on the page, or on a disabled button inside `within`. */
export function focusLost(within: HTMLElement | null): boolean {
  const a = document.activeElement
  return !a || a === document.body || (a instanceof HTMLButtonElement && a.disabled && !!within?.contains(a))
}

export function handOffFocus(busy: () => boolean, o: FocusHandoff): void {
  watch(busy, async (now, was) => {
    if (now === was) return
    // before the update, focus on the start button is about to be lost: it moves too
    const a = document.activeElement
    const leaving = focusLost(o.within.value) || (now && a === o.start.value)
    await nextTick()
    if (leaving || focusLost(o.within.value)) (now ? o.cancel?.value : o.start.value)?.focus()
  })
}

// Answers the app's question before a delete (components/ConfirmDialog.vue) in component tests.
import { flushPromises, type VueWrapper } from '@vue/test-utils'

/** The one confirmation open in `w`: its question, after pressing its Delete (yes) or Cancel (no). */
export async function answerConfirm(w: VueWrapper, yes: boolean): Promise<string> {
  await flushPromises()
  const open = w.findAll('[data-testid="confirm"]').filter((d) => (d.element as HTMLDialogElement).open)
  if (open.length !== 1) throw new Error(`expected one confirmation open, found ${open.length}`)
  const question = open[0]!.get('[data-testid="confirm-question"]').text()
  await open[0]!.get(`[data-testid="confirm-${yes ? 'yes' : 'no'}"]`).trigger('click')
  await flushPromises()
  return question
}

/** Whether a confirmation is open in `w`. */
export const confirmOpen = (w: VueWrapper): boolean => w.findAll('[data-testid="confirm"]').some((d) => (d.element as HTMLDialogElement).open)

// @vitest-environment happy-dom
// The question before a delete, in the app's own modal dialog (not window.confirm()): focus inside it on
// Cancel, Esc and Cancel answer no, Delete yes, and focus goes back to the button that asked.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import ConfirmDialog from './ConfirmDialog.vue'

/** What the dialog answered, in order. */
let answers: boolean[] = []
/** A button that asks, and the dialog. */
const Host = defineComponent({
  setup() {
    const dialog = ref<InstanceType<typeof ConfirmDialog> | null>(null)
    const ask = async () => answers.push(await dialog.value!.ask('Delete run #3? Its checkpoints go with it.', 'Delete'))
    return () => [h('button', { id: 'asker', onClick: ask }, 'Delete'), h(ConfirmDialog, { ref: dialog })]
  }
})

async function opened() {
  answers = []
  const w = mount(Host, { attachTo: document.body })
  const asker = w.get('#asker')
  ;(asker.element as HTMLButtonElement).focus()
  await asker.trigger('click')
  await flushPromises()
  const dialog = w.get('[data-testid="confirm"]')
  return { w, asker: asker.element, dialog, answers: () => answers }
}

describe('ConfirmDialog', () => {
  it('opens modally, named by its question, with focus on Cancel', async () => {
    const { w, dialog } = await opened()
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)!.textContent).toBe('Delete run #3? Its checkpoints go with it.')
    expect(document.activeElement).toBe(dialog.get('[data-testid="confirm-no"]').element)
    expect(dialog.get('[data-testid="confirm-yes"]').text()).toBe('Delete')
    w.unmount()
  })

  it.each([
    ['Cancel', false, (d: HTMLDialogElement) => (d.querySelector('[data-testid="confirm-no"]') as HTMLButtonElement).click()],
    ['Esc (the browser closes the dialog)', false, (d: HTMLDialogElement) => d.close()],
    ['Delete', true, (d: HTMLDialogElement) => (d.querySelector('[data-testid="confirm-yes"]') as HTMLButtonElement).click()]
  ])('%s answers %s, closes it and gives the focus back to the button that asked', async (_how, yes, answer) => {
    const { w, asker, dialog, answers } = await opened()
    answer(dialog.element as HTMLDialogElement)
    await flushPromises()
    expect(answers()).toEqual([yes])
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    expect(document.activeElement).toBe(asker)
    w.unmount()
  })
})

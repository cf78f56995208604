// @vitest-environment happy-dom
// Views are history entries (explore24 finding 7): in browser mode one Back press left the app,
// since every view change replaced the one entry. Now each change pushes one, Back and Forward
// (popstate) move between views, and a view reached that way pushes none.
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useUiStore } from './ui'

beforeEach(() => {
  vi.restoreAllMocks()
  vi.useFakeTimers()
  history.replaceState(null, '', `${location.pathname}${location.search}`)
  setActivePinia(createPinia())
})

async function settle(): Promise<void> {
  await nextTick()
  vi.runAllTimers()
}
/** What the browser does on Back or Forward to an entry of this document: the URL, then popstate. */
function arrive(hash: string): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

describe('views in history', () => {
  it('pushes an entry per view change, so Back has somewhere in the app to go', async () => {
    const ui = useUiStore()
    const push = vi.spyOn(history, 'pushState')
    const replace = vi.spyOn(history, 'replaceState')
    ui.go('setup')
    await settle()
    ui.go('train')
    await settle()
    expect(push.mock.calls.map((c) => c[2])).toEqual([`${location.pathname}${location.search}#setup`, `${location.pathname}${location.search}#train`])
    expect(replace).not.toHaveBeenCalled()
    expect(location.hash).toBe('#train')
  })

  it('Back and Forward show the view of the entry reached, and push nothing (which would cut the entries ahead)', async () => {
    const ui = useUiStore()
    ui.go('setup')
    await settle()
    const push = vi.spyOn(history, 'pushState')
    arrive('') // back to the first entry, before any view was picked: Data
    await settle()
    expect(ui.view).toBe('data')
    arrive('#setup') // forward again
    await settle()
    expect(ui.view).toBe('setup')
    expect(push.mock.calls).toEqual([])
  })
})

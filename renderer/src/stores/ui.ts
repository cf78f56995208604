import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export const VIEWS = ['data', 'setup', 'train', 'evaluate', 'runs', 'export'] as const
export type ViewName = (typeof VIEWS)[number]

function fromHash(): ViewName {
  const h = typeof location !== 'undefined' ? location.hash.replace(/^#\/?/, '') : ''
  return (VIEWS as readonly string[]).includes(h) ? (h as ViewName) : 'data'
}

export const useUiStore = defineStore('ui', () => {
  const view = ref<ViewName>(fromHash())
  /** Bumped by the menu / Ctrl+O; the Data view opens its file picker when it changes. */
  const openFileRequests = ref(0)
  // Each view change is a history entry of its own, so that Back and Forward move between views
  // rather than out of the app (a browser's Back button; in the window, the mouse's back button and
  // Alt+Left, App.vue): a view reached by Back or Forward is already the URL's, and pushes none
  // (pushing there would cut the entries ahead of it). In a task of its own: a same-document
  // navigation costs ~10 ms of the browser's bookkeeping, which would otherwise join the view
  // switch's task.
  let hashTimer: ReturnType<typeof setTimeout> | undefined
  watch(view, (v) => {
    if (typeof history === 'undefined') return
    clearTimeout(hashTimer)
    hashTimer = setTimeout(() => {
      if (fromHash() !== v) history.pushState(null, '', `${location.pathname}${location.search}#${v}`)
    })
  })
  if (typeof window !== 'undefined') window.addEventListener('popstate', () => (view.value = fromHash()))
  function go(v: ViewName): void {
    view.value = v
  }
  return { view, openFileRequests, go }
})

// A view whose first mount is long (the e2e's 50 ms long-task rule) shows its parts in stages: the
// first with the mount, then one more part a task (setTimeout), so that no task mounts them all.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** 0 at mount, then one more each task up to `parts`: the template shows part k with v-if="stage >= k". */
export function useStages(parts: number): Ref<number> {
  const stage = ref(0)
  let timer = 0
  const next = (): void => {
    timer = window.setTimeout(() => {
      stage.value++
      if (stage.value < parts) next()
    })
  }
  onMounted(next)
  onBeforeUnmount(() => clearTimeout(timer))
  return stage
}

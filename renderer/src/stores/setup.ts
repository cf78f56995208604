// The run's TrainConfig as the Setup view edits it. Defaults come from core/train/config and the
// dataset's default roles (features as core/data's defaultConfig has them, like the CLI); validation is core/train's own resolveConfig, so the form and main agree.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { resolveConfig, defaultConfig } from '../../../core/train/config'
import type { TrainConfig } from '../../../core/train/types'
import { defaultRoles } from '../lib/columns'
import { useDatasetStore } from './dataset'

export interface FieldError {
  field: string
  message: string
}

export const useSetupStore = defineStore('setup', () => {
  const data = useDatasetStore()
  const draft = ref<TrainConfig | null>(null)

  function reset(): void {
    const ds = data.dataset
    if (!ds) return (draft.value = null), undefined
    const roles = defaultRoles(ds)
    if (!roles.target) return (draft.value = null), undefined
    const c = defaultConfig(roles.target)
    if (roles.time) c.data.time = roles.time
    c.data.features = roles.features
    for (const col of data.fixedMissing) c.data.missing[col] = 'interpolate'
    draft.value = c
  }
  watch(() => data.dataset, reset)
  // A "Fill by interpolation" fix on the Data view reaches a config already being edited.
  watch(
    () => data.fixedMissing,
    (cols) => {
      if (draft.value) for (const c of cols) draft.value.data.missing[c] = 'interpolate'
    }
  )

  const check = computed<{ config: TrainConfig | null; error: FieldError | null }>(() => {
    if (!draft.value) return { config: null, error: null }
    try {
      return { config: resolveConfig(JSON.parse(JSON.stringify(draft.value))), error: null }
    } catch (e) {
      const x = e as Error & { field?: string }
      return { config: null, error: { field: x.field ?? 'config', message: x.message } }
    }
  })

  /** The validation message for one field (or any field under it), for display beside it. */
  function errorFor(field: string): string | null {
    const err = check.value.error
    return err && (err.field === field || err.field.startsWith(field + '.') || err.field.startsWith(field + '[')) ? err.message : null
  }

  return { draft, check, reset, errorFor }
})

// The Setup tests' way in: a dataset opened, then Setup mounted with its sections all shown.
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import type { PipelineError } from '../../../core/data/errors'
import { prepareShrinking } from '../../../core/data/pipeline'
import { bareMessage } from '../../../core/data/global'
import { resolveConfig } from '../../../core/train/config'
import { toPipelineConfig } from '../../../core/train/prepare'
import type { TrainConfig } from '../../../core/train/types'
import { useDatasetStore, type SeriesPick } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { afterStages, setUpView, type FakeApi } from '../test/fakes'
import SetupView from './SetupView.vue'

/** Setup mounted (with setUpView's `mountOptions`) on `dataset`, and on its series id `series` for a
 *  long file: the dataset in the store and its draft made first, then the view and its staged
 *  sections (Setup mounts them a task apart). */
export async function mountSetup(dataset: Dataset, mountOptions: ReturnType<typeof setUpView>['mountOptions'], series?: SeriesPick) {
  const ds = useDatasetStore()
  ds.dataset = dataset
  if (series) ds.series = series
  await flushPromises()
  const w = mount(SetupView, mountOptions)
  await afterStages()
  return { w, ds, setup: useSetupStore() }
}

/** The refusal a run of Setup's `draft` on `dataset` meets as it prepares its rows (prepareShrinking),
 *  in the words Setup shows; null where it prepares them. */
export function runRefusal(dataset: Dataset, draft: TrainConfig): string | null {
  try {
    prepareShrinking(dataset, toPipelineConfig(resolveConfig(JSON.parse(JSON.stringify(draft))), dataset))
    return null
  } catch (e) {
    return bareMessage(e as PipelineError)
  }
}

/** setUpView's overrides for a test that clicks Start: the dataset saved as 7, the start queued as 9. */
export const startStubs = () => ({ saveDataset: vi.fn(async () => ({ datasetId: 7, reused: false })), startRun: vi.fn(async () => ({ startId: 9 })) })

/** A Setup test file's fakes, made afresh before each of its tests (setUpView with `overrides()`:
 *  startStubs for a file that clicks Start; none unless given), and each test's mounted views
 *  unmounted after it. Call it once at the top of the file (vi.mock of the chart stays in the file:
 *  only there is it hoisted); read `fakes.api` and `fakes.mountOptions` inside a test, where they
 *  are that test's own. */
export function setupFakesEach(overrides: () => Parameters<typeof setUpView>[0] = () => ({})): ReturnType<typeof setUpView> {
  enableAutoUnmount(afterEach)
  const fakes = {} as ReturnType<typeof setUpView>
  beforeEach(() => void Object.assign(fakes, setUpView(overrides())))
  return fakes
}

/** Start clicked in mounted Setup `w` (Setup's upload waits a task after the click): the request it
 *  sent, api.startRun's one call. */
export async function clickStart(w: VueWrapper, api: FakeApi): Promise<{ datasetId: number; config: TrainConfig }> {
  await w.get('[data-testid="start-training"]').trigger('click')
  await flushPromises()
  await new Promise((r) => setTimeout(r, 5))
  await flushPromises()
  expect(api.startRun).toHaveBeenCalledTimes(1)
  return vi.mocked(api.startRun).mock.calls[0]![0] as { datasetId: number; config: TrainConfig }
}

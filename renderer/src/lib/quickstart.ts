// "Try the sample data": one click from an empty app to a model training on the bundled sample with
// the defaults untouched.
import { useApi } from '../api'
import { useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { useSetupStore } from '../stores/setup'
import { useUiStore } from '../stores/ui'

export async function loadSample(name: string): Promise<boolean> {
  const { text } = await useApi().readSample({ name })
  return useDatasetStore().importFrom(text, name)
}

export async function quickStart(name: string): Promise<void> {
  if (!(await loadSample(name))) return
  await startWithSetup()
}

/** Saves the dataset (once; again where main no longer has it) and starts a run with the Setup view's current config. */
export async function startWithSetup(): Promise<number | null> {
  const setup = useSetupStore()
  if (!setup.draft) setup.reset()
  const config = setup.check.config
  if (!config) {
    useUiStore().go('setup')
    return null
  }
  // the calendar Setup set by default, untouched: the run says it is on by default
  const calendarByDefault = setup.calendarByDefault()
  const id = await useDatasetStore().withStored((datasetId) => useRunStore().start(datasetId, config, null, calendarByDefault))
  useUiStore().go('train')
  return id
}

// The 'started' event's notices: the import's and the pipeline's, each once. A constant target's
// warning is among the pipeline's notices and its fitted warnings alike, and was printed twice.
import { expect, it } from 'vitest'
import { importCsv } from '../data'
import { resolveConfig } from './config'
import { runTraining } from './run'

it('names a constant target once among the notices', async () => {
  const text = 'date,y\n' + Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},5`).join('\n') + '\n'
  const config = resolveConfig({ data: { target: 'y', lookBack: 7 } as never, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' }, training: { epochs: 1, earlyStopping: null } })
  const notices: string[] = []
  const hooks = { emit: (e: { type: string; notices?: { message: string }[] }) => void (e.type === 'started' && notices.push(...e.notices!.map((n) => n.message))), shouldStop: () => false, yieldNow: () => Promise.resolve() }
  await runTraining({ config, dataset: await importCsv(text, { fileName: 'flat.csv' }), appVersion: '0.1.0' }, hooks)
  const flat = notices.filter((n) => n.includes('does not change on the training rows'))
  expect(flat).toEqual(['column "y" does not change on the training rows; its scale is set to 1'])
})

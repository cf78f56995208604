// Tests only: fit hooks that record every event and can stop after a given epoch (a cancel).
import type { FitHooks } from './fit'
import type { TrainEvent } from './types'

export function recorder(stopAfterEpoch = Infinity): { events: TrainEvent[]; hooks: FitHooks } {
  const events: TrainEvent[] = []
  let epochs = 0
  return {
    events,
    hooks: {
      emit: (e) => {
        events.push(e)
        if (e.type === 'epoch') epochs = e.epoch
      },
      shouldStop: () => epochs >= stopAfterEpoch,
      yieldNow: () => Promise.resolve()
    }
  }
}
